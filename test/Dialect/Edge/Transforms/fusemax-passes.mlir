// The analysis confirms what the derivations are for: 3 passes over m
// before, 2 after --fusemax-2pass, 1 after --fusemax-1pass (causal too, with
// a tail tile), and less off-chip traffic each time.
//
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-2pass | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=TWO
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-2pass=tile=48 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=TWO
// RUN: edge-opt %edge_src_root/examples/attention-causal-3pass.mlir --fusemax-1pass=tile=48 | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %edge_src_root/examples/attention-3pass-batched.mlir --fusemax-1pass | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE

// THREE: passes over m: 3
// THREE: off-chip bytes: read 425984, written 294912, total 720896
// TWO: passes over m: 2
// ONE: passes over m: 1
