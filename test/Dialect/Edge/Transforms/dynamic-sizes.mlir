// The rewrites on a key rank of run-time extent M: splitting it gives
// ceildiv(M, 64) tiles (`?`) and a tail bounded by the size M in the
// filters; the pipelines derive the same cascades as for a static M, and
// the 1-pass iteration stops at the run-time number of tiles.
// RUN: edge-opt %edge_src_root/examples/attention-dynamic-bf16.mlir --fusemax-2pass | FileCheck %s --check-prefix=TWO
// RUN: edge-opt %edge_src_root/examples/attention-dynamic-bf16.mlir --fusemax-1pass=nan-empty-rows | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %edge_src_root/examples/attention-dynamic-bf16.mlir --fusemax-1pass=nan-empty-rows | edge-opt | FileCheck %s --check-prefix=ONE
// RUN: edge-opt %s --edge-split-rank | FileCheck %s --check-prefix=SPLIT
// RUN: edge-opt %s --edge-saturate | FileCheck %s --check-prefix=SAT
// RUN: edge-opt %s --fusemax-1pass | FileCheck %s --check-prefix=PLAIN

// TWO-LABEL: edge.cascade @attention
// TWO-SAME:    sizes(M = K[1])
// TWO:         %[[KV:.*]] = edge.mask %{{.*}} where %{{.*}} dims [1] : tensor<64x?xbf16>, tensor<?xi1>
// TWO:         edge.split %[[KV]] dim 1 tile 64 : tensor<64x?xbf16> -> tensor<64x?x64xbf16>
// TWO:         %[[LM:.*]] = edge.einsum "LM" (%{{.*}}[m1, m0, p]) -> [m1, p] where m1*64 + m0 + 1 <= M reduce [m0] max(union) : (tensor<?x64x128xf32>) -> tensor<?x128xf32>
// TWO:         edge.einsum "GM" (%[[LM]][m1, p]) -> [p] reduce [m1] max(union)
// TWO:         edge.einsum "SNV" (%{{.*}}[m1, f, p]) -> [f, p] reduce [m1] add(union) : (tensor<?x64x128xf32>) -> tensor<64x128xf32>
// TWO-NOT:     tensor<?x128xf32>) -> tensor<?x128xf32>
// TWO:         edge.return

// ONE-LABEL: edge.cascade @attention
// ONE-SAME:    sizes(M = K[1])
// ONE:         edge.iterate m1 until m1 >= ? slices(%{{.*}} : tensor<64x?x64xbf16>, %{{.*}} : tensor<64x?x64xbf16>)
// ONE:           edge.einsum "BQK" {{.*}} where m0 + m1*64 + 1 <= M reduce [e] add(union) : (tensor<64x128xbf16>, tensor<64x64xbf16>) -> tensor<64x128xf32>
// ONE:           edge.einsum "SLNV" {{.*}} where m0 + m1*64 + 1 <= M reduce [m0] add(union)
// ONE:           edge.yield
// ONE:         edge.einsum "AV" (%{{.*}}[f, p], %{{.*}}[p]) -> [f, p] map div(take_right)

// Without a name for the size, splitting the rank names it after the rank.
// SPLIT-LABEL: edge.cascade @unnamed
// SPLIT-SAME:    sizes(M = K[1])
// SPLIT:         %[[BK:.*]] = edge.split %{{.*}} dim 1 tile 64 : tensor<64x?xf32> -> tensor<64x?x64xf32>
// SPLIT:         edge.einsum "BQK" (%{{.*}}[e, p], %[[BK]][e, m1, m0]) -> [m1, m0, p] map mul(isect) where m1*64 + m0 + 1 <= M

// Without a mask, every row has a key (M >= 1), and the presence analysis
// proves it through the run-time tail: the first tile's maximum is present
// (m1 = 0 < ceildiv(M, 64)), so the 1-pass iteration needs no
// nan-empty-rows, as for a static M. Saturation finds it too, and names
// the size it splits.
// SAT-LABEL: edge.cascade @unnamed
// SAT-SAME:    sizes(M = K[1])
// SAT:         edge.iterate m1 until m1 >= ? slices
// SAT:           edge.einsum "LM" (%{{.*}}[m0, p]) -> [p] where m0 + m1*64 + 1 <= M reduce [m0] max(union)
// SAT:           edge.yield
// SAT-NOT:     edge.iterate
// PLAIN-LABEL: edge.cascade @unnamed
// PLAIN-SAME:    sizes(M = K[1])
// PLAIN:         edge.iterate m1 until m1 >= ? slices
// PLAIN:           edge.einsum "LM" (%{{.*}}[m0, p]) -> [p] where m0 + m1*64 + 1 <= M reduce [m0] max(union)
// PLAIN:           edge.einsum "PRM" (%{{.*}}[p], %{{.*}}[p]) -> [p] map sub_exp(pass_through)
edge.cascade @unnamed(%Q: tensor<64x128xf32>, %K: tensor<64x?xf32>)
    -> (AV: tensor<64x128xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x?xf32>) -> tensor<?x128xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<?x128xf32>) -> tensor<128xf32>
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through) : (tensor<?x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<?x128xf32>) -> tensor<128xf32>
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<?x128xf32>, tensor<128xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %K[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x128xf32>, tensor<64x?xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
