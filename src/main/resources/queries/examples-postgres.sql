-- Example queries (the original system's), plain PostgreSQL form with date_bin instead of
-- TimescaleDB's time_bucket (same buckets: origin Monday 2000-01-03 UTC). They run on TimescaleDB
-- too. Each query starts with a "-- name:" line.

-- name: latest-readings
-- Latest readings of all sensors
SELECT * FROM sensors_data
ORDER BY timestamp DESC
LIMIT 10;

-- name: hourly-oven-average
-- Average oven temperature by hour for the last 7 days
SELECT
    date_bin('1 hour', timestamp, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS hour,
    sensor_id,
    AVG(value) AS avg_temp
FROM sensors_data
WHERE category = 'oven'
  AND timestamp > NOW() - INTERVAL '7 days'
GROUP BY hour, sensor_id
ORDER BY hour;

-- name: hot-ovens
-- Ovens running too hot (above 300 °C) in the last day
SELECT
    timestamp,
    sensor_id,
    location,
    value,
    unit
FROM sensors_data
WHERE category = 'oven'
  AND value > 300
  AND timestamp > NOW() - INTERVAL '1 day'
ORDER BY timestamp DESC;

-- name: fan-rpm-15min
-- Fan performance: rpm statistics per 15 minutes over the last 24 hours
SELECT
    date_bin('15 minutes', timestamp, TIMESTAMPTZ '2000-01-03 00:00:00+00') AS interval,
    sensor_id,
    location,
    AVG(value) AS avg_rpm,
    MAX(value) AS max_rpm,
    MIN(value) AS min_rpm
FROM sensors_data
WHERE category = 'fan' AND type = 'analog'
  AND timestamp > NOW() - INTERVAL '24 hours'
GROUP BY interval, sensor_id, location
ORDER BY interval DESC;

-- name: digital-state-changes
-- Equipment state changes of digital sensors (lamps, fan switches) in the last hour
SELECT * FROM (
    SELECT
        timestamp,
        sensor_id,
        category,
        location,
        value AS state,
        LAG(value) OVER (PARTITION BY sensor_id ORDER BY timestamp) AS previous_state
    FROM sensors_data
    WHERE type = 'digital'
      AND timestamp > NOW() - INTERVAL '1 hour'
) s
WHERE previous_state IS DISTINCT FROM state
ORDER BY timestamp DESC;
