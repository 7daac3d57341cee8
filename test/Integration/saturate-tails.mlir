// split-rank with a tail: tile 48 on M = 256 gives 6 tiles, the last with
// 16 keys. Every rewritten einsum gets the filter m1*48 + m0 <= 255 (as
// edge-split-rank does), so it visits exactly the points it visited before.
// split-cancel then removes split(unsplit(Y)) where Y is absent at its tail,
// and the full rule set still derives one pass.
//
// RUN: edge-opt --edge-saturate="rules=split-rank tile=48 objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=SPLIT
// RUN: edge-opt --edge-saturate="rules=split-rank tile=48 objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
// RUN: edge-opt --edge-saturate="rules=split-rank,split-cancel tile=48 objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=CANCEL
// RUN: edge-opt --edge-saturate="rules=split-rank,split-cancel tile=48 objective=rewritten" %edge_src_root/examples/attention-3pass.mlir | edge-run - --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM
// RUN: edge-opt --edge-saturate="tile=48" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=FULL
// RUN: edge-opt --edge-saturate="tile=48" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=PASSES
// RUN: edge-opt --edge-saturate="tile=48" %edge_src_root/examples/attention-3pass.mlir | edge-run - | FileCheck %s --check-prefix=NUM
// RUN: edge-opt --edge-saturate="tile=48" %edge_src_root/examples/attention-3pass.mlir | edge-run - --seed=7 --scale=4 | FileCheck %s --check-prefix=NUM

// NUM: : PASS
// NUM-NOT: FAIL

// SPLIT-LABEL: edge.cascade @attention
// SPLIT-DAG:   %[[BK:.*]] = edge.split %{{.*}} dim 1 tile 48 : tensor<64x256xf32> -> tensor<64x6x48xf32>
// SPLIT-DAG:   edge.einsum "BQK" (%{{.*}}[e, p], %[[BK]][e, m1, m0]) -> [m1, m0, p] map mul(isect) where m1*48 + m0 <= 255 reduce [e] add(union)
// SPLIT-DAG:   edge.einsum "GM" (%{{.*}}[m1, m0, p]) -> [p] where m1*48 + m0 <= 255 reduce [m1, m0] max(union)
// SPLIT-DAG:   edge.einsum "BSN" (%{{.*}}[m1, m0, p], %{{.*}}[p]) -> [m1, m0, p] map sub_exp(pass_through) where m1*48 + m0 <= 255
// SPLIT-DAG:   edge.einsum "AV" ({{.*}}) -> [f, p] map mul(isect) where m1*48 + m0 <= 255 reduce [m1, m0] add(union)

// CANCEL-LABEL: edge.cascade @attention
// CANCEL-NOT:  edge.unsplit
// CANCEL:      %[[BQK:.*]] = edge.einsum "BQK"
// CANCEL-NOT:  edge.unsplit
// CANCEL:      edge.einsum "GM" (%[[BQK]][m1, m0, p])
// CANCEL-NOT:  edge.unsplit
// CANCEL:      edge.return

// FULL-LABEL: edge.cascade @attention
// FULL:       edge.iterate m1 until m1 >= 6
// FULL:         where m0 + m1*48 <= 255
// FULL:       map div(take_right)
// FULL-NOT:   edge.iterate

// PASSES: max passes: 1 (over m)
