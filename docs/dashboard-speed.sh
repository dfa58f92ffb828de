#!/usr/bin/env bash
# Speed of the dashboard's data: 30 days of 1-minute readings of one sensor, and a 10,000-sensor fleet.
# Needs the PostgreSQL server on 127.0.0.1:5432 (trust authentication), psql, curl and python3;
# creates (and leaves) the databases aw_speed_30days and aw_speed_fleet. Run from anywhere: docs/dashboard-speed.sh
set -u
cd "$(dirname "$0")/.."
for db in aw_speed_30days aw_speed_fleet; do
  psql -h 127.0.0.1 -U postgres -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/aw_speed_30days?user=postgres"
./anomaly-watcher db init >/dev/null
end=2026-11-30T00:00:00Z
/usr/bin/time -f "sample 30d: %e s" ./anomaly-watcher sample --days 30 --interval 1 --sensors 6 --anomaly-rate 0.01 --seed 5 --end $end | tail -2
./anomaly-watcher serve --port 18490 > /tmp/aw-speed-serve.log 2>&1 & pid=$!
for i in $(seq 60); do curl -sf http://127.0.0.1:18490/api/sensors -o /dev/null && break; sleep 1; done
oven=$(curl -s http://127.0.0.1:18490/api/sensors?category=oven | python3 -c 'import json,sys; print(json.load(sys.stdin)["sensors"][0]["id"])')
echo "oven $oven, rows: $(psql -h 127.0.0.1 -U postgres -d aw_speed_30days -tAc "select count(*) from sensors_data where sensor_id='$oven'")"
for i in 1 2 3 4 5 6; do
  curl -s -o /dev/null -w "readings 30d points=1000: %{time_total} s, %{size_download} bytes\n" "http://127.0.0.1:18490/api/sensors/$oven/readings?from=2026-10-31T00:00:00Z&to=$end&points=1000"
done
for i in 1 2 3; do
  curl -s -o /dev/null -w "readings 30d points=2000: %{time_total} s\n" "http://127.0.0.1:18490/api/sensors/$oven/readings?from=2026-10-31T00:00:00Z&to=$end&points=2000"
  curl -s -o /dev/null -w "events 30d: %{time_total} s\n" "http://127.0.0.1:18490/api/events?sensor=$oven&from=2026-10-31T00:00:00Z&to=$end"
  curl -s -o /dev/null -w "alerts 30d: %{time_total} s\n" "http://127.0.0.1:18490/api/alerts?sensor=$oven&since=2026-10-31T00:00:00Z&until=$end"
done
kill $pid; wait $pid 2>/dev/null
export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/aw_speed_fleet?user=postgres"
./anomaly-watcher db init >/dev/null
now=$(date -u +%Y-%m-%dT%H:00:00Z)
/usr/bin/time -f "sample 10k sensors: %e s" ./anomaly-watcher sample --days 1 --interval 30 --sensors 10000 --anomaly-rate 0 --seed 8 --end $now | tail -1
start=$(date +%s.%N)
./anomaly-watcher serve --port 18491 > /tmp/aw-speed-serve2.log 2>&1 & pid=$!
for i in $(seq 120); do curl -sf http://127.0.0.1:18491/api/sites -o /dev/null && break; sleep 0.5; done
echo "serve up with 10k sensors after $(echo "$(date +%s.%N) - $start" | bc) s (JVM start + fleet load)"
for i in 1 2 3 4; do
  curl -s -o /dev/null -w "fleet page 100 with sparklines: %{time_total} s\n" "http://127.0.0.1:18491/api/sensors?offset=$((i*1000))&limit=100&spark=true"
  curl -s -o /dev/null -w "fleet filter q=oven status=ok limit 100: %{time_total} s\n" "http://127.0.0.1:18491/api/sensors?q=oven&status=ok&limit=100"
done
curl -s "http://127.0.0.1:18491/api/sensors?limit=1" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("fleet size", d["fleetSize"])'
kill $pid; wait $pid 2>/dev/null
uptime
