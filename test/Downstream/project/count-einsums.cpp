//===- count-einsums.cpp - a downstream user of the edge dialect ----------===//
//
// This file implements a minimal client of edge's CMake package: it parses a
// module with edge cascades, runs --fusemax-1pass on it and prints, per
// cascade, how many einsums and iterations it has before and after. Then it
// lowers the module in a dialect conversion of its own: edge's patterns
// (populateEdgeToLinalgConversionPatterns) next to one of the client's
// (math.exp becomes math.exp2 of a scaled argument, as some CPU backends
// prefer), with the client's legality on top of edge's conversion target.
// It prints what the conversion made: linalg.generic ops, how many of them
// upstream linalg recognizes as contractions, and exp/exp2 counts.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/EdgeToLinalg/EdgeToLinalg.h"
#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "edge/Dialect/Edge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/DialectConversion.h"
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

namespace {
/// The client's own rule: exp(x) = exp2(x * log2(e)).
struct ExpToExp2 : public mlir::OpConversionPattern<mlir::math::ExpOp> {
  using OpConversionPattern::OpConversionPattern;

  llvm::LogicalResult
  matchAndRewrite(mlir::math::ExpOp op, OpAdaptor adaptor,
                  mlir::ConversionPatternRewriter &rewriter) const override {
    mlir::Location loc = op.getLoc();
    mlir::Type type = op.getType();
    mlir::Value log2e = mlir::arith::ConstantOp::create(
        rewriter, loc, type, rewriter.getFloatAttr(type, 1.4426950408889634));
    mlir::Value scaled = mlir::arith::MulFOp::create(
        rewriter, loc, adaptor.getOperand(), log2e);
    rewriter.replaceOpWithNewOp<mlir::math::Exp2Op>(op, scaled);
    return llvm::success();
  }
};
} // namespace

/// Lowers the edge ops of `module` together with the client's own pattern.
static llvm::LogicalResult lower(mlir::ModuleOp module) {
  mlir::MLIRContext *ctx = module.getContext();
  edge::EdgeToLinalgFacts facts(module);
  if (facts.failed())
    return llvm::failure();
  mlir::TypeConverter converter;
  edge::populateEdgeToLinalgTypeConversion(converter, facts);
  mlir::RewritePatternSet patterns(ctx);
  edge::populateEdgeToLinalgConversionPatterns(converter, patterns, facts);
  patterns.add<ExpToExp2>(ctx);
  mlir::ConversionTarget target(*ctx);
  edge::configureEdgeToLinalgConversionTarget(target);
  target.addLegalOp<mlir::ModuleOp>();
  target.addIllegalOp<mlir::math::ExpOp>();
  return mlir::applyPartialConversion(module, target, std::move(patterns));
}

static void reportLowered(mlir::ModuleOp module) {
  module.walk([&](mlir::func::FuncOp func) {
    unsigned edgeOps = 0, generics = 0, contractions = 0, exps = 0, exp2s = 0;
    func.walk([&](mlir::Operation *op) {
      edgeOps += mlir::isa<edge::EdgeDialect>(op->getDialect());
      exps += mlir::isa<mlir::math::ExpOp>(op);
      exp2s += mlir::isa<mlir::math::Exp2Op>(op);
      auto generic = mlir::dyn_cast<mlir::linalg::GenericOp>(op);
      if (!generic)
        return;
      ++generics;
      contractions += mlir::linalg::isaContractionOpInterface(generic);
    });
    llvm::outs() << "lowered @" << func.getSymName() << ": " << edgeOps
                 << " edge ops, " << generics << " generics, "
                 << contractions << " contractions, " << exps << " exp, "
                 << exp2s << " exp2\n";
  });
}

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: count-einsums <file.mlir>\n";
    return 2;
  }
  mlir::MLIRContext context;
  context.loadDialect<edge::EdgeDialect, mlir::func::FuncDialect>();
  mlir::DialectRegistry registry;
  edge::registerEdgeToLinalgDependentDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
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
  if (mlir::failed(lower(*module)))
    return 1;
  reportLowered(*module);
  return 0;
}
