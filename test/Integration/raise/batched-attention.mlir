// Batched attention with heads (B = 2, H = 3), a scale (a generic that
// multiplies by a constant), an additive mask [b, p, m] broadcast over the
// heads with linalg.broadcast, linalg.add, linalg.softmax, and contractions
// written as linalg.generic: raised to a 3-pass cascade (the scale and the
// mask are einsums before the maximum), derived to 1 pass, lowered and run
// equal to the decomposed linalg.
//
// RUN: mlir-opt %s --transform-preload-library=transform-library-paths=%S/Inputs/decompose-softmax.mlir --transform-interpreter -o %t.decomposed.mlir
// RUN: edge-opt %s --edge-raise-linalg | FileCheck %s --check-prefix=RAISED
// RUN: edge-opt %s --edge-raise-linalg | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt %s --edge-raise-linalg --fusemax-1pass=tile=8 -o %t.1pass.mlir
// RUN: edge-opt %t.1pass.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %t.1pass.mlir --convert-edge-to-linalg --inline --symbol-dce | FileCheck %s --check-prefix=INLINED
// RUN: edge-run %t.1pass.mlir --function=attention --compare-with=%t.decomposed.mlir --compare-function=attention | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-run %t.1pass.mlir --function=attention --compare-with=%t.decomposed.mlir --compare-function=attention --scale=8 --seed=4 | FileCheck %s --check-prefix=NUMBERS

// RAISED-LABEL: edge.cascade @attention_edge(
// RAISED-DAG: %[[SCALE:.*]] = edge.fill 0.25 : tensor<f32>
// RAISED-DAG: %[[QK:.*]] = edge.einsum "{{.*}}" (%arg0[i, j, k, n], %arg1[i, j, l, n]) -> [i, j, k, l] map mul(isect) reduce [n] add(union)
// RAISED: %[[S:.*]] = edge.einsum "{{.*}}" (%[[QK]][i, j, k, l], %[[SCALE]][]) -> [i, j, k, l] map mul(isect)
// RAISED-NEXT: %[[L:.*]] = edge.einsum "{{.*}}" (%[[S]][i, j, k, l], %arg3[i, k, l]) -> [i, j, k, l] map add(union)
// RAISED-NEXT: %[[GM:.*]] = edge.einsum "GM" (%[[L]][i, j, k, l]) -> [i, j, k] reduce [l] max(union)
// RAISED-NEXT: %[[SN:.*]] = edge.einsum "SN" (%[[L]][i, j, k, l], %[[GM]][i, j, k]) -> [i, j, k, l] map sub_exp(pass_through)
// RAISED-NEXT: %[[SD:.*]] = edge.einsum "SD" (%[[SN]][i, j, k, l]) -> [i, j, k] reduce [l] add(union)
// RAISED-NEXT: %[[A:.*]] = edge.einsum "A" (%[[SN]][i, j, k, l], %[[SD]][i, j, k]) -> [i, j, k, l] map div(take_right)
// RAISED-NEXT: %[[AV:.*]] = edge.einsum "AV" (%[[A]][i, j, k, l], %arg2[i, j, l, o]) -> [i, j, k, o] map mul(isect) reduce [l] add(union)
// RAISED-NEXT: edge.return %[[AV]]
// RAISED-LABEL: func.func @attention(
// RAISED-NEXT: edge.call @attention_edge(%arg0, %arg1, %arg2, %arg3)

// THREE: max passes: 3 (over l)
// ONE: max passes: 1

// INLINED-LABEL: func.func @attention(
// INLINED-NOT: edge.
// INLINED: scf.for
// INLINED-NOT: func.func

// NUMBERS: reference @attention in {{.*}}decomposed.mlir
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

#q = affine_map<(b, h, p, m, e) -> (b, h, p, e)>
#k = affine_map<(b, h, p, m, e) -> (b, h, m, e)>
#qk = affine_map<(b, h, p, m, e) -> (b, h, p, m)>
#a = affine_map<(b, h, p, f, m) -> (b, h, p, m)>
#v = affine_map<(b, h, p, f, m) -> (b, h, m, f)>
#av = affine_map<(b, h, p, f, m) -> (b, h, p, f)>
#id = affine_map<(b, h, p, m) -> (b, h, p, m)>
func.func @attention(%Q: tensor<2x3x8x16xf32>, %K: tensor<2x3x32x16xf32>,
                     %V: tensor<2x3x32x4xf32>, %mask: tensor<2x8x32xf32>)
    -> tensor<2x3x8x4xf32> {
  %zero = arith.constant 0.0 : f32
  %scale = arith.constant 0.25 : f32
  %e0 = tensor.empty() : tensor<2x3x8x32xf32>
  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<2x3x8x32xf32>) -> tensor<2x3x8x32xf32>
  %QK = linalg.generic {indexing_maps = [#q, #k, #qk],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%Q, %K : tensor<2x3x8x16xf32>, tensor<2x3x32x16xf32>) outs(%z0 : tensor<2x3x8x32xf32>) {
  ^bb0(%q: f32, %k: f32, %acc: f32):
    %p = arith.mulf %q, %k : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x3x8x32xf32>
  %S = linalg.generic {indexing_maps = [#id, #id],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%QK : tensor<2x3x8x32xf32>) outs(%e0 : tensor<2x3x8x32xf32>) {
  ^bb0(%x: f32, %o: f32):
    %y = arith.mulf %x, %scale : f32
    linalg.yield %y : f32
  } -> tensor<2x3x8x32xf32>
  %maskB = linalg.broadcast ins(%mask : tensor<2x8x32xf32>) outs(%e0 : tensor<2x3x8x32xf32>) dimensions = [1]
  %L = linalg.add ins(%S, %maskB : tensor<2x3x8x32xf32>, tensor<2x3x8x32xf32>) outs(%e0 : tensor<2x3x8x32xf32>) -> tensor<2x3x8x32xf32>
  %A = linalg.softmax dimension(3) ins(%L : tensor<2x3x8x32xf32>) outs(%e0 : tensor<2x3x8x32xf32>) -> tensor<2x3x8x32xf32>
  %e1 = tensor.empty() : tensor<2x3x8x4xf32>
  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x3x8x4xf32>) -> tensor<2x3x8x4xf32>
  %AV = linalg.generic {indexing_maps = [#a, #v, #av],
                        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
      ins(%A, %V : tensor<2x3x8x32xf32>, tensor<2x3x32x4xf32>) outs(%z1 : tensor<2x3x8x4xf32>) {
  ^bb0(%a: f32, %v: f32, %acc: f32):
    %p = arith.mulf %a, %v : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<2x3x8x4xf32>
  return %AV : tensor<2x3x8x4xf32>
}
