/*===- edge-capi.c - the C API of edge, from C --------------------*- C -*-===*\
|*                                                                            *|
|* A C program that registers edge through its C API, raises attention       *|
|* written in linalg, derives the 1-pass cascade, lowers it to the LLVM      *|
|* dialect, and checks that a bad pipeline fails without a crash. Built      *|
|* against the build tree here, and against an install tree by               *|
|* test/Downstream.                                                          *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

// RUN: edge-capi-test 2>&1 | FileCheck %s

#include "edge-c/Edge.h"

#include "mlir-c/Diagnostics.h"
#include "mlir-c/IR.h"

#include <stdio.h>

static void printToStdout(MlirStringRef text, void *userData) {
  (void)userData;
  fwrite(text.data, 1, text.length, stdout);
}

/// Diagnostics (remarks of the passes, errors) go to stdout, in order.
static MlirLogicalResult printDiagnostic(MlirDiagnostic diagnostic,
                                         void *userData) {
  (void)userData;
  printf("diagnostic: ");
  mlirDiagnosticPrint(diagnostic, printToStdout, NULL);
  printf("\n");
  return mlirLogicalResultSuccess();
}

static const char *kAttention =
    "func.func @attention(%q: tensor<8x16xf32>, %k: tensor<16x32xf32>,\n"
    "                     %v: tensor<32x4xf32>) -> tensor<8x4xf32> {\n"
    "  %zero = arith.constant 0.0 : f32\n"
    "  %e0 = tensor.empty() : tensor<8x32xf32>\n"
    "  %z0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<8x32xf32>)"
    " -> tensor<8x32xf32>\n"
    "  %qk = linalg.matmul ins(%q, %k : tensor<8x16xf32>, tensor<16x32xf32>)\n"
    "          outs(%z0 : tensor<8x32xf32>) -> tensor<8x32xf32>\n"
    "  %a = linalg.softmax dimension(1) ins(%qk : tensor<8x32xf32>)\n"
    "         outs(%e0 : tensor<8x32xf32>) -> tensor<8x32xf32>\n"
    "  %e1 = tensor.empty() : tensor<8x4xf32>\n"
    "  %z1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<8x4xf32>)"
    " -> tensor<8x4xf32>\n"
    "  %av = linalg.matmul ins(%a, %v : tensor<8x32xf32>, tensor<32x4xf32>)\n"
    "          outs(%z1 : tensor<8x4xf32>) -> tensor<8x4xf32>\n"
    "  return %av : tensor<8x4xf32>\n"
    "}\n";

static MlirStringRef str(const char *s) {
  return mlirStringRefCreateFromCString(s);
}

int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  edgeRegisterAllDialects(registry);
  mlirContextAppendDialectRegistry(ctx, registry);
  mlirDialectRegistryDestroy(registry);
  mlirContextAttachDiagnosticHandler(ctx, printDiagnostic, NULL, NULL);

  // CHECK: dialect edge, version {{[0-9]+\.[0-9]+\.[0-9]+}}
  MlirDialectHandle handle = mlirGetDialectHandle__edge__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(handle);
  MlirDialect dialect = mlirDialectHandleLoadDialect(handle, ctx);
  MlirStringRef version = edgeGetVersion();
  printf("dialect %.*s, version %.*s\n", (int)ns.length, ns.data,
         (int)version.length, version.data);
  if (mlirDialectIsNull(dialect))
    return 1;

  MlirModule module = mlirModuleCreateParse(ctx, str(kAttention));
  if (mlirModuleIsNull(module))
    return 2;

  // CHECK-NOT: diagnostic:
  // CHECK: raised: 1
  // CHECK: derived: 1
  // CHECK: edge.cascade @attention_edge
  // CHECK: edge.iterate
  // CHECK-LABEL: func.func @attention(
  // CHECK: edge.call @attention_edge
  printf("raised: %d\n",
         mlirLogicalResultIsSuccess(edgeRaiseLinalg(module, str("remarks=true"))));
  printf("derived: %d\n",
         mlirLogicalResultIsSuccess(edgeFuseMax1Pass(module, str("tile=8"))));
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  fflush(stdout);

  // CHECK: diagnostic: edge: invalid pass pipeline: {{.*}}'no-such-pass' does not refer to a registered pass
  // CHECK: bad pipeline: 1
  printf("bad pipeline: %d\n",
         mlirLogicalResultIsFailure(
             edgeRunPassPipeline(module, str("no-such-pass"))));
  fflush(stdout);

  // CHECK: lowered: 1
  // CHECK: llvm.func @attention(
  // CHECK-NOT: edge.
  printf("lowered: %d\n",
         mlirLogicalResultIsSuccess(edgeLowerToLLVM(module, str("threads=1"))));
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");

  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
