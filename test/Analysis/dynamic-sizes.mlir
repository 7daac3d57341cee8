// The cost model on a cascade with a run-time size (docs/Analysis.md,
// Run-time sizes): the FLOPs and the input/output bytes as polynomials of
// the size M, and every number for the value of M that `dims` gives (1024
// by default). At M = 256 the numbers are those of the static
// attention-masked-bf16.mlir (test/Analysis/masked.mlir): 33408*256 - 8448
// = 8544000 FLOPs.
// RUN: edge-opt --edge-analyze="dims=M=256" %edge_src_root/examples/attention-dynamic-bf16.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=M256
// M256:      passes over m: 3
// M256:      sizes: M = 256
// M256-NEXT: flops: 33408*M - 8448
// M256-NEXT: input and output bytes: 257*M + 49152
// M256:      Valid    input    [m]    -            256  off-chip
// M256:      QK       1          2097152  add=2064384 mul=2097152  = 16256*M
// M256:      GM       1            32768  max=32640  = 128*M - 128
// M256:      flops: {{.*}}; total 8544000

// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-dynamic-bf16.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: sizes: M = 1024 (default)
// DEFAULT: total 34201344

// The 1-pass form: one pass, its FLOPs per tile of 64 keys.
// RUN: edge-opt --fusemax-1pass=nan-empty-rows %edge_src_root/examples/attention-dynamic-bf16.mlir \
// RUN:   | edge-opt --edge-analyze="dims=M=1000" -o /dev/null | FileCheck %s --check-prefix=ONE
// ONE:      max passes: 1 (over m)
// ONE:      sizes: M = 1000
// ONE-NEXT: flops: 2138624*ceildiv(M, 64) + 8192
// ONE-NEXT: input and output bytes: 257*M + 49152
// ONE:      BQK {{.*}} = 1040384*ceildiv(M, 64)
// ONE:      total 34226176

// RUN: edge-opt --edge-analyze="format=json dims=M=1000" %edge_src_root/examples/attention-dynamic-bf16.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=JSON
// JSON: "flops_expression": "16256*M"
// JSON: "io_bytes_expression": "257*M + 49152"
// JSON: "sizes": [
// JSON:   "given": true,
// JSON:   "name": "M",
// JSON:   "value": 1000
// JSON: "total_flops_expression": "33408*M - 8448"

// RUN: not edge-opt --edge-analyze="dims=X=3" %edge_src_root/examples/attention-dynamic-bf16.mlir \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: 'edge.cascade' op cannot be analyzed: unknown size 'X' (the sizes are: M)
// RUN: not edge-opt --edge-analyze="dims=M=0" %edge_src_root/examples/attention-dynamic-bf16.mlir \
// RUN:   -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: error: 'edge.cascade' op cannot be analyzed: size M must be a positive integer up to 2^40, got '0'
