-- A file imported again with --skip-bad stores each bad line once: the import looks for the line's
-- reject (origin file:line) before storing it again.
CREATE INDEX IF NOT EXISTS ingest_rejects_origin ON ingest_rejects (origin);
