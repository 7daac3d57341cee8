// A cascade whose interface is not float32 gets a located error.
// RUN: edge-compile %s -o %t.o --verify-diagnostics

// expected-error@+1 {{edge-compile supports f32 tensors only, got 'tensor<4x8xf64>'}}
edge.cascade @matmul(%A: tensor<4x8xf64>, %B: tensor<4x16xf64>)
    -> (Z: tensor<8x16xf64>) {
  %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
         map mul(isect) reduce [k] add(union)
         : (tensor<4x8xf64>, tensor<4x16xf64>) -> tensor<8x16xf64>
  edge.return %Z : tensor<8x16xf64>
}
