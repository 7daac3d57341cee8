// RUN: edge-opt %s --edge-tile-and-vectorize="threads=1 vector-bits=256" | FileCheck %s

// A run-time extent (a key length M = ?) is tiled by 1: each step of the
// scf.for over it is a static 1 x 128 op, tiled and vectorized along the
// 128 (vectors of 8 lanes, two per register tile at 256 bits).
// CHECK-LABEL: func.func @scale_rows
// CHECK: tensor.dim
// CHECK: %[[M:.*]] = tensor.dim %{{.*}}, %{{.*}} : tensor<?x128xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[M]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<?x128xf32>)
// CHECK:   tensor.extract_slice %{{.*}} [1, 128] [1, 1] : tensor<?x128xf32> to tensor<1x128xf32>
// CHECK:   vector.transfer_read %{{.*}} : tensor<?x128xf32>, vector<1x16xf32>
// CHECK:   math.exp %{{.*}} : vector<1x16xf32>
// CHECK:   tensor.insert_slice %{{.*}} [1, 128] [1, 1] : tensor<1x128xf32> into tensor<?x128xf32>
func.func @scale_rows(%X: tensor<?x128xf32>) -> tensor<?x128xf32> {
  %c0 = arith.constant 0 : index
  %m = tensor.dim %X, %c0 : tensor<?x128xf32>
  %init = tensor.empty(%m) : tensor<?x128xf32>
  %Y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%X : tensor<?x128xf32>) outs(%init : tensor<?x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<?x128xf32>
  return %Y : tensor<?x128xf32>
}

// When the run-time extent is the vector rank (the output's innermost),
// steps of 1 would be vectors of one element: the op stays scalar.
// CHECK-LABEL: func.func @keys_innermost
// CHECK-NOT: scf.for
// CHECK: linalg.generic
// CHECK-SAME: outs(%{{.*}} : tensor<128x?xf32>)
func.func @keys_innermost(%X: tensor<128x?xf32>) -> tensor<128x?xf32> {
  %c1 = arith.constant 1 : index
  %m = tensor.dim %X, %c1 : tensor<128x?xf32>
  %init = tensor.empty(%m) : tensor<128x?xf32>
  %Y = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%X : tensor<128x?xf32>) outs(%init : tensor<128x?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %e = math.exp %in : f32
    linalg.yield %e : f32
  } -> tensor<128x?xf32>
  return %Y : tensor<128x?xf32>
}
