// Attention with linalg.softmax between two linalg.matmul (the first with
// transposed indexing maps: K is [m, e]), and the same function after the
// upstream decomposition of linalg.softmax (a maxnumf fold from NaN, exp of
// a sub in one generic, a divf): both raise to the 3-pass cascade, derive 1
// pass (--fusemax-1pass; --edge-saturate too), lower inside the original
// function and run equal to the decomposed linalg (linalg.softmax itself
// has no bufferization upstream; its decomposition is its definition).
//
// RUN: mlir-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/decompose-softmax.mlir --transform-interpreter -o %t.decomposed.mlir
// RUN: edge-opt %s --edge-raise-linalg | FileCheck %s --check-prefix=RAISED
// RUN: edge-opt %t.decomposed.mlir --edge-raise-linalg | FileCheck %s --check-prefix=RAISED
// RUN: edge-opt %s --edge-raise-linalg | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt %t.decomposed.mlir --edge-raise-linalg | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt %s --edge-raise-linalg --fusemax-1pass=tile=8 -o %t.softmax-1pass.mlir
// RUN: edge-opt %t.decomposed.mlir --edge-raise-linalg --fusemax-1pass=tile=8 -o %t.decomposed-1pass.mlir
// RUN: edge-opt %t.softmax-1pass.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %t.decomposed-1pass.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %t.softmax-1pass.mlir --convert-edge-to-linalg --inline --symbol-dce | FileCheck %s --check-prefix=INLINED
// RUN: edge-opt %t.decomposed-1pass.mlir --convert-edge-to-linalg --inline --symbol-dce | FileCheck %s --check-prefix=INLINED
// RUN: edge-run %t.softmax-1pass.mlir --function=attention --compare-with=%t.decomposed.mlir --compare-function=attention | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-opt %t.decomposed.mlir --edge-raise-linalg --edge-saturate=tile=8 -o %t.saturated.mlir
// RUN: edge-opt %t.saturated.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-run %t.saturated.mlir --function=attention --compare-with=%t.decomposed.mlir --compare-function=attention | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-run %t.decomposed-1pass.mlir --function=attention --compare-with=%t.decomposed.mlir --compare-function=attention --scale=8 --seed=2 | FileCheck %s --check-prefix=NUMBERS

// RAISED-LABEL: edge.cascade @attention_edge(
// RAISED: %[[QK:.*]] = edge.einsum "QK" (%arg0[i, k], %arg1[j, k]) -> [i, j] map mul(isect) reduce [k] add(union)
// RAISED-NEXT: %[[GM:.*]] = edge.einsum "GM" (%[[QK]][i, j]) -> [i] reduce [j] max(union)
// RAISED-NEXT: %[[SN:.*]] = edge.einsum "SN" (%[[QK]][i, j], %[[GM]][i]) -> [i, j] map sub_exp(pass_through)
// RAISED-NEXT: %[[SD:.*]] = edge.einsum "SD" (%[[SN]][i, j]) -> [i] reduce [j] add(union)
// RAISED-NEXT: %[[A:.*]] = edge.einsum "A" (%[[SN]][i, j], %[[SD]][i]) -> [i, j] map div(take_right)
// RAISED-NEXT: %[[AV:.*]] = edge.einsum "AV" (%[[A]][i, j], %arg2[j, l]) -> [i, l] map mul(isect) reduce [j] add(union)
// RAISED-NEXT: edge.return %[[AV]]
// RAISED-LABEL: func.func @attention(
// RAISED-NEXT: %[[R:.*]] = edge.call @attention_edge(%arg0, %arg1, %arg2)
// RAISED-NEXT: return %[[R]]

// THREE: max passes: 3 (over j)
// ONE: max passes: 1

// INLINED-LABEL: func.func @attention(
// INLINED-NOT: edge.
// INLINED: scf.for
// INLINED-NOT: func.func

// NUMBERS: reference @attention in {{.*}}decomposed.mlir
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

func.func @attention(%q: tensor<8x16xf32>, %k: tensor<36x16xf32>,
                     %v: tensor<36x4xf32>) -> tensor<8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<8x36xf32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<8x36xf32>) -> tensor<8x36xf32>
  %qk = linalg.matmul
          indexing_maps = [affine_map<(p, m, e) -> (p, e)>,
                           affine_map<(p, m, e) -> (m, e)>,
                           affine_map<(p, m, e) -> (p, m)>]
          ins(%q, %k : tensor<8x16xf32>, tensor<36x16xf32>)
          outs(%z0 : tensor<8x36xf32>) -> tensor<8x36xf32>
  %e1 = tensor.empty() : tensor<8x36xf32>
  %a = linalg.softmax dimension(1) ins(%qk : tensor<8x36xf32>)
         outs(%e1 : tensor<8x36xf32>) -> tensor<8x36xf32>
  %e2 = tensor.empty() : tensor<8x4xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<8x4xf32>) -> tensor<8x4xf32>
  %av = linalg.matmul ins(%a, %v : tensor<8x36xf32>, tensor<36x4xf32>)
          outs(%z2 : tensor<8x4xf32>) -> tensor<8x4xf32>
  return %av : tensor<8x4xf32>
}
