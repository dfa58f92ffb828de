# Sourced by docs/ingest-vs-copy.sh and docs/ingest-vs-copy-ab.sh (not run on its own): empty(),
# which each round of both calls before each timed load. Uses the caller's q (psql on its database).
#
# The rows gone, with sensor_state (where each sensor stopped: without it emptied, sample would
# continue after it), and the per-day indexes a writer builds on complete days
# (sensors_data_pYYYYMMDD_category_time: a day is written once), so each round starts as new days
# do; then a CHECKPOINT, so no load pays for the one before.
empty() {
  q -c "TRUNCATE sensors_data, sensor_state" \
    -c "DO \$\$DECLARE i record; BEGIN
          FOR i IN SELECT indexname FROM pg_indexes WHERE indexname ~ '^sensors_data_p[0-9]{8}_category_time$' LOOP
            EXECUTE format('DROP INDEX %I', i.indexname);
          END LOOP; END\$\$" \
    -c "CHECKPOINT"
}
