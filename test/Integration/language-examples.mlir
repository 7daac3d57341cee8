// The worked examples of docs/Language.md, run on inputs whose results are
// known in closed form (checked by Python), and against the reference
// interpreter on random inputs. The attention examples are checked in
// masked-attention.mlir and mixed-precision.mlir, grouped-query attention in
// grouped-query-attention.mlir.
//
// RUN: rm -rf %t && mkdir -p %t
//
// Log-sum-exp: X[m, p] = 0 for m < 128, 1 after, so
// LSE[p] = log(128 + 128 e).
// RUN: python3 %S/Inputs/npy.py write %t/x.npy '<f4' 256x128 '0*16384' '1*16384'
// RUN: edge-run %edge_src_root/examples/log-sum-exp.mlir --input=X=@%t/x.npy --output=LSE=@%t/lse.npy | FileCheck %s
// RUN: python3 %S/Inputs/npy.py check %t/lse.npy 'math.log(128 * (1 + math.e))' 1e-6 | FileCheck %s --check-prefix=OK128
// OK128: OK 128 values
// RUN: edge-run %edge_src_root/examples/log-sum-exp.mlir --seed=2 | FileCheck %s
//
// Cross-entropy: X[c, p] = c and every target is class 3, so
// CE[p] = log(sum_c e^c) - 3.
// RUN: python3 %S/Inputs/npy.py write %t/logits.npy '<f4' 10x64 '0*64' '1*64' '2*64' '3*64' '4*64' '5*64' '6*64' '7*64' '8*64' '9*64'
// RUN: python3 %S/Inputs/npy.py write %t/targets.npy '<f4' 10x64 '0*192' '1*64' '0*384'
// RUN: edge-run %edge_src_root/examples/cross-entropy.mlir --input=X=@%t/logits.npy --input=Y=@%t/targets.npy --output=CE=@%t/ce.npy | FileCheck %s
// RUN: python3 %S/Inputs/npy.py check %t/ce.npy 'math.log(sum(math.exp(c) for c in range(10))) - 3' 1e-6 | FileCheck %s --check-prefix=OK64
// OK64: OK 64 values
// RUN: edge-run %edge_src_root/examples/cross-entropy.mlir --seed=3 | FileCheck %s
//
// Softmax pooling: X[f, m, b] = f (every item of a set is the same vector),
// so whatever the weights the pooled vector is O[f, b] = f.
// RUN: python3 %S/Inputs/npy.py write %t/items.npy '<f4' 32x100x16 '0*1600' '1*1600' '2*1600' '3*1600' '4*1600' '5*1600' '6*1600' '7*1600' '8*1600' '9*1600' '10*1600' '11*1600' '12*1600' '13*1600' '14*1600' '15*1600' '16*1600' '17*1600' '18*1600' '19*1600' '20*1600' '21*1600' '22*1600' '23*1600' '24*1600' '25*1600' '26*1600' '27*1600' '28*1600' '29*1600' '30*1600' '31*1600'
// RUN: edge-run %edge_src_root/examples/softmax-pooling.mlir --input=X=@%t/items.npy --output=O=@%t/o.npy | FileCheck %s
// RUN: python3 %S/Inputs/npy.py check %t/o.npy 'i[0]' 1e-6 | FileCheck %s --check-prefix=OK512
// OK512: OK 512 values
// RUN: edge-run %edge_src_root/examples/softmax-pooling.mlir --seed=4 | FileCheck %s
//
// CHECK: reference interpret
// CHECK: inf mismatches 0, nan mismatches 0: PASS
