//===- ReduceToIterate.cpp - online rebase into an iteration ---------------===//
//
// This file implements the edge-reduce-to-iterate pass: identities O (online
// rebase) and I (reduce to iterate) of the one-pass algebra.
//
// Algorithm:
//   1. Find G = max_r L[r] (the global maximum over the iterated rank r).
//   2. Follow G's users: every einsum that reads G must be rebasable, i.e.
//      reach G only through e^(X - G) (X independent of G), products with
//      G-independent factors, and sums over ranks other than r; each chain
//      ends in a target T = sum_r Y[r]. Then Y(g') = Y(g) * e^(g - g').
//   3. Collect the producers that compute per-r values for L, the chains
//      and the targets, and whose every user is one of those: they move into
//      the iteration. Their other r-indexed inputs are sliced at r.
//   4. Build `edge.iterate r` with running values RG (init -inf) and RT
//      (init 0): RG' = max(RG, L[r]); PRM = e^(RG - RG');
//      RT' = Y[r](RG') + RT * PRM. G and the targets become its results.
// Everything is checked before the IR changes; a refused candidate is left
// as it was.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/Presence.h"

#include "RewriteUtils.h"
#include "mlir/Analysis/TopologicalSortUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace edge {
#define GEN_PASS_DEF_EDGEREDUCETOITERATE
#include "edge/Dialect/Edge/Transforms/Passes.h.inc"
} // namespace edge

using namespace mlir;
using namespace edge;


/// The position of bare rank `rank` among `indices`, if any.
static std::optional<unsigned> barePosition(const EinsumSpec &spec,
                                            ArrayRef<AffineExpr> indices,
                                            StringRef rank) {
  std::optional<unsigned> pos = spec.findRank(rank);
  if (!pos)
    return std::nullopt;
  for (auto [i, e] : llvm::enumerate(indices))
    if (auto dim = dyn_cast<AffineDimExpr>(e); dim && dim.getPosition() == *pos)
      return i;
  return std::nullopt;
}

/// " ('<name>')" for a named einsum, to say which one a refusal is about.
static std::string nameOf(const EinsumSpec &spec) {
  return spec.name.empty() ? "" : " ('" + spec.name + "')";
}

/// Whether `spec`'s map is a product (or there is a single operand).
static bool isProductOrSingle(const EinsumSpec &spec) {
  return spec.inputs.size() == 1 || (spec.mapCompute == ComputeKind::Mul &&
                                     spec.mapMerge == MergeKind::Isect);
}

FailureOr<ReduceToIteratePlan>
edge::matchReduceToIterate(EinsumOp global, StringRef rank, bool recompute,
                           std::string &reason, bool nanEmptyRows) {
  ReduceToIteratePlan plan;
  plan.global = global;
  EinsumSpec g = EinsumSpec::fromOp(global);
  if (g.reduceRanks.size() != 1 || g.reduceRanks[0] != rank ||
      g.reduceCompute != ComputeKind::Max ||
      g.reduceMerge != MergeKind::Union || g.inputs.size() != 1 ||
      g.hasConstants() ||
      !g.unary.empty() || !g.filter.empty()) {
    reason = ("not a plain max(union) over '" + rank + "' alone").str();
    return failure();
  }
  if (!getBareOutputRanks(g)) {
    reason = "the maximum's output has compound index expressions";
    return failure();
  }
  std::optional<unsigned> localDim =
      barePosition(g, g.inputs[0].indices, rank);
  if (!localDim) {
    reason = ("the maximum does not read '" + rank + "' as a plain index").str();
    return failure();
  }
  // A dynamic trip count (ceildiv(M, tile) tiles) is the run-time extent
  // of the sliced inputs ('until r >= ?'). Running values of run-time shape
  // (a batch B = ?) start as fills whose extents are those of the values
  // each step yields (edge::CascadeSizes).
  plan.tripCount = g.rankExtents()[*g.findRank(rank)];
  // A row with no present point would keep the running maximum at -inf and
  // compute e^(-inf - -inf) = NaN; the reduction form gives an empty row.
  // With nanEmptyRows the caller accepts NaN there: the correction is then
  // guarded, so that tiles with no present point do not poison the rows
  // that have one later.
  if (!getPresenceGuarantee(global.getResult()).isFull() ||
      !isPresentOnSlice(g.inputs[0].value, *localDim, 0)) {
    if (!nanEmptyRows) {
      reason = "the maximum may be absent (a fully masked row, or an empty "
               "first tile): the running correction would be "
               "e^(-inf - -inf) (nan-empty-rows accepts NaN in such rows)";
      return failure();
    }
    plan.guardAbsentMax = true;
  }

  // Step 2: the rebasable chains from G to the targets.
  Value gValue = global.getResult();
  llvm::DenseSet<Value> scaled; // values Y with Y(g') = Y(g) * e^(g - g')
  llvm::SetVector<Operation *> members;
  members.insert(global);
  SmallVector<EinsumOp> finalReaders;
  SmallVector<Value> worklist{gValue};
  // Checks one user of `v` (G or a rescaled value) and adds it to the
  // chain, or fails with the reason; nothing changes on failure.
  auto visit = [&](Operation *user, Value v) -> LogicalResult {
    auto op = dyn_cast<EinsumOp>(user);
    if (!op) {
      if (v == gValue)
        return success(); // the maximum itself is also a result of the iteration
      reason = "a rescaled value is used outside einsums";
      return failure();
    }
    if (op->getBlock() != global->getBlock()) {
      reason = "a user of the maximum is in another region";
      return failure();
    }
    EinsumSpec s = EinsumSpec::fromOp(op);
    // A reader of the maximum that does not iterate the rank reads the
    // final running maximum, a result of the iteration (e.g. the
    // log-sum-exp G + log SD returned beside attention).
    if (v == gValue && !s.findRank(rank)) {
      finalReaders.push_back(op);
      return success();
    }
    if (!s.unary.empty()) {
      reason = "a user of the maximum applies unary operators" + nameOf(s);
      return failure();
    }
    // The step einsums are rebuilt from the operand lists, which scalar
    // constants' fold positions do not follow.
    if (s.hasConstants()) {
      reason = "a user of the maximum has scalar constant operands" + nameOf(s);
      return failure();
    }
    unsigned numScaled = 0, numG = 0;
    for (const EinsumOperand &o : s.inputs) {
      numScaled += scaled.contains(o.value);
      numG += o.value == gValue;
    }
    bool reducesRank = s.isReduced(rank);
    if (reducesRank) {
      // A target: T = sum_r Y[r].
      if (s.reduceRanks.size() != 1 || s.reduceCompute != ComputeKind::Add ||
          s.reduceMerge != MergeKind::Union || numG != 0 || numScaled != 1 ||
          !isProductOrSingle(s)) {
        reason = ("a sum over '" + rank +
                  "' that reads the maximum is not a plain sum of one "
                  "rescaled value (times independent factors)")
                     .str();
        return failure();
      }
      std::optional<SmallVector<std::string>> outNames =
          getBareOutputRanks(s);
      for (const std::optional<std::string> &n :
           getBareRankNames(g, g.output))
        if (!outNames || !llvm::is_contained(*outNames, *n)) {
          reason = "a sum over the iterated rank does not keep the "
                   "maximum's ranks, so it cannot be rescaled per point";
          return failure();
        }
      members.insert(op);
      plan.targets.push_back(op);
      return success();
    }
    if (!barePosition(s, s.output, rank)) {
      reason = ("a user of the maximum does not keep '" + rank +
                "' as a plain output rank")
                   .str() +
               nameOf(s);
      return failure();
    }
    bool isExp = s.mapCompute == ComputeKind::SubExp && s.inputs.size() == 2 &&
                 s.inputs[1].value == gValue && numScaled == 0 &&
                 s.inputs[0].value != gValue && s.reduceRanks.empty();
    bool isScaledProductOrSum =
        numG == 0 && numScaled == 1 && isProductOrSingle(s) &&
        (s.reduceRanks.empty() || (s.reduceCompute == ComputeKind::Add &&
                                   s.reduceMerge == MergeKind::Union));
    if (isExp) {
      bool onlyPresent = s.mapMerge == MergeKind::TakeLeft ||
                         s.mapMerge == MergeKind::Isect ||
                         isPresentWhereVisited(s, 0);
      if (!onlyPresent) {
        reason = "an exponent e^(X - max) may visit points where X is "
                 "absent";
        return failure();
      }
    } else if (!isScaledProductOrSum) {
      reason = "a user of the maximum is not e^(X - max), a product with "
               "one rescaled factor, or a sum of one" +
               nameOf(s);
      return failure();
    }
    members.insert(op);
    scaled.insert(op.getResult());
    worklist.push_back(op.getResult());
    return success();
  };
  // Readers of rescaled values that stay outside the chain (recompute).
  SmallVector<std::pair<Operation *, Value>> outsideReaders;
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (members.contains(user))
        continue;
      if (succeeded(visit(user, v)))
        continue;
      if (!recompute || v == gValue)
        return failure();
      outsideReaders.push_back({user, v});
    }
  }
  if (plan.targets.empty()) {
    reason = ("no sum over '" + rank + "' waits for the maximum").str();
    return failure();
  }
  for (Value v : scaled)
    for (Operation *user : v.getUsers())
      if (!members.contains(user)) {
        if (recompute) {
          outsideReaders.push_back({user, v});
          continue;
        }
        reason = "a rescaled intermediate is used outside the chain";
        return failure();
      }
  // What the outside readers need, back through the chain to the maximum.
  {
    SmallVector<Value> need;
    for (auto &[user, v] : outsideReaders)
      need.push_back(v);
    while (!need.empty()) {
      Value v = need.pop_back_val();
      Operation *op = v.getDefiningOp();
      if (!scaled.contains(v) || !plan.recomputed.insert(op))
        continue;
      for (Value operand : op->getOperands())
        need.push_back(operand);
    }
  }

  // Step 3: producers of per-r values whose users all move inside.
  Block *block = global->getBlock();
  SmallVector<Operation *> ops = llvm::to_vector(
      llvm::make_pointer_range(block->getOperations()));
  for (Operation *op : llvm::reverse(ops)) {
    auto einsum = dyn_cast<EinsumOp>(op);
    if (!einsum || members.contains(op) || op->use_empty())
      continue;
    EinsumSpec s = EinsumSpec::fromOp(einsum);
    std::optional<unsigned> outDim = barePosition(s, s.output, rank);
    if (!outDim || s.isReduced(rank))
      continue;
    bool allInside = llvm::all_of(op->getUses(), [&](OpOperand &use) {
      auto user = dyn_cast<EinsumOp>(use.getOwner());
      if (!user || !members.contains(user) || plan.recomputed.contains(user))
        return false;
      EinsumSpec u = EinsumSpec::fromOp(user);
      std::optional<unsigned> d =
          barePosition(u, u.inputs[use.getOperandNumber()].indices, rank);
      return d && *d == *outDim;
    });
    if (allInside)
      members.insert(op);
  }

  // A reader of the final maximum (or of a value recomputed from it) runs
  // after the iteration, so nothing inside may depend on it.
  SmallVector<Operation *> afterReaders(finalReaders.begin(),
                                        finalReaders.end());
  for (auto &[user, v] : outsideReaders)
    afterReaders.push_back(user);
  for (Operation *reader : afterReaders) {
    SmallVector<Operation *> forward{reader};
    llvm::DenseSet<Operation *> visited;
    while (!forward.empty()) {
      Operation *op = forward.pop_back_val();
      if (!visited.insert(op).second)
        continue;
      if (members.contains(op)) {
        auto einsum = dyn_cast<EinsumOp>(reader);
        reason = "the iteration would need a value computed from the final "
                 "maximum" +
                 (einsum ? nameOf(EinsumSpec::fromOp(einsum)) : "");
        return failure();
      }
      llvm::append_range(forward, op->getUsers());
    }
  }

  // Every member's r-indexed input from outside is sliced; r may appear in
  // a compound expression only in filters.
  llvm::DenseSet<std::pair<Value, unsigned>> seen;
  for (Operation &op : *block)
    if (members.contains(&op))
      plan.members.push_back(cast<EinsumOp>(op));
  for (EinsumOp op : plan.members) {
    EinsumSpec s = EinsumSpec::fromOp(op);
    std::optional<unsigned> pos = s.findRank(rank);
    for (const EinsumOperand &o : s.inputs) {
      std::optional<unsigned> d = barePosition(s, o.indices, rank);
      unsigned uses = llvm::count_if(
          o.indices, [&](AffineExpr e) { return e.isFunctionOfDim(*pos); });
      if (uses > (d ? 1u : 0u)) {
        reason = ("rank '" + rank +
                  "' indexes an operand through a compound expression")
                     .str();
        return failure();
      }
      Operation *producer = o.value.getDefiningOp();
      bool inside = producer && members.contains(producer);
      if (inside || o.value == gValue || !d)
        continue;
      auto type = cast<RankedTensorType>(o.value.getType());
      if (type.getDimSize(*d) != plan.tripCount) {
        reason = "an input indexed by the iterated rank has another extent";
        return failure();
      }
      if (seen.insert({o.value, *d}).second)
        plan.slices.push_back({o.value, *d});
    }
  }
  if (ShapedType::isDynamic(plan.tripCount) && plan.slices.empty()) {
    reason = ("rank '" + rank +
              "' has a dynamic extent and no input is sliced along it, so "
              "the iteration has no run-time trip count")
                 .str();
    return failure();
  }
  return plan;
}

/// Drops the bare `rank` from `indices` (the value lost that dimension).
static void dropRankIndex(EinsumSpec &spec, SmallVector<AffineExpr> &indices,
                          StringRef rank) {
  if (std::optional<unsigned> d = barePosition(spec, indices, rank))
    indices.erase(indices.begin() + *d);
}

/// Removes `rank` from the iteration space of `spec`: it becomes the
/// enclosing iteration's rank where filters still mention it.
static void retireRank(EinsumSpec &spec, StringRef rank, MLIRContext *ctx) {
  if (!spec.findRank(rank))
    return;
  if (spec.usesRank(rank))
    spec.rankToSymbol(rank, ctx);
  else
    spec.substituteRank(rank, getAffineConstantExpr(0, ctx));
}

/// The shape of `type` without dimension `dim`.
static SmallVector<int64_t> dropDim(Type type, std::optional<unsigned> dim) {
  SmallVector<int64_t> shape(cast<RankedTensorType>(type).getShape());
  if (dim)
    shape.erase(shape.begin() + *dim);
  return shape;
}

IterateOp edge::buildReduceToIterate(ReduceToIteratePlan plan,
                                     StringRef rank) {
  MLIRContext *ctx = plan.global.getContext();
  Location loc = plan.global.getLoc();
  Block *block = plan.global->getBlock();
  IRRewriter rewriter(ctx);
  rewriter.setInsertionPoint(block->getTerminator());
  Type elementType = elementTypeOf(plan.global.getResult());
  EinsumSpec g = EinsumSpec::fromOp(plan.global);

  // Initial running values: the identities of max and +.
  auto fill = [&](Type type, const APFloat &value) {
    return FillOp::create(rewriter, loc, type,
                          FloatAttr::get(elementType, value))
        .getResult();
  };
  const llvm::fltSemantics &sem = cast<FloatType>(elementType).getFloatSemantics();
  SmallVector<Value> inits{
      fill(plan.global.getType(), APFloat::getInf(sem, /*Negative=*/true))};
  for (EinsumOp t : plan.targets)
    inits.push_back(fill(t.getType(), APFloat::getZero(sem)));

  SmallVector<Value> sliceSources;
  SmallVector<int64_t> sliceDims;
  for (auto [v, d] : plan.slices) {
    sliceSources.push_back(v);
    sliceDims.push_back(d);
  }
  SmallVector<Type> resultTypes = llvm::to_vector(
      llvm::map_range(inits, [](Value v) { return v.getType(); }));
  auto iterate = IterateOp::create(
      rewriter, loc, resultTypes, rewriter.getStringAttr(rank),
      ShapedType::isDynamic(plan.tripCount)
          ? IntegerAttr()
          : rewriter.getI64IntegerAttr(plan.tripCount),
      sliceSources,
      rewriter.getDenseI64ArrayAttr(sliceDims), inits);
  Block *body = rewriter.createBlock(&iterate.getBody());
  DenseMap<std::pair<Value, unsigned>, Value> sliceArgs;
  for (auto [v, d] : plan.slices)
    sliceArgs[{v, d}] = body->addArgument(
        RankedTensorType::get(dropDim(v.getType(), d), elementTypeOf(v)),
        loc);
  SmallVector<Value> state = llvm::to_vector(llvm::map_range(
      inits, [&](Value v) -> Value { return body->addArgument(v.getType(), loc); }));
  rewriter.setInsertionPointToStart(body);

  DenseMap<Value, Value> inside; // old value -> value inside the iteration
  Value runningMax, correction;
  SmallVector<Value> yields(inits.size());

  // Re-expresses an operand of `s` inside the iteration.
  auto mapOperand = [&](EinsumSpec &s, EinsumOperand &o) {
    std::optional<unsigned> d = barePosition(s, o.indices, rank);
    if (o.value == plan.global.getResult()) {
      o.value = runningMax;
      return;
    }
    if (Value v = inside.lookup(o.value))
      o.value = v;
    else if (d)
      o.value = sliceArgs.lookup({o.value, *d});
    dropRankIndex(s, o.indices, rank);
  };

  for (EinsumOp op : plan.members) {
    EinsumSpec s = EinsumSpec::fromOp(op);
    if (op == plan.global) {
      // RG' = max(RG, L[r]).
      EinsumSpec step = s;
      step.name = deriveName(s.name, "G", "R", "R");
      EinsumOperand local = step.inputs[0];
      mapOperand(step, local);
      step.inputs = {{state[0], step.output}, local};
      step.mapCompute = ComputeKind::Max;
      step.mapMerge = MergeKind::Union;
      step.reduceRanks.clear();
      step.reduceCompute.reset();
      step.reduceMerge.reset();
      step.empty.reset();
      retireRank(step, rank, ctx);
      runningMax = step.build(rewriter, op.getLoc(), elementType,
                              dropDim(op.getType(), std::nullopt))
                       .getResult();
      yields[0] = runningMax;
      // PRM = e^(RG - RG'): the factor that rebases the running sums.
      EinsumSpec prm;
      prm.name = deriveName(s.name, "G", "PR", "P");
      SmallVector<AffineExpr> dims;
      SmallVector<std::string> outputRanks = *getBareOutputRanks(s);
      for (const std::string &n : outputRanks) {
        prm.ranks.push_back(n);
        dims.push_back(getAffineDimExpr(prm.ranks.size() - 1, ctx));
      }
      prm.inputs = {{state[0], dims}, {runningMax, dims}};
      prm.output = dims;
      prm.mapCompute = ComputeKind::SubExp;
      prm.mapMerge = MergeKind::PassThrough;
      if (plan.guardAbsentMax) {
        // RGT = max(RG, L) where this tile's L is present (absent
        // elsewhere); PRM = e^(RG - RGT) there, and absent, holding 1 (no
        // rebase), where the tile has no present point: RG = RG' = -inf
        // then gives no e^(-inf - -inf).
        EinsumSpec touched = step;
        touched.name = deriveName(s.name, "G", "RT", "RT");
        touched.mapMerge = MergeKind::TakeRight;
        Value runningMaxWhereTouched =
            touched.build(rewriter, op.getLoc(), elementType,
                          dropDim(op.getType(), std::nullopt))
                .getResult();
        prm.inputs[1].value = runningMaxWhereTouched;
        prm.mapMerge = MergeKind::TakeRight;
        prm.empty = APFloat::getOne(sem);
      }
      correction = prm.build(rewriter, op.getLoc(), elementType,
                             dropDim(op.getType(), std::nullopt))
                       .getResult();
      continue;
    }
    auto *targetIt = llvm::find(plan.targets, op);
    if (targetIt != plan.targets.end()) {
      unsigned k = targetIt - plan.targets.begin();
      Value rt = state[k + 1];
      SmallVector<std::string> outNames = *getBareOutputRanks(s);
      // Y[r]: the summand of this step.
      EinsumSpec y = s;
      for (EinsumOperand &o : y.inputs)
        mapOperand(y, o);
      y.reduceRanks.clear();
      y.reduceCompute.reset();
      y.reduceMerge.reset();
      y.empty.reset();
      y.output = llvm::to_vector(llvm::map_range(
          outNames, [&](const std::string &n) { return y.rankExpr(n, ctx); }));
      retireRank(y, rank, ctx);
      Value summand;
      if (y.inputs.size() == 1 && y.filter.empty() &&
          y.inputs[0].indices == y.output && y.ranks.size() == y.output.size())
        summand = y.inputs[0].value; // the step's value is already there
      else {
        y.name = s.name.empty() ? "" : s.name + "_step";
        summand = y.build(rewriter, op.getLoc(), elementType,
                          dropDim(op.getType(), std::nullopt))
                      .getResult();
      }
      // SP = RT x PRM, RT' = Y + SP.
      EinsumSpec sp;
      sp.name = deriveName(s.name, "S", "SP", "SP");
      for (const std::string &n : outNames)
        sp.ranks.push_back(n);
      SmallVector<AffineExpr> dims;
      for (unsigned i = 0; i < outNames.size(); ++i)
        dims.push_back(getAffineDimExpr(i, ctx));
      SmallVector<AffineExpr> gDims;
      for (const std::optional<std::string> &n : getBareRankNames(g, g.output))
        gDims.push_back(sp.rankExpr(*n, ctx));
      sp.inputs = {{rt, dims}, {correction, gDims}};
      sp.output = dims;
      sp.mapCompute = ComputeKind::Mul;
      // RT is dense; a guarded PRM is absent (1) where nothing rebases.
      sp.mapMerge =
          plan.guardAbsentMax ? MergeKind::TakeLeft : MergeKind::Isect;
      Value rescaled = sp.build(rewriter, op.getLoc(), elementType,
                                dropDim(op.getType(), std::nullopt))
                           .getResult();
      EinsumSpec next = sp;
      next.name = deriveName(s.name, "S", "R", "R");
      next.inputs = {{summand, dims}, {rescaled, dims}};
      next.mapCompute = ComputeKind::Add;
      next.mapMerge = MergeKind::Union;
      yields[k + 1] = next.build(rewriter, op.getLoc(), elementType,
                                 dropDim(op.getType(), std::nullopt))
                          .getResult();
      continue;
    }
    // A producer or a rebasable intermediate: same einsum, one tile.
    std::optional<unsigned> outDim = barePosition(s, s.output, rank);
    if (s.mapCompute == ComputeKind::SubExp && s.inputs.size() == 2 &&
        s.inputs[1].value == plan.global.getResult())
      s.name = localNumeratorName(s.name); // now against the running max
    for (EinsumOperand &o : s.inputs)
      mapOperand(s, o);
    dropRankIndex(s, s.output, rank);
    retireRank(s, rank, ctx);
    inside[op.getResult()] =
        s.build(rewriter, op.getLoc(), elementType,
                dropDim(op.getType(), outDim))
            .getResult();
  }
  YieldOp::create(rewriter, loc, yields);

  // Readers outside the chain get the rescaled values again, computed from
  // the final maximum after the iteration.
  rewriter.setInsertionPoint(block->getTerminator());
  IRMapping after;
  after.map(plan.global.getResult(), iterate.getResult(0));
  for (EinsumOp op : plan.members)
    if (plan.recomputed.contains(op)) {
      Operation *copy = rewriter.clone(*op, after);
      rewriter.replaceUsesWithIf(
          op.getResult(), copy->getResult(0), [&](OpOperand &use) {
            return !llvm::is_contained(plan.members, use.getOwner());
          });
    }

  rewriter.replaceAllUsesWith(plan.global.getResult(), iterate.getResult(0));
  for (auto [k, t] : llvm::enumerate(plan.targets))
    rewriter.replaceAllUsesWith(t.getResult(), iterate.getResult(k + 1));
  for (EinsumOp op : llvm::reverse(plan.members))
    rewriter.eraseOp(op);
  // The iteration was built at the end of the block; put every op after its
  // operands again.
  sortTopologically(block);
  return iterate;
}

namespace {
struct EdgeReduceToIteratePass
    : public edge::impl::EdgeReduceToIterateBase<EdgeReduceToIteratePass> {
  using Base::Base;
  void runOnOperation() override;
};
} // namespace

void EdgeReduceToIteratePass::runOnOperation() {
  // Candidates: maxima over the rank at the cascade's top level. Each plan is
  // made against the current IR, so earlier rewrites are seen.
  SmallVector<EinsumOp> candidates;
  for (Operation &op : getOperation().getBody().front())
    if (auto einsum = dyn_cast<EinsumOp>(op))
      if (einsum.getReduceCompute() == ComputeKind::Max &&
          EinsumSpec::fromOp(einsum).isReduced(rank))
        candidates.push_back(einsum);
  llvm::DenseSet<Operation *> erased;
  for (EinsumOp candidate : candidates) {
    if (erased.contains(candidate))
      continue;
    std::string reason;
    FailureOr<ReduceToIteratePlan> plan =
        matchReduceToIterate(candidate, rank, recompute, reason, nanEmptyRows);
    if (failed(plan)) {
      (void)refuse(remarks, candidate, "edge-reduce-to-iterate", reason);
      continue;
    }
    for (EinsumOp op : plan->members)
      erased.insert(op);
    SmallVector<Operation *> matched(plan->members.begin(),
                                     plan->members.end());
    recordIdentityStep("reduce-to-iterate", matched,
                  [&] { (void)buildReduceToIterate(*plan, rank); });
  }
}
