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
# for LIVE_MINUTES with `monitor --interval 10s` beside it; the generator stops, the monitor runs
# two more cycles (it has then scored everything), and gets SIGTERM (timed: signal to exit). Then a
# new `monitor --once` starts on the same database and models: that is the cold start timed (wall
# and user CPU by /usr/bin/time): sensors, checkpoints, models, saved states, what it replays into
# them, and one cycle that finds nothing new. Prints the load average with each figure: the machine
# is shared, compare rounds of one run.
set -euo pipefail
cd "$(dirname "$0")/.."
sensors=${1:-10000}
live=${2:-2}
rounds=${3:-1}
db=${AW_BED_DB:-aw_cold_start}
models=/tmp/$db-models
export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
aw() {
  if [ -z "${AW_JAR:-}" ]; then ./anomaly-watcher "$@"; return; fi
  case "$1" in
    sample|continuous) java -XX:TieredStopAtLevel=1 ${AW_JAVA_OPTS:-} -jar "$AW_JAR" "$@" ;;
    *) java -XX:GCTimeRatio=2 ${AW_JAVA_OPTS:-} -jar "$AW_JAR" "$@" ;;
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
  aw continuous --world realistic --set bed --sensors "$sensors" --interval 10s --seed 5 --duration "${live}m" \
    >/tmp/$db-continuous.log 2>&1 &
  gen=$!
  aw monitor --interval 10s --models-dir "$models" >/tmp/$db-monitor.log 2>&1 &
  mon=$!
  wait $gen
  sleep 25
  t0=$(date +%s.%N)
  kill -TERM $mon
  wait $mon || true
  t1=$(date +%s.%N)
  echo "  live monitor: $(grep -c ' scored ' /tmp/$db-monitor.log) cycles; stopped $(echo "$t1 - $t0" | bc) s after SIGTERM; load $(load)"
  tail -2 /tmp/$db-monitor.log | sed 's/^/    /'
  /usr/bin/time -f "  cold start (monitor --once): %e s wall, %U s user CPU, max RSS %M KB" \
    bash -c "$(declare -f aw); AW_JAR='${AW_JAR:-}' aw monitor --once --models-dir '$models' | tail -1 | sed 's/^/    /'"
  echo "  load after: $(load)"
done
