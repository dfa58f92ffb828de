#!/usr/bin/env bash
# Ingest speed of `sample` against psql's \copy of the same rows into the same table (plain
# PostgreSQL mode), taken in turns so both see the same machine load.
#
#   docs/ingest-vs-copy.sh [SENSORS [DAYS [ROUNDS]]]        (default 100 sensors, 7 days, 3 rounds)
#
# Needs the PostgreSQL server on 127.0.0.1:5432 (trust authentication, or PG* variables), psql and
# a built launcher. Creates (and leaves) the database $AW_COPY_DB (default aw_ingest_vs_copy) and
# a CSV of the rows under /tmp. INDEX_SQL, when set, runs after `db init` to try another index set
# on the same table, for example:
#   INDEX_SQL='DROP INDEX sensors_data_time' docs/ingest-vs-copy.sh                  # without V85's index
#   INDEX_SQL='CREATE INDEX ON sensors_data USING brin ("timestamp")' docs/ingest-vs-copy.sh
#
# Each round: empty sensors_data (TRUNCATE keeps the partitions) and sensor_state, drop the indexes
# a writer builds on each complete day (sensors_data_pYYYYMMDD_category_time: a day is written once,
# so each round starts as a new day does, without them), CHECKPOINT, run `sample` (same seed and
# --end: the same rows, ids included) and time it from process start to exit, which includes
# finishing the complete days it wrote (their index and VACUUM ANALYZE, README "Complete days"); empty
# it again the same way, CHECKPOINT, time `psql -c '\copy sensors_data (...) FROM file CSV'` of the
# rows the first sample wrote (psql finishes nothing). Prints both times, rows/s and their ratio per
# round. The machine's load moves both by more than any change: compare rounds of one run, and run
# it on a quiet machine for the figure.
set -euo pipefail
cd "$(dirname "$0")/.."
sensors=${1:-100}
days=${2:-7}
rounds=${3:-3}
db=${AW_COPY_DB:-aw_ingest_vs_copy}
csv=/tmp/$db.csv
cols='id, "timestamp", sensor_id, type, category, value, unit, location, sensors_metadata'
q() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt -d "$db" "$@"; }

psql -h 127.0.0.1 -U postgres -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
./anomaly-watcher db init >/dev/null
if [ -n "${INDEX_SQL:-}" ]; then q -c "$INDEX_SQL"; fi
echo "indexes on sensors_data: $(q -c "SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = 'sensors_data'")"
sample=(./anomaly-watcher sample --world clean --sensors "$sensors" --days "$days" --interval 1 --seed 5
        --end 2026-11-30T00:00:00Z --anomaly-rate 0.02)
"${sample[@]}" >/dev/null   # creates the partitions and the sensors, and the rows to copy
rows=$(q -c "SELECT count(*) FROM sensors_data")
q -c "\\copy (SELECT $cols FROM sensors_data) TO '$csv' WITH (FORMAT csv)"
echo "$rows rows of $sensors sensors over $days days, $(du -h "$csv" | cut -f1) as CSV; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %10s %12s %10s %12s %7s  %s\n' round "sample s" "sample r/s" "\\copy s" "\\copy r/s" ratio load
source docs/ingest-vs-copy-empty.sh
for r in $(seq "$rounds"); do
  empty
  t0=$(date +%s.%N); "${sample[@]}" >/dev/null; t1=$(date +%s.%N)
  [ "$(q -c "SELECT count(*) FROM sensors_data")" = "$rows" ] || { echo "sample stored a different row count" >&2; exit 1; }
  empty
  t2=$(date +%s.%N); q -c "\\copy sensors_data ($cols) FROM '$csv' WITH (FORMAT csv)"; t3=$(date +%s.%N)
  [ "$(q -c "SELECT count(*) FROM sensors_data")" = "$rows" ] || { echo "\\copy stored a different row count" >&2; exit 1; }
  awk -v r="$r" -v n="$rows" -v s="$(echo "$t1 - $t0" | bc)" -v c="$(echo "$t3 - $t2" | bc)" -v l="$(cut -d' ' -f1 /proc/loadavg)" \
    'BEGIN { printf "%-6s %10.2f %12.0f %10.2f %12.0f %6.2fx  %s\n", r, s, n / s, c, n / c, c / s, l }'
done
