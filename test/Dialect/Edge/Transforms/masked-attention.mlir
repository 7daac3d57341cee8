// The derivations on attention with a key-padding mask (edge.mask), which
// the presence analysis cannot see through: a masked key makes QK empty,
// so a row of the maximum may be empty, and so may any tile of it.
//
// 2 passes: the split, the local maxima and the rebase to them hold with
// empty points (their exponents visit present logits only).
// RUN: edge-opt %edge_src_root/examples/attention-masked.mlir --fusemax-2pass | FileCheck %s --check-prefix=TWO
// TWO-LABEL: edge.cascade @attention
// TWO:         %[[KV:.*]] = edge.mask %{{.*}} where %{{.*}} dims [1]
// TWO:         %[[BK:.*]] = edge.split %[[KV]] dim 1 tile 64
// TWO:         edge.einsum "LM" ({{.*}}) -> [m1, p] reduce [m0] max(union)
// TWO:         edge.einsum "GM" ({{.*}}) -> [p] reduce [m1] max(union)
// TWO-NOT:     edge.iterate
//
// 1 pass is refused by default: the running correction of a row that has
// no present point yet would be e^(-inf - -inf), where the reduction form
// is exact (an empty row, 0).
// RUN: edge-opt %edge_src_root/examples/attention-masked.mlir --fusemax-1pass=remarks 2>&1 | FileCheck %s --check-prefix=REFUSED
// REFUSED: remark: edge-reduce-to-iterate: the maximum may be absent (a fully masked row, or an empty first tile): the running correction would be e^(-inf - -inf) (nan-empty-rows accepts NaN in such rows)
// REFUSED-NOT: edge.iterate
//
// With nan-empty-rows: one iteration whose correction is guarded. RTM is
// the running maximum where this tile has a present logit (take_right),
// PRM = e^(RM - RTM) there and 1 (its empty value) elsewhere, and the
// running sums keep their value where PRM is absent (mul(take_left)).
// RUN: edge-opt %edge_src_root/examples/attention-masked.mlir --fusemax-1pass=nan-empty-rows | FileCheck %s --check-prefix=ONE
// ONE-LABEL: edge.cascade @attention
// ONE:         edge.iterate m1 until m1 >= 4
// ONE:           %[[LM:.*]] = edge.einsum "LM" ({{.*}}) -> [p] reduce [m0] max(union)
// ONE:           %[[RM:.*]] = edge.einsum "RM" (%[[RMI:.*]][p], %[[LM]][p]) -> [p] map max(union)
// ONE:           %[[RTM:.*]] = edge.einsum "RTM" (%[[RMI]][p], %[[LM]][p]) -> [p] map max(take_right)
// ONE:           %[[PRM:.*]] = edge.einsum "PRM" (%[[RMI]][p], %[[RTM]][p]) -> [p] map sub_exp(take_right) empty 1.0
// ONE:           edge.einsum "SPD" (%{{.*}}[p], %[[PRM]][p]) -> [p] map mul(take_left)
// ONE:           edge.einsum "SPNV" (%{{.*}}[f, p], %[[PRM]][p]) -> [f, p] map mul(take_left)
// ONE:           edge.yield %[[RM]]
// ONE:         edge.einsum "AV" ({{.*}}) -> [f, p] map div(take_right)
