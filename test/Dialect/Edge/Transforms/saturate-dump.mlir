// RUN: edge-opt --edge-saturate="dump-egraph=1 rules=factor-out" %s -o /dev/null 2>&1 | FileCheck %s
// RUN: edge-opt --edge-saturate="dump-egraph=1 rules=product-fusion" %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONE

/// The saturated e-graph, one line per e-class: factor-out puts the sum of
/// the other factors times C into the class of Z (the sum of the product
/// that Y computes), next to Z itself.
// CHECK:      e-class 0: input()
// CHECK-NEXT: e-class 1: input()
// CHECK-NEXT: e-class 2: input()
// CHECK-NEXT: e-class 3: einsum "Y"(0, 1)
// CHECK-NEXT: e-class 4: einsum "Z"(3, 2) einsum "Z_scaled"(5, 1)
// CHECK-NEXT: e-class 5: einsum "Z"(0, 2)
// CHECK-NOT:  e-class

/// product-fusion does not apply (Z reads two operands): one node per class.
// NONE:      e-class 3: einsum "Y"(0, 1)
// NONE-NEXT: e-class 4: einsum "Z"(3, 2)
// NONE-NOT:  e-class
edge.cascade @factor_through_product(%X: tensor<48x16xf32>, %C: tensor<16xf32>,
                                     %W: tensor<48x16xf32>)
    -> (Z: tensor<16xf32>) {
  %Y = edge.einsum "Y" (%X[m, p], %C[p]) -> [m, p] map mul(isect)
         : (tensor<48x16xf32>, tensor<16xf32>) -> tensor<48x16xf32>
  %Z = edge.einsum "Z" (%Y[m, p], %W[m, p]) -> [p]
         map mul(isect) reduce [m] add(union)
         : (tensor<48x16xf32>, tensor<48x16xf32>) -> tensor<16xf32>
  edge.return %Z : tensor<16xf32>
}
