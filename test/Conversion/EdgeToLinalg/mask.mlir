// RUN: edge-opt %s -split-input-file --convert-edge-to-linalg | FileCheck %s

/// edge.mask: the i1 input is converted to presence bytes on its own shape
/// (so that the generics over K's shape are vectorizable); one generic reads
/// the tensor and the bytes broadcast along `dims` (d0, d1) -> (d1), and
/// writes the masked tensor (0, the empty value, at masked points) and its
/// presence bytes; the consumer reads both, and its reduction visits present
/// points only.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @key_padding
// CHECK-SAME:    (%[[K:.*]]: tensor<4x8xf32>, %[[VALID:.*]]: tensor<8xi1>)
// CHECK:         %[[BYTES:.*]] = linalg.generic
// CHECK-SAME:      ins(%[[VALID]] : tensor<8xi1>) outs(%{{.*}} : tensor<8xi8>)
// CHECK:           arith.extui %{{.*}} : i1 to i8
// CHECK:         %[[M:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[COL]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:      ins(%[[K]], %[[BYTES]] : tensor<4x8xf32>, tensor<8xi8>)
// CHECK:         ^bb0(%[[X:.*]]: f32, %[[BYTE:.*]]: i8, %{{.*}}: f32, %{{.*}}: i8):
// CHECK:           %[[BIT:.*]] = arith.cmpi ne, %[[BYTE]], %{{.*}} : i8
// CHECK:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[V:.*]] = arith.select %[[BIT]], %[[X]], %[[ZERO]] : f32
// CHECK:           %[[OUT:.*]] = arith.extui %[[BIT]] : i1 to i8
// CHECK:           linalg.yield %[[V]], %[[OUT]] : f32, i8
// CHECK:         } -> (tensor<4x8xf32>, tensor<4x8xi8>)
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[M]]#0, %[[M]]#1 : tensor<4x8xf32>, tensor<4x8xi8>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %[[PB:.*]]: i8, %[[ACC:.*]]: f32, %[[ACCP:.*]]: i8):
// CHECK:           %[[P:.*]] = arith.cmpi ne, %[[PB]], %{{.*}} : i8
// CHECK:           %[[MAX:.*]] = arith.maximumf %[[ACC]], %[[IN]] : f32
// CHECK:           arith.select %[[P]], %[[MAX]], %[[ACC]] : f32
// CHECK:           %[[PO:.*]] = arith.extui %[[P]] : i1 to i8
// CHECK:           arith.ori %[[ACCP]], %[[PO]] : i8
edge.cascade @key_padding(%K: tensor<4x8xf32>, %Valid: tensor<8xi1>)
    -> (S: tensor<8xf32>) {
  %KV = edge.mask %K where %Valid dims [1] : tensor<4x8xf32>, tensor<8xi1>
  %S = edge.einsum "S" (%KV[e, m]) -> [m] reduce [e] max(union)
         : (tensor<4x8xf32>)
  edge.return %S : tensor<8xf32>
}

// -----

/// A mask of a masked tensor ands the bits; a split's tail stays an affine
/// predicate that the consumer ands with the mask.
// CHECK-LABEL: func.func @mask_of_split
// CHECK-SAME:    (%[[X:.*]]: tensor<6xf32>, %[[M:.*]]: tensor<2x4xi1>)
// CHECK:         %[[B:.*]] = tensor.expand_shape
// CHECK:         %[[MB:.*]] = linalg.generic {{.*}} ins(%[[M]] : tensor<2x4xi1>) outs(%{{.*}} : tensor<2x4xi8>)
// CHECK:         %[[BM:.*]]:2 = linalg.generic
// CHECK-SAME:      ins(%[[B]], %[[MB]] : tensor<2x4xf32>, tensor<2x4xi8>)
// CHECK:         %[[MB2:.*]] = linalg.generic {{.*}} ins(%[[M]] : tensor<2x4xi1>) outs(%{{.*}} : tensor<2x4xi8>)
// CHECK:         %[[BN:.*]]:2 = linalg.generic
// CHECK-SAME:      ins(%[[BM]]#0, %[[BM]]#1, %[[MB2]] : tensor<2x4xf32>, tensor<2x4xi8>, tensor<2x4xi8>)
// CHECK:         ^bb0(%[[V:.*]]: f32, %[[P0:.*]]: i8, %[[P1:.*]]: i8,
// CHECK:           %[[B1:.*]] = arith.cmpi ne, %[[P1]], %{{.*}} : i8
// CHECK:           %[[B0:.*]] = arith.cmpi ne, %[[P0]], %{{.*}} : i8
// CHECK:           %[[BOTH:.*]] = arith.andi %[[B0]], %[[B1]] : i1
// CHECK:           arith.select %[[BOTH]], %[[V]]
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%[[BN]]#0, %[[BN]]#1 : tensor<2x4xf32>, tensor<2x4xi8>)
// CHECK:           %[[TAIL:.*]] = arith.cmpi sge
// CHECK:           arith.andi %[[TAIL]], %{{.*}} : i1
edge.cascade @mask_of_split(%X: tensor<6xf32>, %M: tensor<2x4xi1>)
    -> (S: tensor<2xf32>) {
  %B = edge.split %X dim 0 tile 4 : tensor<6xf32> -> tensor<2x4xf32>
  %BM = edge.mask %B where %M : tensor<2x4xf32>, tensor<2x4xi1>
  %BN = edge.mask %BM where %M : tensor<2x4xf32>, tensor<2x4xi1>
  %S = edge.einsum "S" (%BN[i, j]) -> [i] reduce [j] add(union)
         : (tensor<2x4xf32>)
  edge.return %S : tensor<2xf32>
}
