-- An event a receiver refused for good (a 4xx about the event) is set aside for its sink: it
-- leaves alert_pending, so the sink's later events go on, and keeps the receiver's status and
-- answer here until a user re-sends it (alerts --resend), which puts it back in alert_pending and
-- counts its expiry from then.
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS set_aside_at   timestamptz;
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS refused_status integer;
ALTER TABLE alert_deliveries ADD COLUMN IF NOT EXISTS resent_at      timestamptz;
CREATE INDEX IF NOT EXISTS alert_deliveries_set_aside ON alert_deliveries (sink, outbox_id)
    WHERE set_aside_at IS NOT NULL;
