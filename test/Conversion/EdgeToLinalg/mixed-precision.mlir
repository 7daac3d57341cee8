// RUN: edge-opt %s --convert-edge-to-linalg | FileCheck %s

/// An operand of another float type is converted where it is read: extf to
/// a wider result, truncf to a narrower one, through f32 between bf16 and
/// f16.
// CHECK-LABEL: func.func @mixed
// CHECK:         linalg.generic
// CHECK-SAME:      ins(%{{.*}}, %{{.*}} : tensor<4x2xbf16>, tensor<4x3xbf16>)
// CHECK:         ^bb0(%[[A:.*]]: bf16, %[[B:.*]]: bf16, %[[ACC:.*]]: f32):
// CHECK:           %[[AE:.*]] = arith.extf %[[A]] : bf16 to f32
// CHECK:           %[[BE:.*]] = arith.extf %[[B]] : bf16 to f32
// CHECK:           %[[P:.*]] = arith.mulf %[[AE]], %[[BE]] : f32
// CHECK:           arith.addf %[[ACC]], %[[P]] : f32
// CHECK:         ^bb0(%[[X:.*]]: f32, %{{.*}}: bf16):
// CHECK:           arith.truncf %[[X]] : f32 to bf16
// CHECK:         ^bb0(%[[H:.*]]: f16, %{{.*}}: bf16):
// CHECK:           %[[HE:.*]] = arith.extf %[[H]] : f16 to f32
// CHECK:           arith.truncf %[[HE]] : f32 to bf16
edge.cascade @mixed(%Q: tensor<4x2xbf16>, %K: tensor<4x3xbf16>,
                    %R: tensor<3x2xf16>)
    -> (N: tensor<3x2xbf16>, H: tensor<3x2xbf16>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<4x2xbf16>, tensor<4x3xbf16>) -> tensor<3x2xf32>
  %N = edge.einsum "N" (%QK[m, p]) -> [m, p] apply [neg]
         : (tensor<3x2xf32>) -> tensor<3x2xbf16>
  %H = edge.einsum "H" (%R[m, p]) -> [m, p] apply [neg]
         : (tensor<3x2xf16>) -> tensor<3x2xbf16>
  edge.return %N, %H : tensor<3x2xbf16>, tensor<3x2xbf16>
}
