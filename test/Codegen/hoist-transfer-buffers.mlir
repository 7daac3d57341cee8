// RUN: edge-opt %s --convert-vector-to-scf --edge-hoist-transfer-buffers | FileCheck %s

// convert-vector-to-scf allocates the scratch buffer of a transfer it
// unrolls at the start of the scf.for around it; LLVM would allocate it at
// every iteration. It moves to the function's entry block.
// CHECK-LABEL: func.func @in_loop
// CHECK-NEXT: %[[BUFFER:.*]] = memref.alloca() : memref<vector<4x8xf32>>
// CHECK: scf.for
// CHECK-NOT: memref.alloca
// CHECK: vector.type_cast %[[BUFFER]]
func.func @in_loop(%m: memref<?x?xf32>, %n: index) -> vector<4x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %p = arith.constant 0.0 : f32
  %z = arith.constant dense<0.0> : vector<4x8xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %z) -> vector<4x8xf32> {
    %v = vector.transfer_read %m[%i, %c0], %p : memref<?x?xf32>, vector<4x8xf32>
    %s = arith.addf %acc, %v : vector<4x8xf32>
    scf.yield %s : vector<4x8xf32>
  }
  return %r : vector<4x8xf32>
}

// Inside an omp.parallel region (outlined per thread) the buffer stays in
// the region's entry block: each thread has its own.
// CHECK-LABEL: func.func @in_parallel
// CHECK: omp.parallel {
// CHECK-NEXT: %[[OWN:.*]] = memref.alloca() : memref<vector<4x8xf32>>
// CHECK: scf.for
// CHECK: vector.type_cast %[[OWN]]
func.func @in_parallel(%m: memref<?x?xf32>, %n: index, %out: memref<vector<4x8xf32>>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %p = arith.constant 0.0 : f32
  omp.parallel {
    scf.for %i = %c0 to %n step %c1 {
      %v = vector.transfer_read %m[%i, %c0], %p : memref<?x?xf32>, vector<4x8xf32>
      memref.store %v, %out[] : memref<vector<4x8xf32>>
    }
    omp.terminator
  }
  return
}
