//===- CheckScope.cpp - edge ops outside a cascade -------------------------===//
//
// This file implements edge-check-scope: a remark on every edge op that is
// not in an edge.cascade, where the cascade rewrites (which run on each
// cascade) cannot see it.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"

namespace edge {
#define GEN_PASS_DEF_EDGECHECKSCOPE
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;

namespace {
struct EdgeCheckScopePass
    : public edge::impl::EdgeCheckScopeBase<EdgeCheckScopePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeCheckScopePass::runOnOperation() {
  getOperation().walk([](Operation *op) {
    if (!isa_and_nonnull<EdgeDialect>(op->getDialect()) ||
        isa<CascadeOp, CallOp>(op))
      return WalkResult::advance();
    if (op->getParentOfType<CascadeOp>())
      return WalkResult::skip();
    op->emitRemark() << "not rewritten: edge rewrites act on the body of an "
                        "edge.cascade; move this op into one and call it "
                        "with edge.call (edge-raise-linalg does so for "
                        "linalg)";
    // The ops nested in it are outside a cascade too; one remark says it.
    return WalkResult::skip();
  });
}
