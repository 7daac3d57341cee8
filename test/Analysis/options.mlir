// RUN: edge-opt --edge-analyze=format=xml %s -verify-diagnostics -o /dev/null

/// Option errors are reported at the module.
// expected-error @+1 {{unknown format 'xml' (expected 'table' or 'json')}}
module {
  edge.cascade @sum(%A: tensor<64xf32>) -> (S: tensor<f32>) {
    %S = edge.einsum "S" (%A[m]) -> [] reduce [m] add(union)
           : (tensor<64xf32>) -> tensor<f32>
    edge.return %S : tensor<f32>
  }
}
