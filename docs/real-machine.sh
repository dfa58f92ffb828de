#!/usr/bin/env bash
# A real machine's series through the product, as a user would take it in: NAB's
# realKnownCause/machine_temperature_system_failure.csv (an industrial machine's temperature, 5-minute
# readings, 2013-12-02..2014-02-19, four labelled failure windows) imported as one sensor, trained on
# its first 7 days, the rest monitored at threshold 0.7. Prints every alert and which of NAB's
# windows an alert opened in.
#
#   docs/real-machine.sh [CATEGORY]    (default heater: the detector of a heater; `unknown` gives the
#                                       generic detector a sensor of no known kind gets)
#
# Uses the database aw_real_machine, or $DB when set (dropped and made again), the launcher
# ./anomaly-watcher and the NAB copy in ../shared/datasets/nab. NAB_FILE=realKnownCause/other.csv
# (and UNIT, default °C) takes another of NAB's series through the same protocol: trained on its
# first 7 days, the sensor named after the file. Needs PostgreSQL on 127.0.0.1:5432, psql and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
category=${1:-heater}
. docs/d1-protocol.sh
nab=${NAB_DIR:-../shared/datasets/nab}
file=${NAB_FILE:-realKnownCause/machine_temperature_system_failure.csv}
csv=$nab/data/$file
[ -f "$csv" ] || { echo "no NAB data at $csv (set NAB_DIR)" >&2; exit 2; }
db=${DB:-aw_real_machine}
sensor=machine-temp
[ "$file" = realKnownCause/machine_temperature_system_failure.csv ] || sensor=$(basename "$file" .csv | tr _ -)
# the first 7 days of the series are trained on (2013-12-09T21:15:00Z for the machine)
until=$(python3 -c 'import csv, sys, datetime
first = next(csv.DictReader(open(sys.argv[1])))["timestamp"]
print((datetime.datetime.fromisoformat(first) + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$csv")
models=$(mktemp -d /tmp/real-machine.XXXXXX)
trap 'rm -rf "$models"' EXIT

pg -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
aw_on "$db" db init >/dev/null
aw_on "$db" import csv "$csv" --sensor-id "$sensor" --category "$category" --unit "${UNIT:-°C}" --location factory >/dev/null
aw_on "$db" train --hours 168 --until "$until" --models-dir "$models" >/dev/null
aw_on "$db" monitor --once --threshold 0.7 --models-dir "$models" >/dev/null
pg -d "$db" -F '|' -c "SELECT opened_at AT TIME ZONE 'UTC', kind, round(peak_score::numeric, 2), explanation
  FROM alerts ORDER BY opened_at" | python3 -c '
import json, sys
from datetime import datetime
windows = json.load(open(sys.argv[1]))[sys.argv[3]]
windows = [(datetime.fromisoformat(a[:19]), datetime.fromisoformat(b[:19])) for a, b in windows]
caught, outside = set(), 0
for line in sys.stdin.read().splitlines():
    opened, kind, score, text = line.split("|", 3)
    at = datetime.fromisoformat(opened[:19])
    hit = [i for i, (a, b) in enumerate(windows) if a <= at <= b]
    caught.update(hit)
    outside += not hit
    print("%s  %-14s %s  %s  %s" % (opened[:16], kind, score, "window %d" % (hit[0] + 1) if hit else "outside", text))
print("category %s: %d of %d failure windows with an alert, %d alerts outside them" % (sys.argv[2], len(caught), len(windows), outside))
' "$nab/labels/combined_windows.json" "$category" "$file"
