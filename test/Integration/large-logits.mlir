// Logits of magnitude ~1e3: Q and K entries in [-32, 32] with E = 64 give
// |QK| up to several thousand. e^x of such logits overflows float32; the
// cascades subtract the (running) maximum first, so no inf or NaN may appear.
// Inputs are multiples of 1/8 (edge-run --quantize, the default), so QK is
// exact in float32 and the comparison measures the cascade, not the
// conditioning of softmax at large logits.
//
// RUN: edge-run %edge_src_root/examples/attention-3pass.mlir --scale=32 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-2pass.mlir --scale=32 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-1pass.mlir --scale=32 | FileCheck %s
// RUN: edge-run %edge_src_root/examples/attention-causal-3pass.mlir --scale=32 --reference=causal | FileCheck %s
// RUN: edge-run %S/tails.mlir --cascade=attention_1pass_tail --scale=32 | FileCheck %s

// CHECK: nan 0, inf 0, nan mismatches 0: PASS
