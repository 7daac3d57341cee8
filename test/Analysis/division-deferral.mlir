// RUN: edge-opt --edge-analyze %s -o /dev/null | FileCheck %s
// RUN: edge-opt --edge-analyze=format=json %s -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=JSON

/// Cascade 4 with division deferral only (no split): passes 2 and 3 merge.
///   SNV[f,p] = SN[m,p] x V[f,m] and SD[p] = SN[m,p] both reduce m in pass 2;
///   AV = SNV / SD does not iterate m, so it starts no pass: 2 passes over m.
/// M = 256, P = 128, E = F = 64, f32.
///   Traffic: Q 32768 + K 65536 + V 65536 read once each (V in pass 2).
///   QK (256*128*4 = 131072) is read again by SN in pass 2: written 131072,
///   read 131072. SN is consumed only in pass 2 (SD, SNV): on chip.
///   AV (64*128*4 = 32768) is the output. Read 294912, written 163840.
///   Footprint: at SN, QK + GM + SN = 131072 + 512 + 131072 = 262656.
///   FLOPs: QK and SNV each 64*256*128 = 2097152 muls and 2097152 - 8192 or
///   - 32768 adds; GM 32768 - 128 = 32640 max; SN 32768 sub + 32768 exp;
///   SD 32640 adds; AV 64*128 = 8192 divisions (instead of 32768).
// CHECK-LABEL: cascade @deferred
// CHECK-NEXT:    passes over e: 1
// CHECK-NEXT:    passes over m: 2
// CHECK-NEXT:    max passes: 2 (over m)
// CHECK:         QK   einsum  [m,p]  1  131072  off-chip  131072  131072  1
// CHECK-NEXT:    GM   einsum  [p]    1     512  on-chip        0       0  1
// CHECK-NEXT:    SN   einsum  [m,p]  2  131072  on-chip        0       0  1
// CHECK-NEXT:    SD   einsum  [p]    2     512  on-chip        0       0  1
// CHECK-NEXT:    SNV  einsum  [f,p]  2   32768  on-chip        0       0  1
// CHECK-NEXT:    AV   einsum  [f,p]  2   32768  off-chip   32768       0  1  output
// CHECK:         SNV  2  2097152  add=2088960 mul=2097152
// CHECK-NEXT:    AV   2     8192  div=8192
// CHECK-NEXT:    off-chip bytes: read 294912, written 163840, total 458752
// CHECK-NEXT:    peak footprint: 262656 bytes
// CHECK-NEXT:    flops: add=4185984 div=8192 exp=32768 max=32640 mul=4194304 sub=32768; total 8486656

// JSON:      "max_passes": 2,
// JSON:      "passes": {
// JSON-NEXT:   "e": 1,
// JSON-NEXT:   "m": 2
// JSON-NEXT: },
edge.cascade @deferred(%Q: tensor<64x128xf32>, %K: tensor<64x256xf32>,
                       %V: tensor<64x256xf32>) -> (AV: tensor<64x128xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x256xf32>) -> tensor<256x128xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<256x128xf32>) -> tensor<128xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through)
          : (tensor<256x128xf32>, tensor<128xf32>) -> tensor<256x128xf32>
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<256x128xf32>) -> tensor<128xf32>
  // SNV[f,p] = SN[m,p] x V[f,m]
  %SNV = edge.einsum "SNV" (%SN[m, p], %V[f, m]) -> [f, p]
           map mul(isect) reduce [m] add(union)
           : (tensor<256x128xf32>, tensor<64x256xf32>) -> tensor<64x128xf32>
  // AV[f,p] = SNV[f,p] / SD[p]
  %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right)
          : (tensor<64x128xf32>, tensor<128xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
