// edge.mask parses, prints back (with and without dims) and round-trips
// through the generic form.
// RUN: edge-opt %s | edge-opt | FileCheck %s
// RUN: edge-opt %s --mlir-print-op-generic | edge-opt | FileCheck %s

// CHECK-LABEL: edge.cascade @key_padding
// CHECK-SAME:    (%[[K:.*]]: tensor<16x32xf32>, %[[VALID:.*]]: tensor<32xi1>)
// CHECK:         %[[KV:.*]] = edge.mask %[[K]] where %[[VALID]] dims [1] : tensor<16x32xf32>, tensor<32xi1>
// CHECK:         edge.einsum "S" (%[[KV]][e, m]) -> [m] reduce [e] add(union)
edge.cascade @key_padding(%K: tensor<16x32xf32>, %Valid: tensor<32xi1>)
    -> (S: tensor<32xf32>) {
  %KV = edge.mask %K where %Valid dims [1] : tensor<16x32xf32>, tensor<32xi1>
  %S = edge.einsum "S" (%KV[e, m]) -> [m] reduce [e] add(union)
         : (tensor<16x32xf32>)
  edge.return %S : tensor<32xf32>
}

// A mask of the tensor's shape needs no dims; dims may permute.
// CHECK-LABEL: edge.cascade @full_and_permuted
// CHECK:         edge.mask %{{.*}} where %{{.*}} : tensor<4x8xf32>, tensor<4x8xi1>
// CHECK:         edge.mask %{{.*}} where %{{.*}} dims [1, 0] : tensor<4x8xf32>, tensor<8x4xi1>
edge.cascade @full_and_permuted(%X: tensor<4x8xf32>, %M: tensor<4x8xi1>,
                                %T: tensor<8x4xi1>) -> (Y: tensor<4x8xf32>) {
  %A = edge.mask %X where %M : tensor<4x8xf32>, tensor<4x8xi1>
  %B = edge.mask %A where %T dims [1, 0] : tensor<4x8xf32>, tensor<8x4xi1>
  edge.return %B : tensor<4x8xf32>
}
