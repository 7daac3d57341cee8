// Cross-entropy of logits X[c, p] (class c, sample p) against one-hot
// targets Y[c, p]:
//   CE[p] = log(sum_c e^(X[c, p])) - sum_c Y[c, p] X[c, p]
// The log-sum-exp is stabilized by the maximum over the classes.
edge.cascade @cross_entropy(%X: tensor<10x64xf32>, %Y: tensor<10x64xf32>)
    -> (CE: tensor<64xf32>) {
  %GM = edge.einsum "GM" (%X[c, p]) -> [p] reduce [c] max(union)
          : (tensor<10x64xf32>)
  %SN = edge.einsum "SN" (%X[c, p], %GM[p]) -> [c, p] map sub_exp(take_left)
          : (tensor<10x64xf32>, tensor<64xf32>)
  %SD = edge.einsum "SD" (%SN[c, p]) -> [p] reduce [c] add(union)
          : (tensor<10x64xf32>)
  %L = edge.einsum "L" (%SD[p]) -> [p] apply [log] : (tensor<64xf32>)
  %LSE = edge.einsum "LSE" (%L[p], %GM[p]) -> [p] map add(isect)
           : (tensor<64xf32>, tensor<64xf32>)
  // The target's logit: a dot product with the one-hot row.
  %XT = edge.einsum "XT" (%Y[c, p], %X[c, p]) -> [p]
          map mul(isect) reduce [c] add(union)
          : (tensor<10x64xf32>, tensor<10x64xf32>)
  %CE = edge.einsum "CE" (%LSE[p], %XT[p]) -> [p] map sub(isect)
          : (tensor<64xf32>, tensor<64xf32>)
  edge.return %CE : tensor<64xf32>
}
