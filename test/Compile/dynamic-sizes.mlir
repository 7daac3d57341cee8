// A cascade with a run-time key length (test/Integration/dynamic-sizes.mlir,
// @plain: f32, M = ?), derived to 1 pass, compiles ahead of time two ways,
// each checked by the driver against its own attention reference:
//  - without --dims, once for any M: the C function takes M first
//    (`int64_t M`, at least 1: 0 returns 2), and the same object runs
//    M = 250 (no multiple of the tile), 64, 1 and 1000;
//  - with --dims M=250, for that M only: the function takes static shapes.
//
// RUN: rm -rf %t && mkdir -p %t/any
// RUN: edge-opt %edge_src_root/test/Integration/dynamic-sizes.mlir --fusemax-1pass > %t/one-pass.mlir
// RUN: edge-compile %t/one-pass.mlir --pipeline-options="threads=1" \
// RUN:   --prefix=dyn_ -o %t/any.o --header %t/any/attention.h
// RUN: FileCheck %s --check-prefix=ANY < %t/any/attention.h
// RUN: %host_cc -std=c99 -O1 -I%t/any -DE=64 -DP=128 -DKEYS=250 -DF=64 -DDYNAMIC_M \
// RUN:   -DFN=dyn_plain %S/Inputs/attention-driver.c %t/any.o -lm -o %t/any250
// RUN: %t/any250 | FileCheck %s
// RUN: %host_cc -std=c99 -O1 -I%t/any -DE=64 -DP=128 -DKEYS=64 -DF=64 -DDYNAMIC_M \
// RUN:   -DFN=dyn_plain %S/Inputs/attention-driver.c %t/any.o -lm -o %t/any64
// RUN: %t/any64 | FileCheck %s
// RUN: %host_cc -std=c99 -O1 -I%t/any -DE=64 -DP=128 -DKEYS=1 -DF=64 -DDYNAMIC_M \
// RUN:   -DFN=dyn_plain %S/Inputs/attention-driver.c %t/any.o -lm -o %t/any1
// RUN: %t/any1 | FileCheck %s
// RUN: %host_cc -std=c99 -O1 -I%t/any -DE=64 -DP=128 -DKEYS=1000 -DF=64 -DDYNAMIC_M \
// RUN:   -DFN=dyn_plain %S/Inputs/attention-driver.c %t/any.o -lm -o %t/any1000
// RUN: %t/any1000 | FileCheck %s
//
// RUN: edge-compile %t/one-pass.mlir --dims M=250 --pipeline-options="threads=1" \
// RUN:   --prefix=dyn_ -o %t/plain.o --header %t/attention.h
// RUN: FileCheck %s --check-prefix=HEADER < %t/attention.h
// RUN: %host_cc -std=c99 -O1 -I%t -DE=64 -DP=128 -DM=250 -DF=64 \
// RUN:   -DFN=dyn_plain %S/Inputs/attention-driver.c %t/plain.o -lm -o %t/plain
// RUN: %t/plain | FileCheck %s
// RUN: not edge-compile %t/one-pass.mlir --dims N=3 -o %t/none.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN

// ANY: size: int64_t M >= 1
// ANY: in:  float K[64][M]
// ANY: int dyn_plain(int64_t M, const float *Q, const float *K, const float *V, float *AV);
// HEADER: int dyn_plain(const float *Q, const float *K, const float *V, float *AV);
// CHECK: PASS: max rel error
// UNKNOWN: error: edge-compile: unknown size 'N' (the sizes are: M) (--dims)
