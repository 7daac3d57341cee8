// Several outputs of several ranks, one of them returned twice: the wrapper
// reads the results struct, copies each output and frees the shared
// allocation once (glibc aborts on a double free). Checked against a C
// reference in Inputs/two-outputs-driver.c.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-compile %s --pipeline-options="threads=1" --prefix=mm_ \
// RUN:   -o %t/two.o --header %t/two.h
// RUN: FileCheck %s --check-prefix=HEADER < %t/two.h
// RUN: %host_cc -std=c99 -O1 -I%t %S/Inputs/two-outputs-driver.c %t/two.o \
// RUN:   -lm -o %t/driver
// RUN: %t/driver | FileCheck %s
//
// The exported symbol is the wrapper only; the lowered code is internal.
// RUN: edge-compile %s --pipeline-options="threads=1" --prefix=mm_ \
// RUN:   --emit-llvm -o - | FileCheck %s --check-prefix=IR

// HEADER: int mm_two(const float *A, const float *B, float *Z, float *S, float *Z2);
// CHECK: PASS
// IR: define {{.*}}i32 @mm_two(ptr {{.*}}%A, ptr {{.*}}%B, ptr {{.*}}%Z, ptr {{.*}}%S, ptr {{.*}}%Z2)
// IR-NOT: define {{.*}}@_mlir_ciface
// IR-NOT: define void @two(

edge.cascade @two(%A: tensor<4x8xf32>, %B: tensor<4x16xf32>)
    -> (Z: tensor<8x16xf32>, S: tensor<8xf32>, Z2: tensor<8x16xf32>) {
  %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
         map mul(isect) reduce [k] add(union)
         : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
  %S = edge.einsum "S" (%Z[m, n]) -> [m] reduce [n] add(union)
         : (tensor<8x16xf32>) -> tensor<8xf32>
  edge.return %Z, %S, %Z : tensor<8x16xf32>, tensor<8xf32>, tensor<8x16xf32>
}
