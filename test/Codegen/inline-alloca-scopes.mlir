// RUN: edge-opt %s --edge-inline-alloca-scopes | FileCheck %s

/// The body of a scope runs between a stack save and a restore; its loops
/// can then be split into blocks by scf-to-cf.
// CHECK-LABEL: func.func @scope
// CHECK: %[[SP:.*]] = llvm.intr.stacksave : !llvm.ptr
// CHECK: memref.alloca() : memref<4xindex>
// CHECK: scf.for
// CHECK: llvm.intr.stackrestore %[[SP]] : !llvm.ptr
// CHECK-NOT: memref.alloca_scope
func.func @scope(%n: index) -> index {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = memref.alloca_scope -> (index) {
    %a = memref.alloca() : memref<4xindex>
    memref.store %n, %a[%c0] : memref<4xindex>
    scf.for %i = %c0 to %n step %c1 {
      memref.store %i, %a[%c1] : memref<4xindex>
    }
    %v = memref.load %a[%c1] : memref<4xindex>
    memref.alloca_scope.return %v : index
  }
  return %r : index
}
