# Shared by docs/clean-vs-contaminated.sh and docs/hard-difficulty.sh (sourced, not run): acceptance
# D1's protocol through the commands. A world of SENSORS sensors is sampled with `sample --world
# realistic` into its own database, 14 days of history at anomaly rate 0.01 up to T0 and the test
# week at 0.02 up to T1; `train --hours 336 --until T0`, `monitor --once --threshold 0.7` with those
# models, `evaluate --since T0 --until T1 --json`.
#
# Every sampled database is kept and reused by name while its comment still names the same
# sampling: seed, dates, sensors, difficulty, rates and the generator's sources (git's hash of
# sim/, world/, anomaly/ and generate/ with any uncommitted change to them); it is sampled again
# when any of them changed, or when REGEN=1. Each scoring runs on a copy of the sampled database
# (CREATE DATABASE ... TEMPLATE), dropped afterwards, so no alert or checkpoint of an earlier run is
# ever left behind, whatever tables a later version adds.
#
# Needs the PostgreSQL server on 127.0.0.1:5432 (trust authentication, or PG* variables), psql,
# python3 and the launcher ./anomaly-watcher (it builds the jar when the sources changed).

# The data sets of docs/ACCURACY.md: a seed's test week [T0, T1). 31 and 2718 are check sets.
d1_week() {
  case "$1" in
    1234) echo 2026-03-25T00:00:00Z 2026-04-01T00:00:00Z ;;
    7)    echo 2026-10-20T00:00:00Z 2026-10-27T00:00:00Z ;;
    99)   echo 2026-01-12T00:00:00Z 2026-01-19T00:00:00Z ;;
    31)   echo 2026-07-06T00:00:00Z 2026-07-13T00:00:00Z ;;
    2718) echo 2026-08-10T00:00:00Z 2026-08-17T00:00:00Z ;;
    *)    echo "no known test week for seed $1: give T0 and T1" >&2; return 2 ;;
  esac
}

# d1_args "$@": sets seed, t0, t1 and n from a script's [SEED [T0 T1 [SENSORS]]] (defaults: seed
# 1234, its week from d1_week, 60 sensors); fails like d1_week on an unknown seed without dates.
d1_args() {
  seed=${1:-1234}
  local week
  if [ $# -ge 3 ]; then week="$2 $3"; else week=$(d1_week "$seed"); fi
  read -r t0 t1 <<<"$week"
  n=${4:-60}
}

pg() { PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" psql -h "${PGHOST:-127.0.0.1}" -p "${PGPORT:-5432}" -U "${PGUSER:-postgres}" -v ON_ERROR_STOP=1 -qAt "$@"; }
aw_on() { local db=$1; shift; AW_DB_URL="jdbc:postgresql://${PGHOST:-127.0.0.1}:${PGPORT:-5432}/$db?user=${PGUSER:-postgres}" ./anomaly-watcher "$@"; }
d1_drop() { pg -d postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)"; }

# The generator's sources as a short hash (the whole jar when git is not there).
d1_generator() {
  local dirs=(src/main/java/com/anomalywatcher/{sim,world,anomaly,generate})
  if git rev-parse --git-dir >/dev/null 2>&1; then
    { git rev-parse "${dirs[@]/#/HEAD:}"; git diff HEAD -- "${dirs[@]}"; } 2>/dev/null | cksum | cut -d' ' -f1
  else
    ./anomaly-watcher --version >/dev/null && cksum < target/anomaly-watcher.jar | cut -d' ' -f1
  fi
}

# d1_sample DB SEED T0 T1 SENSORS DIFFICULTY HISTORY_RATE: DB holds that sampling (reused when its
# comment says so). The test week is sampled only when T1 is not "-".
d1_sample() {
  local db=$1 seed=$2 t0=$3 t1=$4 n=$5 difficulty=$6 rate=$7
  local tag="sample seed=$seed t0=$t0 t1=$t1 sensors=$n difficulty=$difficulty history-rate=$rate generator=$(d1_generator)"
  local have
  have=$(pg -d postgres -c "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$db'")
  if [ "$have" = "$tag" ] && [ "${REGEN:-0}" != 1 ]; then
    return 0
  fi
  d1_drop "$db"
  pg -d postgres -c "CREATE DATABASE $db"
  aw_on "$db" db init >/dev/null
  aw_on "$db" sample --world realistic --difficulty "$difficulty" --days 14 --interval 1 --sensors "$n" \
    --anomaly-rate "$rate" --seed "$seed" --end "$t0" >/dev/null
  if [ "$t1" != - ]; then
    aw_on "$db" sample --world realistic --difficulty "$difficulty" --days 7 --interval 1 --sensors "$n" \
      --anomaly-rate 0.02 --seed "$seed" --end "$t1" >/dev/null
  fi
  # Written last: an interrupted sampling leaves no comment, so the next run starts it again.
  pg -d postgres -c "COMMENT ON DATABASE $db IS '$tag'"
}

# d1_score HISTORY_DB SCORED_DB T0 T1 OUT_JSON: models trained on HISTORY_DB's 14 days before T0
# score SCORED_DB's test week on a copy of it; the evaluation's JSON goes to OUT_JSON, the models
# to a directory beside it (removed after; a run stopped half-way leaves the copy, dropped by the
# next). One run per scored database at a time: the copy has a fixed name.
d1_score() {
  local history=$1 scored=$2 t0=$3 t1=$4 out=$5
  local run=${scored}_run models
  models=$(mktemp -d "$(dirname "$out")/models.XXXXXX")
  aw_on "$history" train --hours 336 --until "$t0" --models-dir "$models" >/dev/null
  d1_drop "$run"
  pg -d postgres -c "CREATE DATABASE $run TEMPLATE $scored"
  aw_on "$run" db init >/dev/null
  aw_on "$run" monitor --once --threshold 0.7 --models-dir "$models" >/dev/null
  aw_on "$run" evaluate --since "$t0" --until "$t1" --json | tail -1 > "$out"
  d1_drop "$run"
  rm -rf "$models"
}
