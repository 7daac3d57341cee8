// A bug of the lowering that the reference interpreter found (differential
// seeds 2 and 3 with --interpret): an einsum whose merge visits where an
// operand is absent (not_both, xor, not_left, ...) computed its own values
// right, but the presence its consumers saw was wrong. Here E3 = E1 + A with
// `not_both` is present where E1 is absent (m >= p); the lowering took
// "not visited when every operand is present" for "never visited" and gave
// Z's reduction over E3 the constant-false predicate `-1 >= 0`: Z was 0
// everywhere instead of the sum of E3's present points. Such a result now
// carries a mask.
//
// RUN: edge-run %s --cascade=negated | FileCheck %s
// RUN: python3 %S/Inputs/differential.py edge-opt edge-run %t --seed 2 --count 6 --interpret | FileCheck %s --check-prefix=DIFFERENTIAL
// CHECK: output Z [3]:
// CHECK-NEXT: nan mismatches 0: PASS
// CHECK: output Y [4x3]:
// CHECK-NEXT: nan mismatches 0: PASS
// DIFFERENTIAL-NOT: MISMATCH
// DIFFERENTIAL: all agree

edge.cascade @negated(%A: tensor<4x3xf32>) -> (Z: tensor<3xf32>, Y: tensor<4x3xf32>) {
  %E1 = edge.einsum "E1" (%A[m, p]) -> [m, p] where m + 1 <= p
          : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %E3 = edge.einsum "E3" (%E1[m, p], %A[m, p]) -> [m, p] map add(not_both)
          : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %Z = edge.einsum "Z" (%E3[m, p]) -> [p] reduce [m] add(union)
         : (tensor<4x3xf32>) -> tensor<3xf32>
  edge.return %Z, %E3 : tensor<3xf32>, tensor<4x3xf32>
}
