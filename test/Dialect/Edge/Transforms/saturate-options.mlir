// RUN: edge-opt --edge-saturate="objective=flops" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=FLOPS
// RUN: edge-opt --edge-saturate="objective=flops" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=FLOPS-IR
// RUN: edge-opt --edge-saturate="objective=traffic" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --edge-saturate="max-passes=1" %edge_src_root/examples/attention-3pass.mlir | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --edge-saturate="max-iters=1" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=LIMIT
// RUN: edge-opt --edge-saturate="max-nodes=12" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=NODES
// RUN: not edge-opt --edge-saturate="objective=speed" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not edge-opt --edge-saturate="rules=split-rank,fuse" %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=BAD-RULE
// RUN: edge-opt --edge-saturate="rules=defer-division remarks=1" %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=RULES
// RUN: edge-opt --edge-saturate="rules=split-rank" %edge_src_root/examples/attention-3pass.mlir | FileCheck %s --check-prefix=KEEP
// RUN: edge-opt --edge-saturate="rules=split-rank objective=rewritten remarks=1" %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=REWRITTEN

/// Fewest FLOPs: the division deferral alone (2 passes) beats both the
/// 3-pass cascade (more divisions) and the tiled forms (rebase arithmetic).
// FLOPS: max passes: 2 (over m)
// FLOPS-IR-NOT: edge.iterate
// FLOPS-IR: map div(take_right)
// FLOPS-IR-NEXT: edge.return

// ONE: max passes: 1 (over m)

/// A limit keeps the best cascade found so far and says so.
// LIMIT: remark: edge-saturate: stopped early (iteration-limit); using the best cascade found so far
// LIMIT: edge.cascade @attention
// NODES: remark: edge-saturate: stopped early (node-limit); using the best cascade found so far
// NODES: edge.cascade @attention

// BAD: error: edge-saturate: unknown objective 'speed'
// BAD-RULE: error: edge-saturate: unknown rule 'fuse' (expected one of defer-division split-rank split-cancel split-reduction exp-rebase factor-out product-fusion reduce-to-iterate)

/// `rules=` runs only the named rules.
// RULES: passes 3 -> 2; rules: defer-division=1{{$}}

/// negative_: split-rank alone does not lower the cost, so the default
/// objective keeps the input; `objective=rewritten` takes the split form.
// KEEP-NOT: edge.split
// REWRITTEN: passes 3 -> 3; rules: split-rank=6; e-nodes used: 0 from the input, {{[1-9][0-9]*}} rewritten
