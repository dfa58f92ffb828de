#!/usr/bin/env bash
# Cold start of `monitor` right after a live monitor stopped (issue 11: 10,000 models in <= 30 s).
#
#   docs/cold-start-after-live.sh [SENSORS [LIVE_MINUTES [ROUNDS]]]     (default 10000 sensors, 2 min, 1 round)
#
# Needs the PostgreSQL server on 127.0.0.1:5432 (trust authentication) and a built launcher. The bed
# (database $AW_BED_DB, default aw_cold_start, and its models in /tmp/$AW_BED_DB-models) is built once
# and kept (REBUILD=1 builds it again): `sample --world realistic --set bed --seed 5 --interval 1`,
# 18 h at anomaly rate 0 then 6 h at 0.02 ending now, `train --hours 18` on the first 18 h, `monitor
# --once` over the last 6 h. AW_JAR=path/to/anomaly-watcher.jar runs that jar (with the launcher's JVM
# flags) instead of this tree's launcher, to compare builds on one bed.
#
# Each round: `continuous --world realistic --set bed --interval 10s` writes every sensor every 10 s
# with `monitor --interval 10s` beside it; after LIVE_MINUTES the monitor gets SIGTERM (timed: signal
# to exit), then the generator. Then a new `monitor --once` starts on the same database and models:
# that is the cold start timed (wall and user CPU by /usr/bin/time): sensors, checkpoints, models,
# saved states, what it replays into them, and one cycle that scores the readings written since the
# stop (a tick or two). Prints the load average with each figure: the machine
# is shared, compare rounds of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
sensors=${1:-10000}
live=${2:-2}
rounds=${3:-1}
db=${AW_BED_DB:-aw_cold_start}
models=/tmp/$db-models
export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
# aw ARGS runs the program; `aw_exec ARGS &` too, as the background job itself (its PID is the program's).
aw() {
  if [ -z "${AW_JAR:-}" ]; then ./anomaly-watcher "$@"; return; fi
  case "$1" in
    sample|continuous) java -XX:TieredStopAtLevel=1 ${AW_JAVA_OPTS:-} -jar "$AW_JAR" "$@" ;;
    *) java -XX:GCTimeRatio=2 ${AW_JAVA_OPTS:-} -jar "$AW_JAR" "$@" ;;
  esac
}
aw_exec() {
  if [ -z "${AW_JAR:-}" ]; then exec ./anomaly-watcher "$@"; fi
  case "$1" in
    sample|continuous) exec java -XX:TieredStopAtLevel=1 ${AW_JAVA_OPTS:-} -jar "$AW_JAR" "$@" ;;
    *) exec java -XX:GCTimeRatio=2 ${AW_JAVA_OPTS:-} -jar "$AW_JAR" "$@" ;;
  esac
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
exists=$(psql -h 127.0.0.1 -U postgres -X -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" postgres)
if [ "${REBUILD:-0}" = 1 ] || [ "$exists" != 1 ] || [ ! -d "$models" ]; then
  psql -h 127.0.0.1 -U postgres -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  rm -rf "$models"; mkdir -p "$models"
  aw db init >/dev/null
  end=$(date -u +%Y-%m-%dT%H:%M:00Z)
  cut=$(date -u -d "$end - 6 hours" +%Y-%m-%dT%H:%M:00Z)
  common=(--world realistic --set bed --sensors "$sensors" --seed 5 --interval 1)
  echo "bed: $sensors sensors, 18 h clean + 6 h at anomaly rate 0.02 ending $end; load $(load)"
  aw sample "${common[@]}" --days 18h --anomaly-rate 0 --end "$cut" >/dev/null
  aw sample "${common[@]}" --days 6h --anomaly-rate 0.02 --end "$end" >/dev/null
  aw train --hours 18 --until "$cut" --models-dir "$models" | tail -1
  aw monitor --once --models-dir "$models" | tail -1
fi
for r in $(seq "$rounds"); do
  echo "round $r: live $live min, $sensors sensors every 10 s, monitor every 10 s; load $(load)"
  aw_exec continuous --world realistic --set bed --sensors "$sensors" --interval 10s --seed 5 >/tmp/$db-continuous.log 2>&1 &
  gen=$!
  aw_exec monitor --interval 10s --models-dir "$models" >/tmp/$db-monitor.log 2>&1 &
  mon=$!
  sleep $((live * 60))
  # Stopped while the readings flow, as an operator restarts a monitor; then the generator (which
  # stores what it holds), so the cold start below catches up the same few readings with any build.
  t0=$(date +%s.%N)
  kill -TERM $mon
  wait $mon || true
  t1=$(date +%s.%N)
  kill -TERM $gen
  wait $gen || true
  echo "  live monitor: $(grep -c ' scored ' /tmp/$db-monitor.log) cycles; stopped $(echo "$t1 - $t0" | bc) s after SIGTERM; load $(load)"
  tail -2 /tmp/$db-monitor.log | sed 's/^/    /'
  # The server lets go of the stopped monitor's lease when its backend has exited, a moment later.
  for i in $(seq 50); do
    [ "$(psql -h 127.0.0.1 -U postgres -X -tAc "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND d.datname = '$db'" postgres)" = 0 ] && break
    sleep 0.2
  done
  echo "  running states behind their checkpoints: $(psql -h 127.0.0.1 -U postgres -X -tAc "SELECT count(*)
    FROM monitor_checkpoints m LEFT JOIN monitor_state s USING (sensor_id) WHERE s.scored_at IS DISTINCT FROM
    m.last_scored_at" "$db") of $(psql -h 127.0.0.1 -U postgres -X -tAc "SELECT count(*) FROM monitor_checkpoints" "$db")"
  /usr/bin/time -f "  cold start (monitor --once): %e s wall, %U s user CPU, max RSS %M KB" \
    bash -c "$(declare -f aw); AW_JAR='${AW_JAR:-}' aw monitor --once --models-dir '$models' | tail -1 | sed 's/^/    /'"
  echo "  load after: $(load)"
done
