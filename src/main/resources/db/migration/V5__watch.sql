-- The watcher's tables: alerts (incidents raised by monitor) and per-sensor monitor checkpoints.

CREATE TABLE IF NOT EXISTS alerts (
    id                bigserial PRIMARY KEY,
    sensor_id         text             NOT NULL,
    category          text             NOT NULL,
    location          text             NOT NULL,
    opened_at         timestamptz      NOT NULL,
    resolved_at       timestamptz,
    last_anomalous_at timestamptz      NOT NULL,
    peak_score        double precision NOT NULL CHECK (peak_score >= 0 AND peak_score <= 1),
    peak_at           timestamptz      NOT NULL,
    kind              text             NOT NULL,
    value             double precision NOT NULL,
    expected_low      double precision,
    expected_high     double precision,
    unit              text             NOT NULL,
    explanation       text             NOT NULL,
    created_at        timestamptz      NOT NULL DEFAULT now()
);

-- One incident per sensor at a time, and never two alerts opened by the same reading.
CREATE UNIQUE INDEX IF NOT EXISTS alerts_one_open_per_sensor ON alerts (sensor_id) WHERE resolved_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS alerts_sensor_opened ON alerts (sensor_id, opened_at);
CREATE INDEX IF NOT EXISTS alerts_opened_at ON alerts (opened_at DESC);

-- How far monitor has scored each sensor: readings at or before last_scored_at are done.
CREATE TABLE IF NOT EXISTS monitor_checkpoints (
    sensor_id        text        PRIMARY KEY,
    last_scored_at   timestamptz NOT NULL,
    scored_count     bigint      NOT NULL,
    quiet_readings   integer     NOT NULL DEFAULT 0,
    ready            boolean     NOT NULL,
    updated_at       timestamptz NOT NULL
);
