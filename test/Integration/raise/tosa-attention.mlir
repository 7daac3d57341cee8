// Attention written in TOSA, lowered by the stock mlir-opt's
// --tosa-to-linalg-pipeline (reduce_max from -FLT_MAX with maximumf, sub and
// exp in two generics, 1/x then mul, tensor.expand_shape of the row results),
// is raised to the 3-pass cascade, derives to 1 pass, lowers inside the
// original function, and runs equal to the linalg it came from. M = 36 keys
// in tiles of 8 leave a tail.
//
// RUN: mlir-opt %s --tosa-to-linalg-pipeline -o %t.linalg.mlir
// RUN: edge-opt %t.linalg.mlir --edge-raise-linalg | FileCheck %s --check-prefix=RAISED
// RUN: edge-opt %t.linalg.mlir --edge-raise-linalg | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt %t.linalg.mlir --edge-raise-linalg --fusemax-1pass=tile=8 -o %t.1pass.mlir
// RUN: FileCheck %s --check-prefix=DERIVED < %t.1pass.mlir
// RUN: edge-opt %t.1pass.mlir --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %t.1pass.mlir --convert-edge-to-linalg --inline --symbol-dce | FileCheck %s --check-prefix=INLINED
// RUN: edge-run %t.1pass.mlir --function=attention --compare-with=%t.linalg.mlir --compare-function=attention | FileCheck %s --check-prefix=NUMBERS
// RUN: edge-run %t.1pass.mlir --function=attention --compare-with=%t.linalg.mlir --compare-function=attention --scale=8 --seed=3 | FileCheck %s --check-prefix=NUMBERS

// The batch of tosa.matmul is a rank of extent 1 (i); K is read through the
// transpose, the row maximum and sum through their expand_shape.
// RAISED-LABEL: edge.cascade @attention_edge(
// RAISED-SAME: attributes {sym_visibility = "private"}
// RAISED: %[[QK:.*]] = edge.einsum "QK" (%arg0[i, j, l], %arg1[i, k, l]) -> [i, j, k] map mul(isect) reduce [l] add(union)
// RAISED-NEXT: %[[GM:.*]] = edge.einsum "GM" (%[[QK]][i, j, k]) -> [i, j] reduce [k] max(union)
// RAISED-NEXT: %[[SN:.*]] = edge.einsum "SN" (%[[QK]][i, j, k], %[[GM]][i, j]) -> [i, j, k] map sub_exp(pass_through)
// RAISED-NEXT: %[[SD:.*]] = edge.einsum "SD" (%[[SN]][i, j, k]) -> [i, j] reduce [k] add(union)
// RAISED-NEXT: %[[A:.*]] = edge.einsum "A" (%[[SN]][i, j, k], %[[SD]][i, j]) -> [i, j, k] map div(isect)
// RAISED-NEXT: %[[AV:.*]] = edge.einsum "AV" (%[[A]][i, j, k], %arg2[i, k, n]) -> [i, j, n] map mul(isect) reduce [k] add(union)
// RAISED-NEXT: edge.return %[[AV]]
// RAISED-LABEL: func.func @attention(
// RAISED-NOT: linalg.
// RAISED: %[[R:.*]] = edge.call @attention_edge(%arg0, %arg1, %arg2)
// RAISED-NEXT: return %[[R]]

// THREE: max passes: 3 (over k)
// ONE: max passes: 1

// DERIVED: edge.iterate k1 until k1 >= 5
// DERIVED: edge.call @attention_edge

// INLINED-NOT: func.call
// INLINED-LABEL: func.func @attention(
// INLINED-NOT: edge.
// INLINED: scf.for
// INLINED: linalg.generic
// INLINED-NOT: func.func

// NUMBERS: reference @attention in {{.*}}linalg.mlir
// NUMBERS: nan 0, inf 0, nan mismatches 0: PASS

func.func @attention(%q: tensor<1x8x16xf32>, %k: tensor<1x36x16xf32>,
                     %v: tensor<1x36x4xf32>) -> tensor<1x8x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %kt = tosa.transpose %k {perms = array<i32: 0, 2, 1>} : (tensor<1x36x16xf32>) -> tensor<1x16x36xf32>
  %qk = tosa.matmul %q, %kt, %zp, %zp : (tensor<1x8x16xf32>, tensor<1x16x36xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x36xf32>
  %max = tosa.reduce_max %qk {axis = 2 : i32} : (tensor<1x8x36xf32>) -> tensor<1x8x1xf32>
  %sub = tosa.sub %qk, %max : (tensor<1x8x36xf32>, tensor<1x8x1xf32>) -> tensor<1x8x36xf32>
  %exp = tosa.exp %sub : (tensor<1x8x36xf32>) -> tensor<1x8x36xf32>
  %sum = tosa.reduce_sum %exp {axis = 2 : i32} : (tensor<1x8x36xf32>) -> tensor<1x8x1xf32>
  %inv = tosa.reciprocal %sum : (tensor<1x8x1xf32>) -> tensor<1x8x1xf32>
  %a = tosa.mul %exp, %inv, %shift : (tensor<1x8x36xf32>, tensor<1x8x1xf32>, tensor<1xi8>) -> tensor<1x8x36xf32>
  %av = tosa.matmul %a, %v, %zp, %zp : (tensor<1x8x36xf32>, tensor<1x36x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x8x4xf32>
  return %av : tensor<1x8x4xf32>
}
