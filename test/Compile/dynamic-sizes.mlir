// A cascade with a run-time key length (test/Integration/dynamic-sizes.mlir,
// @plain: f32, M = ?), derived to 1 pass, compiles ahead of time for the
// sizes of --dims: the C function takes the static shapes of M = 250
// (no multiple of the tile) and computes attention, checked by the driver
// against its own reference. Without --dims, the interface has no shape:
// a located error names the size to give.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-opt %edge_src_root/test/Integration/dynamic-sizes.mlir --fusemax-1pass > %t/one-pass.mlir
// RUN: edge-compile %t/one-pass.mlir --dims M=250 --pipeline-options="threads=1" \
// RUN:   --prefix=dyn_ -o %t/plain.o --header %t/attention.h
// RUN: FileCheck %s --check-prefix=HEADER < %t/attention.h
// RUN: %host_cc -std=c99 -O1 -I%t -DE=64 -DP=128 -DM=250 -DF=64 \
// RUN:   -DFN=dyn_plain %S/Inputs/attention-driver.c %t/plain.o -lm -o %t/plain
// RUN: %t/plain | FileCheck %s
// RUN: not edge-compile %t/one-pass.mlir -o %t/none.o 2>&1 | FileCheck %s --check-prefix=NODIMS
// RUN: not edge-compile %t/one-pass.mlir --dims N=3 -o %t/none.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// HEADER: int dyn_plain(const float *Q, const float *K, const float *V, float *AV);
// CHECK: PASS: max rel error
// NODIMS: error: edge-compile supports static f32 tensors only, got 'tensor<64x?xf32>' (give its run-time sizes with --dims, e.g. --dims M=1000)
// UNKNOWN: error: edge-compile: unknown size 'N' (the sizes are: M) (--dims)
