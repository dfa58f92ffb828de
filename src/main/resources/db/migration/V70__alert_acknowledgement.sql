-- The dashboard's two writes on alerts: a person acknowledges an alert (seen, being handled) or
-- resolves it by hand. Who did it is recorded so a resolve by the monitor and one by a person differ.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS acknowledged_at timestamptz;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS acknowledged_by text;
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS resolved_by text;
