//===- HoistTransferBuffers.cpp - transfer scratch buffers at scope entry -===//
//
// This file implements edge-hoist-transfer-buffers: every `memref.alloca`
// of a 0-d memref of a vector (the scratch buffer that convert-vector-to-scf
// gives a transfer it unrolls) moves to the start of the entry block of its
// automatic allocation scope (the function, or an omp.parallel region, which
// is outlined per thread).
//
// Why: convert-vector-to-scf places the buffer at the start of the
// innermost scf.for around the transfer (an allocation scope that
// scf-to-cf does not keep). LLVM then allocates it at every iteration
// (an alloca outside the entry block is dynamic) and frees nothing until
// the function returns: masked 1024 x 1024 attention overflowed the 8 MiB
// stack. The buffer is written and read back within one transfer, so one
// buffer per scope serves every iteration.
//
//===----------------------------------------------------------------------===//

#include "edge/Codegen/Passes.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace edge {
#define GEN_PASS_DEF_EDGEHOISTTRANSFERBUFFERS
#include "edge/Codegen/Passes.h.inc"
} // namespace edge

using namespace mlir;

/// Whether `alloca` is a transfer's scratch buffer: no operands, a 0-d
/// memref of a vector.
static bool isTransferBuffer(memref::AllocaOp alloca) {
  MemRefType type = alloca.getType();
  return alloca->getNumOperands() == 0 && type.getRank() == 0 &&
         isa<VectorType>(type.getElementType());
}

namespace {
struct EdgeHoistTransferBuffersPass
    : public edge::impl::EdgeHoistTransferBuffersBase<
          EdgeHoistTransferBuffersPass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeHoistTransferBuffersPass::runOnOperation() {
  SmallVector<memref::AllocaOp> buffers;
  getOperation()->walk([&](memref::AllocaOp alloca) {
    if (isTransferBuffer(alloca))
      buffers.push_back(alloca);
  });
  for (memref::AllocaOp alloca : buffers) {
    // scf.for is an allocation scope too, but scf-to-cf lowers it to plain
    // blocks: its allocas stay in the loop. The scope that counts is the
    // nearest one that is not a loop.
    Operation *scope = alloca->getParentOp();
    while (scope && !(scope->hasTrait<OpTrait::AutomaticAllocationScope>() &&
                      !isa<LoopLikeOpInterface>(scope)))
      scope = scope->getParentOp();
    if (!scope || scope->getNumRegions() == 0 ||
        scope->getRegion(0).empty())
      continue;
    Block &entry = scope->getRegion(0).front();
    if (alloca->getBlock() == &entry)
      continue;
    alloca->moveBefore(&entry, entry.begin());
  }
}
