-- Plain PostgreSQL mode: a B-tree on "timestamp" in every daily partition (new partitions inherit
-- it). Without it nothing ordered rows by time: "ORDER BY timestamp DESC LIMIT n" (the original's
-- latest readings, read --limit) sorted every partition, and a time range (the monitor's cycle, the
-- original's "last 7 days") read whole days. With it the planner reads the newest partition's index
-- backwards and stops after n rows, and a range reads what lies in it. It grows at its right edge as
-- time advances, so it costs ingest little (docs/PERFORMANCE.md, "Queries at 100 M rows").
-- TimescaleDB mode already has this order in its ("timestamp", id) key.
--
-- On an existing database this builds the index on every partition, blocking writes to sensors_data
-- meanwhile (about 1 minute per 10 M rows on a 2-core machine). To avoid that pause, build it
-- beforehand without blocking, one partition at a time, then run db init, which attaches them:
--   CREATE INDEX CONCURRENTLY sensors_data_pYYYYMMDD_timestamp_idx ON sensors_data_pYYYYMMDD ("timestamp");
DO $$
BEGIN
  IF (SELECT value FROM aw_settings WHERE name = 'storage_mode') = 'postgres' THEN
    CREATE INDEX IF NOT EXISTS sensors_data_time ON sensors_data ("timestamp");
  END IF;
END
$$;
