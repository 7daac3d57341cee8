// edge-calibrate --quick measures this machine and the code edge generates
// for it (one timed kernel per code class) and writes a target file whose
// figures are positive; edge-opt reads it back. --verbose prints each
// kernel's FLOPs and time.
//
// RUN: edge-calibrate --quick --verbose -o %t.json 2> %t.kernels
// RUN: FileCheck %s --check-prefix=KERNELS < %t.kernels
// RUN: FileCheck %s < %t.json
// RUN: edge-opt --edge-analyze="target=%t.json" %edge_src_root/examples/attention-1pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=ANALYZE
// An unwritable output is an error.
// RUN: not edge-calibrate --quick -o %t.missing/dir/t.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNWRITABLE

// CHECK:      "target": {
// CHECK-NEXT:   "contraction_flops_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "cores": {{[1-9][0-9]*}},
// CHECK-NEXT:   "cpu": "{{.+}}",
// CHECK-NEXT:   "dram_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "elementwise_flops_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "exps_per_core": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "features":
// CHECK-NEXT:   "fma":
// CHECK-NEXT:   "fresh_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "guarded_flops_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "l1_bytes": {{[1-9][0-9]*}},
// CHECK-NEXT:   "l1_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "l2_bytes": {{[1-9][0-9]*}},
// CHECK-NEXT:   "l2_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "l3_bytes": {{[1-9][0-9]*}},
// CHECK-NEXT:   "l3_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "masked_flops_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "peak_flops_per_core": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "speed_source": "edge-calibrate",
// CHECK-NEXT:   "streamed_contraction_flops_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "vector_bits": {{[1-9][0-9]*}},
// CHECK-NEXT:   "vector_registers": {{[1-9][0-9]*}}

// KERNELS:      contraction 8388480 FLOPs
// KERNELS-NEXT: streamed_contraction 33808384 FLOPs
// KERNELS-NEXT: elementwise
// KERNELS-NEXT: guarded
// KERNELS-NEXT: masked

// ANALYZE: time on {{.*}} (speeds: edge-calibrate)
// ANALYZE: estimated time: {{[0-9]+\.[0-9]+}} ms

// UNWRITABLE: edge-calibrate: error: {{.*}}t.json: {{.*}}
