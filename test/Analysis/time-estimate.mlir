// The time estimate of the cost model (docs/CostModel.md) on a target file
// that fixes every figure (Inputs/target-small-cache.json: 1e11 FLOP/s,
// 2e9 exp/s, a 128 KiB L2 and L3 at 1e11 B/s, DRAM at 1e10 B/s, fresh pages
// at 4e9 B/s; edge's code: contractions at 5e10 FLOP/s, other einsums at
// 5e10, guarded tiles at 6.25e9), so the numbers are exact:
//
//   QK: 256*128*64 mul + 256*128*63 add = 4161536 FLOPs at 0.5 * 1e11
//       = 0.0832 ms (the panel, 64 reduced x 16 columns x 4 B, fits half of
//       L1); it reads Q (32 KiB) and K (64 KiB) and writes QK (128 KiB):
//       229376 B from DRAM (the block's 262656 B do not fit 128 KiB)
//       = 0.0229 ms. No fresh pages: the largest intermediate (131072 B)
//       raises glibc's mmap threshold to 135168 B, and the block's 262656
//       live bytes stay under twice that, so the heap is not trimmed.
//   SN: 32768 sub + 32768 exp, an exp one operation of the fused loop
//       (the elementwise speed is timed with them), at 5e10 = 0.0013 ms.
//   Causal (M = P = 128): QK's 2 x 2 tiles of 64 x 64 under m <= p are one
//       unguarded, two guarded (the diagonal), one skipped: run 75%, guard
//       50%; 2080768 FLOPs x (0.25 / 5e10 + 0.5 / 6.25e9) = 0.1769 ms. Its
//       readers evaluate its affine presence in the same tiles.
//
// RUN: edge-opt --edge-analyze="target=%S/Inputs/target-small-cache.json threads=1" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir -o /dev/null | FileCheck %s
// RUN: edge-opt --edge-analyze="target=%S/Inputs/target-small-cache.json threads=1" \
// RUN:   %edge_src_root/examples/attention-1pass.mlir -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=ONEPASS
// RUN: edge-opt --edge-analyze="target=%S/Inputs/target-small-cache.json threads=2 format=json" \
// RUN:   %edge_src_root/examples/attention-3pass-batched.mlir -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=JSON
// Causal: the filtered QK and its readers run in versioned tiles; the 1-pass
// cascade's steps are versioned alike (step m1 = 1 skips the first query
// tile).
// RUN: edge-opt --edge-analyze="target=%S/Inputs/target-small-cache.json threads=1" \
// RUN:   %edge_src_root/examples/attention-causal-3pass.mlir -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=CAUSAL
// RUN: edge-opt --fusemax-1pass %edge_src_root/examples/attention-causal-3pass.mlir \
// RUN:   | edge-opt --edge-analyze="target=%S/Inputs/target-small-cache.json threads=1" -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=CAUSAL1
// Without a target there is no estimate.
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-3pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=NONE

// CHECK:      time on small-cache (speeds: test), 1 threads, 1 blocks over [p], speed-up 1.0, block footprint 262656 bytes
// CHECK-NEXT: einsum         bytes  level  class                   run%  guard%  compute ms   memory ms    fresh ms          ms
// CHECK-NEXT: QK            229376  DRAM   contraction            100.0     0.0      0.0832      0.0229      0.0000      0.0832
// CHECK-NEXT: GM            131584  DRAM   elementwise            100.0     0.0      0.0007      0.0132      0.0000      0.0132
// CHECK-NEXT: SN            262656  DRAM   elementwise            100.0     0.0      0.0013      0.0263      0.0000      0.0263
// CHECK-NEXT: SD            131584  DRAM   elementwise            100.0     0.0      0.0007      0.0132      0.0000      0.0132
// CHECK-NEXT: A             262656  DRAM   elementwise            100.0     0.0      0.0007      0.0263      0.0000      0.0263
// CHECK-NEXT: AV            229376  DRAM   contraction            100.0     0.0      0.0837      0.0229      0.0000      0.0837
// CHECK-NEXT: estimated time: 0.2458 ms (compute 0.1702 ms, memory 0.1247 ms, fresh pages 0.0000 ms, before the speed-up)

// The 1-pass cascade's tiles fit in L2: no fresh buffers, L2 traffic.
// ONEPASS:      block footprint 100352 bytes
// ONEPASS:      SLN                264192  L2     elementwise            100.0     0.0      0.0013      0.0026      0.0000      0.0026
// ONEPASS:      estimated time: 0.1792 ms (compute 0.1706 ms, memory 0.0488 ms, fresh pages 0.0000 ms, before the speed-up)

// 2 x 4 heads x one block of 128 queries: 8 blocks, 2 threads.
// JSON:      "time": {
// JSON-NEXT:   "block_footprint_bytes": 262656,
// JSON-NEXT:   "blocks": 8,
// JSON-NEXT:   "compute_seconds":
// JSON-NEXT:   "cpu": "small-cache",
// JSON-NEXT:   "einsums": [
// JSON-NEXT:     {
// JSON-NEXT:       "bytes": 1441792,
// JSON-NEXT:       "class": "contraction",
// JSON-NEXT:       "compute_seconds":
// JSON-NEXT:       "fresh_seconds":
// JSON-NEXT:       "guarded_share": 0,
// JSON-NEXT:       "level": "DRAM",
// JSON-NEXT:       "memory_seconds":
// JSON-NEXT:       "name": "QK",
// JSON-NEXT:       "seconds":
// JSON-NEXT:       "unguarded_share": 1
// JSON:        "independent_ranks": [
// JSON-NEXT:     "b",
// JSON-NEXT:     "h",
// JSON-NEXT:     "p"
// JSON-NEXT:   ],
// JSON:        "speed_source": "test",
// JSON-NEXT:   "speedup": 2,
// JSON-NEXT:   "threads": 2

// CAUSAL:      QK            131072  DRAM   contraction             75.0    50.0      0.1769      0.0131      0.0000      0.1769
// CAUSAL-NEXT: GM             66048  DRAM   elementwise             75.0    50.0
// CAUSAL:      AV            131072  DRAM   contraction             75.0    50.0
// CAUSAL1:     BQK {{.*}} contraction             75.0    50.0      0.1769
// CAUSAL1:     AV {{.*}} elementwise            100.0     0.0

// NONE-NOT: time on
// NONE-NOT: estimated time
