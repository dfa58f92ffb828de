-- Which generator run drives each sensor. A run holds one session advisory lock, (hashtext('aw-generator-run'),
-- run_key), for as long as it runs; a row whose run no longer holds its lock (the process died, the
-- server restarted) is stale: ignored by every reader and deleted by the next run that claims sensors.
-- One lock per run instead of one per sensor: PostgreSQL's lock table (max_locks_per_transaction x
-- max_connections, 6,400 by default) ran out at about 6,400 sensors.
CREATE TABLE sensor_lease (
  sensor_id text PRIMARY KEY,
  run_key integer NOT NULL CHECK (run_key > 0)
);
CREATE INDEX sensor_lease_run ON sensor_lease (run_key);
