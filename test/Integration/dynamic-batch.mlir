// A run-time batch B (examples/attention-3pass-batched.mlir with B = ?):
// the analysis counts in B, the 2-pass derivation splits the key rank as
// for a static batch, and the 1-pass derivation iterates over the key tiles
// with running values of B x H x P (fills whose run-time extent B is that
// of the values each step yields). All run equal to the attention
// reference for the B of --dims, compiled once for any B.
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-opt %s --edge-analyze="dims=B=3" -o /dev/null | FileCheck %s --check-prefix=ANALYZE
// ANALYZE: sizes: B = 3
// ANALYZE-NEXT: flops: 17284096*B
// RUN: edge-opt %s --fusemax-2pass > %t/two-pass.mlir
// RUN: FileCheck %s --check-prefix=TWO < %t/two-pass.mlir
// TWO: edge.split %{{.*}} dim 3 tile 64 : tensor<?x4x32x256xf32> -> tensor<?x4x32x4x64xf32>
// TWO-NOT: edge.iterate
// RUN: edge-run %s --dims B=3 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/two-pass.mlir --dims B=1 --seed=2 | FileCheck %s --check-prefix=ATT
// ATT: reference attention
// ATT: nan mismatches 0: PASS
// RUN: edge-opt %s --fusemax-1pass > %t/one-pass.mlir
// RUN: FileCheck %s --check-prefix=ONE < %t/one-pass.mlir
// ONE: edge.fill -inf : tensor<?x4x128xf32>
// ONE: edge.iterate m1 until m1 >= 4
// ONE-SAME: init(%{{.*}} = %{{.*}} : tensor<?x4x128xf32>, %{{.*}} = %{{.*}} : tensor<?x4x32x128xf32>, %{{.*}} = %{{.*}} : tensor<?x4x128xf32>)
// RUN: edge-opt %t/one-pass.mlir --edge-analyze="dims=B=3" -o /dev/null | FileCheck %s --check-prefix=PASSES
// PASSES: max passes: 1 (over m)
// RUN: edge-run %t/one-pass.mlir --dims B=3 --seed=3 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --dims B=2 --seed=4 --lowering=threads=1 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --dims B=2 --seed=4 --specialize-sizes | FileCheck %s --check-prefix=ATT
edge.cascade @batched_attention(%Q: tensor<?x4x32x128xf32>,
                                %K: tensor<?x4x32x256xf32>,
                                %V: tensor<?x4x32x256xf32>)
    -> (AV: tensor<?x4x32x128xf32>) {
  %QK = edge.einsum "QK" (%Q[b, h, e, p], %K[b, h, e, m]) -> [b, h, m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<?x4x32x128xf32>, tensor<?x4x32x256xf32>)
          -> tensor<?x4x256x128xf32>
  %GM = edge.einsum "GM" (%QK[b, h, m, p]) -> [b, h, p] reduce [m] max(union)
          : (tensor<?x4x256x128xf32>) -> tensor<?x4x128xf32>
  %SN = edge.einsum "SN" (%QK[b, h, m, p], %GM[b, h, p]) -> [b, h, m, p]
          map sub_exp(pass_through)
          : (tensor<?x4x256x128xf32>, tensor<?x4x128xf32>)
          -> tensor<?x4x256x128xf32>
  %SD = edge.einsum "SD" (%SN[b, h, m, p]) -> [b, h, p] reduce [m] add(union)
          : (tensor<?x4x256x128xf32>) -> tensor<?x4x128xf32>
  %A = edge.einsum "A" (%SN[b, h, m, p], %SD[b, h, p]) -> [b, h, m, p]
         map div(take_right)
         : (tensor<?x4x256x128xf32>, tensor<?x4x128xf32>)
         -> tensor<?x4x256x128xf32>
  %AV = edge.einsum "AV" (%A[b, h, m, p], %V[b, h, f, m]) -> [b, h, f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x4x256x128xf32>, tensor<?x4x32x256xf32>)
          -> tensor<?x4x32x128xf32>
  edge.return %AV : tensor<?x4x32x128xf32>
}
