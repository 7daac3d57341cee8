// The example cascades, lowered with edge-lower-to-llvm, JIT-run by edge-run
// on seeded random inputs and compared with the C++ double-precision
// attention (see docs/Lowering.md for the error definition).
//
// RUN: edge-run %edge_src_root/examples/attention-3pass.mlir --seed=1 | FileCheck %s --check-prefix=PASS
// RUN: edge-run %edge_src_root/examples/attention-2pass.mlir --seed=2 | FileCheck %s --check-prefix=PASS
// RUN: edge-run %edge_src_root/examples/attention-1pass.mlir --seed=3 | FileCheck %s --check-prefix=PASS
// RUN: edge-run %edge_src_root/examples/attention-causal-3pass.mlir --reference=causal | FileCheck %s --check-prefix=PASS
// RUN: edge-run %edge_src_root/examples/attention-3pass-batched.mlir | FileCheck %s --check-prefix=BATCHED
//
// A wrong reference must be caught (the checker is not vacuous):
// RUN: (edge-run %edge_src_root/examples/attention-causal-3pass.mlir --reference=attention || echo EDGE-RUN-EXIT-NONZERO) | FileCheck %s --check-prefix=FAIL

// PASS: output AV [64x128]:
// PASS: nan 0, inf 0, nan mismatches 0: PASS

// BATCHED: output AV [2x4x32x128]:
// BATCHED: nan 0, inf 0, nan mismatches 0: PASS

// FAIL: : FAIL
// FAIL: EDGE-RUN-EXIT-NONZERO
