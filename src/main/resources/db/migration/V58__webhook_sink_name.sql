-- A webhook sink is named by what the user configured ('webhook', or 'webhook NAME' with
-- --webhook-name), no longer by its URL ('webhook http://host/path json #hash'), so a monitor
-- restarted with a corrected URL delivers what the sink has left. alert_sinks.target keeps where
-- the sink delivers now, as shown to a user.
ALTER TABLE alert_sinks ADD COLUMN IF NOT EXISTS target text;

-- The webhook sinks named by URL hand what they had still to deliver to 'webhook', the name the
-- next monitor with --webhook uses: each event once, and none that one of them delivered. They are
-- then removed (with their delivery records), or every new event would wait for them forever.
INSERT INTO alert_sinks (sink, since_outbox_id, registered_at)
SELECT 'webhook', min(since_outbox_id), min(registered_at)
  FROM alert_sinks WHERE sink LIKE 'webhook http://%' OR sink LIKE 'webhook https://%'
HAVING count(*) > 0
ON CONFLICT (sink) DO NOTHING;

INSERT INTO alert_pending (sink, outbox_id)
SELECT DISTINCT 'webhook', p.outbox_id
  FROM alert_pending p
 WHERE (p.sink LIKE 'webhook http://%' OR p.sink LIKE 'webhook https://%')
   AND NOT EXISTS (SELECT 1 FROM alert_deliveries d
                    WHERE d.outbox_id = p.outbox_id AND d.delivered_at IS NOT NULL
                      AND (d.sink LIKE 'webhook http://%' OR d.sink LIKE 'webhook https://%'))
ON CONFLICT DO NOTHING;

DELETE FROM alert_sinks WHERE sink LIKE 'webhook http://%' OR sink LIKE 'webhook https://%';
