// RUN: edge-opt --edge-export-egglog %s -o /dev/null -verify-diagnostics

// A scalar constant operand has no place in the schema's operand list: the
// export refuses it instead of dropping it.
edge.cascade @scaled(%X: tensor<4xf32>) -> (Y: tensor<4xf32>) {
  // expected-error @+1 {{edge-export-egglog: an einsum with scalar constant operands has no egglog form}}
  %Y = edge.einsum "Y" (%X[i], 0.5) -> [i] map mul(isect) : (tensor<4xf32>)
  edge.return %Y : tensor<4xf32>
}
