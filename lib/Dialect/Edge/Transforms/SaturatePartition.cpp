//===- SaturatePartition.cpp - saturate a cascade piece by piece -----------===//
//
// Equality saturation of a whole model-sized cascade (dozens of stacked
// attention layers) in one e-graph spends its node and time limits on the
// first layers and its extraction time on every class of every layer: the
// cost grows faster than the cascade. A rewrite of the rule set never needs
// to see past a point where everything that flows on is an ordinary,
// fully present tensor that the derivation rank does not index (a layer's
// output): the rules that change the algorithm all work on values indexed
// by that rank. This file cuts the cascade at such points, saturates each
// piece as a cascade of its own, and splices the result back.
//
// Cutting is sound whatever the cut: a piece's inputs are its live-in
// values, and a value that is present everywhere is what a cascade input
// is, so every precondition a rule checks on the piece holds in the whole.
// Where to cut only decides what the rules can see together.
//
//===----------------------------------------------------------------------===//

#include "SaturateInternal.h"

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/Dialect/Edge/Utils/Presence.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace edge;

namespace {
/// A run of consecutive top-level ops of a cascade body.
using Piece = SmallVector<Operation *>;

/// Pieces never grow past this many einsums by merging (a single stretch
/// between cuts may be larger): enough to amortize the per-piece set-up over
/// runs of small elementwise einsums, small enough that the e-graph of a
/// piece stays the size of one attention.
constexpr unsigned kMergeEinsumLimit = 8;
} // namespace

/// Whether a cut may pass through `value`: it is surely present everywhere
/// and, if an einsum made it, its output is not indexed by `rank`.
static bool canCrossCut(Value value, StringRef rank,
                        PresenceAnalysis &presence) {
  auto einsum = value.getDefiningOp<EinsumOp>();
  if (!einsum)
    return false;
  EinsumSpec spec = EinsumSpec::fromOp(einsum);
  if (spec.findRank(rank) && spec.indexUsesRank(spec.output, rank))
    return false;
  return presence.getGuarantee(value).isFull();
}

/// Splits the body of `cascade` into pieces at the points where every value
/// that crosses may be cut (canCrossCut), then merges neighbours up to
/// kMergeEinsumLimit einsums.
static SmallVector<Piece> partitionCascade(CascadeOp cascade, StringRef rank) {
  Block &body = cascade.getBody().front();
  SmallVector<Operation *> ops;
  DenseMap<Operation *, unsigned> position;
  for (Operation &op : body.without_terminator()) {
    position[&op] = ops.size();
    ops.push_back(&op);
  }
  unsigned end = ops.size(); // the terminator's position
  // Values that may not be cut, by the position of their last user: a cut
  // after position i is allowed when no such value is live across it.
  PresenceAnalysis presence;
  SmallVector<unsigned> blockedUntil(ops.size() + 1, 0);
  for (unsigned i = 0; i < ops.size(); ++i) {
    for (Value result : ops[i]->getResults()) {
      unsigned lastUse = i;
      for (Operation *user : result.getUsers()) {
        Operation *top = body.findAncestorOpInBlock(*user);
        lastUse = std::max(lastUse, top && top != body.getTerminator()
                                        ? position.lookup(top)
                                        : end);
      }
      if (lastUse > i && !canCrossCut(result, rank, presence))
        blockedUntil[i] = std::max(blockedUntil[i], lastUse);
    }
  }
  SmallVector<Piece> stretches(1);
  unsigned blocked = 0;
  for (unsigned i = 0; i < ops.size(); ++i) {
    stretches.back().push_back(ops[i]);
    blocked = std::max(blocked, blockedUntil[i]);
    if (blocked <= i && i + 1 < ops.size())
      stretches.emplace_back();
  }
  auto countEinsums = [](const Piece &piece) {
    return llvm::count_if(piece, [](Operation *op) { return isa<EinsumOp>(op); });
  };
  SmallVector<Piece> pieces;
  for (Piece &stretch : stretches) {
    if (!pieces.empty() && countEinsums(pieces.back()) + countEinsums(stretch) <=
                               kMergeEinsumLimit)
      pieces.back().append(stretch.begin(), stretch.end());
    else
      pieces.push_back(std::move(stretch));
  }
  return pieces;
}

/// A name for `value` as an input or output of a piece: the input's or the
/// einsum's own name where it has one.
static std::string nameOf(Value value, CascadeOp cascade) {
  if (auto arg = dyn_cast<BlockArgument>(value))
    return cast<StringAttr>(cascade.getInputNames()[arg.getArgNumber()]).str();
  if (auto einsum = value.getDefiningOp<EinsumOp>())
    return EinsumSpec::fromOp(einsum).name;
  return "v";
}

/// Saturates `piece` of `cascade` as a cascade of its own (its live-in
/// values are the inputs, the values used after it the outputs) and, when
/// that changed it, replaces its ops by the result's.
static FailureOr<SaturateResult>
saturatePiece(CascadeOp cascade, const Piece &piece,
              const SaturateOptions &options,
              sat::SaturateClock::time_point deadline) {
  llvm::SmallPtrSet<Operation *, 16> inPiece(piece.begin(), piece.end());
  auto definedInPiece = [&](Value v) {
    Operation *def = v.getParentBlock()->getParentOp() == cascade
                         ? v.getDefiningOp()
                         : cascade.getBody().front().findAncestorOpInBlock(
                               *v.getParentBlock()->getParentOp());
    return def && inPiece.contains(def);
  };
  llvm::SetVector<Value> liveIns, liveOuts;
  for (Operation *op : piece) {
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (!definedInPiece(operand))
          liveIns.insert(operand);
    });
    for (Value result : op->getResults())
      for (Operation *user : result.getUsers())
        if (!inPiece.contains(
                cascade.getBody().front().findAncestorOpInBlock(*user)))
          liveOuts.insert(result);
  }

  MLIRContext *ctx = cascade.getContext();
  OpBuilder b(ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(cascade.getLoc());
  b.setInsertionPointToEnd(module->getBody());
  SmallVector<Type> inTypes, outTypes;
  SmallVector<Attribute> inNames, outNames;
  for (Value v : liveIns) {
    inTypes.push_back(v.getType());
    inNames.push_back(b.getStringAttr(nameOf(v, cascade)));
  }
  for (Value v : liveOuts) {
    outTypes.push_back(v.getType());
    outNames.push_back(b.getStringAttr(nameOf(v, cascade)));
  }
  auto sub = CascadeOp::create(
      b, cascade.getLoc(), cascade.getSymNameAttr(),
      TypeAttr::get(b.getFunctionType(inTypes, outTypes)),
      b.getArrayAttr(inNames), b.getArrayAttr(outNames), nullptr, nullptr,
      nullptr);
  Block *subBody = new Block();
  sub.getBody().push_back(subBody);
  IRMapping toSub;
  for (Value v : liveIns)
    toSub.map(v, subBody->addArgument(v.getType(), v.getLoc()));
  b.setInsertionPointToEnd(subBody);
  for (Operation *op : piece)
    b.clone(*op, toSub);
  SmallVector<Value> subResults;
  for (Value v : liveOuts)
    subResults.push_back(toSub.lookup(v));
  ReturnOp::create(b, cascade.getLoc(), subResults);

  FailureOr<SaturateResult> result =
      sat::saturateSubCascade(sub, options, deadline);
  if (failed(result) || !result->changed)
    return result;

  // Splice: the new ops go where the piece starts (every live-in is defined
  // before it), the piece's results are replaced, and the piece is erased.
  // (The saturation replaced the body block.)
  Block *newBody = &sub.getBody().front();
  IRMapping fromSub;
  for (auto [arg, v] : llvm::zip(newBody->getArguments(), liveIns))
    fromSub.map(arg, v);
  b.setInsertionPoint(piece.front());
  for (Operation &op : newBody->without_terminator())
    b.clone(op, fromSub);
  for (auto [index, old] : llvm::enumerate(liveOuts)) {
    Value replacement = newBody->getTerminator()->getOperand(index);
    Value(old).replaceAllUsesWith(fromSub.lookupOrDefault(replacement));
  }
  for (Operation *op : llvm::reverse(piece))
    op->erase();
  return result;
}

FailureOr<SaturateResult> edge::saturateCascade(CascadeOp cascade,
                                                const SaturateOptions &options) {
  using Clock = sat::SaturateClock;
  auto deadline = Clock::now() + std::chrono::milliseconds(
                                     std::max<int64_t>(1, options.timeoutMs));
  // The rank that the split rules tile may have a run-time extent: the
  // tail filters of its splits name that size, so the cascade (and every
  // candidate copied from it) declares it. Pieces would be cascades of
  // their own inputs, without the sizes: a cascade with sizes is saturated
  // whole.
  SmallVector<Piece> pieces;
  bool dynamic = hasDynamicSizes(cascade);
  if (dynamic)
    declareRankSize(cascade, options.rank);
  if (options.partition && !dynamic)
    pieces = partitionCascade(cascade, options.rank);
  if (pieces.size() <= 1)
    return sat::saturateSubCascade(cascade, options, deadline);

  // The costs add up from the pieces' (an analysis of the whole cascade
  // would cost more than saturating it piece by piece): passes are the most
  // of any piece, traffic and FLOPs the sum.
  SaturateResult total;
  total.numPieces = pieces.size();
  llvm::raw_ostream *dump = options.dumpEGraph;
  for (auto [index, piece] : llvm::enumerate(pieces)) {
    // Each piece gets an equal share of the time left, so time that one
    // piece does not use passes on to the next.
    auto now = Clock::now();
    if (now >= deadline) {
      // Out of time: the pieces left stay as they are.
      ++total.numPiecesSkipped;
      total.stopReason = egraph::StopReason::TimeLimit;
      continue;
    }
    auto share = (deadline - now) / int64_t(pieces.size() - index);
    if (dump)
      *dump << "// piece " << index << " of " << pieces.size() << "\n";
    FailureOr<SaturateResult> result = saturatePiece(
        cascade, piece, options, now + std::max(share, Clock::duration(0)));
    if (failed(result))
      return failure();
    total.numNodes += result->numNodes;
    total.numClasses += result->numClasses;
    total.numIterations = std::max(total.numIterations, result->numIterations);
    total.numRulesApplied += result->numRulesApplied;
    for (auto &[rule, count] : result->rulesApplied)
      total.rulesApplied[rule] += count;
    // The run as a whole stopped for the first limit any piece hit.
    if (total.stopReason == egraph::StopReason::Saturated)
      total.stopReason = result->stopReason;
    total.saturateUs += result->saturateUs;
    total.extractUs += result->extractUs;
    total.numCandidates += result->numCandidates;
    total.originalPasses = std::max(total.originalPasses, result->originalPasses);
    total.chosenPasses = std::max(total.chosenPasses, result->chosenPasses);
    total.chosenOffChipBytes += result->chosenOffChipBytes;
    total.chosenFlops += result->chosenFlops;
    total.chosenInputNodes += result->chosenInputNodes;
    total.chosenRewrittenNodes += result->chosenRewrittenNodes;
    total.changed |= result->changed;
    total.constraintUnmet |= result->constraintUnmet;
    total.extractionCut |= result->extractionCut;
    if (total.emptyRowsRefusal.empty())
      total.emptyRowsRefusal = result->emptyRowsRefusal;
  }
  return total;
}

FailureOr<int64_t> edge::saturateChoosingTile(
    CascadeOp cascade, const SaturateOptions &options, ArrayRef<int64_t> tiles,
    SmallVectorImpl<TileEstimate> &estimates, SaturateResult &result) {
  assert(!tiles.empty() && "no tile to choose from");
  std::optional<TileEstimate> best;
  for (int64_t tile : tiles) {
    // A copy in a scratch module: the cascade itself is saturated once, with
    // the chosen tile.
    OwningOpRef<ModuleOp> scratch = ModuleOp::create(cascade.getLoc());
    OpBuilder builder = OpBuilder::atBlockEnd(scratch->getBody());
    auto copy = cast<CascadeOp>(builder.clone(*cascade));
    SaturateOptions trial = options;
    trial.tile = tile;
    trial.explanation = nullptr;
    trial.dumpEGraph = nullptr;
    if (failed(saturateCascade(copy, trial)))
      return failure();
    FailureOr<CascadeCost> cost = analyzeCascade(copy, options.costModel);
    if (failed(cost))
      return failure();
    TileEstimate estimate{tile, cost->time ? cost->time->seconds : 0.0,
                          cost->maxPasses};
    estimates.push_back(estimate);
    if (!best || estimate.seconds < best->seconds)
      best = estimate;
  }
  SaturateOptions chosen = options;
  chosen.tile = best->tile;
  FailureOr<SaturateResult> saturated = saturateCascade(cascade, chosen);
  if (failed(saturated))
    return failure();
  result = std::move(*saturated);
  return best->tile;
}
