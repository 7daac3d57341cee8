// Log-sum-exp over the rows m of each column p, stabilized by the maximum:
//   LSE[p] = GM[p] + log(sum_m e^(X[m, p] - GM[p])),  GM[p] = max_m X[m, p]
edge.cascade @logsumexp(%X: tensor<256x128xf32>) -> (LSE: tensor<128xf32>) {
  %GM = edge.einsum "GM" (%X[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>)
  %SN = edge.einsum "SN" (%X[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<256x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>)
  // `apply` acts on each mapped point before a reduction, so the log of
  // the sum is an einsum of its own.
  %L = edge.einsum "L" (%SD[p]) -> [p] apply [log] : (tensor<128xf32>)
  %LSE = edge.einsum "LSE" (%L[p], %GM[p]) -> [p] map add(isect)
           : (tensor<128xf32>, tensor<128xf32>)
  edge.return %LSE : tensor<128xf32>
}
