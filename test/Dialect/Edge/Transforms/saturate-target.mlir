// --edge-saturate=objective=time picks the variant by the time estimate on
// a target file (docs/CostModel.md). The same 3-pass attention:
// - small caches (128 KiB L2/L3, slow DRAM): the 3-pass and 2-pass
//   intermediates (M x P blocks) go to DRAM, the 1-pass tiles stay in L2:
//   1 pass;
// - huge, fast caches: traffic is free and the fewest FLOPs win: a 2-pass
//   cascade (the division deferred, no running rescale).
//
// RUN: edge-opt --edge-saturate="objective=time target=%S/../../../Analysis/Inputs/target-small-cache.json" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir \
// RUN:   | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=SMALL
// RUN: edge-opt --edge-saturate="objective=time target=%S/../../../Analysis/Inputs/target-huge-cache.json" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir \
// RUN:   | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=HUGE
// The host, with default speeds, also works (no figure checked).
// RUN: edge-opt --edge-saturate="objective=time" %edge_src_root/examples/attention-3pass.mlir \
// RUN:   | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=HOST
// A target without objective=time is unused: a warning.
// RUN: edge-opt --edge-saturate="target=%S/../../../Analysis/Inputs/target-small-cache.json" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNUSED

// SMALL: max passes: 1 (over m)
// HUGE: max passes: 2 (over m)
// HOST: max passes: {{[123]}} (over m)
// UNUSED: warning: edge-saturate: target is only used by objective=time

// tiles= saturates once per tile size and keeps the fastest estimate (the
// split rules' tile): on the small-cache target, tile 16 (1 pass, 0.1979 ms)
// beats tile 128 (whose 128-key tiles leave L2: 2 passes, 0.2261 ms), listed
// first; with 64 as well, 64 wins (0.1792 ms).
// RUN: edge-opt --edge-saturate="objective=time target=%S/../../../Analysis/Inputs/target-small-cache.json tiles=128,16 remarks=1" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=TILES
// RUN: edge-opt --edge-saturate="objective=time target=%S/../../../Analysis/Inputs/target-small-cache.json tiles=16,64,128 remarks=1" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=TILES64
// TILES: remark: edge-saturate: tile 16 chosen; estimates: tile 128 0.2261 ms (2 passes) tile 16 0.1979 ms (1 pass)
// TILES: edge.split %K dim 1 tile 16
// TILES: edge.iterate m1 until m1 >= 16
// TILES64: remark: edge-saturate: tile 64 chosen; estimates: tile 16 0.1979 ms (1 pass) tile 64 0.1792 ms (1 pass) tile 128 0.2261 ms (2 passes)
// TILES64: edge.split %K dim 1 tile 64

// tiles= needs objective=time, and sizes of at least 1.
// RUN: not edge-opt --edge-saturate="tiles=16,64" %edge_src_root/examples/attention-3pass.mlir \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTIME
// RUN: not edge-opt --edge-saturate="objective=time tiles=64,0" %edge_src_root/examples/attention-3pass.mlir \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZERO
// NOTIME: attention-3pass.mlir:5:1: error: edge-saturate: tiles= chooses by the time estimate; it needs objective=time
// ZERO: attention-3pass.mlir:5:1: error: edge-saturate: every size of tiles must be at least 1, got 0
