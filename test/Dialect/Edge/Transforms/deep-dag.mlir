// A cascade whose values are each read twice by the next einsum, 30 deep:
// 2^30 paths from the output to the input. Analyses that walked paths
// instead of values (presence guarantees, extracted terms printed as trees)
// took exponential time here; each RUN must finish in well under a second.
//
// RUN: timeout 60 edge-opt %s --fusemax-2pass="rank=m tile=4" | FileCheck %s
// RUN: timeout 60 edge-opt %s --fusemax-1pass="rank=m tile=4" | FileCheck %s --check-prefix=ITERATE
// RUN: timeout 60 edge-opt %s --edge-saturate -o /dev/null
// RUN: timeout 60 edge-opt %s --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ANALYZE
// RUN: timeout 60 edge-opt %s --edge-lower-to-llvm -o /dev/null
// RUN: edge-opt %s --fusemax-1pass="rank=m tile=4" | timeout 120 edge-run - --compare-with=%s | FileCheck %s --check-prefix=NUMBERS

// CHECK: edge.einsum "SLN"
// CHECK: edge.einsum "PRM"
// ITERATE: edge.iterate m1 until m1 >= 4
// ITERATE-NOT: tensor<16x16xf32>
// ANALYZE: passes over m: 2
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

edge.cascade @deep(%X: tensor<16x16xf32>) -> (S: tensor<16xf32>) {
  %a0 = edge.einsum "A0" (%X[m, p], %X[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a1 = edge.einsum "A1" (%a0[m, p], %a0[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a2 = edge.einsum "A2" (%a1[m, p], %a1[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a3 = edge.einsum "A3" (%a2[m, p], %a2[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a4 = edge.einsum "A4" (%a3[m, p], %a3[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a5 = edge.einsum "A5" (%a4[m, p], %a4[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a6 = edge.einsum "A6" (%a5[m, p], %a5[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a7 = edge.einsum "A7" (%a6[m, p], %a6[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a8 = edge.einsum "A8" (%a7[m, p], %a7[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a9 = edge.einsum "A9" (%a8[m, p], %a8[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a10 = edge.einsum "A10" (%a9[m, p], %a9[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a11 = edge.einsum "A11" (%a10[m, p], %a10[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a12 = edge.einsum "A12" (%a11[m, p], %a11[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a13 = edge.einsum "A13" (%a12[m, p], %a12[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a14 = edge.einsum "A14" (%a13[m, p], %a13[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a15 = edge.einsum "A15" (%a14[m, p], %a14[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a16 = edge.einsum "A16" (%a15[m, p], %a15[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a17 = edge.einsum "A17" (%a16[m, p], %a16[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a18 = edge.einsum "A18" (%a17[m, p], %a17[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a19 = edge.einsum "A19" (%a18[m, p], %a18[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a20 = edge.einsum "A20" (%a19[m, p], %a19[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a21 = edge.einsum "A21" (%a20[m, p], %a20[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a22 = edge.einsum "A22" (%a21[m, p], %a21[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a23 = edge.einsum "A23" (%a22[m, p], %a22[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a24 = edge.einsum "A24" (%a23[m, p], %a23[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a25 = edge.einsum "A25" (%a24[m, p], %a24[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a26 = edge.einsum "A26" (%a25[m, p], %a25[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a27 = edge.einsum "A27" (%a26[m, p], %a26[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a28 = edge.einsum "A28" (%a27[m, p], %a27[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %a29 = edge.einsum "A29" (%a28[m, p], %a28[m, p]) -> [m, p] map add(union) where m <= p : (tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  %GM = edge.einsum "GM" (%a29[m, p]) -> [p] reduce [m] max(union) : (tensor<16x16xf32>) -> tensor<16xf32>
  %SN = edge.einsum "SN" (%a29[m, p], %GM[p]) -> [m, p] map sub_exp(take_left) : (tensor<16x16xf32>, tensor<16xf32>) -> tensor<16x16xf32>
  %S = edge.einsum "S" (%SN[m, p]) -> [p] reduce [m] add(union) : (tensor<16x16xf32>) -> tensor<16xf32>
  edge.return %S : tensor<16xf32>
}
