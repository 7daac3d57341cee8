// Attention with a run-time key length M (examples/attention-dynamic-bf16.mlir:
// bf16 Q, K, V, a scale and a key-padding mask) derives to 1 pass and runs
// equal to the attention reference and the interpreter, at key lengths that
// are no multiple of the tile of 64: the last tile's tail is bounded by M
// at run time. edge-run takes M from --dims or from the shape of an .npy
// input; the JIT compiles the cascade once for any M (sizes read from the
// inputs at run time), or for that M with --specialize-sizes.
// RUN: rm -rf %t && mkdir -p %t
// RUN: edge-opt %edge_src_root/examples/attention-dynamic-bf16.mlir --fusemax-1pass=nan-empty-rows > %t/one-pass.mlir
// RUN: FileCheck %s --check-prefix=ONE < %t/one-pass.mlir
// ONE: sizes(M = K[1])
// ONE: edge.iterate m1 until m1 >= ? slices(%{{.*}} = %{{.*}}[1] : tensor<64x?x64xbf16>, %{{.*}} = %{{.*}}[1] : tensor<64x?x64xbf16>)
// ONE-NOT: edge.iterate

// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --dims M=999 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --dims M=70 --seed=2 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --dims M=64 --quantize=false --seed=3 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --reference=interpret --dims M=70 --seed=4 | FileCheck %s --check-prefix=INTERPRET
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --dims M=100 --seed=5 --specialize-sizes | FileCheck %s --check-prefix=ATT
// RUN: edge-run %edge_src_root/examples/attention-dynamic-bf16.mlir --softmax-scale=0.125 --dims M=130 | FileCheck %s --check-prefix=ATT
// The 2-pass form: K's and V's tiles are one size (M), split alike.
// RUN: edge-opt %edge_src_root/examples/attention-dynamic-bf16.mlir --fusemax-2pass > %t/two-pass.mlir
// RUN: edge-run %t/two-pass.mlir --softmax-scale=0.125 --dims M=250 | FileCheck %s --check-prefix=ATT
// ATT: reference attention
// ATT: output AV [64x128]
// ATT: nan mismatches 0: PASS
// INTERPRET: reference interpret
// INTERPRET: inf mismatches 0, nan mismatches 0: PASS

// M from the shape of the mask: 70 keys, the first 20 padded.
// RUN: python3 %S/Inputs/npy.py write %t/pad.npy '|b1' 70 '0*20' '1*50'
// RUN: edge-run %t/one-pass.mlir --softmax-scale=0.125 --input=Valid=@%t/pad.npy | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/one-pass.mlir --reference=interpret --input=Valid=@%t/pad.npy | FileCheck %s --check-prefix=INTERPRET

// Inputs of one size must agree: 50 valid keys but K of 70.
// RUN: python3 %S/Inputs/npy.py write %t/k70.npy '<f4' 64x70 '0.5*4480'
// RUN: python3 %S/Inputs/npy.py write %t/valid50.npy '|b1' 50 '1*50'
// RUN: not edge-run %t/one-pass.mlir --input=K=@%t/k70.npy --input=Valid=@%t/valid50.npy 2>&1 | FileCheck %s --check-prefix=DISAGREE
// DISAGREE: valid50.npy: input Valid has extent 50 along size M, another input has 70
// --dims wins over the files, whose shapes then disagree with it.
// RUN: not edge-run %t/one-pass.mlir --dims M=64 --input=Valid=@%t/valid50.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: input Valid has shape (50), expected tensor<64xi1>

// Without a value for M there is nothing to compile.
// RUN: not edge-run %t/one-pass.mlir 2>&1 | FileCheck %s --check-prefix=NOSIZE
// NOSIZE: edge-run: @attention: no value for size M (give it as M=N) (--dims)
// RUN: not edge-run %t/one-pass.mlir --dims N=3 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: edge-run: @attention: unknown size 'N' (the sizes are: M) (--dims)

// Without a mask (the cascade below, f32, M = ?): --fusemax-1pass and
// --edge-saturate derive 1 pass without nan-empty-rows (every row has a
// key), and it runs equal to the attention reference.
// RUN: edge-opt %s --fusemax-1pass > %t/plain-one-pass.mlir
// RUN: edge-opt %s --edge-saturate > %t/plain-saturated.mlir
// RUN: FileCheck %s --check-prefix=PLAIN < %t/plain-one-pass.mlir
// RUN: FileCheck %s --check-prefix=PLAIN < %t/plain-saturated.mlir
// PLAIN: edge.iterate m1 until m1 >= ?
// RUN: edge-run %t/plain-one-pass.mlir --dims M=70 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/plain-one-pass.mlir --dims M=1000 --seed=6 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/plain-saturated.mlir --dims M=999 --seed=7 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/plain-saturated.mlir --dims M=1 --seed=8 | FileCheck %s --check-prefix=ATT
// The 3-pass cascade itself, compiled for any M (its ops over M are tiled
// by 1 along M and vectorized), and for M = 1000 only.
// RUN: edge-run %s --cascade=plain --dims M=1000 --seed=9 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %s --cascade=plain --dims M=1000 --seed=9 --specialize-sizes | FileCheck %s --check-prefix=ATT
edge.cascade @plain(%Q: tensor<64x128xf32>, %K: tensor<64x?xf32>,
                    %V: tensor<64x?xf32>) -> (AV: tensor<64x128xf32>) {
  %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p]
          map mul(isect) reduce [e] add(union)
          : (tensor<64x128xf32>, tensor<64x?xf32>) -> tensor<?x128xf32>
  %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union)
          : (tensor<?x128xf32>)
  %SN = edge.einsum "SN" (%QK[m, p], %GM[p]) -> [m, p]
          map sub_exp(pass_through) : (tensor<?x128xf32>, tensor<128xf32>)
  %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union)
          : (tensor<?x128xf32>)
  %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right)
         : (tensor<?x128xf32>, tensor<128xf32>)
  %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
          map mul(isect) reduce [m] add(union)
          : (tensor<?x128xf32>, tensor<64x?xf32>) -> tensor<64x128xf32>
  edge.return %AV : tensor<64x128xf32>
}
