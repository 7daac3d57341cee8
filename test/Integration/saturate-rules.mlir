// Per-rule numeric tests of --edge-saturate: each rule runs alone (with the
// rules that must fire before it to create its match), `objective=rewritten`
// extracts the candidate that uses the rule's terms, FileCheck shows them in
// the output and edge-run shows that it computes the same numbers as its
// input (--compare-with: same seeded inputs, every output compared; edge-run
// exits 1 on a mismatch).
//
// RUN: edge-opt --edge-saturate="rules=defer-division objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=DEFER
// RUN: edge-opt --edge-saturate="rules=defer-division objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
//
// RUN: edge-opt --edge-saturate="rules=split-rank objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=SPLIT
// RUN: edge-opt --edge-saturate="rules=split-rank objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
//
// RUN: edge-opt --edge-saturate="rules=split-rank,split-cancel objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=CANCEL
// RUN: edge-opt --edge-saturate="rules=split-rank,split-cancel objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
// RUN: edge-opt --edge-saturate="rules=split-cancel objective=rewritten" %s | FileCheck %s --check-prefix=CANCEL-TAIL
// RUN: edge-opt --edge-saturate="rules=split-cancel objective=rewritten" %s | edge-run - --cascade=split_cancel_tail --compare-with=%s --compare-cascade=split_cancel_tail | FileCheck %s --check-prefix=NUM
//
// RUN: edge-opt --edge-saturate="rules=split-rank,split-reduction objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=SRED
// RUN: edge-opt --edge-saturate="rules=split-rank,split-reduction objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
//
// RUN: edge-opt --edge-saturate="rules=split-rank,split-reduction,exp-rebase objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=REBASE
// RUN: edge-opt --edge-saturate="rules=split-rank,split-reduction,exp-rebase objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
//
// RUN: edge-opt --edge-saturate="rules=factor-out objective=rewritten" %s | FileCheck %s --check-prefix=FACTOR
// RUN: edge-opt --edge-saturate="rules=factor-out objective=rewritten" %s | edge-run - --cascade=factor_out --compare-with=%s --compare-cascade=factor_out | FileCheck %s --check-prefix=NUM
// RUN: edge-opt --edge-saturate="rules=factor-out objective=rewritten" %s | FileCheck %s --check-prefix=FACTOR-THROUGH
// RUN: edge-opt --edge-saturate="rules=factor-out objective=rewritten" %s | edge-run - --cascade=factor_through_product --compare-with=%s --compare-cascade=factor_through_product | FileCheck %s --check-prefix=NUM
// RUN: edge-opt --edge-normalize %s | FileCheck %s --check-prefix=FUSION
// RUN: edge-opt --edge-saturate="rules=product-fusion objective=rewritten" %s | FileCheck %s --check-prefix=FUSION
// RUN: edge-opt --edge-saturate="rules=product-fusion objective=rewritten" %s | edge-run - --cascade=product_fusion --compare-with=%s --compare-cascade=product_fusion | FileCheck %s --check-prefix=NUM
//
// RUN: edge-opt --edge-saturate="rules=split-rank,split-cancel,split-reduction,reduce-to-iterate objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=ITER
// RUN: edge-opt --edge-saturate="rules=split-rank,split-cancel,split-reduction,reduce-to-iterate objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM

// NUM: : PASS
// NUM-NOT: FAIL

/// defer-division: AV = sum_m (SN / SD) x V becomes (sum_m SN x V) / SD; the
/// quotient A is gone and the division is the last einsum. (The sum keeps
/// the name of the first einsum built with its structure, AV's.)
// DEFER-LABEL: edge.cascade @attention
// DEFER-SAME:    %[[V:[A-Za-z0-9_]+]]: tensor<64x256xf32>)
// DEFER:       %[[SN:.*]] = edge.einsum "SN"
// DEFER-NOT:   div(take_right)
// DEFER-DAG:   %[[SNV:.*]] = edge.einsum "{{.*}}" (%[[SN]][m, p], %[[V]][f, m]) -> [f, p] map mul(isect) reduce [m] add(union)
// DEFER-DAG:   %[[SD:.*]] = edge.einsum "SD" (%[[SN]][m, p]) -> [p] reduce [m] add(union)
// DEFER:       edge.einsum "AV" (%[[SNV]][f, p], %[[SD]][p]) -> [f, p] map div(take_right)
// DEFER-NEXT:  edge.return

/// split-rank: every einsum over m now runs over m1 x m0 on split operands;
/// an output that keeps m is unsplit for its (unsplit) users.
// SPLIT-LABEL: edge.cascade @attention
// SPLIT-SAME:    (%[[Q:[A-Za-z0-9_]+]]: tensor<64x128xf32>, %[[K:[A-Za-z0-9_]+]]: tensor<64x256xf32>, %[[V:[A-Za-z0-9_]+]]: tensor<64x256xf32>)
// SPLIT-DAG:   %[[BK:.*]] = edge.split %[[K]] dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
// SPLIT-DAG:   %[[BV:.*]] = edge.split %[[V]] dim 1 tile 64 : tensor<64x256xf32> -> tensor<64x4x64xf32>
// SPLIT-DAG:   %[[BQK:.*]] = edge.einsum "BQK" (%[[Q]][e, p], %[[BK]][e, m1, m0]) -> [m1, m0, p] map mul(isect) reduce [e] add(union)
// SPLIT-DAG:   edge.unsplit %[[BQK]] dim 0 : tensor<4x64x128xf32> -> tensor<256x128xf32>
// SPLIT-DAG:   edge.einsum "GM" (%{{.*}}[m1, m0, p]) -> [p] reduce [m1, m0] max(union)
// SPLIT-DAG:   edge.einsum "BSN" (%{{.*}}[m1, m0, p], %{{.*}}[p]) -> [m1, m0, p] map sub_exp(pass_through)
// SPLIT-DAG:   edge.einsum "SD" (%{{.*}}[m1, m0, p]) -> [p] reduce [m1, m0] add(union)
// SPLIT-DAG:   edge.einsum "AV" (%{{.*}}[m1, m0, p], %[[BV]][f, m1, m0]) -> [f, p] map mul(isect) reduce [m1, m0] add(union)

/// split-cancel: split(unsplit(BQK)) = BQK, so the split consumers read the
/// split producers directly and no unsplit is left.
// CANCEL-LABEL: edge.cascade @attention
// CANCEL-NOT:  edge.unsplit
// CANCEL:      %[[BQK:.*]] = edge.einsum "BQK"
// CANCEL-NOT:  edge.unsplit
// CANCEL:      %[[GM:.*]] = edge.einsum "GM" (%[[BQK]][m1, m0, p]) -> [p] reduce [m1, m0] max(union)
// CANCEL-NOT:  edge.unsplit
// CANCEL:      %[[BSN:.*]] = edge.einsum "BSN" (%[[BQK]][m1, m0, p], %[[GM]][p])
// CANCEL-NOT:  edge.unsplit
// CANCEL:      edge.einsum "SD" (%[[BSN]][m1, m0, p])
// CANCEL-NOT:  edge.unsplit
// CANCEL:      edge.return

/// split-cancel on its own: unsplit(split(X)) = X with a tail (40 = 2 x 16
/// + 8): the unsplit drops exactly the tail the split added.
// CANCEL-TAIL-LABEL: edge.cascade @split_cancel_tail
// CANCEL-TAIL-SAME:    (%[[X:[A-Za-z0-9_]+]]: tensor<40x16xf32>)
// CANCEL-TAIL-NEXT:  edge.einsum "Y" (%[[X]][m, p]) -> [p] reduce [m] max(union)
// CANCEL-TAIL-NEXT:  edge.return
edge.cascade @split_cancel_tail(%X: tensor<40x16xf32>) -> (Y: tensor<16xf32>) {
  %S = edge.split %X dim 0 tile 16 : tensor<40x16xf32> -> tensor<3x16x16xf32>
  %U = edge.unsplit %S dim 0 : tensor<3x16x16xf32> -> tensor<40x16xf32>
  %Y = edge.einsum "Y" (%U[m, p]) -> [p] reduce [m] max(union)
         : (tensor<40x16xf32>) -> tensor<16xf32>
  edge.return %Y : tensor<16xf32>
}

/// split-reduction: GM = max_{m1,m0} X becomes max_m1 (LM = max_m0 X).
// SRED-LABEL: edge.cascade @attention
// SRED:        %[[LM:.*]] = edge.einsum "LM" (%{{.*}}[m1, m0, p]) -> [m1, p] reduce [m0] max(union)
// SRED:        edge.einsum "GM" (%[[LM]][m1, p]) -> [p] reduce [m1] max(union)

/// exp-rebase: e^(X - GM) = e^(X - LM) x e^(LM - GM), on the split forms
/// (split-rank) and the local maximum LM (split-reduction).
// REBASE-LABEL: edge.cascade @attention
// REBASE:      %[[LM:.*]] = edge.einsum "LM" (%[[X:.*]][m1, m0, p]) -> [m1, p] reduce [m0] max(union)
// REBASE:      %[[SLN:.*]] = edge.einsum "{{.*}}" (%[[X]][m1, m0, p], %[[LM]][m1, p]) -> [m1, m0, p] map sub_exp(pass_through)
// REBASE:      %[[PRM:.*]] = edge.einsum "PRM" (%[[LM]][m1, p], %{{.*}}[p]) -> [m1, p] map sub_exp(pass_through)
// REBASE:      edge.einsum "BSN" (%[[SLN]][m1, m0, p], %[[PRM]][m1, p]) -> [m1, m0, p] map mul(isect)

/// factor-out: sum_m X[m,p] x C[p] = (sum_m X[m,p]) x C[p]. Attention has
/// no such sum (its per-tile factor PRM is a separate einsum), so the rule
/// is checked on a small cascade.
// FACTOR-LABEL: edge.cascade @factor_out
// FACTOR-SAME:    (%[[X:[A-Za-z0-9_]+]]: tensor<48x16xf32>, %[[C:[A-Za-z0-9_]+]]: tensor<16xf32>)
// FACTOR-NEXT:  %[[S:.*]] = edge.einsum "Z" (%[[X]][m, p]) -> [p] reduce [m] add(union)
// FACTOR-NEXT:  %[[Z:.*]] = edge.einsum "Z_scaled" (%[[S]][p], %[[C]][p]) -> [p] map mul(isect)
// FACTOR-NEXT:  edge.return %[[Z]]
edge.cascade @factor_out(%X: tensor<48x16xf32>, %C: tensor<16xf32>)
    -> (Z: tensor<16xf32>) {
  %Z = edge.einsum "Z" (%X[m, p], %C[p]) -> [p]
         map mul(isect) reduce [m] add(union)
         : (tensor<48x16xf32>, tensor<16xf32>) -> tensor<16xf32>
  edge.return %Z : tensor<16xf32>
}

/// factor-out through the product that computes an operand (what the pass
/// does after exp-rebase: sum_m0 SN with SN = SLN x PRM): sum_m (Y[m,p] x
/// W[m,p]) with Y = X x C = (sum_m X x W) x C.
// FACTOR-THROUGH-LABEL: edge.cascade @factor_through_product
// FACTOR-THROUGH-SAME:    (%[[X:[A-Za-z0-9_]+]]: tensor<48x16xf32>, %[[C:[A-Za-z0-9_]+]]: tensor<16xf32>, %[[W:[A-Za-z0-9_]+]]: tensor<48x16xf32>)
// FACTOR-THROUGH:       %[[S:.*]] = edge.einsum "Z" (%[[X]][m, p], %[[W]][m, p]) -> [p] map mul(isect) reduce [m] add(union)
// FACTOR-THROUGH-NEXT:  %[[Z:.*]] = edge.einsum "Z_scaled" (%[[S]][p], %[[C]][p]) -> [p] map mul(isect)
// FACTOR-THROUGH-NEXT:  edge.return %[[Z]]
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

/// product-fusion (normal form, and a rule): a product read by one sum is
/// computed inside it, sum_m P with P = X x W = sum_m (X x W).
// FUSION-LABEL: edge.cascade @product_fusion
// FUSION-SAME:    (%[[X:[A-Za-z0-9_]+]]: tensor<48x16xf32>, %[[W:[A-Za-z0-9_]+]]: tensor<16x48xf32>)
// FUSION-NEXT:  %[[S:.*]] = edge.einsum "S" (%[[X]][m, p], %[[W]][p, m]) -> [p] map mul(isect) reduce [m] add(union)
// FUSION-NEXT:  edge.return %[[S]]
edge.cascade @product_fusion(%X: tensor<48x16xf32>, %W: tensor<16x48xf32>)
    -> (S: tensor<16xf32>) {
  %P = edge.einsum "P" (%X[i, j], %W[j, i]) -> [i, j] map mul(isect)
         : (tensor<48x16xf32>, tensor<16x48xf32>) -> tensor<48x16xf32>
  %S = edge.einsum "S" (%P[m, p]) -> [p] reduce [m] add(union)
         : (tensor<48x16xf32>) -> tensor<16xf32>
  edge.return %S : tensor<16xf32>
}

/// reduce-to-iterate: GM = max_m1 LM and SD = sum_m1 SLD (after split-rank,
/// split-cancel and split-reduction) become one iteration over m1 carrying
/// the running max RM and denominator RD; A (not a sum over m1) still
/// needs the final values, after the iteration.
// ITER-LABEL: edge.cascade @attention
// ITER:        %[[RM:.*]], %[[RD:.*]] = edge.iterate m1 until m1 >= 4
// ITER:          %[[LM:.*]] = edge.einsum "LM"
// ITER:          %[[RMn:.*]] = edge.einsum "RM" (%{{.*}}[p], %[[LM]][p]) -> [p] map max(union)
// ITER:          edge.einsum "PRM" (%{{.*}}[p], %[[RMn]][p]) -> [p] map sub_exp(pass_through)
// ITER:          edge.yield %[[RMn]]
// ITER:        %[[BSN:.*]] = edge.einsum "BSN" (%{{.*}}[m1, m0, p], %[[RM]][p])
// ITER:        edge.einsum "BA" (%[[BSN]][m1, m0, p], %[[RD]][p]) -> [m1, m0, p] map div(take_right)
