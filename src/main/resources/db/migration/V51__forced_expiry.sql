-- A forced request whose generator is gone expires (kept apart from cleared_at, which running
-- generators read as "anomaly clear was asked for").
ALTER TABLE forced_anomalies ADD COLUMN IF NOT EXISTS expired_at timestamptz;
