// Presence inputs (edge.mask), run and checked numerically.
//
// examples/attention-masked.mlir (scale 0.125, key-padding mask Valid[m])
// against the attention reference, which skips the padded keys
// (softmax(0.125 * Q^T K) over the valid keys; a query with no valid key
// gives 0), with random masks of several densities: 0 masks every key (the
// whole output is the empty row, 0), 0.05 leaves a few.
// RUN: edge-run %edge_src_root/examples/attention-masked.mlir --softmax-scale=0.125 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %edge_src_root/examples/attention-masked.mlir --softmax-scale=0.125 --seed=2 --mask-density=0.05 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %edge_src_root/examples/attention-masked.mlir --softmax-scale=0.125 --mask-density=0 --print=4 | FileCheck %s --check-prefixes=ATT,EMPTY
// ATT: reference attention
// EMPTY: output AV [64x128]: 0 0 0 0{{$}}
// ATT: nan mismatches 0: PASS
//
// The same against the reference interpreter, and the derived 2-pass
// cascade (the key rank split into tiles of 64, local maxima) against both.
// RUN: edge-run %edge_src_root/examples/attention-masked.mlir --reference=interpret --seed=3 | FileCheck %s --check-prefix=INTERPRET
// 1024 keys and queries on one thread: the scratch buffers of unrolled
// vector transfers are allocated once, not at every loop iteration (which
// overflowed the 8 MiB stack, edge-hoist-transfer-buffers).
// RUN: sed 's/256/1024/g; s/128/1024/g' %edge_src_root/examples/attention-masked.mlir > %t.1024.mlir
// RUN: edge-run %t.1024.mlir --softmax-scale=0.125 --lowering=threads=1 | FileCheck %s --check-prefix=ATT
// RUN: edge-opt %edge_src_root/examples/attention-masked.mlir --fusemax-2pass | edge-run - --softmax-scale=0.125 --seed=4 | FileCheck %s --check-prefix=ATT
// RUN: edge-opt %edge_src_root/examples/attention-masked.mlir --fusemax-2pass | edge-run - --reference=interpret --seed=5 --mask-density=0.1 | FileCheck %s --check-prefix=INTERPRET
// INTERPRET: reference interpret
// INTERPRET: inf mismatches 0, nan mismatches 0: PASS
//
// The derived 1-pass cascade (nan-empty-rows: a row with no valid key is
// NaN instead of 0) against the attention reference: random masks, a mask
// whose first 100 keys are padded (the first tile has no key, so the guarded
// correction is what keeps the running sums finite), and every key padded
// (every row NaN, as --masked-rows=nan expects).
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-opt %edge_src_root/examples/attention-masked.mlir --fusemax-1pass=nan-empty-rows > %t/one-pass.mlir
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --seed=6 | FileCheck %s --check-prefix=ATT
// RUN: python3 %S/Inputs/npy.py write %t/pad.npy '|b1' 256 '0*100' '1*156'
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --input=Valid=@%t/pad.npy | FileCheck %s --check-prefix=ATT
// RUN: edge-run %edge_src_root/examples/attention-masked.mlir --softmax-scale=0.125 --input=Valid=@%t/pad.npy | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --mask-density=0 --masked-rows=nan --print=2 | FileCheck %s --check-prefix=NAN
// NAN: output AV [64x128]: {{-?}}nan {{-?}}nan{{$}}
// NAN: nan 8192, inf 0, nan mismatches 0: PASS
//
// Without the scale the reference disagrees: the check can fail.
// RUN: not edge-run %edge_src_root/examples/attention-masked.mlir | FileCheck %s --check-prefix=FAIL
// FAIL: FAIL
//
// Masks from .npy files (bool or uint8): a mask on the scores of each
// query (below), where query 1 has no key and query 3 only key 5. Query 1's
// row is empty: AV[f, 1] = 0; query 3's is V[f, 5] exactly (one key:
// e^0 / 1 = 1).
// RUN: python3 %S/Inputs/npy.py write %t/mask.npy '|b1' 8x4 1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 1  1 0 1 0  1 0 1 0
// RUN: python3 %S/Inputs/npy.py write %t/mask-u8.npy '|u1' 8x4 1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 1  1 0 1 0  1 0 1 0
// RUN: edge-run %s --cascade=score_mask --input=Allowed=@%t/mask.npy --dump-inputs=%t/in --print=16 > %t/run.txt
// RUN: python3 %S/Inputs/npy.py print %t/in/V.npy > %t/v.txt
// RUN: cat %t/run.txt %t/v.txt | FileCheck %s --check-prefix=ROWS
// RUN: edge-run %s --cascade=score_mask --input=Allowed=@%t/mask-u8.npy --print=16 > %t/run-u8.txt
// RUN: cat %t/run-u8.txt %t/v.txt | FileCheck %s --check-prefix=ROWS
// ROWS: reference interpret
// ROWS: output AV [4x4]: {{[^ ]+}} 0 {{[^ ]+}} [[V0:[^ ]+]] {{[^ ]+}} 0 {{[^ ]+}} [[V1:[^ ]+]] {{[^ ]+}} 0 {{[^ ]+}} [[V2:[^ ]+]] {{[^ ]+}} 0 {{[^ ]+}} [[V3:[^ ]+]]{{$}}
// ROWS: inf mismatches 0, nan mismatches 0: PASS
// ROWS: <f4 (4, 8) {{(([^ ]+ ){5})}}[[V0]] {{(([^ ]+ ){7})}}[[V1]] {{(([^ ]+ ){7})}}[[V2]] {{(([^ ]+ ){7})}}[[V3]] {{[^ ]+ [^ ]+$}}
// The dumped mask is the given one.
// RUN: cmp %t/mask.npy %t/in/Allowed.npy
//
// Bad mask files are refused.
// RUN: python3 %S/Inputs/npy.py write %t/float.npy '<f4' 8x4 1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 1  1 0 1 0  1 0 1 0
// RUN: python3 %S/Inputs/npy.py write %t/two.npy '|u1' 8x4 2 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 0  1 0 1 1  1 0 1 0  1 0 1 0
// RUN: not edge-run %s --cascade=score_mask --input=Allowed=@%t/float.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// RUN: not edge-run %s --cascade=score_mask --input=Allowed=@%t/two.npy 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: not edge-run %s --cascade=score_mask --mask-density=2 2>&1 | FileCheck %s --check-prefix=DENSITY
// DTYPE: input Allowed has dtype '<f4', expected '|b1' (bool) or '|u1' (uint8) for the mask tensor<8x4xi1>
// TWO: mask input Allowed holds a value other than 0 and 1
// DENSITY: --mask-density must be in [0, 1]

// M = 8 keys, P = 4 queries, E = F = 4; Allowed[m, p] masks the scores.
edge.cascade @score_mask(%Q: tensor<4x4xf32>, %K: tensor<4x8xf32>,
                         %V: tensor<4x8xf32>, %Allowed: tensor<8x4xi1>)
    -> (AV: tensor<4x4xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<4x4xf32>, tensor<4x8xf32>)
  %S = edge.mask %QK where %Allowed : tensor<8x4xf32>, tensor<8x4xi1>
  %GM = edge.einsum "GM" (%S[m, p]) -> [p] reduce [m] max(union)
          : (tensor<8x4xf32>)
  %SN = edge.einsum "SN" (%S[m, p], %GM[p]) -> [m, p] map sub_exp(take_left)
          : (tensor<8x4xf32>, tensor<4xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<8x4xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<8x4xf32>, tensor<4xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<8x4xf32>, tensor<4x8xf32>)
  edge.return %AV : tensor<4x4xf32>
}
