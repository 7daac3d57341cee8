// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir --edge-lower-to-llvm="vector-bits=256 tile-rows=4 threads=1" | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir --edge-lower-to-llvm="vector-bits=256 tile-rows=4 threads=2" | FileCheck %s --check-prefix=THREADS
// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir --edge-lower-to-llvm="vectorize=false threads=1" | FileCheck %s --check-prefix=SCALAR

/// The 1-pass cascade compiled for an AVX2-sized target: the contractions are
/// FMAs of two 8-lane vectors, exp is a vector polynomial (no call of expf or exp), the full
/// tiles need no masked loads or stores, and one thread means no OpenMP.
// CHECK-LABEL: llvm.func @attention
// CHECK: llvm.intr.fma({{.*}}) : (vector<16xf32>, vector<16xf32>, vector<16xf32>) -> vector<16xf32>
// CHECK-NOT: llvm.call @expf
// CHECK-NOT: llvm.call @exp
// CHECK-NOT: llvm.intr.masked
// CHECK-NOT: omp.parallel

/// With two threads the independent ranks run in OpenMP parallel loops.
// THREADS-LABEL: llvm.func @attention
// THREADS: omp.parallel
// THREADS: omp.wsloop

/// Without vectorization: scalar code, still no exp call (math.exp lowers to
/// the llvm.intr.exp intrinsic on scalars).
// SCALAR-LABEL: llvm.func @attention
// SCALAR-NOT: vector<
