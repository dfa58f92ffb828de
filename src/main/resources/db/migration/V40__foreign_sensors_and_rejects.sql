-- Real sensors in (issue 8).
--
-- 1. The registry holds any sensor, not only the simulator's: kind, site and ordinal are the
--    simulator's fields and become optional; metadata keeps what the first reading said about the
--    sensor (site, timezone, "watch": "generic"...).
ALTER TABLE sensors ALTER COLUMN kind DROP NOT NULL;
ALTER TABLE sensors ALTER COLUMN site DROP NOT NULL;
ALTER TABLE sensors ALTER COLUMN ordinal DROP NOT NULL;
ALTER TABLE sensors ADD COLUMN IF NOT EXISTS metadata jsonb NOT NULL DEFAULT '{}';

-- 2. Another tool writing into sensors_data needs only timestamp, sensor_id and value: the other
--    columns default to what ingest uses for a sensor that says nothing about itself.
ALTER TABLE sensors_data ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE sensors_data ALTER COLUMN type SET DEFAULT 'analog';
ALTER TABLE sensors_data ALTER COLUMN category SET DEFAULT 'unknown';
ALTER TABLE sensors_data ALTER COLUMN unit SET DEFAULT '';
ALTER TABLE sensors_data ALTER COLUMN location SET DEFAULT 'unknown';

-- 3. Messages and lines that could not become a reading, with why.
CREATE TABLE IF NOT EXISTS ingest_rejects (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  received_at timestamptz NOT NULL,
  source      text        NOT NULL,
  origin      text        NOT NULL,
  payload     text        NOT NULL,
  reason      text        NOT NULL
);
CREATE INDEX IF NOT EXISTS ingest_rejects_received ON ingest_rejects (received_at DESC);

-- 4. Plain PostgreSQL mode: foreign writers (psql \copy, Telegraf, Node-RED) may write rows for
--    days no daily partition exists for yet. They land in a DEFAULT partition; creating a day's
--    partition first moves that day's rows out of it (otherwise PostgreSQL refuses to create it),
--    and aw_drain_default_partition(), run by db init and by every writer that opens, moves all of
--    them into their days.
DO $$
BEGIN
  IF (SELECT value FROM aw_settings WHERE name = 'storage_mode') = 'postgres'
     AND to_regclass('sensors_data_default') IS NULL THEN
    CREATE TABLE sensors_data_default PARTITION OF sensors_data DEFAULT;
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION aw_ensure_partitions(from_day date, to_day date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d       date := from_day;
  created integer := 0;
  part    text;
  lo      timestamptz;
  hi      timestamptz;
  parked  boolean;
BEGIN
  IF (SELECT value FROM aw_settings WHERE name = 'storage_mode') <> 'postgres' THEN
    RETURN 0;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('aw_ensure_partitions'));
  WHILE d <= to_day LOOP
    part := 'sensors_data_p' || to_char(d, 'YYYYMMDD');
    IF to_regclass(part) IS NULL THEN
      lo := d::timestamp AT TIME ZONE 'UTC';
      hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
      parked := to_regclass('sensors_data_default') IS NOT NULL
                AND EXISTS (SELECT 1 FROM sensors_data_default WHERE "timestamp" >= lo AND "timestamp" < hi);
      IF parked THEN
        CREATE TEMP TABLE IF NOT EXISTS aw_parked_rows (LIKE sensors_data) ON COMMIT DROP;
        DELETE FROM aw_parked_rows;
        WITH moved AS (
          DELETE FROM sensors_data_default WHERE "timestamp" >= lo AND "timestamp" < hi RETURNING *)
        INSERT INTO aw_parked_rows SELECT * FROM moved;
      END IF;
      EXECUTE format('CREATE TABLE %I PARTITION OF sensors_data FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
      IF parked THEN
        INSERT INTO sensors_data SELECT * FROM aw_parked_rows;
        DELETE FROM aw_parked_rows;
      END IF;
      created := created + 1;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END
$$;

-- Moves every row of the default partition into its day's partition (created as needed); returns
-- how many days it created. A no-op in TimescaleDB mode and when the default partition is empty.
CREATE OR REPLACE FUNCTION aw_drain_default_partition() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d       date;
  created integer := 0;
BEGIN
  IF (SELECT value FROM aw_settings WHERE name = 'storage_mode') <> 'postgres'
     OR to_regclass('sensors_data_default') IS NULL THEN
    RETURN 0;
  END IF;
  FOR d IN SELECT DISTINCT ("timestamp" AT TIME ZONE 'UTC')::date FROM sensors_data_default ORDER BY 1 LOOP
    created := created + aw_ensure_partitions(d, d);
  END LOOP;
  RETURN created;
END
$$;
