// RUN: edge-opt %s --convert-edge-to-linalg | FileCheck %s

// Run-time sizes lower to code that reads them from the inputs: M is the
// extent of K's dimension 1 (tensor.dim of the function's argument). A
// split is a view of K when 64 divides M and pads to ceildiv(M, 64) tiles
// otherwise, the iteration runs to the tiles' run-time count, the filter and the split's tail compare with M, an
// elementwise map over the tiles gets an output of the tiles' extent, and
// the unsplit cuts the padded keys back to M.
edge.cascade @tiles(%K: tensor<64x?xf32>)
    -> (R: tensor<64xf32>, S: tensor<64x?xf32>) sizes(M = K[1]) {
  %BK = edge.split %K dim 1 tile 64 : tensor<64x?xf32> -> tensor<64x?x64xf32>
  %R0 = edge.fill -inf : tensor<64xf32>
  %R = edge.iterate m1 until m1 >= ?
      slices(%bk = %BK[1] : tensor<64x?x64xf32>)
      init(%r = %R0 : tensor<64xf32>) -> (tensor<64xf32>) {
    %L = edge.einsum "L" (%bk[e, m0]) -> [e] where m1*64 + m0 <= M - 1
           reduce [m0] max(union) : (tensor<64x64xf32>) -> tensor<64xf32>
    %N = edge.einsum "N" (%r[e], %L[e]) -> [e] map max(union)
           : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    edge.yield %N : tensor<64xf32>
  }
  %E = edge.einsum "E" (%BK[e, m1, m0]) -> [e, m1, m0] apply [exp]
         : (tensor<64x?x64xf32>) -> tensor<64x?x64xf32>
  %S = edge.unsplit %E dim 1 : tensor<64x?x64xf32> -> tensor<64x?xf32>
  edge.return %R, %S : tensor<64xf32>, tensor<64x?xf32>
}

// CHECK-DAG: #[[TILES:.*]] = affine_map<()[s0] -> (s0 ceildiv 64)>
// CHECK-DAG: #[[PAD:.*]] = affine_map<()[s0] -> (-s0 + (s0 ceildiv 64) * 64)>
// CHECK-DAG: #[[TAIL:.*]] = affine_map<(d0)[s0, s1] -> (-d0 - s0 * 64 + s1 - 1)>
// CHECK-DAG: #[[TAIL2:.*]] = affine_map<(d0, d1)[s0] -> (d0 * -64 - d1 + s0 - 1)>
// CHECK-LABEL: func.func @tiles(
// CHECK-SAME: %[[K:.*]]: tensor<64x?xf32>) -> (tensor<64xf32>, tensor<64x?xf32>)
// CHECK: %[[M:.*]] = tensor.dim %[[K]], %{{.*}} : tensor<64x?xf32>
// CHECK: %[[NT:.*]] = affine.apply #[[TILES]]()[%[[M]]]
// CHECK: %[[HIGH:.*]] = affine.apply #[[PAD]]()[%[[M]]]
// CHECK: %[[EXACT:.*]] = arith.cmpi eq, %[[HIGH]], %{{.*}} : index
// CHECK: %[[BK:.*]] = scf.if %[[EXACT]] -> (tensor<64x?x64xf32>) {
// CHECK:   %[[VIEW:.*]] = tensor.expand_shape %[[K]] {{\[\[}}0], [1, 2]] output_shape [64, %[[NT]], 64] : tensor<64x?xf32> into tensor<64x?x64xf32>
// CHECK:   scf.yield %[[VIEW]]
// CHECK: } else {
// CHECK:   %[[PADDED:.*]] = tensor.pad %[[K]] low[0, 0] high[0, %[[HIGH]]]
// CHECK:   %[[TILES:.*]] = tensor.expand_shape %[[PADDED]] {{\[\[}}0], [1, 2]] output_shape [64, %[[NT]], 64] : tensor<64x?xf32> into tensor<64x?x64xf32>
// CHECK:   scf.yield %[[TILES]]
// CHECK: }
// CHECK: %[[TRIPS:.*]] = tensor.dim %[[BK]], %{{.*}} : tensor<64x?x64xf32>
// CHECK: scf.for %[[M1:.*]] = %{{.*}} to %[[TRIPS]] step
// CHECK: %[[MIN:.*]] = tensor.dim %[[K]], %{{.*}} : tensor<64x?xf32>
// CHECK: linalg.generic
// CHECK: %[[M0:.*]] = linalg.index 1 : index
// CHECK: affine.apply #[[TAIL]](%[[M0]])[%[[M1]], %[[MIN]]]
// CHECK: scf.yield
// CHECK: %[[MOUT:.*]] = tensor.dim %[[K]], %{{.*}} : tensor<64x?xf32>
// CHECK: %[[NT2:.*]] = tensor.dim %[[BK]], %{{.*}} : tensor<64x?x64xf32>
// CHECK: %[[INIT:.*]] = tensor.empty(%[[NT2]]) : tensor<64x?x64xf32>
// CHECK: %[[E:.*]] = linalg.generic {{.*}} ins(%[[BK]] : tensor<64x?x64xf32>) outs(%[[INIT]] : tensor<64x?x64xf32>)
// CHECK: affine.apply #[[TAIL2]](%{{.*}}, %{{.*}})[%[[MOUT]]]
// CHECK: math.exp
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[E]] {{\[\[}}0], [1, 2]] : tensor<64x?x64xf32> into tensor<64x?xf32>
// CHECK: %[[KEYS:.*]] = affine.apply #{{.*}}()[%{{.*}}]
// CHECK: %[[S:.*]] = tensor.extract_slice %[[FLAT]][0, 0] [64, %[[KEYS]]] [1, 1] : tensor<64x?xf32> to tensor<64x?xf32>
// CHECK: return %{{.*}}, %[[S]] : tensor<64xf32>, tensor<64x?xf32>
