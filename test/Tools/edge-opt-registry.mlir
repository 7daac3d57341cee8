// edge-opt reads every dump of its own lowering (--mlir-print-ir-after-all:
// edge, linalg, bufferization, memref, scf, cf, vector, omp, llvm, ...), and
// the dialects its inputs come with (tosa after --tosa-to-linalg-pipeline,
// index, cf, vector).
//
// RUN: edge-opt %edge_src_root/examples/attention-3pass.mlir --fusemax-1pass --edge-lower-to-llvm="threads=0" --mlir-print-ir-after-all --mlir-print-ir-module-scope --mlir-disable-threading -o /dev/null 2>&1 | sed -e '1d' -e 's|^// -----// IR Dump.*|// -----|' > %t.dumps.mlir
// RUN: grep -c "^// -----" %t.dumps.mlir | FileCheck %s --check-prefix=DUMPS
// RUN: edge-opt -split-input-file %t.dumps.mlir -o /dev/null
// RUN: edge-opt %s | edge-opt | FileCheck %s

// DUMPS: {{[1-9][0-9]+}}

// CHECK-LABEL: func.func @upstream
// CHECK: tosa.const
// CHECK: index.add
// CHECK: vector.broadcast
// CHECK: cf.br
func.func @upstream(%i: index, %x: f32) -> vector<4xf32> {
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %j = index.add %i, %i
  %v = vector.broadcast %x : f32 to vector<4xf32>
  cf.br ^bb1
^bb1:
  return %v : vector<4xf32>
}
