#!/usr/bin/env bash
# Acceptance B2 at fixed clocks: B2 (../shared/acceptance/B2-generated-accuracy) samples its day up to
# the wall clock, so a run cannot be repeated; this runs the same steps with NOW taken from a list.
#
#   docs/b2-clocks.sh [LIST]      (default docs/b2-clocks.txt: lines "SEED NOW", NOW an ISO-8601 UTC
#                                  minute no later than a day from today, as `sample --end` requires;
#                                  lines starting with # are comments)
#
# Per line, in a fresh database on the local server (aw_b2_clock, or the name in B2_DB, so that
# several runs can share the server; dropped afterwards): `sample --world clean` of 12 sensors,
# 7 days at anomaly rate 0 up to NOW - 1 day and 1 day at 0.02 up to NOW,
# `train --hours 168 --until NOW-1d`, `monitor --once --threshold 0.7`, `evaluate --since NOW-1d`.
# Prints PASS or FAIL with B2's rule (every kind's recall >= 0.95 and precision >= 0.90, median delay
# <= 2 readings, <= 0.5 false alerts per sensor-day) and the kinds below it; exit code 1 when a line
# fails. A line whose NOW is more than a day ahead is skipped with a SKIP line (`sample --end` refuses
# it; run it on a later day). With B2_KEEP=1 the database of a failing line is kept, renamed
# ${B2_DB}_SEED, for reading its alerts and readings (drop it yourself). Needs PostgreSQL on
# 127.0.0.1:5432 (trust, or PG* variables), psql, python3 and the launcher.
set -euo pipefail
cd "$(dirname "$0")/.."
list=${1:-docs/b2-clocks.txt}
. docs/d1-protocol.sh
db=${B2_DB:-aw_b2_clock}
[[ $db =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "B2_DB must be a lower-case SQL name, got '$db'" >&2; exit 2; }
models=$(mktemp -d /tmp/b2-clocks.XXXXXX)
trap 'rm -rf "$models"; d1_drop "$db" 2>/dev/null || true' EXIT
failed=0
while read -r seed now; do
  [ -z "$seed" ] && continue
  [[ $seed == \#* ]] && continue  # a comment line: how the list was drawn
  if [ "$(date -u -d "$now" +%s)" -gt "$(date -u -d '+1 day' +%s)" ]; then
    echo "SKIP $seed@$now: more than a day ahead (sample --end refuses it); run it after $(date -u -d "$now -1 day" +%Y-%m-%d)"
    continue
  fi
  cut=$(date -u -d "$now -1 day" +%Y-%m-%dT%H:%M:00Z)
  d1_drop "$db"
  pg -d postgres -c "CREATE DATABASE $db"
  rm -rf "${models:?}"/*
  aw_on "$db" db init >/dev/null
  aw_on "$db" sample --world clean --days 7 --interval 1 --sensors 12 --anomaly-rate 0 --seed "$seed" --end "$cut" >/dev/null
  aw_on "$db" sample --world clean --days 1 --interval 1 --sensors 12 --anomaly-rate 0.02 --seed "$seed" --end "$now" >/dev/null
  aw_on "$db" train --hours 168 --until "$cut" --models-dir "$models" >/dev/null
  aw_on "$db" monitor --once --threshold 0.7 --models-dir "$models" >/dev/null
  aw_on "$db" evaluate --since "$cut" --json | tail -1 | python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
bad = [k for k, v in d["by_kind"].items() if v["recall"] < 0.95 or v["precision"] < 0.90]
ok = not bad and d["median_delay_readings"] <= 2 and d["false_alerts_per_sensor_day"] <= 0.5
print("%s %s recall %.3f precision %.3f median delay %s false alerts/sensor-day %.2f; below: %s" % (
    "PASS" if ok else "FAIL", sys.argv[1], d["recall"], d["precision"], d["median_delay_readings"],
    d["false_alerts_per_sensor_day"], ",".join(bad) or "none"))
sys.exit(0 if ok else 1)' "$seed@$now" || {
    failed=1
    if [ "${B2_KEEP:-0}" = 1 ]; then
      d1_drop "${db}_$seed"
      pg -d postgres -c "ALTER DATABASE $db RENAME TO ${db}_$seed" && echo "  kept as database ${db}_$seed"
    fi
  }
done < "$list"
exit $failed
