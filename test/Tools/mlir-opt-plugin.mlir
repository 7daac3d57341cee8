// The stock mlir-opt of LLVM 22 loads libEdgePlugin.so as a dialect plugin
// (it parses and prints edge) and as a pass plugin (edge's passes and
// pipelines, next to the upstream ones): raising, the derivation and the
// whole lowering to the LLVM dialect run in it.
//
// Not in the sanitizer build: an ASan-instrumented plugin cannot be loaded
// into the stock, uninstrumented mlir-opt (the ASan runtime must come
// first); what this test checks does not depend on the sanitizers.
// UNSUPPORTED: sanitizer
//
// RUN: mlir-opt --load-dialect-plugin=%edge_obj_root/lib/libEdgePlugin.so %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=DIALECT
// RUN: mlir-opt --load-dialect-plugin=%edge_obj_root/lib/libEdgePlugin.so --load-pass-plugin=%edge_obj_root/lib/libEdgePlugin.so --pass-pipeline='builtin.module(edge-raise-linalg,fusemax-1pass{tile=8})' %s | FileCheck %s --check-prefix=DERIVED
// RUN: mlir-opt --load-dialect-plugin=%edge_obj_root/lib/libEdgePlugin.so --load-pass-plugin=%edge_obj_root/lib/libEdgePlugin.so --pass-pipeline='builtin.module(edge-raise-linalg,fusemax-1pass{tile=8},edge-lower-to-llvm{threads=1})' %s | FileCheck %s --check-prefix=LLVM

// DIALECT: edge.cascade @attention
// DIALECT: edge.einsum "QK"

// DERIVED: edge.cascade @attention_edge
// DERIVED: edge.iterate j1 until j1 >= 4
// DERIVED-LABEL: func.func @attention(
// DERIVED: edge.call @attention_edge

// LLVM: llvm.func @attention(
// LLVM-NOT: edge.

func.func @attention(%q: tensor<8x16xf32>, %k: tensor<32x16xf32>,
                     %v: tensor<32x4xf32>) -> tensor<8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<8x32xf32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %qk = linalg.matmul
          indexing_maps = [affine_map<(p, m, e) -> (p, e)>,
                           affine_map<(p, m, e) -> (m, e)>,
                           affine_map<(p, m, e) -> (p, m)>]
          ins(%q, %k : tensor<8x16xf32>, tensor<32x16xf32>)
          outs(%z0 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %a = linalg.softmax dimension(1) ins(%qk : tensor<8x32xf32>)
         outs(%e0 : tensor<8x32xf32>) -> tensor<8x32xf32>
  %e2 = tensor.empty() : tensor<8x4xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x4xf32>) -> tensor<8x4xf32>
  %av = linalg.matmul ins(%a, %v : tensor<8x32xf32>, tensor<32x4xf32>)
          outs(%z2 : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %av : tensor<8x4xf32>
}
