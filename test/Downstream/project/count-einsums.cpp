//===- count-einsums.cpp - a downstream user of the edge dialect ----------===//
//
// This file implements a minimal client of edge's CMake package: it parses a
// module with edge cascades, runs --fusemax-1pass on it and prints, per
// cascade, how many einsums and iterations it has before and after.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

static void report(mlir::ModuleOp module, llvm::StringRef when) {
  module.walk([&](edge::CascadeOp cascade) {
    unsigned einsums = 0, iterations = 0;
    cascade.walk([&](mlir::Operation *op) {
      einsums += mlir::isa<edge::EinsumOp>(op);
      iterations += mlir::isa<edge::IterateOp>(op);
    });
    llvm::outs() << when << " @" << cascade.getSymName() << ": " << einsums
                 << " einsums, " << iterations << " iterations\n";
  });
}

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: count-einsums <file.mlir>\n";
    return 2;
  }
  mlir::MLIRContext context;
  context.loadDialect<edge::EdgeDialect, mlir::func::FuncDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module)
    return 1;
  report(*module, "before");
  mlir::PassManager pm(&context);
  edge::buildFuseMax1PassPipeline(pm, edge::FuseMaxPipelineOptions());
  if (mlir::failed(pm.run(*module)))
    return 1;
  report(*module, "after");
  return 0;
}
