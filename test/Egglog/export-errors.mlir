// RUN: edge-opt --edge-export-egglog %s -o /dev/null -verify-diagnostics -split-input-file

// A scalar constant operand has no place in the schema's operand list: the
// export refuses it instead of dropping it.
edge.cascade @scaled(%X: tensor<4xf32>) -> (Y: tensor<4xf32>) {
  // expected-error @+1 {{edge-export-egglog: an einsum with scalar constant operands has no egglog form}}
  %Y = edge.einsum "Y" (%X[i], 0.5) -> [i] map mul(isect) : (tensor<4xf32>)
  edge.return %Y : tensor<4xf32>
}

// -----

// Run-time sizes: the schema's types are static shapes, and an iteration
// that stops at the run-time extent of its slices (`until m1 >= ?`) has no
// stop to write.
// expected-error @+1 {{edge-export-egglog: a cascade with run-time sizes (`?`) has no egglog form}}
edge.cascade @dynamic(%K: tensor<64x?xf32>) -> (R: tensor<64xf32>)
    sizes(M = K[1]) {
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
  edge.return %R : tensor<64xf32>
}
