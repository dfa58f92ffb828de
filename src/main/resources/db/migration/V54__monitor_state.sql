-- Each sensor's running detector state as the monitor left it (the detector with its running
-- context, the fan switch it judges against, how often it reported), written in the same
-- transaction as the sensor's checkpoint: a restarted monitor continues from it exactly, instead
-- of rebuilding the detector from a replay of recent readings (which differed from an
-- uninterrupted run, most for sensors still warming up).
CREATE TABLE IF NOT EXISTS monitor_state (
    sensor_id  text        PRIMARY KEY,
    scored_at  timestamptz NOT NULL, -- the checkpoint it belongs to (monitor_checkpoints.last_scored_at)
    format     text        NOT NULL, -- layout of state; a build with another layout replays instead
    model_to   timestamptz,          -- end of the trained model it grew from, null if it warmed up live
    state      bytea       NOT NULL  -- deflated already: stored without a second compression
);
ALTER TABLE monitor_state ALTER COLUMN state SET STORAGE EXTERNAL;
