-- Sensors that other programs write readings of (registered from their first reading) belong to no
-- generator's set: only generators name a set, so the column has no default and may be empty.
ALTER TABLE sensors ALTER COLUMN sensor_set DROP DEFAULT;
ALTER TABLE sensors ALTER COLUMN sensor_set DROP NOT NULL;
