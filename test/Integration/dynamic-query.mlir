// Attention with run-time key and query lengths (M = ?, P = ?): the 1-pass
// derivation iterates over the key tiles with running values of P queries
// (fills of the extent each step yields), and the cascade and its 1-pass
// form, each compiled once for any M and P, run equal to the attention
// reference for several sizes. The output's shape follows P.
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-opt %s --fusemax-1pass > %t/one-pass.mlir
// RUN: FileCheck %s --check-prefix=ONE < %t/one-pass.mlir
// ONE: edge.fill -inf : tensor<?xf32>
// ONE: edge.iterate m1 until m1 >= ?
// RUN: edge-run %s --dims M=300,P=77 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --dims M=300,P=77 --seed=2 | FileCheck %s --check-prefix=ATT77
// RUN: edge-run %t/one-pass.mlir --dims M=64,P=1 --seed=3 --lowering=threads=1 | FileCheck %s --check-prefix=ATT
// ATT: reference attention
// ATT: nan mismatches 0: PASS
// ATT77: output AV [64x77]
// ATT77: nan mismatches 0: PASS
edge.cascade @attention(%Q: tensor<64x?xf32>, %K: tensor<64x?xf32>,
                        %V: tensor<64x?xf32>) -> (AV: tensor<64x?xf32>)
    sizes(M = K[1], P = Q[1]) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x?xf32>, tensor<64x?xf32>) -> tensor<?x?xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<?x?xf32>)
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through) : (tensor<?x?xf32>, tensor<?xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<?x?xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<?x?xf32>, tensor<?xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x?xf32>, tensor<64x?xf32>) -> tensor<64x?xf32>
  edge.return %AV : tensor<64x?xf32>
}

