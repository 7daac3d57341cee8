#!/usr/bin/env bash
# Times FuseMax's attention cascades on this CPU, side by side: the 3-pass
# cascade as written (the baseline: what an unfused framework computes), and
# the 2-pass and 1-pass cascades derived from it by --fusemax-2pass and
# --fusemax-1pass. Every run is also checked against edge-run's C++
# double-precision reference; a FAIL aborts the table.
#
#   bench/attention/run.sh [build-dir]      (SIZES="512 1024" to choose M)
#
# Columns: M keys (P = 128 queries, E = F = 64, tile 64), median time of one
# call of the compiled cascade (JIT compilation excluded, 5 calls), the
# speed-up of each derived cascade over the 3-pass one, and the peak live
# intermediate footprint predicted by --edge-analyze.
set -euo pipefail
build=${1:-build}
sizes=${SIZES:-"256 512 1024 2048 4096"}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
opt="$build/bin/edge-opt"
run="$build/bin/edge-run"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

timeOf() { # file -> median ms
  local out
  out=$("$run" "$1" --repeat=5 --print=0)
  grep -q ": PASS" <<<"$out" || { echo "reference check failed for $1" >&2; exit 1; }
  sed -n 's/^time @[^:]*: median \([0-9.]*\) ms.*/\1/p' <<<"$out"
}
footprint() { # file -> bytes
  "$opt" --edge-analyze "$1" -o /dev/null | sed -n 's/^  peak footprint: \([0-9]*\) bytes/\1/p'
}

printf '| M | 3-pass ms | 2-pass ms | 1-pass ms | 2-pass speed-up | 1-pass speed-up | footprint 3-pass | footprint 1-pass |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for m in $sizes; do
  # The example has M = 256 and no other extent of 256.
  sed "s/256/$m/g" "$root/examples/attention-3pass.mlir" > "$work/3pass.mlir"
  "$opt" --fusemax-2pass "$work/3pass.mlir" > "$work/2pass.mlir"
  "$opt" --fusemax-1pass "$work/3pass.mlir" > "$work/1pass.mlir"
  t3=$(timeOf "$work/3pass.mlir")
  t2=$(timeOf "$work/2pass.mlir")
  t1=$(timeOf "$work/1pass.mlir")
  f3=$(footprint "$work/3pass.mlir")
  f1=$(footprint "$work/1pass.mlir")
  awk -v m="$m" -v t3="$t3" -v t2="$t2" -v t1="$t1" -v f3="$f3" -v f1="$f1" \
    'BEGIN { printf "| %d | %.3f | %.3f | %.3f | %.2fx | %.2fx | %d | %d |\n", m, t3, t2, t1, t3 / t2, t3 / t1, f3, f1 }'
done
