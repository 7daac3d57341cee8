// The 1-pass cascade must stay 1-pass after lowering: no buffer of M x P
// (keys x queries, 256 x 128 = 32768 floats) may be allocated. Allocations
// are counted on the fully lowered LLVM IR, where a malloc'ed buffer of N
// floats is sized by `llvm.getelementptr %null[N] ... f32`.
//
// RUN: edge-opt %edge_src_root/examples/attention-1pass.mlir --edge-lower-to-llvm | FileCheck %s
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --edge-lower-to-llvm | FileCheck %s --check-prefix=NEGATIVE

/// 1-pass: per-tile buffers only (M0 x P = 64 x 128 = 8192 floats, and P).
// CHECK-LABEL: llvm.func @attention
// CHECK-NOT:     [32768]
// CHECK:         llvm.getelementptr %{{.*}}[8192] : (!llvm.ptr) -> !llvm.ptr, f32
// CHECK-NEXT:    llvm.ptrtoint
// CHECK-NEXT:    llvm.add
// CHECK-NEXT:    llvm.call @malloc
// CHECK-NOT:     [32768]
// CHECK-LABEL: llvm.func @_mlir_ciface_attention

/// negative_: the 3-pass cascade does materialize M x P (QK, SN, A), which
/// shows that the check above would catch it.
// NEGATIVE-LABEL: llvm.func @attention
// NEGATIVE:         llvm.getelementptr %{{.*}}[32768] : (!llvm.ptr) -> !llvm.ptr, f32
// NEGATIVE-NEXT:    llvm.ptrtoint
// NEGATIVE-NEXT:    llvm.add
// NEGATIVE-NEXT:    llvm.call @malloc
