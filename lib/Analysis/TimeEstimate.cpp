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

#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"

#include <functional>

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

namespace {
/// The shares of an einsum's points in the tiles that the lowering runs
/// without a guard (its predicate holds at every point of the tile) and with
/// one (it holds at some); the rest of the tiles are skipped.
struct Shares {
  double unguarded = 1, guarded = 0;
};
} // namespace

/// The tile the lowering versions filtered loop nests by, along each rank a
/// predicate compares (lib/Codegen: edge-tile-and-vectorize).
static constexpr int64_t kVersionTile = 64;
/// At most this many tiles are enumerated; beyond it, tiles grow.
static constexpr int64_t kMaxShareTiles = int64_t(1) << 20;

/// The shares of the box `extents` (dims, then symbols) in version tiles
/// where `predicate` holds everywhere, somewhere, or nowhere. A tile spans
/// kVersionTile points of a dim (kVersionTile / c of one scaled by c, as the
/// outer piece m1 of `m1*64 + m0`) and one step of a symbol (an iteration
/// runs step by step). Exact for linear predicates: a linear form's range
/// over a tile is its range over the tile's corners.
static Shares filterShares(IntegerSet predicate, ArrayRef<int64_t> extents) {
  unsigned numDims = predicate.getNumDims(),
           numVars = numDims + predicate.getNumSymbols();
  SmallVector<SmallVector<int64_t>> forms;
  for (AffineExpr c : predicate.getConstraints()) {
    std::optional<SmallVector<int64_t>> form = getLinearCoefficients(
        c, numDims, predicate.getNumSymbols());
    if (!form)
      return Shares{0, 1};
    forms.push_back(std::move(*form));
  }
  SmallVector<int64_t> tile(numVars, 1);
  for (unsigned v = 0; v < numDims; ++v) {
    int64_t scale = 0;
    for (ArrayRef<int64_t> form : forms)
      scale = std::max(scale, std::abs(form[v]));
    // A rank no constraint compares is one tile.
    tile[v] = scale == 0 ? std::max<int64_t>(1, extents[v])
                         : std::max<int64_t>(1, kVersionTile / scale);
  }
  auto tileCount = [&] {
    int64_t n = 1;
    for (unsigned v = 0; v < numVars; ++v)
      n = llvm::checkedMul(n, (std::max<int64_t>(1, extents[v]) + tile[v] -
                               1) / tile[v])
              .value_or(INT64_MAX);
    return n;
  };
  while (tileCount() > kMaxShareTiles)
    for (int64_t &t : tile)
      t *= 2;

  double total = 0, unguarded = 0, guarded = 0;
  SmallVector<int64_t> lo(numVars, 0), hi(numVars);
  std::function<void(unsigned)> visit = [&](unsigned v) {
    if (v == numVars) {
      double points = 1;
      for (unsigned w = 0; w < numVars; ++w)
        points *= double(hi[w] - lo[w] + 1);
      total += points;
      bool everywhere = true, nowhere = false;
      for (auto [c, form] : llvm::enumerate(forms)) {
        std::optional<std::pair<int64_t, int64_t>> range =
            getRangeOnBox(form, lo, hi);
        if (!range) {
          everywhere = false;
          continue;
        }
        auto [min, max] = *range;
        if (predicate.isEq(c)) {
          everywhere &= min == 0 && max == 0;
          nowhere |= min > 0 || max < 0;
        } else {
          everywhere &= min >= 0;
          nowhere |= max < 0;
        }
      }
      if (everywhere)
        unguarded += points;
      else if (!nowhere)
        guarded += points;
      return;
    }
    int64_t extent = std::max<int64_t>(1, extents[v]);
    for (int64_t start = 0; start < extent; start += tile[v]) {
      lo[v] = start;
      hi[v] = std::min(extent, start + tile[v]) - 1;
      visit(v + 1);
    }
  };
  visit(0);
  if (total == 0)
    return Shares{};
  return Shares{unguarded / total, guarded / total};
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
  // Presence, as the lowering sees it (docs/Lowering.md). `affine` values
  // are present where an affine predicate holds (a filter's result, and
  // maps of it that index it barely): their predicate is over the value's
  // dimensions, and readers evaluate it per point, so they run in the
  // versioned tiles of the filter. A reduction of such a value that keeps a
  // piece of a rank it reduces can be empty at a kept point and writes a
  // mask, as does everything an iteration with a filter computes, and
  // everything that reads a mask (data masks: edge.mask).
  llvm::DenseMap<Value, IntegerSet> affine;
  llvm::DenseSet<Value> masked;
  // Masks that hold data (from edge.mask), as opposed to those an
  // iteration with a filter writes: only the former cost in every tile; the
  // latter are all-present in the unguarded tiles of the versioned steps.
  llvm::DenseSet<Value> dataMasked;
  llvm::DenseSet<Operation *> dataMaskedEinsums;
  llvm::DenseMap<Operation *, Shares> sharesOf;
  auto keepsPieceOfReduced = [&](EinsumOp einsum) {
    SmallVector<unsigned> reducedRoots, keptRoots;
    for (unsigned k = 0, n = einsum.getNumRanks(); k < n; ++k)
      (einsum.isReducedRank(k) ? reducedRoots : keptRoots)
          .push_back(rootOf(rankNode(einsum, k)));
    return llvm::any_of(keptRoots, [&](unsigned root) {
      return llvm::is_contained(reducedRoots, root);
    });
  };
  // The extents of an einsum's ranks, then of its symbols (the stops of the
  // iterations they name).
  auto variableExtents = [&](EinsumOp einsum) {
    SmallVector<int64_t> extents = einsum.getRankExtents();
    for (Attribute a : einsum.getSymbols()) {
      int64_t stop = 1;
      for (auto it = einsum->getParentOfType<IterateOp>(); it;
           it = it->getParentOfType<IterateOp>())
        if (it.getRank() == cast<StringAttr>(a).getValue())
          stop = int64_t(it.getStop().value_or(1));
      extents.push_back(stop);
    }
    return extents;
  };
  // The predicate of an affine operand over the einsum's ranks: its
  // dimensions renamed to the ranks that index it barely.
  auto predicateOf = [&](EinsumOp einsum,
                         unsigned input) -> std::optional<IntegerSet> {
    auto it = affine.find(einsum.getInputs()[input]);
    if (it == affine.end())
      return std::nullopt;
    AffineMap map = einsum.getInputMap(input);
    if (!llvm::all_of(map.getResults(), llvm::IsaPred<AffineDimExpr>) ||
        it->second.getNumSymbols() != 0)
      return std::nullopt;
    SmallVector<AffineExpr> constraints;
    for (AffineExpr c : it->second.getConstraints())
      constraints.push_back(c.replaceDims(map.getResults()));
    return IntegerSet::get(einsum.getNumRanks(), einsum.getSymbols().size(),
                           constraints, it->second.getEqFlags());
  };
  cascade.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    bool readsMask = llvm::any_of(
        op->getOperands(), [&](Value v) { return masked.contains(v); });
    bool readsDataMask = llvm::any_of(
        op->getOperands(), [&](Value v) { return dataMasked.contains(v); });
    auto markMasked = [&] {
      for (Value result : op->getResults()) {
        masked.insert(result);
        if (readsDataMask || isa<MaskOp>(op))
          dataMasked.insert(result);
      }
    };
    if (auto iterate = dyn_cast<IterateOp>(op)) {
      bool inner = false;
      iterate.getBody().walk([&](EinsumOp e) { inner |= bool(e.getFilter()); });
      if (inner || readsMask) {
        for (BlockArgument arg : iterate.getBody().front().getArguments()) {
          masked.insert(arg);
          if (readsDataMask)
            dataMasked.insert(arg);
        }
        markMasked();
      }
      return;
    }
    auto einsum = dyn_cast<EinsumOp>(op);
    if (!einsum) {
      // Views (edge.mask makes a data mask; splits and the like pass
      // presence through, coarsely: a mask stays a mask).
      if (readsMask || isa<MaskOp>(op))
        markMasked();
      return;
    }
    // The predicate this einsum evaluates per point: its filter, and the
    // presence of its affine operands.
    SmallVector<AffineExpr> constraints;
    SmallVector<bool> eqFlags;
    unsigned numSymbols = einsum.getSymbols().size();
    auto add = [&](IntegerSet set) {
      for (unsigned c = 0, e = set.getNumConstraints(); c < e; ++c) {
        constraints.push_back(set.getConstraint(c));
        eqFlags.push_back(set.isEq(c));
      }
    };
    if (std::optional<IntegerSet> filter = einsum.getFilter())
      add(*filter);
    bool readsAffine = false;
    for (unsigned i = 0, e = einsum.getInputs().size(); i < e; ++i) {
      if (!affine.contains(einsum.getInputs()[i]))
        continue;
      readsAffine = true;
      if (std::optional<IntegerSet> p = predicateOf(einsum, i))
        add(*p);
    }
    bool reduces = !einsum.getReduceRanks().empty();
    bool guarded = bool(einsum.getFilter()) || readsAffine;
    bool writesMask =
        readsMask ||
        (einsum.getFilter() && einsum->getParentOfType<IterateOp>()) ||
        (guarded && reduces && keepsPieceOfReduced(einsum));
    if (!constraints.empty()) {
      IntegerSet predicate = IntegerSet::get(
          einsum.getNumRanks(), numSymbols, constraints, eqFlags);
      sharesOf[op] = filterShares(predicate, variableExtents(einsum));
      // A map's result is present where the predicate holds (over its
      // output ranks, if they are the output's dimensions barely).
      AffineMap out = einsum.getOutputMap();
      SmallVector<AffineExpr> outputDimOfRank(
          einsum.getNumRanks(), getAffineConstantExpr(0, op->getContext()));
      llvm::SmallBitVector kept(einsum.getNumRanks());
      for (auto [position, index] : llvm::enumerate(out.getResults()))
        if (auto dim = dyn_cast<AffineDimExpr>(index)) {
          outputDimOfRank[dim.getPosition()] =
              getAffineDimExpr(position, op->getContext());
          kept.set(dim.getPosition());
        }
      bool overKeptRanks =
          numSymbols == 0 && llvm::all_of(constraints, [&](AffineExpr c) {
            for (unsigned k = 0, n = einsum.getNumRanks(); k < n; ++k)
              if (c.isFunctionOfDim(k) && !kept.test(k))
                return false;
            return true;
          });
      if (!writesMask && overKeptRanks) {
        SmallVector<AffineExpr> renamed;
        for (AffineExpr c : constraints)
          renamed.push_back(c.replaceDims(outputDimOfRank));
        affine.try_emplace(einsum.getResult(),
                           IntegerSet::get(out.getNumResults(), 0, renamed,
                                           eqFlags));
      }
    } else if (guarded) {
      sharesOf[op] = Shares{0, 1}; // A predicate the model cannot see.
    }
    if (writesMask)
      markMasked();
    if (readsDataMask)
      dataMaskedEinsums.insert(op);
  });
  // An iteration with a filter runs its steps versioned like the filter:
  // every einsum of the iteration takes the shares of its filtered einsums.
  cascade.getBody().walk([&](IterateOp iterate) {
    std::optional<Shares> stepShares;
    iterate.getBody().walk([&](EinsumOp e) {
      if (e.getFilter() && sharesOf.contains(e))
        stepShares = sharesOf[e];
    });
    if (!stepShares)
      return;
    iterate.getBody().walk([&](EinsumOp e) {
      if (!sharesOf.contains(e))
        sharesOf[e] = *stepShares;
    });
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

  // The allocator in the steady state of repeated calls (glibc's rules,
  // kFreshBufferBytes): the mmap threshold has risen to the largest
  // intermediate of a block (up to kMaxMmapThresholdBytes); larger ones are
  // mapped afresh every time. When the block's live intermediates exceed
  // twice the threshold, freeing them leaves a free top above the trim
  // threshold, the heap is trimmed, and every large intermediate's pages
  // fault again in the next call. The live bytes are the analysis' peak
  // footprint plus kHeapOverhead for what it does not see (chunk headers,
  // alignment, the runtime's own small buffers): fitted to three measured
  // cases, the 3-pass attention at M = 256 (not trimmed: 262656 live bytes
  // against a threshold of 2 x 135168) and at M = 1024 and 4096 (trimmed,
  // within 1% of the threshold). docs/CostModel.md.
  constexpr double kHeapOverhead = 1.01;
  double largestIntermediate = 0;
  for (EinsumOp einsum : einsums) {
    Value result = einsum.getResult();
    if (!llvm::is_contained(returnOp.getOperands(), result))
      largestIntermediate =
          std::max(largestIntermediate,
                   double(sizeInBytes(result)) * blockFraction(result));
  }
  // A chunk holds its 16-byte header and is mapped in whole pages.
  double mmapThreshold = std::clamp(
      double(llvm::alignTo(int64_t(largestIntermediate) + 16, 4096)),
      double(kFreshBufferBytes), double(kMaxMmapThresholdBytes));
  bool heapTrimmed = double(time.blockFootprintBytes) * kHeapOverhead >
                     2 * mmapThreshold;

  double lanes = double(target.lanes(32));
  for (EinsumOp einsum : einsums) {
    EinsumTime t;
    t.name = einsum.getName() ? einsum.getName()->str() : "einsum";
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

    // Arithmetic, at the speed of the code the lowering generates for the
    // einsum's class (the target's code speeds, which edge-calibrate times):
    // a contraction whose reused panel (the reduced extent times the
    // register tile's columns) fits in half of L1, or a streamed one, or any
    // other einsum; over presence masks, the masked speed. Exps run at the
    // exp rate. Tiles where a predicate is evaluated per point run at the
    // guarded speed (exps included); tiles where it never holds are skipped.
    double rate = target.elementwiseFlopsPerSecond;
    t.codeClass = "elementwise";
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
      rate = panelFits ? target.contractionFlopsPerSecond
                       : target.streamedContractionFlopsPerSecond;
      t.codeClass = panelFits ? "contraction" : "streamed_contraction";
    }
    // Presence bytes of data (edge.mask) slow an einsum down as they slow
    // the timed masked kernel down against the elementwise one (the same
    // einsums without masks). The masks of a filtered iteration cost only
    // in its guarded steps, at the guarded speed.
    if (dataMaskedEinsums.contains(einsum)) {
      rate *= std::min(1.0, target.maskedFlopsPerSecond /
                                target.elementwiseFlopsPerSecond);
      t.codeClass = "masked " + t.codeClass;
    }
    Shares shares;
    if (auto it = sharesOf.find(einsum); it != sharesOf.end())
      shares = it->second;
    t.unguardedShare = shares.unguarded;
    t.guardedShare = shares.guarded;
    // In a contraction an exp is extra work at the exp rate; elsewhere it is
    // one of the fused loop's operations, which the elementwise speed was
    // timed with (CodeCalibration.cpp).
    bool contraction = isContraction(einsum);
    for (auto &[kind, count] : countEinsumFlops(einsum, trips)) {
      double dense = kind == "exp" && contraction ? target.expsPerCore : rate;
      t.computeSeconds +=
          double(count) * (shares.unguarded / dense +
                           shares.guarded / target.guardedFlopsPerSecond);
    }

    // Pages the allocator maps afresh for the result at every block (see
    // freshBufferBytes below). Outputs are the caller's.
    Value result = einsum.getResult();
    bool isOutput = llvm::is_contained(returnOp.getOperands(), result);
    double resultBlockBytes =
        double(sizeInBytes(result)) * blockFraction(result);
    // A buffer above the threshold is mapped for every block; the heap is
    // trimmed once per call, when the last block frees it (the next block
    // reuses the heap before that), so its pages fault once per call.
    if (!isOutput && resultBlockBytes > double(mmapThreshold))
      t.freshSeconds =
          resultBlockBytes * double(time.blocks) / target.freshBytesPerSecond;
    else if (!isOutput && heapTrimmed &&
             resultBlockBytes >= double(kFreshBufferBytes))
      t.freshSeconds = resultBlockBytes / target.freshBytesPerSecond;

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
