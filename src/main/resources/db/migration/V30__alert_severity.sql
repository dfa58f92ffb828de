-- An alert's severity: 1 when it opens, +1 each time a much stronger anomaly inside the same
-- incident escalates it (a mild drift that turns into a 400 °C spike is not silently absorbed).
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS severity integer NOT NULL DEFAULT 1 CHECK (severity >= 1);
