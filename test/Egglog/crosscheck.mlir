// REQUIRES: egglog
// RUN: %egglog_python %edge_src_root/bench/egglog/crosscheck.py --edge-opt edge-opt --edge-translate edge-translate --extracted %t.mlir %edge_src_root/examples/attention-3pass.mlir | FileCheck %s
// RUN: edge-opt %t.mlir | FileCheck %s --check-prefix=TERM
// RUN: edge-run %t.mlir --compare-with=%edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=NUM

/// egglog, run on the exported 3-pass attention with the exported rules,
/// saturates, and the term it extracts under the pass-count cost has the
/// pass count of --edge-saturate's result with the same rules (the script
/// exits 1 otherwise). Without the egglog package (offline) lit reports
/// this test UNSUPPORTED (test/lit.cfg.py).
// CHECK: input: {{.*}}attention-3pass.mlir, 3 passes over 'm'; rules egglog has: defer-division, product-fusion, split-cancel
// CHECK: egglog (same rules) {{.*}} saturated {{.*}} 2
// CHECK: edge-saturate (same rules) {{.*}} saturated {{.*}} 2
// CHECK: edge-saturate (all rules) {{.*}} 1
// CHECK: egglog rule matches: defer-division={{[1-9][0-9]*}}, product-fusion=0, split-cancel.split-unsplit=0, split-cancel.unsplit-split=0
// CHECK: OK: both 2 passes

/// The extracted term, imported: the division is deferred past the sum
/// over m (FuseMax's division deferral).
// TERM-LABEL: edge.cascade @attention
// TERM:         %[[QK:.*]] = edge.einsum "QK"
// TERM:         %[[GM:.*]] = edge.einsum "GM" (%[[QK]][m, p]) -> [p] reduce [m] max(union)
// TERM:         %[[SN:.*]] = edge.einsum "SN" (%[[QK]][m, p], %[[GM]][p])
// TERM:         %[[SNV:.*]] = edge.einsum "AV" (%[[SN]][m, p], %{{.*}}[f, m]) -> [f, p] map mul(isect) reduce [m] add(union)
// TERM:         %[[SD:.*]] = edge.einsum "SD" (%[[SN]][m, p]) -> [p] reduce [m] add(union)
// TERM:         %[[AV:.*]] = edge.einsum "AV" (%[[SNV]][f, p], %[[SD]][p]) -> [f, p] map div(take_right)
// TERM-NOT:     edge.einsum
// TERM:         edge.return %[[AV]]

/// And it computes what the 3-pass cascade computes (edge-run: same seeded
/// inputs, every output compared, exit 1 on a mismatch).
// NUM: : PASS
// NUM-NOT: FAIL
