-- A generator that stops as planned (Ctrl-C, SIGTERM, the end of --duration or of a sample) with
-- everything it made stored records it here. A restarted generator labels the time its sensors
-- produced nothing since their last stored reading as an offline episode with source 'stopped'
-- only when there is no such record: the previous generator crashed (kill -9, a power cut, or
-- killed while an outage held its readings in memory), and the readings of that span are missing
-- for a reason the world did not choose. A planned stop of a day is not a sensor fault.
CREATE TABLE IF NOT EXISTS generator_stops (
    sensor_id  text        PRIMARY KEY,
    stopped_at timestamptz NOT NULL
);

-- Sensors generated before this table existed count as stopped as planned (the old behaviour).
INSERT INTO generator_stops (sensor_id, stopped_at)
SELECT sensor_id, now() FROM sensor_state
ON CONFLICT DO NOTHING;

ALTER TABLE anomaly_events DROP CONSTRAINT IF EXISTS anomaly_events_source_check;
ALTER TABLE anomaly_events ADD CONSTRAINT anomaly_events_source_check
    CHECK (source IN ('random', 'demo', 'forced', 'outage', 'stopped'));
