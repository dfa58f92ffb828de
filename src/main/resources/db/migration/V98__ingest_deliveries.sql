-- Redelivered MQTT messages stored once (issue 8's "lose nothing, duplicate nothing"). A reading
-- without a timestamp gets its time of receipt; a redelivery would get a new one and be stored
-- twice. These tables keep the time first given, so a redelivery gets the same time and its rows are
-- skipped as already stored.

-- Per session (client id) and packet identifier, the time first given to a QoS 1 message whose
-- readings or rejects depend on it; seq numbers the session's messages in order of receipt, and only
-- the most recent (one receive window) are matched: see DeliveryLedger.
CREATE TABLE IF NOT EXISTS mqtt_deliveries (
  client_id   text        NOT NULL,
  packet_id   integer     NOT NULL,
  seq         bigint      NOT NULL,
  digest      bytea       NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, packet_id)
);

-- The last message of the session committed so far (its seq).
CREATE TABLE IF NOT EXISTS mqtt_sessions (
  client_id text   PRIMARY KEY,
  last_seq  bigint NOT NULL
);
