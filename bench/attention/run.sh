#!/usr/bin/env bash
# Attention on this CPU: edge's cascades compiled ahead of time by
# edge-compile against C++ baselines and (optionally) frameworks, on the same
# inputs, in one command:
#
#   bench/attention/run.sh [--quick | --smoke] [--build-dir=DIR] [--out=DIR]
#                          [--no-build] [--frameworks=numpy,torch,iree | --no-frameworks]
#                          [--rtol=1e-4] [--edge-only] [--shapes=a,b]
#
# Variants:
#   edge-3pass             the 3-pass cascade as written (gen-cascade.sh)
#   edge-2pass, edge-1pass derived from it by --fusemax-2pass / --fusemax-1pass
#   edge-1pass-dyn         the 1-pass cascade with a run-time key length
#                          (M = ?), compiled once for any M, called with M
#   edge-picked            what --edge-saturate=objective=time picks for the
#                          shape and thread count on this machine's target
#                          file (edge-calibrate; docs/CostModel.md)
#   naive                  plain C++ loops (harness.cpp)
#   openblas-3pass         sgemm, row softmax, sgemm
#   openblas-1pass         tiled online softmax, sgemm per (query, key) block
#   numpy, torch, iree-*   frameworks in their own processes (frameworks.py)
# Each is checked against attention in double precision first; a wrong
# result stops the table (max error relative to max|ref| over --rtol, at 32
# sampled queries of the first and last head). Then: the Markdown table (stdout and table.md), a
# CSV (results.csv) and a plot of GFLOP/s against M (gflops.png) in --out,
# and the cost model's validation: predicted (--edge-analyze=target=...) and
# measured time of every edge variant, the model's pick and whether it was
# the fastest measured edge variant or within 10% of it (validation.md).
#
# --quick: M = P in {256, 1024}, a small batched and a causal case, no
# frameworks. The full run adds M = 4096 and 16384, the batched case
# 2 x 8 heads x 2048, causal 4096, and the frameworks. --smoke: one tiny shape,
# one call, 1 thread, no frameworks (the lit test of this script).
# --edge-only: only the edge variants (the cost model's validation);
# --shapes=a,b: only the named shapes of the mode.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mode=full build="$root/build" out="" doBuild=1 frameworks=numpy,torch,iree rtol=1e-4
edgeOnly=0 onlyShapes=""
for arg in "$@"; do
  case $arg in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --build-dir=*) build=${arg#*=} ;;
    --out=*) out=${arg#*=} ;;
    --no-build) doBuild=0 ;;
    --frameworks=*) frameworks=${arg#*=} ;;
    --no-frameworks) frameworks="" ;;
    --rtol=*) rtol=${arg#*=} ;;
    --edge-only) edgeOnly=1 ;;
    --shapes=*) onlyShapes=${arg#*=} ;;
    -h | --help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
build=$(cd "$build" && pwd)
out=${out:-$build/bench/attention}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work="$out/work"
rm -rf "$work" && mkdir -p "$work"
llvmLib=$(/usr/lib/llvm-22/bin/llvm-config --libdir 2>/dev/null || echo /usr/lib/llvm-22/lib)
cores=$(nproc)

# name bh-batch bh-heads M P E F [causal]
case $mode in
  smoke)
    shapes=("tiny 1 1 64 64 16 16") threadCounts=(1) budget=0 maxReps=1
    frameworks="" slowCap=60 ;;
  quick)
    shapes=("m256 1 1 256 256 64 64" "m1024 1 1 1024 1024 64 64"
            "batched256 2 8 256 256 64 64" "causal1024 1 1 1024 1024 64 64 causal")
    threadCounts=(1 "$cores") budget=0.5 maxReps=10 frameworks="" slowCap=5 ;;
  full)
    shapes=("m256 1 1 256 256 64 64" "m1024 1 1 1024 1024 64 64"
            "m4096 1 1 4096 4096 64 64" "m16384 1 1 16384 16384 64 64"
            "batched2048 2 8 2048 2048 64 64" "causal4096 1 1 4096 4096 64 64 causal")
    threadCounts=(1 "$cores") budget=2 maxReps=20 slowCap=60 ;;
esac
if ((cores == 1)); then threadCounts=(1); fi
if [[ -n $onlyShapes ]]; then
  kept=()
  for shape in "${shapes[@]}"; do
    [[ ,$onlyShapes, == *,${shape%% *},* ]] && kept+=("$shape")
  done
  shapes=("${kept[@]}")
fi
variants=(naive openblas-3pass openblas-1pass edge-3pass edge-2pass edge-1pass edge-1pass-dyn edge-picked)
if ((edgeOnly)); then
  variants=(edge-3pass edge-2pass edge-1pass edge-1pass-dyn edge-picked) frameworks=""
fi

# Tools.
if ((doBuild)); then
  ninja -C "$build" edge-opt edge-compile edge-calibrate >&2
fi
opt="$build/bin/edge-opt" compile="$build/bin/edge-compile"
calibrate="$build/bin/edge-calibrate"
for tool in "$opt" "$compile" "$calibrate"; do
  [[ -x $tool ]] || { echo "run.sh: $tool is missing (build it or drop --no-build)" >&2; exit 2; }
done
cc=${CC:-cc} cxx=${CXX:-c++}

# Some machines of this workplace set OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE)
# because old OpenBLAS builds misbehave on their CPUs; they pin OpenBLAS (and
# numpy, torch) to older kernels. A speed comparison runs the baselines with
# the kernels OpenBLAS picks itself; every variant is still checked against
# the reference first. Tests (--smoke) keep the environment as it is.
if [[ $mode != smoke ]]; then
  unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
fi

# Probes.
"$cc" -O2 -march=native -o "$work/probes" "$here/probes.c"
cpuModel=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
peak=$("$work/probes" peak)
if [[ $mode == smoke ]]; then dram="n/a"; else dram=$("$work/probes" dram); fi
load=$(cut -d' ' -f1-3 /proc/loadavg)
# The cost model's target file, measured now (quickly for --smoke).
target="$work/target.json"
"$calibrate" $([[ $mode == smoke ]] && echo --quick) -o "$target"

# The key tiles the model chooses among for edge-picked (the derived 2- and
# 1-pass variants use the default, 64).
pickTiles=32,64,128,256
# Cascades: the 3-pass one per shape, the derived ones, one object per
# (shape, variant, threads); kernels.inc lists them for the harness.
inc="$work/kernels.inc"
: > "$work/decls.inc"
: > "$work/table.inc"
objects=() pending=()
for shape in "${shapes[@]}"; do
  read -r name b h m p e f causal <<<"$shape"
  "$here/gen-cascade.sh" attention "$b" "$h" "$m" "$p" "$e" "$f" $causal > "$work/$name-3pass.mlir"
  "$opt" --fusemax-2pass "$work/$name-3pass.mlir" -o "$work/$name-2pass.mlir"
  "$opt" --fusemax-1pass "$work/$name-3pass.mlir" -o "$work/$name-1pass.mlir"
  # The same 1-pass cascade with a run-time key length (M = ?), compiled
  # once for any M: its C function takes M first (docs/Compile.md).
  "$here/gen-cascade.sh" attention "$b" "$h" "?" "$p" "$e" "$f" $causal |
    "$opt" --fusemax-1pass -o "$work/$name-1pass-dyn.mlir"
  for t in "${threadCounts[@]}"; do
    tag=$([[ $t == 1 ]] && echo t1 || echo tall)
    # The pick covers the variant and the key tile (remarks: the estimate of
    # every tile, which report.py shows).
    "$opt" --edge-saturate="objective=time target=$target threads=$t tiles=$pickTiles remarks=1" \
      "$work/$name-3pass.mlir" -o "$work/$name-picked-$tag.mlir" \
      2> "$work/$name-picked-$tag.remarks"
  done
  for variant in 3pass 2pass 1pass 1pass-dyn picked; do
    for t in "${threadCounts[@]}"; do
      tag=$([[ $t == 1 ]] && echo t1 || echo tall)
      threadsOption=$([[ $t == 1 ]] && echo 1 || echo 0)
      source="$work/$name-$variant.mlir"
      [[ $variant == picked ]] && source="$work/$name-picked-$tag.mlir"
      # The model's estimate of this variant at this thread count.
      dims=$([[ $variant == 1pass-dyn ]] && echo " dims=M=$m" || true)
      "$opt" --edge-analyze="format=json target=$target threads=$t$dims" "$source" \
        -o /dev/null > "$work/$name-$variant-$tag.estimate.json"
      sym="edge_${name}_${variant//-/_}_${tag}_"
      # One compilation per core at a time (oldest first; set -e stops the
      # script when one fails).
      if ((${#pending[@]} >= cores)); then
        wait "${pending[0]}"
        pending=("${pending[@]:1}")
      fi
      "$compile" "$source" --prefix="$sym" \
        --pipeline-options="threads=$threadsOption" \
        -o "$work/$sym.o" --header "$work/$sym.h" &
      pending+=($!)
      objects+=("$work/$sym.o")
      if [[ $variant == 1pass-dyn ]]; then
        # Called through a captureless lambda that passes this shape's M.
        echo "extern \"C\" int ${sym}attention(int64_t, const float *, const float *, const float *, float *);" >> "$work/decls.inc"
        echo "    {\"$name\", \"edge-$variant\", $threadsOption, [](const float *q, const float *k, const float *v, float *o) { return ${sym}attention($m, q, k, v, o); }}," >> "$work/table.inc"
      else
        echo "extern \"C\" int ${sym}attention(const float *, const float *, const float *, float *);" >> "$work/decls.inc"
        echo "    {\"$name\", \"edge-$variant\", $threadsOption, ${sym}attention}," >> "$work/table.inc"
      fi
    done
  done
done
for pid in "${pending[@]}"; do wait "$pid"; done
{
  cat "$work/decls.inc"
  echo "const EdgeKernel kEdgeKernels[] = {"
  cat "$work/table.inc"
  echo "};"
} > "$inc"

# The harness: edge objects, baselines, OpenBLAS; libomp for the edge
# objects compiled for all cores.
blasInclude=/usr/include/x86_64-linux-gnu/openblas-pthread
"$cxx" -std=c++17 -O3 -march=native -I"$work" -I"$blasInclude" \
  -o "$work/harness" "$here/harness.cpp" "${objects[@]}" \
  -lopenblas -lm -pthread -L"$llvmLib" -Wl,-rpath,"$llvmLib" -lomp

# Runs.
csv="$out/results.csv"
echo "shape,bh,m,p,e,f,causal,threads,variant,median_ms,reps,rss_mib,max_rel_err" > "$csv"
declare -A rate # variant/threads -> GFLOP/s at the last shape (to skip slow ones)
flopsOf() { # bh m p e f causal -> FLOPs of the allowed (m, p) pairs
  awk -v bh="$1" -v m="$2" -v p="$3" -v e="$4" -v f="$5" -v c="$6" 'BEGIN {
    pairs = m * p
    if (c == "causal") { pairs = 0; for (i = 0; i < p; i++) pairs += (i + 1 < m ? i + 1 : m) }
    printf "%.0f", 2 * (e + f) * pairs * bh }'
}
runFrameworks() { # shape-line threads -> RESULT lines
  local name b h m p e f causal t=$2
  read -r name b h m p e f causal <<<"$1"
  [[ -n $frameworks ]] || return 0
  local dir="$work/inputs-$name"
  mkdir -p "$dir"
  [[ -e $dir/Q.f32 ]] || "$work/harness" --shape="$name" --bh=$((b * h)) --m="$m" --p="$p" --e="$e" --f="$f" --dump-inputs="$dir"
  local flags=(--dir="$dir" --bh=$((b * h)) --m="$m" --p="$p" --e="$e" --f="$f" --threads="$t" --budget="$budget" --max-reps="$maxReps" --rtol="$rtol")
  [[ $causal == causal ]] && flags+=(--causal)
  local fw py
  for fw in ${frameworks//,/ }; do
    py=/usr/bin/python3
    [[ $fw == iree ]] && py=$("$here/iree-venv.sh" "$out/venv-iree") || true
    if [[ -z $py ]]; then echo "SKIP iree: the IREE venv could not be set up" >&2; continue; fi
    OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t MKL_NUM_THREADS=$t \
      "$py" "$here/frameworks.py" --framework="$fw" "${flags[@]}" || return $?
  done
}
for t in "${threadCounts[@]}"; do
  for shape in "${shapes[@]}"; do
    read -r name b h m p e f causal <<<"$shape"
    flops=$(flopsOf $((b * h)) "$m" "$p" "$e" "$f" "$causal")
    only=() skipped=()
    for v in "${variants[@]}"; do
      r=${rate[$v/$t]:-}
      if [[ -n $r ]] && awk -v fl="$flops" -v r="$r" -v cap="$slowCap" 'BEGIN { exit !(fl / (r * 1e9) > cap) }'; then
        skipped+=("$v")
      else
        only+=("$v")
      fi
    done
    for v in "${skipped[@]}"; do
      echo "$name,$((b * h)),$m,$p,$e,$f,${causal:-no},$t,$v,,0,,skipped: over ${slowCap}s per call at the last shape's rate" >> "$csv"
    done
    echo "running $name (threads $t): ${only[*]}" >&2
    set +e
    results=$(OPENBLAS_NUM_THREADS=$t OMP_NUM_THREADS=$t "$work/harness" --shape="$name" \
      --bh=$((b * h)) --m="$m" --p="$p" --e="$e" --f="$f" ${causal:+--causal} --threads="$t" \
      --budget="$budget" --max-reps="$maxReps" --rtol="$rtol" --only="$(IFS=,; echo "${only[*]}")"; \
      echo "EXIT $?"; runFrameworks "$shape" "$t"; echo "EXIT $?")
    set -e
    if grep -q '^WRONG' <<<"$results" || grep -q '^EXIT [^0]' <<<"$results"; then
      echo "$results" >&2
      echo "run.sh: a variant failed its check at shape $name, threads $t: stopping" >&2
      exit 1
    fi
    while read -r _ vkv mkv repkv rsskv errkv; do
      v=${vkv#variant=} ms=${mkv#median_ms=}
      echo "$name,$((b * h)),$m,$p,$e,$f,${causal:-no},$t,$v,$ms,${repkv#reps=},${rsskv#rss_mib=},${errkv#max_rel_err=}" >> "$csv"
      rate[$v/$t]=$(awk -v fl="$flops" -v ms="$ms" 'BEGIN { printf "%.6f", fl / (ms * 1e-3) / 1e9 }')
    done < <(grep '^RESULT' <<<"$results")
  done
done

# Table and plot.
/usr/bin/python3 "$here/report.py" --csv="$csv" --out="$out" --cpu="$cpuModel" \
  --peak="$peak" --dram="$dram" --load="$load" --cores="$cores" --mode="$mode" \
  --estimates="$work"
