-- Sessions on the watcher's database run without JIT compilation, both modes. On a partitioned table
-- (or a hypertable with many chunks) the planner's cost estimates are high enough to trigger JIT, which
-- then compiles expressions once per partition: at 100 M rows (72 daily partitions, PostgreSQL 15)
-- it spent 1.4 s compiling for read --limit 100, whose plan runs in 6 ms, and 4.4-8.4 s of the original's
-- 7-day hourly average (docs/PERFORMANCE.md, "Queries at 100 M rows"). Setting it on the database also
-- covers the original's queries run from psql or Grafana. The pool turns it off per connection as well
-- (Database.connect), for a server where this is not allowed. New sessions only.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'jit stays as the server sets it for database %: %', current_database(), SQLERRM;
END
$$;
