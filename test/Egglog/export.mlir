// RUN: edge-opt --edge-export-egglog %s -o /dev/null | FileCheck %s
// RUN: edge-opt --edge-export-egglog="schema=0 rules=0" %s -o /dev/null | FileCheck %s --check-prefix=LETS
// RUN: edge-opt --edge-export-egglog %edge_src_root/examples/attention-1pass.mlir -o /dev/null | FileCheck %s --check-prefix=ITERATE

/// The datatypes come first, then the ruleset, then one let per value.
// CHECK:      (datatype Index (RankVar String) (IndexConst i64)
// CHECK:      (datatype*
// CHECK:        (Tensor
// CHECK:          (Einsum EinsumName NameList NameList OperandList IndexList MapAction
// CHECK:      (ruleset edge-rules)
/// Merge operators that visit a point where both operands are present.
// CHECK-DAG:  (rule ((= a (Map c "isect"))) ((VisitsAllPresent a)) :ruleset edge-rules)
// CHECK-DAG:  (rule ((= a (Map c "pass_through"))) ((VisitsAllPresent a)) :ruleset edge-rules)
// CHECK-NOT:  (rule ((= a (Map c "xor")))
// CHECK:      :ruleset edge-rules :name "split-cancel.unsplit-split")
// CHECK:      :ruleset edge-rules :name "split-cancel.split-unsplit")
// CHECK:      :ruleset edge-rules :name "defer-division")
// CHECK:      :ruleset edge-rules :name "product-fusion")
/// Rules left out are comments that say why.
// CHECK:      ;; reduce-to-iterate: walks every consumer of the global maximum

// CHECK-LABEL: ;; cascade @small
// CHECK:      (let $small.X (Input 0 "X" (TensorType (IntCons 8 (IntCons 4 (IntNil))) "f32")))
// CHECK:      (let $small.C (Input 1 "C" (TensorType (IntCons 4 (IntNil)) "f64")))
/// A filter `m <= p` is the constraint p - m >= 0; unary operators, an
/// explicit empty value, and compound rank expressions keep their form.
// CHECK:      (let $small.Y (Einsum (Named "Y")
// CHECK-NEXT: (NameCons "m" (NameCons "p" (NameNil))) (NameNil)
// CHECK-NEXT: (OperandCons (Access $small.X (IndexCons (RankVar "m") (IndexCons (RankVar "p") (IndexNil)))) (OperandNil))
// CHECK-NEXT: (IndexCons (RankVar "m") (IndexCons (RankVar "p") (IndexNil)))
// CHECK-NEXT: (NoMap) (UnaryCons "exp" (UnaryCons "neg" (UnaryNil)))
// CHECK-SAME: (ConstraintCons (NonNegative (IndexAdd (RankVar "p") (IndexMul (RankVar "m") (IndexConst -1)))) (ConstraintNil))
// CHECK-NEXT: (NoReduce) (EmptyValue (NegInf))
// CHECK:      (let $small.0 (Fill (Finite 2.5) (TensorType (IntCons 4 (IntNil)) "f64")))
// CHECK:      (let $small.BY (Split $small.Y 0 3 (EmptyValue (Finite 0.0)) (TensorType (IntCons 3 (IntCons 3 (IntCons 4 (IntNil)))) "f32")))
// CHECK:      (let $small.1 (Unsplit $small.BY 0 (TensorType (IntCons 8 (IntCons 4 (IntNil))) "f32")))
// CHECK:      (let $small.2 (Einsum (Unnamed)
// CHECK:      (let $small (Cascade "small"
// CHECK-NEXT: (NameCons "X" (NameCons "C" (NameNil)))
// CHECK:      (OutputCons "Y" $small.1 (OutputCons "Z" $small.2 (OutputNil)))))

// LETS-NOT:   datatype
// LETS-NOT:   rule
// LETS:       (let $small.X (Input 0

// ITERATE:      (let $attention.bk (SliceArg 0 0))
// ITERATE:      (let $attention.rmn (StateArg 0 0))
// ITERATE:      (let $attention.RMn.iterate (Iterate 0 "m1" 4
// ITERATE-NEXT:   (TensorCons $attention.BK (TensorCons $attention.BV (TensorNil))) (IntCons 1 (IntCons 1 (IntNil)))
// ITERATE-NEXT:   (TensorCons $attention.0 (TensorCons $attention.1 (TensorCons $attention.2 (TensorNil))))
// ITERATE-NEXT:   (TensorCons $attention.RMn_0 (TensorCons $attention.RDn_1 (TensorCons $attention.RNVn_2 (TensorNil))))))
// ITERATE:      (let $attention.RMn (IterateResult $attention.RMn.iterate 0))
// ITERATE:      (let $attention.RDn (IterateResult $attention.RMn.iterate 1))

edge.cascade @small(%X: tensor<8x4xf32>, %C: tensor<4xf64>)
    -> (Y: tensor<8x4xf32>, Z: tensor<4xf64>) {
  %Y = edge.einsum "Y" (%X[m, p]) -> [m, p] apply [exp, neg] where m <= p
         empty -inf : (tensor<8x4xf32>) -> tensor<8x4xf32>
  %F = edge.fill 2.5 : tensor<4xf64>
  %BY = edge.split %Y dim 0 tile 3 empty 0.0 : tensor<8x4xf32> -> tensor<3x3x4xf32>
  %U = edge.unsplit %BY dim 0 : tensor<3x3x4xf32> -> tensor<8x4xf32>
  %Z = edge.einsum (%C[p], %F[p]) -> [p] map mul(isect) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
  edge.return %U, %Z : tensor<8x4xf32>, tensor<4xf64>
}

/// The round trip keeps all of it (the examples are checked in
/// round-trip.mlir).
// RUN: edge-opt --edge-export-egglog %s -o /dev/null | edge-translate --edge-import-egglog | edge-opt > %t.imported.mlir
// RUN: edge-opt %s | diff - %t.imported.mlir

/// A second cascade: its lets are named after it, and the import reads
/// both back.
// CHECK-LABEL: ;; cascade @second
// CHECK:       (let $second.A (Input 0 "A"
// CHECK:       (let $second (Cascade "second"
edge.cascade @second(%A: tensor<4xf32>) -> (B: tensor<4xf32>) {
  %B = edge.einsum "B" (%A[p]) -> [p] apply [exp] : (tensor<4xf32>) -> tensor<4xf32>
  edge.return %B : tensor<4xf32>
}
