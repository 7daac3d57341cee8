// edge-calibrate --quick measures this machine and writes a target file whose
// figures are positive; edge-opt reads it back.
//
// RUN: edge-calibrate --quick -o %t.json
// RUN: FileCheck %s < %t.json
// RUN: edge-opt --edge-analyze="target=%t.json" %edge_src_root/examples/attention-1pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=ANALYZE
// An unwritable output is an error.
// RUN: not edge-calibrate --quick -o %t.missing/dir/t.json 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNWRITABLE

// CHECK:      "target": {
// CHECK-NEXT:   "contraction_efficiency": 0.5,
// CHECK-NEXT:   "cores": {{[1-9][0-9]*}},
// CHECK-NEXT:   "cpu": "{{.+}}",
// CHECK-NEXT:   "dram_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "exps_per_core": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "features":
// CHECK-NEXT:   "fma":
// CHECK-NEXT:   "fresh_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "l1_bytes": {{[1-9][0-9]*}},
// CHECK-NEXT:   "l1_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "l2_bytes": {{[1-9][0-9]*}},
// CHECK-NEXT:   "l2_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "l3_bytes": {{[1-9][0-9]*}},
// CHECK-NEXT:   "l3_bytes_per_second": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "peak_flops_per_core": {{[1-9][0-9]*(\.[0-9]+)?}},
// CHECK-NEXT:   "speed_source": "edge-calibrate",
// CHECK-NEXT:   "streamed_contraction_efficiency": {{0\.2[0-9]*}},
// CHECK-NEXT:   "vector_bits": {{[1-9][0-9]*}},
// CHECK-NEXT:   "vector_registers": {{[1-9][0-9]*}}

// ANALYZE: time on {{.*}} (speeds: edge-calibrate)
// ANALYZE: estimated time: {{[0-9]+\.[0-9]+}} ms

// UNWRITABLE: edge-calibrate: error: {{.*}}t.json: {{.*}}
