#!/bin/bash
# pm-export.sh SEED: CSV exports of template d1_SEED, particulate sensors only (readings, labels, benign events, time zones),
# for the pm-*.py replicas (2026-12-08, eighth session, pm; docs/accuracy-log.md). Read-only on the template.
S=$1; D=d1_$S
P="psql -h 127.0.0.1 -U postgres -d $D -q"
$P -c "\copy (select sensor_id, extract(epoch from timestamp)::bigint, value from sensors_data where category='pm' order by 1,2) to 'r_$S.csv' csv"
$P -c "\copy (select sensor_id, kind, extract(epoch from start_time)::bigint, extract(epoch from end_time)::bigint, parameters from anomaly_events where category='pm' order by 1,3) to 'a_$S.csv' csv"
$P -c "\copy (select sensor_id, kind, extract(epoch from start_time)::bigint, extract(epoch from end_time)::bigint from benign_events where category='pm' order by 1,3) to 'b_$S.csv' csv"
$P -tAc "select s.sensor_id||'|'||coalesce((select sensors_metadata->>'timezone' from sensors_data d where d.sensor_id=s.sensor_id limit 1),'UTC') from sensors s where s.category='pm' order by 1" > tz_$S.txt
