-- A webhook sink's target ('http://host/path json #1a2b3c4d') ended with 8 hex digits of a plain
-- SHA-256 of the whole URL, password and query token included: whoever could read it (the
-- alert_sinks table, `status`, a log) could test guessed passwords or tokens offline. The digits are
-- now an HMAC of the URL under this database's own random key (written once by the first monitor
-- that needs it, from a SecureRandom), so they tell two URLs apart without standing for the secret alone.
CREATE TABLE IF NOT EXISTS alert_sink_key (
    id  integer PRIMARY KEY CHECK (id = 1),
    key text    NOT NULL
);

-- The old digits go: a sink keeps its name, its pending events and its delivery records (all keyed
-- by the name since V58), and the next monitor with the sink records its target anew.
UPDATE alert_sinks SET target = regexp_replace(target, ' #[0-9a-f]{8}$', '')
 WHERE sink LIKE 'webhook%' AND target ~ '^https?://\S* (json|alertmanager) #[0-9a-f]{8}$';
