// Three stacked attention layers (M = 200: tiles of 64 with a tail of 8),
// saturated one layer at a time and spliced back, compute what the 3-pass
// stack computes (edge-run runs both on the same seeded inputs).
//
// RUN: python3 %edge_src_root/bench/compile-time/gen_cascade.py --layers 3 --shape 16,32,200 > %t.mlir
// RUN: edge-opt %t.mlir --edge-saturate="timeout-ms=60000 remarks=1" -o %t.out.mlir 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: edge-run %t.out.mlir --compare-with=%t.mlir --reference=none | FileCheck %s

// REMARK: over 3 sub-cascades; passes 3 -> 1;
// CHECK: output AV [16x32]
// CHECK-SAME: {{$}}
// CHECK-NEXT: PASS
