-- Ground truth of normal operation that looks odd (the realistic world's look-alikes: door_open,
-- cleaning, setpoint_change, night_cleaning, second_speed, cooking_burst, glitch, dropout), one row
-- per event, [start_time, end_time). Same columns as anomaly_events, so an evaluation can tell a
-- false alert on a look-alike from a false alert on nothing.
CREATE TABLE IF NOT EXISTS benign_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sensor_id  text        NOT NULL,
  category   text        NOT NULL,
  kind       text        NOT NULL,
  start_time timestamptz NOT NULL,
  end_time   timestamptz NOT NULL,
  parameters jsonb       NOT NULL DEFAULT '{}',
  source     text        NOT NULL CHECK (source IN ('random', 'demo', 'forced')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT benign_events_event UNIQUE (sensor_id, kind, start_time),
  CONSTRAINT benign_events_order CHECK (end_time > start_time)
);
CREATE INDEX IF NOT EXISTS benign_events_sensor_time ON benign_events (sensor_id, start_time, end_time);
