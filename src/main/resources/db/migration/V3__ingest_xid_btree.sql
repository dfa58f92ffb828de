-- read --loop polls "rows of transactions that became visible since the last look" by ingest_xid.
-- A BRIN index served that poorly: freshly written partitions are unsummarised and, before
-- ANALYZE, the planner picked sequential scans (0.7 s per poll over 2.9M rows). A B-tree on an
-- ever-growing value only appends at its right edge, so it is cheap to keep and always used.
DROP INDEX sensors_data_ingest_xid;
CREATE INDEX sensors_data_ingest_xid ON sensors_data (ingest_xid);
