-- A webhook sink is named by what the user configured ('webhook', or 'webhook NAME' with
-- --webhook-name), no longer by its URL ('webhook http://host/path json #hash'), so a monitor
-- restarted with a corrected URL delivers what the sink has left. alert_sinks.target keeps where
-- the sink delivers now, as shown to a user.
ALTER TABLE alert_sinks ADD COLUMN IF NOT EXISTS target text;

-- Each webhook sink named by URL becomes a sink of its own, with what it had still to deliver and
-- its delivery records: the one registered last is 'webhook' (what the next monitor with --webhook
-- uses), the others 'webhook 2', 'webhook 3', ... (--webhook-name 2, ...). Merging them all into
-- 'webhook' left a database with two monitors posting to two receivers with one sink, and one
-- receiver got the other's events.
CREATE TEMPORARY TABLE webhook_sink_renames AS
SELECT sink AS old_name,
       CASE WHEN row_number() OVER w = 1 THEN 'webhook' ELSE 'webhook ' || row_number() OVER w END AS new_name
  FROM alert_sinks
 WHERE sink LIKE 'webhook http://%' OR sink LIKE 'webhook https://%'
WINDOW w AS (ORDER BY registered_at DESC, sink);

INSERT INTO alert_sinks (sink, since_outbox_id, registered_at, target)
SELECT r.new_name, s.since_outbox_id, s.registered_at, substr(s.sink, length('webhook ') + 1)
  FROM webhook_sink_renames r JOIN alert_sinks s ON s.sink = r.old_name
ON CONFLICT (sink) DO NOTHING;

UPDATE alert_pending p SET sink = r.new_name FROM webhook_sink_renames r WHERE p.sink = r.old_name;
UPDATE alert_deliveries d SET sink = r.new_name FROM webhook_sink_renames r WHERE d.sink = r.old_name;
DELETE FROM alert_sinks WHERE sink IN (SELECT old_name FROM webhook_sink_renames);
DROP TABLE webhook_sink_renames;
