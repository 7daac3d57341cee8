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
