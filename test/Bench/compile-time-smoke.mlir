// Smoke test of the compile-time benchmark (bench/compile-time/run.py): two
// small cascades and two nesting depths, one run each, so that the
// generator, the steps and the report cannot rot. Not a benchmark: the
// times mean nothing here (docs/Limits.md has the measured table).
//
// RUN: python3 %edge_src_root/bench/compile-time/run.py --smoke --edge-opt edge-opt | FileCheck %s

// CHECK: | einsums | parse+verify s | parse+verify us/einsum | fusemax-1pass s | fusemax-1pass us/einsum | lower-to-llvm s | lower-to-llvm us/einsum |
// CHECK: | 10 |
// CHECK: | 100 |
// CHECK: | filtered chain: einsums | lower-to-llvm s | us/einsum |
// CHECK: | 10 |
// CHECK: | nested edge.iterate depth | lower-to-llvm s |
// CHECK: | 2 |
// CHECK: | 4 |
// CHECK: | stacked layers (einsums) | timeout-ms | edge-saturate s | max passes |
// CHECK: | 2 (12) | 60000 | {{[0-9.]+}} | 1 |
