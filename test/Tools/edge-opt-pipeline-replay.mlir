// Every pass of edge-lower-to-llvm is registered in edge-opt: its textual
// form (--dump-pass-pipeline) runs as a --pass-pipeline and gives the same
// module, so the lowering can be continued or bisected pass by pass.
//
// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir --edge-lower-to-llvm="threads=1" --dump-pass-pipeline -o %t.expected.mlir 2>&1 | tail -n +2 | tr -d '\n' > %t.pipeline
// RUN: xargs -0 -I PIPELINE edge-opt %edge_src_root/examples/attention-1pass.mlir --pass-pipeline=PIPELINE -o %t.replayed.mlir < %t.pipeline
// RUN: diff %t.expected.mlir %t.replayed.mlir
// RUN: FileCheck %s < %t.pipeline

// CHECK: builtin.module({{ *}}convert-edge-to-linalg,
// CHECK-SAME: one-shot-bufferize
// CHECK-SAME: convert-func-to-llvm
// CHECK-SAME: edge-check-llvm-contract{{ *}})
