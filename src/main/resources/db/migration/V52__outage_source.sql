-- Readings a live generator had to drop during a database outage longer than its buffer are
-- labelled as an offline episode with source 'outage'.
ALTER TABLE anomaly_events DROP CONSTRAINT IF EXISTS anomaly_events_source_check;
ALTER TABLE anomaly_events ADD CONSTRAINT anomaly_events_source_check
    CHECK (source IN ('random', 'demo', 'forced', 'outage'));
