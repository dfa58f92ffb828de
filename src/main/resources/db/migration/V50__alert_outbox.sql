-- At-least-once alert delivery: every opened or resolved alert is written to the outbox in the
-- transaction that writes the alert; each sink (webhook, alerts file) delivers from it, in order,
-- across restarts, until delivered or expired.

CREATE TABLE IF NOT EXISTS alert_outbox (
    id          bigserial   PRIMARY KEY,
    alert_id    bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    change_no   integer     NOT NULL,
    event       text        NOT NULL CHECK (event IN ('open', 'resolved')),
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    UNIQUE (alert_id, change_no)
);

-- A sink receives the events written after it was first configured.
CREATE TABLE IF NOT EXISTS alert_sinks (
    sink            text        PRIMARY KEY,
    since_outbox_id bigint      NOT NULL,
    registered_at   timestamptz NOT NULL
);

-- Per sink and event: attempts so far, and when it was delivered or given up on.
CREATE TABLE IF NOT EXISTS alert_deliveries (
    outbox_id       bigint      NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
    sink            text        NOT NULL REFERENCES alert_sinks (sink) ON DELETE CASCADE,
    attempts        integer     NOT NULL,
    next_attempt_at timestamptz,
    delivered_at    timestamptz,
    expired_at      timestamptz,
    last_error      text,
    PRIMARY KEY (outbox_id, sink)
);
