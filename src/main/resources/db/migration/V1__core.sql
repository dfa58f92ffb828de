-- Core schema of Anomaly Watcher. ${aw_mode} is 'timescaledb' (hypertable) or 'postgres' (daily
-- range partitions created ahead of the data by the writer). V2..V4 belong to the watcher.

CREATE TABLE aw_settings (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO aw_settings (name, value) VALUES ('storage_mode', '${aw_mode}');

-- ingest_xid: the top-level transaction that wrote the row, as a number. `read --loop` uses it
-- with transaction snapshots to show each committed row exactly once, in whatever order
-- transactions commit (see ReadingStore.follow).
DO $$
BEGIN
  IF '${aw_mode}' = 'timescaledb' THEN
    CREATE TABLE sensors_data (
      id               uuid             NOT NULL,
      "timestamp"      timestamptz      NOT NULL,
      sensor_id        text             NOT NULL,
      type             text             NOT NULL,
      category         text             NOT NULL,
      value            double precision NOT NULL,
      unit             text             NOT NULL,
      location         text             NOT NULL,
      sensors_metadata jsonb            NOT NULL DEFAULT '{}',
      ingest_xid       bigint           NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
      PRIMARY KEY (id, "timestamp")
    );
    PERFORM create_hypertable('sensors_data', by_range('timestamp', INTERVAL '1 day'),
                              create_default_indexes => false);
  ELSE
    CREATE TABLE sensors_data (
      id               uuid             NOT NULL,
      "timestamp"      timestamptz      NOT NULL,
      sensor_id        text             NOT NULL,
      type             text             NOT NULL,
      category         text             NOT NULL,
      value            double precision NOT NULL,
      unit             text             NOT NULL,
      location         text             NOT NULL,
      sensors_metadata jsonb            NOT NULL DEFAULT '{}',
      ingest_xid       bigint           NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
      PRIMARY KEY (id, "timestamp")
    ) PARTITION BY RANGE ("timestamp");
  END IF;
END
$$;

-- Re-sending a batch is harmless: one reading per sensor and instant. Serves "latest readings of a
-- sensor" scans too, so no separate (sensor_id, timestamp DESC) index is kept.
CREATE UNIQUE INDEX sensors_data_sensor_time ON sensors_data (sensor_id, "timestamp" DESC);
CREATE INDEX sensors_data_time ON sensors_data ("timestamp" DESC);
CREATE INDEX sensors_data_ingest_xid ON sensors_data USING brin (ingest_xid);

DO $$
BEGIN
  IF '${aw_mode}' = 'timescaledb' THEN
    ALTER TABLE sensors_data SET (
      timescaledb.compress,
      timescaledb.compress_segmentby = 'sensor_id',
      timescaledb.compress_orderby = '"timestamp" DESC');
    PERFORM add_compression_policy('sensors_data', INTERVAL '7 days');
  ELSE
    -- time_bucket as TimescaleDB defines it for timestamptz (buckets aligned to Monday
    -- 2000-01-03 UTC), so the same example queries run in both modes.
    CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN date_bin(bucket_width, ts, TIMESTAMPTZ '2000-01-03 00:00:00+00');
  END IF;
END
$$;

-- Daily partitions [day, day + 1) in UTC named sensors_data_pYYYYMMDD; returns how many it created.
-- Serialised by an advisory lock so concurrent writers never race on the same day.
CREATE FUNCTION aw_ensure_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d       date := from_day;
  created integer := 0;
  part    text;
BEGIN
  IF (SELECT value FROM aw_settings WHERE name = 'storage_mode') <> 'postgres' THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('aw_ensure_partitions'));
  WHILE d <= to_day LOOP
    part := 'sensors_data_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      EXECUTE format('CREATE TABLE %I PARTITION OF sensors_data FOR VALUES FROM (%L) TO (%L)',
                     part, (d::timestamp AT TIME ZONE 'UTC'), ((d + 1)::timestamp AT TIME ZONE 'UTC'));
      created := created + 1;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END
$$;

-- Drops the daily partitions that end on or before cutoff_day (retention); returns how many.
CREATE FUNCTION aw_drop_partitions_before(cutoff_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  part    record;
  dropped integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('aw_ensure_partitions'));
  FOR part IN
    SELECT c.relname
      FROM pg_inherits i
      JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'sensors_data'::regclass
       AND c.relname ~ '^sensors_data_p[0-9]{8}$'
       AND to_date(substr(c.relname, 15), 'YYYYMMDD') + 1 <= cutoff_day
  LOOP
    EXECUTE format('DROP TABLE %I', part.relname);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END
$$;

-- Ground truth: one row per injected anomaly episode, [start_time, end_time). An episode cut short
-- (anomaly clear, generator stopped) is upserted on (sensor_id, kind, start_time).
CREATE TABLE anomaly_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sensor_id  text        NOT NULL,
  category   text        NOT NULL,
  kind       text        NOT NULL,
  start_time timestamptz NOT NULL,
  end_time   timestamptz NOT NULL,
  parameters jsonb       NOT NULL DEFAULT '{}',
  source     text        NOT NULL CHECK (source IN ('random', 'demo', 'forced')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT anomaly_events_episode UNIQUE (sensor_id, kind, start_time),
  CONSTRAINT anomaly_events_order CHECK (end_time > start_time)
);
CREATE INDEX anomaly_events_sensor_time ON anomaly_events (sensor_id, start_time, end_time);

-- Requests from `anomaly force`, picked up by a running generator within one interval.
CREATE TABLE forced_anomalies (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sensor_id        text        NOT NULL,
  category         text        NOT NULL,
  kind             text        NOT NULL,
  duration_seconds bigint      NOT NULL CHECK (duration_seconds > 0),
  requested_at     timestamptz NOT NULL DEFAULT now(),
  picked_up_at     timestamptz,
  episode_start    timestamptz,
  episode_end      timestamptz,
  cleared_at       timestamptz,
  finished_at      timestamptz
);
CREATE INDEX forced_anomalies_open ON forced_anomalies (id) WHERE finished_at IS NULL;

-- The generator's sensors, so a restarted generator keeps the same ids and continues each one.
CREATE TABLE sensors (
  sensor_id  text PRIMARY KEY,
  kind       text        NOT NULL,
  category   text        NOT NULL,
  type       text        NOT NULL,
  unit       text        NOT NULL,
  location   text        NOT NULL,
  site       integer     NOT NULL,
  ordinal    integer     NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sensor_state (
  sensor_id      text PRIMARY KEY REFERENCES sensors (sensor_id) ON DELETE CASCADE,
  last_timestamp timestamptz      NOT NULL,
  last_value     double precision NOT NULL,
  state          jsonb            NOT NULL DEFAULT '{}',
  updated_at     timestamptz      NOT NULL DEFAULT now()
);
