//===- TimeEstimate.cpp - the time of a cascade on a target ----------------===//
//
// The time estimate of the cost model (docs/CostModel.md): per einsum, the
// larger of its arithmetic time and its memory time (one einsum is one loop
// nest of the lowered code), summed over the einsums and divided by the
// parallel speed-up over the independent blocks the lowering runs. Memory
// time is the einsum's traffic at the bandwidth of the level that the live
// intermediates of one block fit in.
//
//===----------------------------------------------------------------------===//

#include "CascadeAnalyzer.h"

#include "llvm/Support/CheckedArithmetic.h"

#include <cmath>

using namespace mlir;
using namespace edge;
using namespace edge::detail;

namespace {
/// A level of the memory hierarchy: its name, capacity and bandwidth.
struct Level {
  const char *name;
  int64_t bytes;
  double bytesPerSecond;
};
} // namespace

/// `x` as an int64_t, saturating (a converted double out of range is
/// undefined behaviour).
static int64_t saturatingInt(double x) {
  constexpr double kMax = 9.2e18;
  return x >= kMax ? int64_t(kMax) : x <= 0 || std::isnan(x) ? 0 : int64_t(x);
}

/// Whether `einsum` is a contraction the lowering turns into FMAs: a sum of
/// products over reduced ranks.
static bool isContraction(EinsumOp einsum) {
  return einsum.getMapCompute() == ComputeKind::Mul &&
         einsum.getReduceCompute() == ComputeKind::Add &&
         !einsum.getReduceRanks().empty();
}

void CascadeAnalyzer::computeTime() {
  const TargetDescription &target = *options.target;
  TimeEstimate time;
  time.cpu = target.cpu;
  time.speedSource = target.speedSource;
  time.threads = options.threads ? options.threads : target.cores;

  // Independent ranks: ranks of the first output that no einsum reduces and
  // every einsum iterates (edge-block-parallel-rank's conditions). The
  // innermost is blocked by `parallelBlock`, the others one at a time.
  llvm::DenseMap<unsigned, std::pair<int64_t, int64_t>> blockOf; // extent, block
  auto returnOp = cast<ReturnOp>(cascade.getBody().front().getTerminator());
  SmallVector<EinsumOp> einsums;
  cascade.getBody().walk([&](EinsumOp e) { einsums.push_back(e); });
  if (returnOp.getNumOperands() > 0) {
    Value output = returnOp.getOperand(0);
    auto type = cast<RankedTensorType>(output.getType());
    SmallVector<unsigned> independent;
    for (unsigned j = 0, e = type.getRank(); j < e; ++j) {
      unsigned root = rootOf(classOf(output, j));
      if (llvm::is_contained(reportedRoots, root) ||
          llvm::is_contained(independent, root))
        continue;
      bool everywhere = llvm::all_of(einsums, [&](EinsumOp einsum) {
        for (unsigned k = 0, n = einsum.getNumRanks(); k < n; ++k)
          if (rootOf(rankNode(einsum, k)) == root)
            return true;
        return false;
      });
      if (!everywhere || type.getDimSize(j) <= 0)
        continue;
      independent.push_back(root);
      blockOf[root] = {type.getDimSize(j), 1};
      time.independentRanks.push_back(classNameOf(root));
    }
    if (!independent.empty()) {
      auto &[extent, block] = blockOf[independent.back()];
      block = std::min(extent, std::max<int64_t>(1, options.parallelBlock));
    }
  }
  for (auto &[root, eb] : blockOf)
    time.blocks = llvm::checkedMul(time.blocks,
                                   (eb.first + eb.second - 1) / eb.second)
                      .value_or(INT64_MAX);
  time.speedup = double(std::min<int64_t>(time.threads, time.blocks));

  // The part of `value` that one block touches.
  auto blockFraction = [&](Value value) {
    double fraction = 1;
    SmallVector<unsigned> seen;
    auto type = cast<RankedTensorType>(value.getType());
    for (unsigned j = 0, e = type.getRank(); j < e; ++j) {
      unsigned root = rootOf(classOf(value, j));
      auto it = blockOf.find(root);
      if (it == blockOf.end() || llvm::is_contained(seen, root))
        continue;
      seen.push_back(root);
      fraction *= double(it->second.second) / double(it->second.first);
    }
    return fraction;
  };
  // Einsums that the lowering leaves scalar (docs/Lowering.md: ops that
  // read or write presence masks are not vectorized; a filtered einsum
  // evaluates its predicate per point). Presence is tracked coarsely:
  // `partial` values have an affine presence (a filter's result, maps and
  // views of it); a reduction of one that keeps a piece of a rank it
  // reduces (LM[m1, p] = max over m0, with m <= p) can be empty at a kept
  // point and carries a mask, as does everything an iteration with a
  // filter computes. Whatever reads a mask carries one; what writes one is
  // scalar.
  llvm::DenseSet<Value> partial, masked;
  llvm::DenseSet<Operation *> scalarEinsums;
  auto keepsPieceOfReduced = [&](EinsumOp einsum) {
    SmallVector<unsigned> reducedRoots, keptRoots;
    for (unsigned k = 0, n = einsum.getNumRanks(); k < n; ++k)
      (einsum.isReducedRank(k) ? reducedRoots : keptRoots)
          .push_back(rootOf(rankNode(einsum, k)));
    return llvm::any_of(keptRoots, [&](unsigned root) {
      return llvm::is_contained(reducedRoots, root);
    });
  };
  cascade.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    auto reads = [&](const llvm::DenseSet<Value> &set) {
      return llvm::any_of(op->getOperands(),
                          [&](Value v) { return set.contains(v); });
    };
    bool readsMask = reads(masked), readsPartial = reads(partial);
    auto markAll = [&](llvm::DenseSet<Value> &set) {
      for (Value result : op->getResults())
        set.insert(result);
    };
    if (auto iterate = dyn_cast<IterateOp>(op)) {
      bool inner = false;
      iterate.getBody().walk([&](EinsumOp e) { inner |= bool(e.getFilter()); });
      if (inner || readsMask) {
        for (BlockArgument arg : iterate.getBody().front().getArguments())
          masked.insert(arg);
        markAll(masked);
      }
      return;
    }
    auto einsum = dyn_cast<EinsumOp>(op);
    if (!einsum) {
      if (readsMask)
        markAll(masked);
      else if (readsPartial)
        markAll(partial);
      return;
    }
    bool filter = bool(einsum.getFilter());
    bool reduces = !einsum.getReduceRanks().empty();
    bool writesMask =
        readsMask || (filter && einsum->getParentOfType<IterateOp>()) ||
        ((filter || readsPartial) && reduces && keepsPieceOfReduced(einsum));
    if (filter || writesMask)
      scalarEinsums.insert(op);
    if (writesMask)
      markAll(masked);
    else if (filter || (readsPartial && !reduces))
      markAll(partial);
  });

  // The levels: L3 is shared by the threads, DRAM is what is left.
  unsigned sharing = std::max(1u, unsigned(time.speedup));
  Level levels[] = {
      {"L1", target.l1Bytes, target.l1BytesPerSecond},
      {"L2", target.l2Bytes, target.l2BytesPerSecond},
      {"L3", target.l3Bytes / sharing, target.l3BytesPerSecond},
      {"DRAM", INT64_MAX, target.dramBytesPerSecond},
  };
  auto levelOf = [&](int64_t workingSet) -> const Level & {
    for (const Level &level : levels)
      if (workingSet <= level.bytes)
        return level;
    return levels[3];
  };
  llvm::DenseMap<Block *, int64_t> blockPeaks;
  auto peakOf = [&](Block *block) {
    auto [it, inserted] = blockPeaks.try_emplace(block, 0);
    if (inserted)
      it->second = blockPeak(*block);
    return it->second;
  };
  time.blockFootprintBytes =
      saturatingInt(double(cost.peakFootprintBytes) / double(time.blocks));

  double lanes = double(target.lanes(32));
  for (EinsumOp einsum : einsums) {
    EinsumTime t;
    t.name = einsum.getName() ? einsum.getName()->str() : "einsum";
    t.vectorized = !scalarEinsums.contains(einsum);
    int64_t trips = tripsOf(einsum);

    // Traffic: every tensor operand once per block's share and step (an
    // input without the independent ranks is read again by every block),
    // the result once. Fills are generated where they are used.
    double bytes = 0, inputBlockBytes = 0;
    auto traffic = [&](Value value) {
      if (value.getDefiningOp<FillOp>())
        return;
      double share = double(sizeInBytes(value)) * blockFraction(value);
      bytes += share * double(time.blocks) * double(trips);
      if (isInputView(value))
        inputBlockBytes += share;
    };
    for (Value operand : einsum.getInputs())
      traffic(operand);
    traffic(einsum.getResult());
    t.bytes = saturatingInt(bytes);
    int64_t workingSet = saturatingInt(
        double(peakOf(einsum->getBlock())) / double(time.blocks) +
        inputBlockBytes);
    const Level &level = levelOf(workingSet);
    t.level = level.name;
    t.memorySeconds = bytes / level.bytesPerSecond;

    // Arithmetic: a contraction's FLOPs at the peak times its efficiency
    // (lower when its reused panel, the reduced extent times the register
    // tile's columns, does not fit in half of L1), other FLOPs at half the
    // peak (one operation per lane and instruction, no fusion), exps at the
    // exp rate; a lane at a time when not vectorized.
    double rate = target.peakFlopsPerCore / 2;
    if (isContraction(einsum)) {
      int64_t reducedPoints = 1, vectorExtent = 1;
      SmallVector<int64_t> extents = einsum.getRankExtents();
      for (auto [k, extent] : llvm::enumerate(extents))
        if (einsum.isReducedRank(k))
          reducedPoints *= extent;
      // The vector rank: the output's innermost, per block.
      auto outType = cast<RankedTensorType>(einsum.getResult().getType());
      if (outType.getRank() > 0) {
        Value out = einsum.getResult();
        unsigned root = rootOf(classOf(out, outType.getRank() - 1));
        auto it = blockOf.find(root);
        vectorExtent = it != blockOf.end() ? it->second.second
                                           : outType.getShape().back();
      }
      int64_t columns = std::min<int64_t>(vectorExtent, 2 * int64_t(lanes));
      bool panelFits = reducedPoints * columns * 4 <= target.l1Bytes / 2;
      rate = target.peakFlopsPerCore *
             (panelFits ? target.contractionEfficiency
                        : target.streamedContractionEfficiency);
    }
    // Scalar code: a lane at a time (FMAs still fuse in a contraction).
    double scalar = t.vectorized ? 1 : lanes;
    if (!t.vectorized)
      rate = target.peakFlopsPerCore / (isContraction(einsum) ? 1 : 2);
    for (auto &[kind, count] : countEinsumFlops(einsum, trips)) {
      if (kind == "exp")
        t.computeSeconds += double(count) * scalar / target.expsPerCore;
      else
        t.computeSeconds += double(count) * scalar / rate;
    }

    // A result buffer too large for the allocator to keep is written to
    // fresh pages at every call (an iteration's step buffers are allocated
    // once per iteration). Outputs are the caller's.
    Value result = einsum.getResult();
    bool isOutput = llvm::is_contained(returnOp.getOperands(), result);
    double resultBlockBytes =
        double(sizeInBytes(result)) * blockFraction(result);
    if (!isOutput && resultBlockBytes >= double(kFreshBufferBytes))
      t.freshSeconds =
          resultBlockBytes * double(time.blocks) / target.freshBytesPerSecond;

    // Threads share DRAM's bandwidth but not the caches'.
    bool dram = &level == &levels[3];
    t.seconds = (std::max(t.computeSeconds, dram ? 0.0 : t.memorySeconds) +
                 t.freshSeconds) /
                time.speedup;
    if (dram)
      t.seconds = std::max(t.seconds, t.memorySeconds);
    time.computeSeconds += t.computeSeconds;
    time.memorySeconds += t.memorySeconds;
    time.freshSeconds += t.freshSeconds;
    time.seconds += t.seconds;
    time.einsums.push_back(std::move(t));
  }
  cost.time = std::move(time);
}
