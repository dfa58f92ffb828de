-- Retried POST /api/readings stored once (issue 8's "lose nothing, duplicate nothing"): a client
-- whose answer was lost sends the request again with the same Idempotency-Key header; the key keeps
-- the digest of the body it first came with and the time of that first request, so readings without
-- a timestamp (and rejects) come out the same and are skipped as already stored. Kept a day.
CREATE TABLE IF NOT EXISTS api_idempotency_keys (
  idempotency_key text        PRIMARY KEY,
  digest          bytea       NOT NULL,
  received_at     timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS api_idempotency_keys_received ON api_idempotency_keys (received_at);
