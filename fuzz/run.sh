#!/usr/bin/env bash
# Runs every fuzz target of a -DEDGE_ENABLE_FUZZERS=ON build for a fixed time
# with a fixed seed, from the seed corpus of examples/ and test/, and prints
# the executions of each. Exits non-zero when a target finds a crash, a leak,
# a sanitizer report or a timeout; the input is left in BUILD/fuzz/artifacts.
#
#   fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET=60] [SEED=1] [TARGET...]
#
# CI runs `fuzz/run.sh build-sanitize 60`; a longer search is the same with
# more seconds, e.g. `fuzz/run.sh build-sanitize 1800` (30 minutes each). The
# corpus grows in BUILD/fuzz/corpus/<target> and is reused by the next run.
set -uo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS] [SEED] [TARGET...]}" && pwd)
seconds=${2:-60}
seed=${3:-1}
shift $(($# < 3 ? $# : 3))
targets=("$@")
((${#targets[@]})) || targets=(edge-fuzz-parse edge-fuzz-pipelines edge-fuzz-lower)

eval "$(python3 "$src/test/sanitizer/options.py" "$src")"
work=$build/fuzz
mkdir -p "$work/seeds" "$work/artifacts"
python3 "$src/fuzz/make_corpus.py" "$src" "$work/seeds" >/dev/null

status=0
for target in "${targets[@]}"; do
  corpus=$work/corpus/$target
  mkdir -p "$corpus"
  log=$work/$target.log
  # -timeout: one input taking a minute is a hang; -max_len: FuzzSupport.h.
  "$build/bin/$target" "$corpus" "$work/seeds" -seed="$seed" \
    -max_total_time="$seconds" -timeout=60 -max_len=16384 -rss_limit_mb=4096 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/$target-" \
    >"$log" 2>&1
  rc=$?
  runs=$(grep -aE '^stat::number_of_executed_units' "$log" | awk '{print $2}')
  echo "$target: ${runs:-?} executions in ${seconds}s (seed $seed), exit $rc"
  if [ "$rc" -ne 0 ]; then
    status=1
    grep -E 'ERROR|SUMMARY|Test unit written|edge-fuzz:' "$log" | head -20
  fi
done
exit $status
