//===- InlineAllocaScopes.cpp - alloca scopes as stack save/restore -------===//
//
// This file implements edge-inline-alloca-scopes: every `memref.alloca_scope`
// is replaced by its body between `llvm.intr.stacksave` and
// `llvm.intr.stackrestore`.
//
// Why: convert-scf-to-openmp wraps the body of every parallel loop in an
// alloca scope, and a parallel block's deallocation (its lists of buffers)
// allocates on the stack there. scf-to-cf then splits the loops inside the
// scope into blocks, which a scope may not hold; the scope is lowered first,
// exactly as finalize-memref-to-llvm would lower it later.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace edge {
#define GEN_PASS_DEF_EDGEINLINEALLOCASCOPES
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;

namespace {
struct EdgeInlineAllocaScopesPass
    : public edge::impl::EdgeInlineAllocaScopesBase<
          EdgeInlineAllocaScopesPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeInlineAllocaScopesPass::runOnOperation() {
  SmallVector<memref::AllocaScopeOp> scopes;
  getOperation()->walk(
      [&](memref::AllocaScopeOp scope) { scopes.push_back(scope); });
  IRRewriter rewriter(&getContext());
  auto pointer = LLVM::LLVMPointerType::get(&getContext());
  // Inner scopes first (post-order walk): each inlines into its parent. The
  // verifier guarantees one block per scope.
  for (memref::AllocaScopeOp scope : scopes) {
    Location loc = scope.getLoc();
    rewriter.setInsertionPoint(scope);
    Value saved = LLVM::StackSaveOp::create(rewriter, loc, pointer);
    Block &body = scope.getBodyRegion().front();
    auto ret = cast<memref::AllocaScopeReturnOp>(body.getTerminator());
    SmallVector<Value> results(ret.getResults());
    rewriter.inlineBlockBefore(&body, scope);
    rewriter.setInsertionPoint(scope);
    LLVM::StackRestoreOp::create(rewriter, loc, saved);
    rewriter.replaceOp(scope, results);
    rewriter.eraseOp(ret);
  }
}
