#!/usr/bin/env bash
# docs/ingest-vs-copy.sh's rounds with two builds in turn: per round `sample` of JAR_A and of JAR_B
# (the order alternating from round to round) and one psql \copy of the same rows between them,
# each on the emptied table after a CHECKPOINT, as that script does. Prints the wall time of each,
# its CPU (docs/cpu-timeline.py: the client process's threads, and the server processes of the
# database with their parallel workers) and the 1-minute load average before and after it; compare
# the builds within a round. CPU moves far less with the machine's load than wall time does: on a
# quiet machine \copy's wall time is about its CPU (one backend), and a load's wall time is at least
# its CPU / 2 on two cores.
#
#   docs/ingest-vs-copy-ab.sh JAR_A JAR_B [SENSORS [DAYS [ROUNDS]]]   (default 100 sensors, 7 days, 5 rounds)
#
# Each jar runs as the launcher runs `sample` (C1 only, with a class-data archive made from
# src/cds/classlist beside the jar, JAR.jsa, on first use). Needs the PostgreSQL server on
# 127.0.0.1:5432 (trust authentication), psql and python3 (for the CPU). Creates (and leaves) the database $AW_COPY_DB
# (default aw_ingest_vs_copy_ab) and a CSV of the rows under /tmp; the first sample, by JAR_A, makes
# the partitions, sensors and rows.
set -euo pipefail
cd "$(dirname "$0")/.."
jar_a=$(realpath "$1"); jar_b=$(realpath "$2")
sensors=${3:-100}; days=${4:-7}; rounds=${5:-5}
db=${AW_COPY_DB:-aw_ingest_vs_copy_ab}
csv=/tmp/$db.csv
cols='id, "timestamp", sensor_id, type, category, value, unit, location, sensors_metadata'
q() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt -d "$db" "$@"; }
for j in "$jar_a" "$jar_b"; do
  [ -f "${j%.jar}.jsa" ] || java -Xshare:dump -XX:SharedClassListFile=src/cds/classlist \
    -XX:SharedArchiveFile="${j%.jar}.jsa" -cp "$j" >/dev/null 2>&1 || :
done
psql -h 127.0.0.1 -U postgres -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
java -jar "$jar_a" db init >/dev/null
args=(sample --world clean --sensors "$sensors" --days "$days" --interval 1 --seed 5 --end 2026-11-30T00:00:00Z --anomaly-rate 0.02)
jvm() { echo java -XX:SharedArchiveFile="${1%.jar}.jsa" -XX:TieredStopAtLevel=1 -jar "$1"; }  # word-split below: no spaces in the jars' paths
run() { $(jvm "$1") "${args[@]}" >/dev/null; }
run "$jar_a"
rows=$(q -c "SELECT count(*) FROM sensors_data")
q -c "\\copy (SELECT $cols FROM sensors_data) TO '$csv' WITH (FORMAT csv)"
echo "$rows rows of $sensors sensors over $days days; load: $(cut -d' ' -f1-3 /proc/loadavg)"
source docs/ingest-vs-copy-empty.sh   # empty(), as docs/ingest-vs-copy.sh's rounds do it
tsv=$(mktemp /tmp/ingest-vs-copy-ab.XXXXXX.tsv)
trap 'rm -f "$tsv"' EXIT
timed() { # label command...: prints the label, wall time, CPU (client, server) and the load before and after
  local l0
  l0=$(cut -d' ' -f1 /proc/loadavg)
  python3 docs/cpu-timeline.py "$db" "$tsv" -- "${@:2}" >/dev/null
  label=$1 awk -F'\t' -v l0="$l0" -v l1="$(cut -d' ' -f1 /proc/loadavg)" '
    NR == 1 { wall = $0; sub(/^# wall /, "", wall); sub(/ rc.*/, "", wall) }
    NR > 1 { if ($2 == "pg") server += $5; else client += $5 }
    END { printf "%s %.2f s, CPU client %.2f + server %.2f = %.2f s, load %s %s\n", ENVIRON["label"], wall, client, server, client + server, l0, l1 }' "$tsv"
}
check() { [ "$(q -c "SELECT count(*) FROM sensors_data")" = "$rows" ] || { echo "$1 stored a different row count" >&2; exit 1; }; }
for r in $(seq "$rounds"); do
  if [ $((r % 2)) -eq 1 ]; then order=("$jar_a" "$jar_b"); else order=("$jar_b" "$jar_a"); fi
  empty; timed "round $r $(basename "${order[0]}")" $(jvm "${order[0]}") "${args[@]}"; check "${order[0]}"
  empty; timed "round $r \\copy" psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt -d "$db" -c "\\copy sensors_data ($cols) FROM '$csv' WITH (FORMAT csv)"; check '\copy'
  empty; timed "round $r $(basename "${order[1]}")" $(jvm "${order[1]}") "${args[@]}"; check "${order[1]}"
done
