-- TimescaleDB mode: compressed batches also keep the min/max of ingest_xid (second orderby column),
-- so read --loop's "rows newer than this snapshot" skips compressed data without decompressing it.
-- Rows stay ordered by timestamp DESC within each sensor's segment. Best effort: a server that
-- refuses (compressed chunks already there, older TimescaleDB) keeps the V1 settings.
DO $$
BEGIN
  IF (SELECT value FROM aw_settings WHERE name = 'storage_mode') = 'timescaledb' THEN
    BEGIN
      ALTER TABLE sensors_data SET (timescaledb.compress_orderby = '"timestamp" DESC, ingest_xid');
    EXCEPTION WHEN others THEN
      RAISE NOTICE 'compression order of sensors_data unchanged: %', SQLERRM;
    END;
  END IF;
END
$$;
