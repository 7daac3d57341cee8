// Non-finite values are reported, not compared as equal. Before,
// --scale=nan gave NaN inputs, a NaN reference and a NaN output, and the
// comparison said PASS; a cascade that is NaN everywhere passed against
// itself.
//
// RUN: not edge-run %s --scale=nan 2>&1 | FileCheck %s --check-prefix=SCALE-NAN
// RUN: not edge-run %s --scale=inf 2>&1 | FileCheck %s --check-prefix=SCALE-INF
// RUN: not edge-run %s --scale=1e39 2>&1 | FileCheck %s --check-prefix=SCALE-BIG
// RUN: not edge-run %s --cascade=nan_everywhere --compare-with=%s --compare-cascade=nan_everywhere | FileCheck %s --check-prefix=NAN-REF
// RUN: edge-run %s --cascade=nan_everywhere --compare-with=%s --compare-cascade=nan_everywhere --masked-rows=nan | FileCheck %s --check-prefix=NAN-EXPECTED
// RUN: not edge-run %s --cascade=nan_everywhere --compare-with=%s --compare-cascade=zero | FileCheck %s --check-prefix=NAN-OUT

// SCALE-NAN: edge-run: --scale must be a finite float, got nan
// SCALE-INF: edge-run: --scale must be a finite float, got inf
// SCALE-BIG: edge-run: --scale must be a finite float, got 1e+39
// NAN-REF: nan 16, inf 0, nan mismatches 0: FAIL
// NAN-REF-NEXT: the reference holds nan 16, inf 0 (NaN matches NaN only with --masked-rows=nan)
// NAN-EXPECTED: nan 16, inf 0, nan mismatches 0: PASS
// NAN-OUT: nan 16, inf 0, nan mismatches 16: FAIL

edge.cascade @attention(%Q: tensor<4x4xf32>, %K: tensor<4x4xf32>, %V: tensor<4x4xf32>) -> (AV: tensor<4x4xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] map mul(isect) reduce [e] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) : (tensor<4x4xf32>) -> tensor<4xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p] map sub_exp(pass_through) : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union) : (tensor<4x4xf32>) -> tensor<4xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right) : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %AV : tensor<4x4xf32>
}

/// 0 / 0 at every point.
edge.cascade @nan_everywhere(%Q: tensor<4x4xf32>, %K: tensor<4x4xf32>, %V: tensor<4x4xf32>) -> (AV: tensor<4x4xf32>) {
  %D = edge.einsum "D" (%Q[f, p], %Q[f, p]) -> [f, p] map sub(isect) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  %AV = edge.einsum "AV" (%D[f, p], %D[f, p]) -> [f, p] map div(isect) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %AV : tensor<4x4xf32>
}

edge.cascade @zero(%Q: tensor<4x4xf32>, %K: tensor<4x4xf32>, %V: tensor<4x4xf32>) -> (AV: tensor<4x4xf32>) {
  %AV = edge.einsum "AV" (%Q[f, p], %Q[f, p]) -> [f, p] map sub(isect) : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
  edge.return %AV : tensor<4x4xf32>
}
