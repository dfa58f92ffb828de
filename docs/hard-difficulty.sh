#!/usr/bin/env bash
# Accuracy at the hard difficulty (anomalies of 1.5-3 sigma, slow faults over days): acceptance D1's
# protocol with `--difficulty hard` for both `sample` commands, as a table per anomaly kind.
#
#   docs/hard-difficulty.sh [SEED [T0 [T1 [SENSORS]]]]    (default seed 1234, 60 sensors; T0 and T1
#                            default to the seed's week of docs/ACCURACY.md: 1234, 7, 99...)
#
# Samples PREFIX_SEED_hard (PREFIX: $AW_CVC_PREFIX, default aw_cvc): 14 days at anomaly rate 0.01 up
# to T0, the test week at 0.02 up to T1, both hard. `train --hours 336 --until T0`, then `monitor
# --once --threshold 0.7` on a copy of it and `evaluate --since T0 --until T1 --json` there. Prints
# per kind the episodes, how many were found, recall, the precision and false alerts `evaluate`
# gives the kind (a false alert counts for the kind the alert named), the median delay of the found
# ones in readings and hours, then the whole week ("-": nothing to divide by). The sampled database is kept
# and reused on the next run (docs/d1-protocol.sh says when it is sampled again; REGEN=1 forces it).
# KEEP_JSON=FILE also keeps the evaluation's JSON there.
set -euo pipefail
cd "$(dirname "$0")/.."
. docs/d1-protocol.sh
d1_args "$@"
db=${AW_CVC_PREFIX:-aw_cvc}_${seed}_hard
out=$(mktemp -d /tmp/hard-difficulty.XXXXXX)
trap 'rm -rf "$out"' EXIT

d1_sample "$db" "$seed" "$t0" "$t1" "$n" hard 0.01
load=$(cut -d' ' -f1-3 /proc/loadavg)
d1_score "$db" "$db" "$t0" "$t1" "$out/hard.json"
if [ -n "${KEEP_JSON:-}" ]; then cp "$out/hard.json" "$KEEP_JSON"; fi

python3 - "$out/hard.json" "$seed" "$n" "$t0" "$t1" "$load $(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
seed, n, t0, t1, load = sys.argv[2:]
print(f"seed {seed}, {n} sensors, difficulty hard, test week {t0} .. {t1}; load {load} (start, end)")
print(f"{'kind':<18} {'episodes':>8} {'found':>5} {'recall':>6} {'precision':>9} {'false':>5} {'median delay':>12} {'(hours)':>7}")
def row(name, v, digits=2):
    delay, hours = v.get("median_delay_readings"), v.get("median_delay_hours")
    alerts = v["true_alerts"] + v["false_alerts"]
    recall = f"{v['recall']:.{digits}f}" if v["episodes"] else "-"
    precision = f"{v['precision']:.{digits}f}" if alerts else "-"   # no alert: evaluate says 1.0
    print(f"{name:<18} {v['episodes']:8d} {v['detected']:5d} {recall:>6} {precision:>9}"
          f" {v['false_alerts']:5d} {'-' if delay is None else format(delay, 'g'):>12}"
          f" {'-' if hours is None else format(hours, '.1f'):>7}")
for k, v in sorted(d["by_kind"].items()):
    row(k, v)
row("all", d, 3)
print(f"false alerts per sensor-day {d['false_alerts_per_sensor_day']:.3f}")
PY
