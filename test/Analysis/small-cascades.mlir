// RUN: edge-opt --edge-analyze %s -o /dev/null | FileCheck %s
// RUN: edge-opt --edge-analyze=on-chip-bytes=128 %s -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=SMALL
// RUN: edge-opt --edge-analyze=format=json %s -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=JSON

/// A plain sum S = sum_m A[m], M = 64, f32.
///   passes over m: 1 (nothing reads A again after the reduction).
///   A: 64*4 = 256 bytes, read once. S: 4 bytes, an output: written once.
///   FLOPs: 64 points fold into 1: 63 adds. Footprint: S alone, 4 bytes.
// CHECK-LABEL: cascade @sum
// CHECK-NEXT:    passes over m: 1
// CHECK-NEXT:    max passes: 1 (over m)
// CHECK-NEXT:    on-chip buffer: 1048576 bytes
// CHECK:         A  input  [m] -  256 off-chip  0  256  1
// CHECK-NEXT:    S  einsum []  1    4 off-chip  4    0  1  output
// CHECK:         S  1  64  add=63
// CHECK:         off-chip bytes: read 256, written 4, total 260
// CHECK-NEXT:    peak footprint: 4 bytes
// CHECK-NEXT:    flops: add=63; total 63
edge.cascade @sum(%A: tensor<64xf32>) -> (S: tensor<f32>) {
  %S = edge.einsum "S" (%A[m]) -> [] reduce [m] add(union)
         : (tensor<64xf32>) -> tensor<f32>
  edge.return %S : tensor<f32>
}

/// A matmul Z[m,n] = A[k,m] x B[k,n], K = 4, M = 8, N = 16.
///   passes over k: 1. A: 4*8*4 = 128 bytes, B: 4*16*4 = 256, Z: 8*16*4 = 512.
///   Points K*M*N = 512: 512 muls; 512 values fold into 8*16 = 128: 384 adds.
// CHECK-LABEL: cascade @matmul
// CHECK-NEXT:    passes over k: 1
// CHECK-NEXT:    max passes: 1 (over k)
// CHECK:         A  input  [k,m] -  128 off-chip    0  128  1
// CHECK-NEXT:    B  input  [k,n] -  256 off-chip    0  256  1
// CHECK-NEXT:    Z  einsum [m,n] 1  512 off-chip  512    0  1  output
// CHECK:         Z  1  512  add=384 mul=512
// CHECK:         off-chip bytes: read 384, written 512, total 896
// CHECK-NEXT:    peak footprint: 512 bytes
// CHECK-NEXT:    flops: add=384 mul=512; total 896
edge.cascade @matmul(%A: tensor<4x8xf32>, %B: tensor<4x16xf32>)
    -> (Z: tensor<8x16xf32>) {
  %Z = edge.einsum "Z" (%A[k, m], %B[k, n]) -> [m, n]
         map mul(isect) reduce [k] add(union)
         : (tensor<4x8xf32>, tensor<4x16xf32>) -> tensor<8x16xf32>
  edge.return %Z : tensor<8x16xf32>
}

/// A two-step chain: X = A x A, S = sum_m X, Y = X / S (M = 64).
///   Y iterates m and needs the complete sum S: passes over m: 2.
///   X (256 bytes) is read again in pass 2: off-chip, written 256, read 256.
///   S has no rank m, so it stays on chip. A is read in pass 1 only (256).
///   Y is the output: written 256. Read 512, written 512.
///   Footprint at Y: X + S + Y = 256 + 4 + 256 = 516.
///   FLOPs: mul 64, add 63, div 64.
///   With on-chip-bytes=128, X does not fit: its pass-1 consumer S reads it
///   back too, so X is read twice (512) and the total read is 768.
// CHECK-LABEL: cascade @chain
// CHECK-NEXT:    passes over m: 2
// CHECK-NEXT:    max passes: 2 (over m)
// CHECK:         A  input  [m] -  256 off-chip    0  256  1
// CHECK-NEXT:    X  einsum [m] 1  256 off-chip  256  256  1
// CHECK-NEXT:    S  einsum []  1    4 on-chip     0    0  1
// CHECK-NEXT:    Y  einsum [m] 2  256 off-chip  256    0  1  output
// CHECK:         X  1  64  mul=64
// CHECK-NEXT:    S  1  64  add=63
// CHECK-NEXT:    Y  2  64  div=64
// CHECK:         off-chip bytes: read 512, written 512, total 1024
// CHECK-NEXT:    peak footprint: 516 bytes
// CHECK-NEXT:    flops: add=63 div=64 mul=64; total 191

// SMALL-LABEL: cascade @chain
// SMALL:         on-chip buffer: 128 bytes
// SMALL:         X  einsum [m] 1  256 off-chip  256  512  1
// SMALL:         off-chip bytes: read 768, written 512, total 1280

// JSON:      "cascades": [
// JSON:        "cascade": "sum",
// JSON:        "max_passes": 1,
// JSON:        "off_chip_bytes_read": 256,
// JSON-NEXT:   "off_chip_bytes_written": 4,
// JSON:        "passes": {
// JSON-NEXT:     "m": 1
// JSON-NEXT:   },
// JSON-NEXT:   "peak_footprint_bytes": 4,
// JSON:        "total_flops": 63
// JSON:        "cascade": "matmul",
// JSON:        "total_flops": 896
// JSON:        "cascade": "chain",
// JSON:        "max_passes": 2,
// JSON:        "off_chip_bytes_read": 512,
// JSON-NEXT:   "off_chip_bytes_written": 512,
// JSON:        "passes": {
// JSON-NEXT:     "m": 2
// JSON-NEXT:   },
// JSON-NEXT:   "peak_footprint_bytes": 516,
edge.cascade @chain(%A: tensor<64xf32>) -> (Y: tensor<64xf32>) {
  %X = edge.einsum "X" (%A[m], %A[m]) -> [m] map mul(isect)
         : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
  %S = edge.einsum "S" (%X[m]) -> [] reduce [m] add(union)
         : (tensor<64xf32>) -> tensor<f32>
  %Y = edge.einsum "Y" (%X[m], %S[]) -> [m] map div(take_right)
         : (tensor<64xf32>, tensor<f32>) -> tensor<64xf32>
  edge.return %Y : tensor<64xf32>
}
