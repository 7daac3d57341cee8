//===- CheckLLVMContract.cpp - check that a module is LLVM only ------------===//
//
// This file implements edge-check-llvm-contract, the last pass of
// edge-lower-to-llvm: it reports the first op that is not in the LLVM
// dialect, where it is, instead of letting translation fail later.
//
//===----------------------------------------------------------------------===//

#include "edge/Conversion/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace edge {
#define GEN_PASS_DEF_EDGECHECKLLVMCONTRACT
#include "edge/Conversion/Passes.h.inc"
} // namespace edge

using namespace mlir;

namespace {
struct EdgeCheckLLVMContractPass
    : public edge::impl::EdgeCheckLLVMContractBase<EdgeCheckLLVMContractPass> {
  void runOnOperation() override;
};
} // namespace

void EdgeCheckLLVMContractPass::runOnOperation() {
  ModuleOp module = getOperation();
  WalkResult result = module.walk([&](Operation *op) {
    // OpenMP ops (threads) are translated to LLVM IR next to the LLVM
    // dialect's, once their regions hold LLVM types.
    if (op == module.getOperation() ||
        isa_and_nonnull<LLVM::LLVMDialect, omp::OpenMPDialect>(
            op->getDialect()))
      return WalkResult::advance();
    op->emitOpError("was not lowered to the LLVM dialect");
    return WalkResult::interrupt();
  });
  if (result.wasInterrupted())
    signalPassFailure();
}
