// RUN: edge-opt %s --edge-strided-copies-to-linalg | FileCheck %s

// A copy into the padded buffer of a split's tiles (a strided subview)
// becomes a linalg.copy, which lowers to loops instead of a call to the
// runtime's element-by-element memrefCopy.
// CHECK-LABEL: func.func @into_padded
// CHECK: linalg.copy ins(%{{.*}} : memref<64x?xf32>) outs(%{{.*}} : memref<64x?xf32, strided<[?, 1]>>)
// CHECK-NOT: memref.copy
func.func @into_padded(%K: memref<64x?xf32>, %buffer: memref<64x?xf32>) {
  %c1 = arith.constant 1 : index
  %m = memref.dim %K, %c1 : memref<64x?xf32>
  %sub = memref.subview %buffer[0, 0] [64, %m] [1, 1]
      : memref<64x?xf32> to memref<64x?xf32, strided<[?, 1]>>
  memref.copy %K, %sub : memref<64x?xf32> to memref<64x?xf32, strided<[?, 1]>>
  return
}

// Contiguous copies stay memref.copy (one memcpy): identity layouts, and a
// static strided layout that is row-major.
// CHECK-LABEL: func.func @contiguous
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x?xf32> to memref<4x?xf32>
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x8xf32, strided<[8, 1]>> to memref<4x8xf32>
// CHECK-NOT: linalg.copy
func.func @contiguous(%a: memref<4x?xf32>, %b: memref<4x?xf32>,
                      %c: memref<4x8xf32, strided<[8, 1]>>,
                      %d: memref<4x8xf32>) {
  memref.copy %a, %b : memref<4x?xf32> to memref<4x?xf32>
  memref.copy %c, %d : memref<4x8xf32, strided<[8, 1]>> to memref<4x8xf32>
  return
}
