// The cost model on masked cascades (docs/Analysis.md, Memory model): an
// edge.mask is an intermediate like a map-only einsum (it lowers to its own
// generic), on chip when read in its own pass; it reads its source and the
// i1 bits (a byte each). The mask's dimensions take the ranks of the
// dimensions they mask.

// 3-pass masked attention: the traffic of attention-3pass plus the 256
// bytes of Valid[m], read with K in pass 1.
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-masked.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=THREE
// THREE:      passes over m: 3
// THREE:      Valid    input    [m]    -            256  off-chip           0         256      1
// THREE-NEXT: mask(K)  mask     [e,m]  1          65536  on-chip            0           0      1
// THREE-NEXT: QK       einsum   [m,p]  1         131072  on-chip            0           0      1
// THREE:      off-chip bytes: read 426240, written 294912, total 721152
// THREE-NEXT: peak footprint: 262656 bytes
// THREE-NEXT: flops: add=4185984 div=32768 exp=32768 max=32640 mul=4227072 sub=32768; total 8544000

// bf16 inputs: half the bytes of K, the same bits.
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-masked-bf16.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=BF16
// BF16:      K        input    [e,m]  -          32768  off-chip           0       32768      1
// BF16:      Valid    input    [m]    -            256  off-chip           0         256      1
// BF16-NEXT: mask(K)  mask     [e,m]  1          32768  on-chip            0           0      1

// The time estimate: the einsums that read the mask carry presence bytes
// (docs/Lowering.md), which slows them by the target's masked/elementwise
// speeds (2.5e10 / 5e10): QK's 4161536 FLOPs at 2.5e10 = 0.1665 ms; it reads
// Q (32768 B) and mask(K) (65536 B) and writes 131072 B.
// RUN: edge-opt --edge-analyze="target=%S/Inputs/target-small-cache.json threads=1" \
// RUN:   %edge_src_root/examples/attention-masked.mlir -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=TIME
// TIME:      QK             229376  DRAM   masked contraction     100.0     0.0      0.1665      0.0229      0.0000      0.1665
// TIME:      AV             229376  DRAM   masked contraction     100.0     0.0      0.1674      0.0229      0.0000      0.1674
// TIME-NEXT: estimated time: 0.4390 ms

// The 1-pass derivation needs no rank= (the analysis finds m) and, since a
// row may be fully masked, nan-empty-rows. The derived cascade is 1 pass
// over m, and the analysis follows the mask through the split and slices.
// RUN: edge-opt --fusemax-1pass=nan-empty-rows %edge_src_root/examples/attention-masked.mlir \
// RUN:   | FileCheck %s --check-prefix=ONE
// ONE:      %[[KV:.*]] = edge.mask %K where %Valid dims [1]
// ONE-NEXT: %[[BK:.*]] = edge.split %[[KV]] dim 1 tile 64
// ONE:      edge.iterate m1 until m1 >= 4 slices(%{{.*}} = %[[BK]][1] : tensor<64x4x64xf32>, %{{.*}} = %{{.*}}[1] : tensor<64x4x64xf32>)
// RUN: edge-opt --fusemax-1pass=nan-empty-rows %edge_src_root/examples/attention-masked.mlir \
// RUN:   | edge-opt --edge-analyze -o /dev/null | FileCheck %s --check-prefix=ONE-COST
// ONE-COST:      max passes: 1 (over m)
// ONE-COST:      mask(K)         mask     [e,m]      1          65536  on-chip            0           0      1
// ONE-COST-NEXT: split(mask(K))  split    [e,m1,m0]  1              0  view               0           0      1
// ONE-COST:      off-chip bytes: read 164096, written 32768, total 196864
// ONE-COST-NEXT: peak footprint: 165376 bytes

// edge-saturate defers the division (2 passes) but does not derive the
// 1-pass iteration: the running correction of a fully masked row would be
// e^(-inf - -inf). It says why.
// RUN: edge-opt --pass-pipeline="builtin.module(edge.cascade(edge-saturate))" \
// RUN:   %edge_src_root/examples/attention-masked.mlir 2>&1 | FileCheck %s --check-prefixes=SAT,SATDEF
// RUN: edge-opt --pass-pipeline="builtin.module(edge.cascade(edge-saturate{objective=time}))" \
// RUN:   %edge_src_root/examples/attention-masked-bf16.mlir 2>&1 | FileCheck %s --check-prefix=SAT
// SAT:        remark: edge-saturate: no 1-pass iteration: the maximum may be absent (a fully masked row, or an empty first tile)
// SAT-NOT:    edge.iterate
// SAT:        edge.mask %K where %Valid dims [1]
// SAT:        %[[SN:.*]] = edge.einsum "SN"
// SATDEF:     %[[NV:.*]] = edge.einsum "AV" (%[[SN]][m, p], %V[f, m]) -> [f, p] map mul(isect) reduce [m] add(union)
// SATDEF:     %[[SD:.*]] = edge.einsum "SD" (%[[SN]][m, p]) -> [p] reduce [m] add(union)
// SATDEF:     edge.einsum "AV" (%[[NV]][f, p], %[[SD]][p]) -> [f, p] map div(take_right)
// SAT-NOT:    edge.iterate
// The unmasked cascade still saturates to 1 pass.
// RUN: edge-opt --pass-pipeline="builtin.module(edge.cascade(edge-saturate))" \
// RUN:   %edge_src_root/examples/attention-3pass.mlir 2>&1 | FileCheck %s --check-prefix=UNMASKED
// UNMASKED-NOT: remark
// UNMASKED:     edge.iterate m1 until m1 >= 4

// A mask of a computed value, with a mask over [m, p]: QK and the masked
// QK are on chip, the bits are read once; the mask's ranks are QK's.
// RUN: edge-opt --edge-analyze %s -o /dev/null | FileCheck %s --check-prefix=SCORES
// SCORES:      max passes: 1 (over m)
// SCORES:      Allowed   input    [m,p]  -            256  off-chip           0         256      1
// SCORES-NEXT: QK        einsum   [m,p]  1           1024  on-chip            0           0      1
// SCORES-NEXT: mask(QK)  mask     [m,p]  1           1024  on-chip            0           0      1
// SCORES:      off-chip bytes: read 2816, written 32, total 2848
// SCORES-NEXT: peak footprint: 2048 bytes
// With a 512-byte buffer QK and the masked QK are off chip: each written
// once and read once.
// RUN: edge-opt --edge-analyze=on-chip-bytes=512 %s -o /dev/null \
// RUN:   | FileCheck %s --check-prefix=SMALL
// SMALL:      QK        einsum   [m,p]  1           1024  off-chip        1024        1024      1
// SMALL-NEXT: mask(QK)  mask     [m,p]  1           1024  off-chip        1024        1024      1
// SMALL:      off-chip bytes: read 4864, written 2080, total 6944
edge.cascade @masked_scores(%Q: tensor<16x8xf32>, %K: tensor<16x32xf32>,
                            %Allowed: tensor<32x8xi1>) -> (GM: tensor<8xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<16x8xf32>, tensor<16x32xf32>)
  %QKA = edge.mask %QK where %Allowed : tensor<32x8xf32>, tensor<32x8xi1>
  %GM = edge.einsum "GM" (%QKA[m, p]) -> [p] reduce [m] max(union)
          : (tensor<32x8xf32>)
  edge.return %GM : tensor<8xf32>
}
