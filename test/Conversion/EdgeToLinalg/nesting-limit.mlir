// Lowering time doubles with each level of nested edge.iterate ops (in
// upstream bufferization, docs/Limits.md). Sixteen levels lower; seventeen
// are refused with an error at the innermost iterate instead of hanging.
//
// RUN: python3 -c "import sys; sys.path.insert(0, '%edge_src_root/bench/compile-time'); import run; print(run.nested(16))" > %t.16.mlir
// RUN: edge-opt %t.16.mlir --convert-edge-to-linalg -o /dev/null
// RUN: python3 -c "import sys; sys.path.insert(0, '%edge_src_root/bench/compile-time'); import run; print(run.nested(17))" > %t.17.mlir
// RUN: not edge-opt %t.17.mlir --edge-lower-to-llvm -o /dev/null 2>&1 | FileCheck %s

// CHECK: error: 'edge.iterate' op cannot be lowered: nested 17 edge.iterate ops deep, more than the 16 the lowering supports
// CHECK-NOT: error
