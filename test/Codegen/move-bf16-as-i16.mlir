// RUN: edge-opt %s --edge-move-bf16-as-i16 --canonicalize | FileCheck %s

/// The key mask of bf16 attention with 100 keys: a load, select and store of
/// 25 bf16 lanes (a length LLVM's x86 backend cannot load as bf16 with
/// AVX512-BF16) move i16 lanes; the zero is bitcast once.
// CHECK-LABEL: llvm.func @mask
// CHECK: %[[ZERO:.*]] = llvm.bitcast %{{.*}} : vector<25xbf16> to vector<25xi16>
// CHECK: %[[V:.*]] = llvm.load %{{.*}} {alignment = 2 : i64} : !llvm.ptr -> vector<25xi16>
// CHECK: %[[S:.*]] = llvm.select %{{.*}}, %[[V]], %[[ZERO]] : vector<25xi1>, vector<25xi16>
// CHECK: llvm.store %[[S]], %{{.*}} {alignment = 2 : i64} : vector<25xi16>, !llvm.ptr
llvm.func @mask(%p: !llvm.ptr, %q: !llvm.ptr, %m: vector<25xi1>) {
  %zero = llvm.mlir.constant(dense<0.0> : vector<25xbf16>) : vector<25xbf16>
  %v = llvm.load %p {alignment = 2 : i64} : !llvm.ptr -> vector<25xbf16>
  %s = llvm.select %m, %v, %zero : vector<25xi1>, vector<25xbf16>
  llvm.store %s, %q {alignment = 2 : i64} : vector<25xbf16>, !llvm.ptr
  llvm.return
}

/// A conversion keeps bf16: the loaded bits are bitcast into it.
// CHECK-LABEL: llvm.func @extend
// CHECK: %[[V:.*]] = llvm.load %{{.*}} : !llvm.ptr -> vector<25xi16>
// CHECK: %[[B:.*]] = llvm.bitcast %[[V]] : vector<25xi16> to vector<25xbf16>
// CHECK: llvm.fpext %[[B]] : vector<25xbf16> to vector<25xf32>
llvm.func @extend(%p: !llvm.ptr) -> vector<25xf32> {
  %v = llvm.load %p {alignment = 2 : i64} : !llvm.ptr -> vector<25xbf16>
  %e = llvm.fpext %v : vector<25xbf16> to vector<25xf32>
  llvm.return %e : vector<25xf32>
}

/// Arrays of bf16 vectors (the temporaries of multi-dimensional transfers)
/// are moved as arrays of i16 vectors.
// CHECK-LABEL: llvm.func @array
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> !llvm.array<1 x vector<25xi16>>
// CHECK: llvm.extractvalue %{{.*}}[0] : !llvm.array<1 x vector<25xi16>>
// CHECK: llvm.insertvalue %{{.*}}[0] : !llvm.array<1 x vector<25xi16>>
// CHECK: llvm.store %{{.*}} : !llvm.array<1 x vector<25xi16>>, !llvm.ptr
// CHECK-NOT: bf16
llvm.func @array(%p: !llvm.ptr, %q: !llvm.ptr) {
  %a = llvm.load %p {alignment = 64 : i64} : !llvm.ptr -> !llvm.array<1 x vector<25xbf16>>
  %v = llvm.extractvalue %a[0] : !llvm.array<1 x vector<25xbf16>>
  %u = llvm.mlir.poison : !llvm.array<1 x vector<25xbf16>>
  %b = llvm.insertvalue %v, %u[0] : !llvm.array<1 x vector<25xbf16>>
  llvm.store %b, %q {alignment = 64 : i64} : !llvm.array<1 x vector<25xbf16>>, !llvm.ptr
  llvm.return
}

/// An array that comes from an op that is not moved is converted element by
/// element (LLVM has no bitcast of aggregates).
// CHECK-LABEL: llvm.func @array_argument
// CHECK: %[[E0:.*]] = llvm.extractvalue %{{.*}}[0] : !llvm.array<2 x vector<9xbf16>>
// CHECK: llvm.bitcast %[[E0]] : vector<9xbf16> to vector<9xi16>
// CHECK: %[[E1:.*]] = llvm.extractvalue %{{.*}}[1] : !llvm.array<2 x vector<9xbf16>>
// CHECK: llvm.bitcast %[[E1]] : vector<9xbf16> to vector<9xi16>
// CHECK: llvm.store %{{.*}} : !llvm.array<2 x vector<9xi16>>, !llvm.ptr
llvm.func @array_argument(%a: !llvm.array<2 x vector<9xbf16>>, %q: !llvm.ptr) {
  llvm.store %a, %q {alignment = 64 : i64} : !llvm.array<2 x vector<9xbf16>>, !llvm.ptr
  llvm.return
}

/// Masked loads and stores, element inserts and extracts and shuffles move
/// bits too; fptrunc keeps bf16 and is bitcast into the moves.
// CHECK-LABEL: llvm.func @masked
// CHECK: %[[PASS:.*]] = llvm.mlir.zero : vector<25xi16>
// CHECK: %[[L:.*]] = llvm.intr.masked.load %{{.*}}, %{{.*}}, %[[PASS]] {alignment = 2 : i32} : (!llvm.ptr, vector<25xi1>, vector<25xi16>) -> vector<25xi16>
// CHECK: %[[X:.*]] = llvm.extractelement %[[L]][%{{.*}} : i64] : vector<25xi16>
// CHECK: %[[T:.*]] = llvm.fptrunc %{{.*}} : vector<25xf32> to vector<25xbf16>
// CHECK: %[[B:.*]] = llvm.bitcast %[[T]] : vector<25xbf16> to vector<25xi16>
// CHECK: %[[Y:.*]] = llvm.insertelement %[[X]], %[[B]][%{{.*}} : i64] : vector<25xi16>
// CHECK: %[[Z:.*]] = llvm.shufflevector %[[Y]], %[[Y]] {{.*}} : vector<25xi16>
// CHECK: llvm.intr.masked.store %[[Z]], %{{.*}}, %{{.*}} {alignment = 2 : i32} : vector<25xi16>, vector<25xi1> into !llvm.ptr
llvm.func @masked(%p: !llvm.ptr, %q: !llvm.ptr, %m: vector<25xi1>, %t: vector<25xf32>) {
  %pass = llvm.mlir.zero : vector<25xbf16>
  %v = llvm.intr.masked.load %p, %m, %pass {alignment = 2 : i32} : (!llvm.ptr, vector<25xi1>, vector<25xbf16>) -> vector<25xbf16>
  %c0 = llvm.mlir.constant(0 : i64) : i64
  %x = llvm.extractelement %v[%c0 : i64] : vector<25xbf16>
  %w = llvm.fptrunc %t : vector<25xf32> to vector<25xbf16>
  %y = llvm.insertelement %x, %w[%c0 : i64] : vector<25xbf16>
  %z = llvm.shufflevector %y, %y [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] : vector<25xbf16>
  llvm.intr.masked.store %z, %q, %m {alignment = 2 : i32} : vector<25xbf16>, vector<25xi1> into !llvm.ptr
  llvm.return
}

/// Other types are left alone.
// CHECK-LABEL: llvm.func @f32
// CHECK: llvm.load %{{.*}} : !llvm.ptr -> vector<25xf32>
// CHECK-NOT: llvm.bitcast
llvm.func @f32(%p: !llvm.ptr, %q: !llvm.ptr) {
  %v = llvm.load %p {alignment = 4 : i64} : !llvm.ptr -> vector<25xf32>
  llvm.store %v, %q {alignment = 4 : i64} : vector<25xf32>, !llvm.ptr
  llvm.return
}
