//===- StridedCopiesToLinalg.cpp - strided memref.copy as linalg.copy -----===//
//
// This file implements edge-strided-copies-to-linalg: a `memref.copy` whose
// source or target is not contiguous becomes a `linalg.copy`, which
// convert-linalg-to-loops turns into loops that LLVM vectorizes along the
// unit-stride dimension.
//
// Why: the LLVM lowering of such a copy calls the MLIR runtime's generic
// `memrefCopy`, which walks the elements one by one and recomputes every
// offset with a division per dimension. Bufferization copies a split's
// source into the padded buffer of its tiles this way (the tail of a static
// extent, or every call for a run-time one): at 64 x 4096 keys that was
// 60% of a 1-pass attention. Contiguous copies stay memref.copy (memcpy).
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/IR/PatternMatch.h"

namespace edge {
#define GEN_PASS_DEF_EDGESTRIDEDCOPIESTOLINALG
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;

/// Whether MemRefToLLVM copies `type` with one memcpy.
static bool isContiguous(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  return memref && (memref.getLayout().isIdentity() ||
                    memref::isStaticShapeAndContiguousRowMajor(memref));
}

namespace {
struct EdgeStridedCopiesToLinalgPass
    : public edge::impl::EdgeStridedCopiesToLinalgBase<
          EdgeStridedCopiesToLinalgPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeStridedCopiesToLinalgPass::runOnOperation() {
  SmallVector<memref::CopyOp> copies;
  getOperation()->walk([&](memref::CopyOp copy) {
    // Unranked memrefs have no loops to write.
    if (isa<MemRefType>(copy.getSource().getType()) &&
        isa<MemRefType>(copy.getTarget().getType()) &&
        !(isContiguous(copy.getSource().getType()) &&
          isContiguous(copy.getTarget().getType())))
      copies.push_back(copy);
  });
  IRRewriter rewriter(&getContext());
  for (memref::CopyOp copy : copies) {
    rewriter.setInsertionPoint(copy);
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(copy, copy.getSource(),
                                                copy.getTarget());
  }
}
