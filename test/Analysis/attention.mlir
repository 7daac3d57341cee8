// The FuseMax attention cascades of examples/: passes over M, traffic and
// FLOPs (1 MiB on-chip buffer, f32).
//
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-3pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=THREE
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-2pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=TWO
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-1pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-causal-3pass.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=CAUSAL
// RUN: edge-opt --edge-analyze %edge_src_root/examples/attention-3pass-batched.mlir \
// RUN:   -o /dev/null | FileCheck %s --check-prefix=BATCHED

/// 3-pass (Cascade 4), M = 256, P = 128, E = F = 64.
///   Barriers over m: GM (read by SN) and SD (read by A): 3 passes.
///   QK[m,p] (256*128*4 = 131072 bytes) is produced in pass 1 and read by SN
///   in pass 2; SN is produced in pass 2 and read by A in pass 3: both go
///   off-chip (written once, read once). GM and SD have no rank m: on chip.
///   A is consumed in its own pass by AV: on chip.
///   Read: Q 32768 + K 65536 + V 65536 + QK 131072 + SN 131072 = 425984.
///   Written: QK 131072 + SN 131072 + AV 32768 = 294912.
///   Footprint: at SN (or A): 131072 + 512 + 131072 = 262656.
///   FLOPs: QK E*M*P = 2097152 mul, 2097152 - M*P = 2064384 add; GM
///   M*P - P = 32640 max; SN 32768 sub + 32768 exp; SD 32640 add; A 32768 div;
///   AV M*F*P = 2097152 mul, 2097152 - F*P = 2088960 add.
// THREE-LABEL: cascade @attention
// THREE-NEXT:    passes over e: 1
// THREE-NEXT:    passes over m: 3
// THREE-NEXT:    max passes: 3 (over m)
// THREE-NEXT:    on-chip buffer: 1048576 bytes
// THREE-NEXT:    tensor kind ranks pass bytes storage written read trips
// THREE-NEXT:    Q  input  [e,p] -   32768 off-chip      0  32768 1
// THREE-NEXT:    K  input  [e,m] -   65536 off-chip      0  65536 1
// THREE-NEXT:    V  input  [f,m] -   65536 off-chip      0  65536 1
// THREE-NEXT:    QK einsum [m,p] 1  131072 off-chip 131072 131072 1
// THREE-NEXT:    GM einsum [p]   1     512 on-chip       0      0 1
// THREE-NEXT:    SN einsum [m,p] 2  131072 off-chip 131072 131072 1
// THREE-NEXT:    SD einsum [p]   2     512 on-chip       0      0 1
// THREE-NEXT:    A  einsum [m,p] 3  131072 on-chip       0      0 1
// THREE-NEXT:    AV einsum [f,p] 3   32768 off-chip  32768      0 1 output
// THREE-NEXT:    einsum pass points flops
// THREE-NEXT:    QK 1 2097152 add=2064384 mul=2097152
// THREE-NEXT:    GM 1   32768 max=32640
// THREE-NEXT:    SN 2   32768 exp=32768 sub=32768
// THREE-NEXT:    SD 2   32768 add=32640
// THREE-NEXT:    A  3   32768 div=32768
// THREE-NEXT:    AV 3 2097152 add=2088960 mul=2097152
// THREE-NEXT:    off-chip bytes: read 425984, written 294912, total 720896
// THREE-NEXT:    peak footprint: 262656 bytes
// THREE-NEXT:    flops: add=4185984 div=32768 exp=32768 max=32640 mul=4194304 sub=32768; total 8511232

/// 2-pass (local max, then correction), M = 256 as M1 = 4 tiles of M0 = 64.
///   Reducing m0 (LM, SLD) is per tile; GM reduces m1, the outer piece of M:
///   the one barrier. PRM, SD, SNV start pass 2; AV iterates no m.
///   Crossing pass 1 -> 2 with a rank of M: LM[m1,p] (4*128*4 = 2048),
///   SLN[m1,m0,p] (131072), SLD[m1,p] (2048): each written and read once.
///   split(K) and split(V) are views of K and V: K is read in pass 1, V in 2.
///   Read: 32768 + 65536 + 65536 + 2048 + 131072 + 2048 = 299008.
///   Written: 2048 + 131072 + 2048 + AV 32768 = 167936.
///   FLOPs: SNV has 3 operands: 2 muls per point, 2 * 2097152 = 4194304;
///   AV divides F*P = 8192 points (deferred division).
// TWO-LABEL: cascade @attention
// TWO-NEXT:    passes over e: 1
// TWO-NEXT:    passes over m: 2
// TWO-NEXT:    max passes: 2 (over m)
// TWO:         split(K) split  [e,m1,m0] 1       0 view          0      0 1
// TWO-NEXT:    split(V) split  [f,m1,m0] 1       0 view          0      0 1
// TWO-NEXT:    BQK      einsum [m1,m0,p] 1  131072 on-chip       0      0 1
// TWO-NEXT:    LM       einsum [m1,p]    1    2048 off-chip   2048   2048 1
// TWO-NEXT:    SLN      einsum [m1,m0,p] 1  131072 off-chip 131072 131072 1
// TWO-NEXT:    SLD      einsum [m1,p]    1    2048 off-chip   2048   2048 1
// TWO-NEXT:    GM       einsum [p]       1     512 on-chip       0      0 1
// TWO-NEXT:    PRM      einsum [m1,p]    2    2048 on-chip       0      0 1
// TWO-NEXT:    SD       einsum [p]       2     512 on-chip       0      0 1
// TWO-NEXT:    SNV      einsum [f,p]     2   32768 on-chip       0      0 1
// TWO-NEXT:    AV       einsum [f,p]     2   32768 off-chip  32768      0 1 output
// TWO:         GM       1     512 max=384
// TWO-NEXT:    PRM      2     512 exp=512 sub=512
// TWO-NEXT:    SD       2     512 add=384 mul=512
// TWO-NEXT:    SNV      2 2097152 add=2088960 mul=4194304
// TWO-NEXT:    AV       2    8192 div=8192
// TWO-NEXT:    off-chip bytes: read 299008, written 167936, total 466944
// TWO-NEXT:    peak footprint: 264192 bytes
// TWO-NEXT:    flops: add=4185984 div=8192 exp=33280 max=32640 mul=6291968 sub=33280; total 10585344

/// 1-pass (Cascade 5): one edge.iterate over m1 (the outer piece of M); its
/// running values are not barriers: 1 pass. Nothing crosses a pass, so only
/// Q, K, V are read (163840) and AV written (32768).
///   Per-step sizes (trips = 4): BQK, SLN [m0,p] 64*128*4 = 32768 bytes.
///   Footprint (per step, independent of M): at SLNV the live values are
///   rm 512, rd 512, rnv 32768, RMn 512, SLN 32768, SLD 512, SLNV 32768
///   = 100352 = 3*F*P*4 + 4*P*4.
///   FLOPs inside the iteration count every step: BQK 4 * 64*64*128.
// ONE-LABEL: cascade @attention
// ONE-NEXT:    passes over e: 1
// ONE-NEXT:    passes over m: 1
// ONE-NEXT:    max passes: 1 (over m)
// ONE:         BQK         einsum  [m0,p] 1 32768 on-chip 0 0 4
// ONE:         RNVn.final  iterate [f,p]  1 32768 on-chip 0 0 1
// ONE-NEXT:    AV          einsum  [f,p]  1 32768 off-chip 32768 0 1 output
// ONE:         BQK         1 2097152 add=2064384 mul=2097152
// ONE:         SPNV        1   32768 mul=32768
// ONE:         AV          1    8192 div=8192
// ONE-NEXT:    off-chip bytes: read 163840, written 32768, total 196608
// ONE-NEXT:    peak footprint: 100352 bytes
// ONE-NEXT:    flops: add=4194304 div=8192 exp=33280 max=32768 mul=4227584 sub=33280; total 8529408

/// Causal 3-pass, M = P = 128: the filter m <= p does not change the pass
/// structure. FLOPs count the dense iteration space (filters are ignored).
///   QK, SN: 128*128*4 = 65536 bytes each, off-chip as in the 3-pass.
// CAUSAL-LABEL: cascade @causal_attention
// CAUSAL-NEXT:    passes over e: 1
// CAUSAL-NEXT:    passes over m: 3
// CAUSAL:         QK einsum [m,p] 1 65536 off-chip 65536 65536 1
// CAUSAL:         SN einsum [m,p] 2 65536 off-chip 65536 65536 1
// CAUSAL:         off-chip bytes: read 229376, written 163840, total 393216

/// Batched 3-pass: B and H are ranks of every tensor and never reduced.
///   QK[b,h,m,p] = 2*4*256*128*4 = 1048576 bytes.
// BATCHED-LABEL: cascade @batched_attention
// BATCHED-NEXT:    passes over e: 1
// BATCHED-NEXT:    passes over m: 3
// BATCHED-NEXT:    max passes: 3 (over m)
// BATCHED:         QK einsum [b,h,m,p] 1 1048576 off-chip 1048576 1048576 1
