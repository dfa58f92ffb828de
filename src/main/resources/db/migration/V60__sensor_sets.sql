-- Named sensor sets (`--set NAME`): every generator's fleet belongs to one set, so `demo`, a seeded
-- `sample` and a live `continuous` each keep their own sensors instead of mixing them. Sensors
-- registered before sets existed join the set 'default'.
ALTER TABLE sensors ADD COLUMN sensor_set text NOT NULL DEFAULT 'default';
CREATE INDEX sensors_set_ordinal ON sensors (sensor_set, ordinal, sensor_id);
