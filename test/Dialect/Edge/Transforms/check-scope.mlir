// RUN: edge-opt %s --fusemax-1pass -verify-diagnostics | FileCheck %s
// RUN: edge-opt %s --edge-check-scope -verify-diagnostics | FileCheck %s --check-prefix=UNCHANGED

/// An einsum in a function is not rewritten by the derivations, and says so;
/// the cascade next to it is derived, and the call to it is no finding.
// CHECK-LABEL: edge.cascade @softmax
// CHECK: edge.iterate
// CHECK-LABEL: func.func @loose
// CHECK: edge.einsum "Z" (%arg0[i]) -> [i] apply [exp]
// UNCHANGED-LABEL: func.func @loose
// UNCHANGED-NEXT: edge.einsum "Z"
// UNCHANGED-NEXT: edge.call @softmax
edge.cascade @softmax(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>) -> (A: tensor<32x8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through)
          : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<32x8xf32>) -> tensor<8xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<32x8xf32>, tensor<8xf32>) -> tensor<32x8xf32>
  edge.return %A : tensor<32x8xf32>
}

func.func @loose(%X: tensor<4xf32>, %Q: tensor<16x8xf32>, %K: tensor<16x32xf32>) -> (tensor<4xf32>, tensor<32x8xf32>) {
  // expected-remark @below {{not rewritten: edge rewrites act on the body of an edge.cascade; move this op into one and call it with edge.call}}
  %Z = edge.einsum "Z" (%X[i]) -> [i] apply [exp] : (tensor<4xf32>) -> tensor<4xf32>
  %A = edge.call @softmax(%Q, %K) : (tensor<16x8xf32>, tensor<16x32xf32>) -> tensor<32x8xf32>
  return %Z, %A : tensor<4xf32>, tensor<32x8xf32>
}
