-- The events each sink has still to deliver, one row per (sink, event): written with the event,
-- removed when it is delivered or expires. Finding a sink's next events then costs what is pending,
-- not the whole outbox history (an anti-join over every event ever written, which took minutes
-- once the outbox held 60,000 events and the planner had no statistics).
CREATE TABLE IF NOT EXISTS alert_pending (
    sink      text   NOT NULL REFERENCES alert_sinks (sink) ON DELETE CASCADE,
    outbox_id bigint NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
    PRIMARY KEY (sink, outbox_id)
);

INSERT INTO alert_pending (sink, outbox_id)
SELECT s.sink, o.id
  FROM alert_sinks s
  JOIN alert_outbox o ON o.id > s.since_outbox_id
  LEFT JOIN alert_deliveries d ON d.outbox_id = o.id AND d.sink = s.sink
 WHERE d.delivered_at IS NULL AND d.expired_at IS NULL
ON CONFLICT DO NOTHING;
