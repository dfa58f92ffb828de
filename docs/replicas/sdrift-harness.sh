#!/bin/bash
# sdrift-harness.sh NAME JAR OUTDIR [SEEDS...]: /tmp/d1-harness.sh that keeps each run's alerts (OUTDIR/SEED.alerts.csv)
# like /tmp/d1-harness.sh but keeps the run's alerts as OUT/SEED.alerts.csv
NAME=$1; JAR=$2; OUT=$3; shift 3
mkdir -p $OUT
while read S T0 T1; do
  if [ $# -gt 0 ] && ! [[ " $* " == *" $S "* ]]; then continue; fi
  M=$(mktemp -d)
  AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/d1_$S?user=postgres" java -jar $JAR train --hours 336 --until $T0 --models-dir $M > /dev/null || { echo "train fail $S"; continue; }
  DB=h_${NAME}_$S
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists $DB"
  for k in $(seq 60); do psql -h 127.0.0.1 -U postgres -qc "create database $DB template d1_$S" 2>/dev/null && break; sleep 2; done
  export AW_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?user=postgres"
  java -jar $JAR db init > /dev/null
  java -jar $JAR monitor --once --threshold 0.7 --models-dir $M > /dev/null
  java -jar $JAR evaluate --since $T0 --until $T1 --json | tail -1 > $OUT/$S.json
  psql -h 127.0.0.1 -U postgres -d $DB -qc "\copy (select sensor_id, kind, extract(epoch from opened_at)::bigint, explanation from alerts order by 1,3) to '$OUT/$S.alerts.csv' csv"
  unset AW_DB_URL
  psql -h 127.0.0.1 -U postgres -qc "drop database $DB"
  rm -rf $M
  echo "$S done"
done < /tmp/d1-sets.txt
