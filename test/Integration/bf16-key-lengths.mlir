// bf16 attention at key lengths whose key mask the register tiles move in
// vectors of 8k+1 bf16 lanes (100 and 250 keys: vector<25xbf16>, 32 bf16
// lanes to a 512-bit register). With AVX512-BF16, LLVM's x86 backend cannot
// legalize a load of such a bf16 vector ("Do not know how to soft promote
// this operator's operand!"); edge-move-bf16-as-i16 moves bf16 values as
// i16, so the lowering reaches LLVM without bf16 vector loads and runs
// equal to the attention reference.
// RUN: rm -rf %t && mkdir -p %t

// Run-time key length (examples/attention-dynamic-bf16.mlir), 1 pass.
// RUN: edge-opt %edge_src_root/examples/attention-dynamic-bf16.mlir --fusemax-1pass=nan-empty-rows > %t/dynamic-one-pass.mlir
// RUN: edge-run %t/dynamic-one-pass.mlir --softmax-scale=0.125 --dims M=100 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/dynamic-one-pass.mlir --softmax-scale=0.125 --dims M=250 --seed=2 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/dynamic-one-pass.mlir --softmax-scale=0.125 --dims M=100 --lowering="threads=1" --seed=3 | FileCheck %s --check-prefix=ATT

// Static key length: examples/attention-masked-bf16.mlir with 100 keys
// instead of 256, as written and derived to 1 pass.
// RUN: sed 's/256/100/g' %edge_src_root/examples/attention-masked-bf16.mlir > %t/masked-100.mlir
// RUN: edge-opt %t/masked-100.mlir --fusemax-1pass=nan-empty-rows > %t/masked-100-one-pass.mlir
// RUN: edge-run %t/masked-100.mlir --softmax-scale=0.125 --seed=4 | FileCheck %s --check-prefix=ATT
// RUN: edge-run %t/masked-100-one-pass.mlir --softmax-scale=0.125 --seed=5 | FileCheck %s --check-prefix=ATT
// ATT: reference attention
// ATT: nan mismatches 0: PASS

// Whatever the host: lowered for a CPU with AVX512-BF16, no bf16 vector is
// loaded (the mask's vector<25xbf16> is loaded as vector<25xi16>).
// RUN: edge-opt %t/masked-100-one-pass.mlir --edge-lower-to-llvm="target-cpu=sapphirerapids threads=1" | FileCheck %s --check-prefix=LLVM
// LLVM: llvm.load {{.*}} -> vector<25xi16>
// LLVM-NOT: llvm.load {{.*}} -> {{.*}}bf16
