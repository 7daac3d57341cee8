// Stacked attention layers are saturated one sub-cascade at a time: a cut
// between layers passes only the previous layer's output, which is present
// everywhere and not indexed by the derivation rank m. Every layer reaches
// one pass, and the run stays within its time limit however many layers
// there are (334 layers, 2004 einsums, below: the pieces the time limit does
// not reach are left as they were, and a remark says so).
//
// RUN: python3 %edge_src_root/bench/compile-time/gen_cascade.py --layers 8 > %t.8.mlir
// RUN: edge-opt %t.8.mlir --edge-saturate="remarks=1 timeout-ms=60000" -o %t.8.out.mlir 2>&1 | FileCheck %s --check-prefix=EIGHT
// RUN: edge-opt %t.8.out.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE-PASS
// RUN: edge-opt %t.8.out.mlir | FileCheck %s --check-prefix=IR
//
/// Without partitioning, one e-graph holds all eight layers.
// RUN: edge-opt %t.8.mlir --edge-saturate="remarks=1 partition=0 max-iters=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=WHOLE
//
/// A chain of filtered einsums (presence that varies) is never cut: its
/// values are not present everywhere. The same chain unfiltered is.
// RUN: python3 %edge_src_root/bench/compile-time/gen_cascade.py --einsums 40 --filter > %t.filtered.mlir
// RUN: edge-opt %t.filtered.mlir --edge-saturate="remarks=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FILTERED
// RUN: python3 %edge_src_root/bench/compile-time/gen_cascade.py --einsums 40 > %t.chain.mlir
// RUN: edge-opt %t.chain.mlir --edge-saturate="remarks=1" -o /dev/null 2>&1 | FileCheck %s --check-prefix=CHAIN
//
// RUN: python3 %edge_src_root/bench/compile-time/gen_cascade.py --layers 334 > %t.334.mlir
// RUN: edge-opt %t.334.mlir --edge-saturate="remarks=1 timeout-ms=500" -o %t.334.out.mlir 2>&1 | FileCheck %s --check-prefix=MANY
// RUN: edge-opt %t.334.out.mlir -o /dev/null

// EIGHT: remark: edge-saturate: {{.*}} candidates over 8 sub-cascades; passes 3 -> 1;
// ONE-PASS: max passes: 1 (over m)
// ONE-PASS-NOT: passes over m{{.*}}: 2

/// Each layer has its own iteration; layer i+1 reads layer i's output.
// IR-COUNT-8: edge.iterate m1
// IR: edge.return

// WHOLE-NOT: sub-cascades
// WHOLE: remark: edge-saturate: {{.*}} candidates; passes 3 ->

// FILTERED-NOT: sub-cascades
// FILTERED: passes 3 -> 1;
// CHAIN: over 5 sub-cascades; passes 3 -> 1;

// MANY: remark: edge-saturate: {{.*}} over 334 sub-cascades
