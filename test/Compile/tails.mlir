// A module with three cascades whose split ranks have tails (M = 250 keys in
// tiles of 64, P = 100, E = 16, F = 24; test/Integration/tails.mlir): one C
// function each. Their lowering copies the tail with the MLIR runtime's
// memrefCopy, which edge-compile defines in the object (no runtime library).
// Compiled for another CPU than the host (haswell: needs a host with AVX2
// and FMA, as the project's machines have).
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-compile %edge_src_root/test/Integration/tails.mlir \
// RUN:   --target-cpu=haswell --pipeline-options="threads=1" \
// RUN:   -o %t/tails.o --header %t/attention.h
// RUN: FileCheck %s --check-prefix=HEADER < %t/attention.h
// RUN: edge-compile %edge_src_root/test/Integration/tails.mlir \
// RUN:   --target-cpu=haswell --pipeline-options="threads=1" --emit-llvm -o - \
// RUN:   | FileCheck %s --check-prefix=IR
// RUN: %host_cc -std=c99 -O1 -I%t -DE=16 -DP=100 -DM=250 -DF=24 \
// RUN:   -DFN=attention_1pass_tail %S/Inputs/attention-driver.c %t/tails.o \
// RUN:   -lm -o %t/one-pass
// RUN: %t/one-pass | FileCheck %s
// RUN: %host_cc -std=c99 -O1 -I%t -DE=16 -DP=100 -DM=250 -DF=24 \
// RUN:   -DFN=attention_2pass_tail %S/Inputs/attention-driver.c %t/tails.o \
// RUN:   -lm -o %t/two-pass
// RUN: %t/two-pass | FileCheck %s
// The cascade that is wrong on tails (pass_through) fails the same check.
// RUN: %host_cc -std=c99 -O1 -I%t -DE=16 -DP=100 -DM=250 -DF=24 \
// RUN:   -DFN=negative_pass_through_tail %S/Inputs/attention-driver.c \
// RUN:   %t/tails.o -lm -o %t/negative
// RUN: not %t/negative | FileCheck %s --check-prefix=NEGATIVE

// HEADER: Pipeline options: {{.*}}target-cpu=haswell
// HEADER: Link with: -lm
// HEADER-NOT: memrefCopy
// HEADER: int attention_1pass_tail(const float *Q, const float *K, const float *V, float *AV);
// HEADER: int attention_2pass_tail(
// HEADER: int negative_pass_through_tail(

// IR-NOT: declare {{.*}}@memrefCopy
// IR: "target-cpu"="haswell"

// CHECK: PASS: max rel error
// NEGATIVE: FAIL: max rel error
