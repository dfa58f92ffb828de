#!/usr/bin/env bash
# Real series through the product, the protocol of acceptance E2 (../shared/acceptance/E2-foreign-sensor)
# on every file of a list of NAB series: each file imported alone from CSV as a sensor of no known
# category (so it gets the generic detector), trained on its beginning, the rest watched with
# `monitor --once --threshold 0.7`, the `alerts` table read against NAB's labelled windows.
#
#   docs/real-series.sh [FILE...]      (NAB paths relative to its data folder; default: every file of
#                                       realKnownCause, realAWSCloudwatch, realTraffic, realAdExchange)
#
# Training cut per file: 7 days after its first reading when that leaves at least two thirds of the
# file to watch (a file of 21 days or more, e.g. the machine temperature of E2), else NAB's own
# probationary period, the first 15 % of the file, but at least 24 h; `train --hours` is the span
# from the first reading to the cut. Per file one line:
#   windows   NAB windows ending after the cut with an alert opened inside / windows ending after the cut
#   outside   alerts opened outside every window
#   implaus.  alerts whose explanation expects a range reaching more than 5 % of the series' span
#             beyond its lowest or highest value (E2's rule)
#   alerts    all alerts
# and a TSV copy of the table in $OUT (default /tmp/real-series.tsv). E2's own limits (>= 3 of 4
# windows, <= 5 outside) are for the machine temperature only; this script judges nothing.
#
# Uses the database ${DB:-aw_real_series} (dropped and made again for every file, dropped at the end;
# with KEEP=1 each file gets its own database ${DB}_1, ${DB}_2... in the order given, kept for `read`
# and `alerts` afterwards: the table's last column names it; drop them yourself),
# the launcher ./anomaly-watcher and the NAB copy in ../shared/datasets/nab (NAB_DIR). Needs
# PostgreSQL on 127.0.0.1:5432, psql and python3. About 10 to 40 s a file.
set -euo pipefail
cd "$(dirname "$0")/.."
. docs/d1-protocol.sh
nab=${NAB_DIR:-../shared/datasets/nab}
db=${DB:-aw_real_series}
out=${OUT:-/tmp/real-series.tsv}
[ -d "$nab/data" ] || { echo "no NAB data at $nab/data (set NAB_DIR)" >&2; exit 2; }
if [ $# -eq 0 ]; then
  set -- $(cd "$nab/data" && ls realKnownCause/*.csv realAWSCloudwatch/*.csv realTraffic/*.csv realAdExchange/*.csv)
fi
models=$(mktemp -d /tmp/real-series.XXXXXX)
alerts=$models/alerts.txt
trap 'rm -rf "$models"; [ "${KEEP:-0}" = 1 ] || pg -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT

printf "file\twindows_hit\twindows\toutside\timplausible\talerts\tcut\ttrain_hours\tdb\n" >"$out"
printf "%-58s %8s %8s %9s %7s  %s\n" file windows outside implaus. alerts "cut (train hours)"
base=$db
i=0
for file in "$@"; do
  i=$((i + 1))
  [ "${KEEP:-0}" = 1 ] && db=${base}_$i
  csv=$nab/data/$file
  [ -f "$csv" ] || { echo "no $csv" >&2; exit 2; }
  # the cut and the training hours, from the file's first and last timestamps
  read -r cut hours < <(python3 - "$csv" <<'PY'
import csv, sys, math, datetime as dt
rows = list(csv.reader(open(sys.argv[1])))[1:]
ts = sorted(dt.datetime.fromisoformat(r[0]) for r in rows)
first, last = ts[0], ts[-1]
span = last - first
cut = first + dt.timedelta(days=7) if span >= dt.timedelta(days=21) else first + max(0.15 * span, dt.timedelta(hours=24))
cut = cut.replace(microsecond=0)
print(cut.strftime("%Y-%m-%dT%H:%M:%SZ"), math.ceil((cut - first).total_seconds() / 3600))
PY
)
  pg -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
  rm -rf "${models:?}"/*
  aw_on "$db" db init >/dev/null
  aw_on "$db" import csv "$csv" --sensor-id real-series --location factory >/dev/null
  aw_on "$db" train --hours "$hours" --until "$cut" --models-dir "$models" >/dev/null
  aw_on "$db" monitor --once --threshold 0.7 --models-dir "$models" >/dev/null
  lo=$(pg -d "$db" -c "SELECT min(value) FROM sensors_data WHERE sensor_id='real-series'")
  hi=$(pg -d "$db" -c "SELECT max(value) FROM sensors_data WHERE sensor_id='real-series'")
  pg -d "$db" -c "SELECT to_char(opened_at AT TIME ZONE 'UTC','YYYY-MM-DD HH24:MI:SS'), coalesce(explanation,'')
    FROM alerts WHERE sensor_id='real-series' ORDER BY opened_at" >"$alerts"
  python3 - "$nab/labels/combined_windows.json" "$file" "$cut" "$lo" "$hi" "$alerts" "$hours" "$out" "$db" <<'PY'
import json, re, sys, datetime as dt
labels, name, cut, lo, hi, alerts, hours, out, db = sys.argv[1:10]
p = lambda s: dt.datetime.fromisoformat(s.replace("Z", "").split(".")[0])
wins = [(p(a), p(b)) for a, b in json.load(open(labels))[name] if p(b) > p(cut)]
rows = [l.split("|", 1) for l in open(alerts).read().splitlines() if l.strip()]
hit = sum(1 for a, b in wins if any(a <= p(t) <= b for t, _ in rows))
outside = sum(1 for t, _ in rows if not any(a <= p(t) <= b for a, b in wins))
lo, hi = float(lo), float(hi); span = hi - lo
bad = 0
for t, e in rows:
    m = re.search(r"expected\s+(-?[\d.]+)\s*[–-]\s*(-?[\d.]+)", e)
    if m and (float(m.group(1)) < lo - 0.05 * span or float(m.group(2)) > hi + 0.05 * span):
        bad += 1
print("%-58s %4d / %-2d %8d %9d %7d  %s (%s h)" % (name, hit, len(wins), outside, bad, len(rows), cut, hours))
with open(out, "a") as f:
    f.write("\t".join(map(str, [name, hit, len(wins), outside, bad, len(rows), cut, hours, db])) + "\n")
PY
done
python3 - "$out" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
s = lambda k: sum(int(r[k]) for r in rows)
print("%-58s %4d / %-2d %8d %9d %7d" % ("all %d files" % len(rows), s("windows_hit"), s("windows"), s("outside"),
      s("implausible"), s("alerts")))
PY
