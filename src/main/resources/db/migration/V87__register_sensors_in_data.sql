-- Every sensor with readings in the registry. The listings of every sensor with its newest reading
-- (sensors list, status, the dashboard's fleet, the monitor's sensor listing) take their ids from
-- the registry plus a skip scan over the newest two days of data only, instead of a skip scan over
-- every daily partition (2.4-6.1 s at 100 M rows; SensorsWithReadings). This program's writers
-- register every sensor they write; this registers, once, the sensors other programs wrote into
-- sensors_data before, as ingest registers a foreign sensor (attributes of its newest reading).
-- One skip scan over all of sensors_data: seconds at 100 M rows, once.
INSERT INTO sensors (sensor_id, category, type, unit, location, metadata)
WITH RECURSIVE ids AS (
  (SELECT sensor_id FROM sensors_data ORDER BY sensor_id LIMIT 1)
  UNION ALL
  SELECT (SELECT d.sensor_id FROM sensors_data d WHERE d.sensor_id > ids.sensor_id
           ORDER BY d.sensor_id LIMIT 1)
    FROM ids WHERE ids.sensor_id IS NOT NULL)
SELECT ids.sensor_id, x.category, x.type, x.unit, x.location, x.sensors_metadata
  FROM ids CROSS JOIN LATERAL (
    SELECT category, type, unit, location, sensors_metadata FROM sensors_data d
     WHERE d.sensor_id = ids.sensor_id ORDER BY "timestamp" DESC LIMIT 1) x
 WHERE ids.sensor_id IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM sensors s WHERE s.sensor_id = ids.sensor_id)
ON CONFLICT (sensor_id) DO NOTHING;
