//===- SaturateRules.cpp - the rewrite rules of --edge-saturate ------------===//
//
// This file implements the rules of the saturation: each is one sound
// algebraic fact of ../shared/reference/one-pass-algebra.md, applied to one
// e-node, that adds an equal term to the node's class. Each keeps values and
// presence bits exactly, so facts proved on one term of a class (Presence.h
// on the scratch IR) hold for every term of it.
//
//   defer-division     D: sum_r (N / d) x V = (sum_r N x V) / d
//   split-rank         S: an einsum over rank m = the same einsum over
//                         m1 x m0 on split operands (unsplit if m is kept),
//                         filtered to m1*tile + m0 < M when there is a tail
//   split-cancel       split(unsplit(Y)) = Y without a tail, or when Y is
//                      absent (and empty) at the tail;
//                      unsplit(split(X)) = X
//   split-reduction    S: (+)_{m1,m0} X = (+)_{m1} ((+)_{m0} X)
//   exp-rebase         X: e^(X - G) = e^(X - L) x e^(L - G) for the local
//                         and global maxima L, G of X
//   factor-out         D: sum_r (Y x c) = (sum_r Y) x c when c does not
//                         depend on r (c a factor of Y's product, too)
//   product-fusion     sum_r P = sum_r (A x B) for P = A x B
//   reduce-to-iterate  O+I: a global max over m1 and the sums that wait for
//                         it = one edge.iterate over m1 (the checks and the
//                         construction are edge-reduce-to-iterate's own)
//
// None of them encodes a whole derivation: the 1-pass cascade is found by
// composing them.
//
//===----------------------------------------------------------------------===//

#include "SaturateInternal.h"

#include "RewriteUtils.h"
#include "edge/Dialect/Edge/Transforms/Passes.h"
#include "edge/Dialect/Edge/Transforms/Rewrites.h"
#include "edge/Dialect/Edge/Utils/Presence.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;
using namespace edge;
using namespace edge::sat;

/// The template einsum of a node, if it is one.
static EinsumOp einsumOf(const CascadeGraph &g, const ENode &n) {
  return dyn_cast_or_null<EinsumOp>(g.templateOf(n));
}

/// The einsum of a node: its template's structure with the node's own
/// operands (witnesses of its children). Templates are shared by every node
/// with the same structure, so their operands must not be used directly.
static EinsumSpec specOf(const CascadeGraph &g, const ENode &n) {
  EinsumSpec spec = EinsumSpec::fromOp(einsumOf(g, n));
  for (auto [o, child] : llvm::zip(spec.inputs, n.getChildren()))
    o.value = g.witness(child);
  return spec;
}

/// The einsum nodes of a class.
static SmallVector<ENode> einsumsOf(const CascadeGraph &g, Id cls) {
  SmallVector<ENode> result;
  for (const ENode &n : g.graph.getClass(cls).getNodes())
    if (einsumOf(g, n))
      result.push_back(n);
  return result;
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

namespace {
/// The e-graph's view of producers: every einsum of a value's class, with
/// the witnesses of its children as operands.
class GraphView final : public EinsumView {
public:
  explicit GraphView(const CascadeGraph &g) : g(g) {}
  SmallVector<EinsumSpec, 1> getProducers(Value v) const override {
    SmallVector<EinsumSpec, 1> specs;
    if (!g.isRegistered(v))
      return specs;
    for (const ENode &n : einsumsOf(g, g.classOf(v)))
      if (!einsumOf(g, n).getConstants())
        specs.push_back(specOf(g, n));
    return specs;
  }

private:
  const CascadeGraph &g;
};
} // namespace

/// Runs the build of a shared identity at the end of the scratch cascade
/// and adds the ops it built; returns the class of the last one. When one
/// of them does not verify, all of them are erased.
static std::optional<Id>
addBuilt(CascadeGraph &g,
         llvm::function_ref<SmallVector<Operation *>(OpBuilder &)> build) {
  OpBuilder::InsertionGuard guard(g.builder);
  g.builder.setInsertionPointToEnd(g.block);
  SmallVector<Operation *> ops = build(g.builder);
  {
    ScopedDiagnosticHandler quiet(g.ctx,
                                  [](Diagnostic &) { return success(); });
    if (llvm::any_of(ops, [](Operation *op) { return failed(verify(op)); })) {
      for (Operation *op : llvm::reverse(ops))
        op->erase();
      return std::nullopt;
    }
  }
  std::optional<Id> id;
  for (Operation *op : ops)
    if (!(id = g.addOp(op)))
      return std::nullopt;
  return id;
}

/// Applies an identity of Rewrites.h to the einsum node `node`: `match`
/// reads the node (its template's structure with the witnesses of its
/// children), `build` creates the equal term, which joins `cls`.
template <typename Plan>
static unsigned applyIdentity(
    CascadeGraph &g, Id cls, const ENode &node, StringRef rule,
    llvm::function_ref<FailureOr<Plan>(const EinsumSpec &, RankedTensorType,
                                       std::string &)>
        match,
    llvm::function_ref<SmallVector<Operation *>(OpBuilder &, Location,
                                                const Plan &)>
        build) {
  EinsumOp op = einsumOf(g, node);
  if (!op)
    return 0;
  std::string reason;
  FailureOr<Plan> plan =
      match(specOf(g, node), cast<RankedTensorType>(op.getType()), reason);
  if (failed(plan))
    return 0;
  std::optional<Id> id = addBuilt(g, [&](OpBuilder &b) {
    return build(b, g.scratch.getLoc(), *plan);
  });
  return id && g.unite(cls, *id, rule) ? 1 : 0;
}

//===----------------------------------------------------------------------===//
// defer-division (D on a quotient)
//===----------------------------------------------------------------------===//


unsigned edge::sat::applyDeferDivision(CascadeGraph &g, Id cls,
                                       const ENode &node) {
  return applyIdentity<DeferDivisionPlan>(
      g, cls, node, "defer-division",
      [&](const EinsumSpec &spec, RankedTensorType type, std::string &reason) {
        return matchDeferDivision(spec, type, GraphView(g), reason);
      },
      buildDeferDivision);
}

//===----------------------------------------------------------------------===//
// split-rank and split-cancel (S)
//===----------------------------------------------------------------------===//

unsigned edge::sat::applySplitRank(CascadeGraph &g, Id cls,
                                   const ENode &node) {
  EinsumOp op = einsumOf(g, node);
  if (!op)
    return 0;
  auto [outer, inner] = getSplitRankNames(g.options.rank);
  std::string reason;
  FailureOr<SplitRankPlan> plan =
      matchSplitRank(specOf(g, node), op.getType(), g.options.rank,
                     g.options.tile, outer, inner, reason, g.rankSize);
  if (failed(plan))
    return 0;
  // The splits of the operands join the graph first (hash-consing finds a
  // split built before), then the einsum, then its unsplit.
  std::optional<Id> id = addBuilt(g, [&](OpBuilder &b) {
    SmallVector<Operation *> ops;
    EinsumOp split = buildSplitRank(
        b, g.scratch.getLoc(), *plan, [&](Value v, unsigned dim) -> Value {
          SplitOp s = buildSplit(b, g.scratch.getLoc(), v, dim, plan->tile);
          ops.push_back(s);
          return s.getResult();
        });
    ops.push_back(split);
    if (plan->outDim)
      ops.push_back(UnsplitOp::create(b, g.scratch.getLoc(), op.getType(),
                                      split.getResult(),
                                      b.getI64IntegerAttr(*plan->outDim)));
    return ops;
  });
  return id && g.unite(cls, *id, "split-rank") ? 1 : 0;
}

/// Whether the class `yCls` (a split shape, dims `d` and `d + 1` tiles of
/// `tile`) is surely absent at its tail points `d*tile + (d+1) >= extent`
/// and holds `empty` there: some einsum of the class reads dims `d`, `d + 1`
/// as bare ranks o, i and has the filter `o*tile + i <= extent - 1` that
/// split-rank adds, so no visited point reaches the tail. A dynamic extent
/// is the run-time size that the filter names (g.rankSize).
static bool hasEmptyTail(const CascadeGraph &g, Id yCls, unsigned d,
                         int64_t tile, int64_t extent, const APFloat &empty) {
  for (const ENode &n : einsumsOf(g, yCls)) {
    EinsumOp op = einsumOf(g, n);
    APFloat yEmpty = op.getEmptyValue();
    if (!APFloat(yEmpty.convertToDouble())
             .bitwiseIsEqual(APFloat(empty.convertToDouble())))
      continue;
    EinsumSpec spec = EinsumSpec::fromOp(op);
    if (spec.output.size() < d + 2)
      continue;
    auto o = dyn_cast<AffineDimExpr>(spec.output[d]);
    auto i = dyn_cast<AffineDimExpr>(spec.output[d + 1]);
    if (!o || !i)
      continue;
    AffineExpr bound;
    if (!ShapedType::isDynamic(extent))
      bound = getAffineConstantExpr(extent, op.getContext());
    else if (std::optional<unsigned> size = spec.findSymbol(g.rankSize);
             size && !g.rankSize.empty())
      bound = getAffineSymbolExpr(*size, op.getContext());
    else
      continue;
    AffineExpr expected = -(o * tile + i) + bound - 1;
    for (const EinsumConstraint &c : spec.filter) {
      if (c.isEquality)
        continue;
      AffineExpr diff = simplifyAffineExpr(c.expr - expected,
                                           spec.ranks.size(),
                                           spec.symbols.size());
      if (auto k = dyn_cast<AffineConstantExpr>(diff); k && k.getValue() == 0)
        return true;
    }
  }
  return false;
}

unsigned edge::sat::applySplitCancel(CascadeGraph &g, Id cls,
                                     const ENode &node) {
  Operation *tmpl = g.templateOf(node);
  unsigned n = 0;
  if (auto split = dyn_cast_or_null<SplitOp>(tmpl)) {
    // split(unsplit(Y)) = Y when there is no tail, or when Y is absent at
    // its tail points and holds the split's empty value there.
    Id source = g.graph.find(node.getChildren()[0]);
    for (const ENode &s : g.graph.getClass(source).getNodes()) {
      auto unsplit = dyn_cast_or_null<UnsplitOp>(g.templateOf(s));
      if (!unsplit || unsplit.getDim() != split.getDim())
        continue;
      Type yType = unsplit.getSource().getType();
      if (yType != split.getType())
        continue;
      ArrayRef<int64_t> ys = cast<RankedTensorType>(yType).getShape();
      int64_t d = split.getDim();
      int64_t extent = shapeOf(split.getSource())[d];
      // A run-time extent has a tail as far as the split knows.
      bool noTail = !ShapedType::isDynamic(ys[d]) &&
                    !ShapedType::isDynamic(extent) &&
                    ys[d] * ys[d + 1] == extent;
      if (!noTail &&
          !hasEmptyTail(g, g.graph.find(s.getChildren()[0]), d, ys[d + 1],
                        extent, split.getEmpty().value_or(APFloat(0.0f))))
        continue;
      n += g.unite(cls, s.getChildren()[0], "split-cancel");
    }
  }
  if (auto unsplit = dyn_cast_or_null<UnsplitOp>(tmpl)) {
    // unsplit(split(X)) = X: the unsplit drops exactly the split's tail.
    Id source = g.graph.find(node.getChildren()[0]);
    for (const ENode &s : g.graph.getClass(source).getNodes()) {
      auto split = dyn_cast_or_null<SplitOp>(g.templateOf(s));
      if (!split || split.getDim() != unsplit.getDim() ||
          split.getSource().getType() != unsplit.getType())
        continue;
      n += g.unite(cls, s.getChildren()[0], "split-cancel");
    }
  }
  return n;
}

//===----------------------------------------------------------------------===//
// split-reduction (S on one reduction)
//===----------------------------------------------------------------------===//

unsigned edge::sat::applySplitReduction(CascadeGraph &g, Id cls,
                                        const ENode &node) {
  SplitRankNames names = getSplitRankNames(g.options.rank);
  return applyIdentity<SplitReductionPlan>(
      g, cls, node, "split-reduction",
      [&](const EinsumSpec &spec, RankedTensorType type, std::string &reason) {
        return matchSplitReduction(spec, type, names.outer, names.inner,
                                   reason);
      },
      buildSplitReduction);
}

//===----------------------------------------------------------------------===//
// exp-rebase (X)
//===----------------------------------------------------------------------===//

unsigned edge::sat::applyExpRebase(CascadeGraph &g, Id cls,
                                   const ENode &node) {
  SplitRankNames names = getSplitRankNames(g.options.rank);
  return applyIdentity<ExpRebasePlan>(
      g, cls, node, "exp-rebase",
      [&](const EinsumSpec &spec, RankedTensorType type, std::string &reason) {
        return matchExpRebase(spec, type, GraphView(g), names.outer,
                              names.inner, reason);
      },
      buildExpRebase);
}

//===----------------------------------------------------------------------===//
// factor-out (D on a product) and product fusion
//===----------------------------------------------------------------------===//

unsigned edge::sat::applyFactorOut(CascadeGraph &g, Id cls,
                                   const ENode &node) {
  return applyIdentity<FactorOutPlan>(
      g, cls, node, "factor-out",
      [&](const EinsumSpec &spec, RankedTensorType type, std::string &reason) {
        return matchFactorOut(spec, type, GraphView(g), reason);
      },
      buildFactorOut);
}

unsigned edge::sat::applyProductFusion(CascadeGraph &g, Id cls,
                                       const ENode &node) {
  return applyIdentity<ProductFusionPlan>(
      g, cls, node, "product-fusion",
      [&](const EinsumSpec &spec, RankedTensorType type, std::string &reason) {
        return matchProductFusion(spec, type, GraphView(g), reason);
      },
      buildProductFusion);
}

//===----------------------------------------------------------------------===//
// reduce-to-iterate (O + I)
//===----------------------------------------------------------------------===//

/// Runs edge-reduce-to-iterate on a cascade made of the chosen terms; on
/// success imports its result and unions G and the targets with the
/// iteration's projections.
static unsigned tryIterate(CascadeGraph &g, Id gCls, const ENode &gNode,
                           ArrayRef<Id> targets,
                           const llvm::DenseMap<Id, ENode> &choice,
                           StringRef rank) {
  OpBuilder b(g.ctx);
  OwningOpRef<ModuleOp> module = ModuleOp::create(g.scratch.getLoc());
  b.setInsertionPointToEnd(module->getBody());
  CascadeOp mini = emptyCopy(g.scratch, b);
  Block &body = mini.getBody().front();
  b.setInsertionPointToEnd(&body);
  llvm::DenseMap<Id, ENode> fullChoice = choice;
  fullChoice[gCls] = gNode;
  llvm::DenseMap<Id, Value> memo;
  SmallVector<Id> outs{gCls};
  llvm::append_range(outs, targets);
  SmallVector<Value> results;
  for (Id t : outs) {
    Value v = g.materializeClass(t, b, body.getArguments(), fullChoice, memo);
    if (!v)
      return 0;
    results.push_back(v);
  }
  ReturnOp::create(b, g.scratch.getLoc(), results);
  SmallVector<Type> types(ValueRange(results).getTypes());
  mini.setFunctionTypeAttr(TypeAttr::get(
      b.getFunctionType(mini.getFunctionType().getInputs(), types)));
  SmallVector<Attribute> names;
  for (unsigned i = 0; i < results.size(); ++i)
    names.push_back(b.getStringAttr("out" + std::to_string(i)));
  mini.setOutputNamesAttr(b.getArrayAttr(names));
  mini.removeResAttrsAttr();

  // The identity itself (the same match and build as the pass), on the
  // cascade of the chosen terms.
  auto global = results[0].getDefiningOp<EinsumOp>();
  if (!global)
    return 0;
  std::string reason;
  FailureOr<ReduceToIteratePlan> plan =
      matchReduceToIterate(global, rank, /*recompute=*/false, reason);
  if (failed(plan)) {
    // edge-saturate never accepts NaN rows (one-pass-algebra.md: the
    // rescaling needs a present maximum); say so when that is the only
    // obstacle, since edge-fusemax's nan-empty-rows would go on.
    std::string ignored;
    if (g.emptyRowsRefusal.empty() &&
        succeeded(matchReduceToIterate(global, rank, /*recompute=*/false,
                                       ignored, /*nanEmptyRows=*/true)))
      g.emptyRowsRefusal = reason;
    return 0;
  }
  (void)buildReduceToIterate(*plan, rank);
  IRMapping mapping;
  for (auto [a, s] : llvm::zip(body.getArguments(), g.block->getArguments()))
    mapping.map(a, s);
  g.importBlock(body, mapping);
  unsigned n = 0;
  for (auto [k, v] : llvm::enumerate(body.getTerminator()->getOperands())) {
    Value mapped = mapping.lookupOrNull(v);
    if (!mapped || !g.isRegistered(mapped))
      return n;
    n += g.unite(outs[k], g.classOf(mapped), "reduce-to-iterate");
  }
  return n;
}

unsigned edge::sat::applyReduceToIterate(CascadeGraph &g, Id cls,
                                         const ENode &node) {
  EinsumOp op = einsumOf(g, node);
  if (!op)
    return 0;
  std::string r = getSplitRankNames(g.options.rank).outer;
  EinsumSpec gs = EinsumSpec::fromOp(op);
  if (gs.reduceRanks.size() != 1 || gs.reduceRanks[0] != r ||
      gs.reduceCompute != ComputeKind::Max ||
      gs.reduceMerge != MergeKind::Union || gs.inputs.size() != 1 ||
      gs.hasConstants())
    return 0;
  // Walk the users of G in the e-graph: a sum over r alone is a target; an
  // einsum that keeps r as a bare output rank continues the chain. One node
  // per class (the first found); the pass checks the rest.
  llvm::DenseMap<Id, ENode> choice;
  llvm::SetVector<Id> targets;
  llvm::DenseMap<Id, SmallVector<Id>> readers; // class -> chain classes read
  SmallVector<Id> worklist{cls};
  llvm::DenseSet<Id> chain{cls};
  while (!worklist.empty()) {
    Id c = worklist.pop_back_val();
    for (Id p : g.graph.getClass(c).getParents()) {
      const ENode &parent = g.graph.getOriginalNode(p);
      EinsumOp e = einsumOf(g, parent);
      Id pc = g.graph.find(p);
      if (!e || pc == cls)
        continue;
      // Of two einsums of one class, the one that reads least from outside
      // the chain: the iteration then computes the fewest extra terms
      // (sum_m0 e^(X - G) beats SLD' x e^(L - G), where SLD' is a second
      // sum over the tile).
      auto outside = [&](const ENode &n) {
        return llvm::count_if(n.getChildren(), [&](Id ch) {
          return !chain.count(g.graph.find(ch));
        });
      };
      if (auto it = choice.find(pc);
          it != choice.end() && outside(it->second) <= outside(parent))
        continue;
      EinsumSpec s = EinsumSpec::fromOp(e);
      // The shapes edge-reduce-to-iterate can rescale (it checks them
      // again): e^(X - G), or a product or sum of one rescaled value.
      unsigned numG = 0, numChain = 0;
      for (Id ch : parent.getChildren()) {
        numG += g.graph.find(ch) == cls;
        numChain += chain.count(g.graph.find(ch)) && g.graph.find(ch) != cls;
      }
      if (numG + numChain == 0 || !s.unary.empty() || s.hasConstants())
        continue;
      bool isProduct = s.inputs.size() == 1 ||
                       (s.mapCompute == ComputeKind::Mul &&
                        s.mapMerge == MergeKind::Isect);
      bool isSum = s.reduceRanks.empty() ||
                   (s.reduceCompute == ComputeKind::Add &&
                    s.reduceMerge == MergeKind::Union);
      if (s.isReduced(r)) {
        if (s.reduceRanks.size() != 1 || !isSum || !isProduct || numG != 0 ||
            numChain != 1)
          continue;
        choice[pc] = parent;
        targets.insert(pc);
        continue;
      }
      std::optional<unsigned> pos = s.findRank(r);
      bool keeps = pos && llvm::any_of(s.output, [&](AffineExpr x) {
                     auto d = dyn_cast<AffineDimExpr>(x);
                     return d && d.getPosition() == *pos;
                   });
      bool isExp = s.mapCompute == ComputeKind::SubExp &&
                   s.inputs.size() == 2 && s.reduceRanks.empty() &&
                   g.graph.find(parent.getChildren()[1]) == cls &&
                   numG == 1 && numChain == 0;
      bool isScaled = numG == 0 && numChain == 1 && isProduct && isSum;
      if (!keeps || !(isExp || isScaled))
        continue;
      choice[pc] = parent;
      if (chain.insert(pc).second)
        worklist.push_back(pc);
    }
  }
  if (targets.empty())
    return 0;
  // Keep only chain classes some target needs.
  llvm::DenseSet<Id> needed;
  std::function<void(Id)> need = [&](Id c) {
    c = g.graph.find(c);
    if (!chain.count(c) || !needed.insert(c).second)
      return;
    auto it = choice.find(c);
    if (it != choice.end())
      for (Id ch : it->second.getChildren())
        need(ch);
  };
  for (Id t : targets)
    for (Id ch : choice[t].getChildren())
      need(ch);
  llvm::DenseMap<Id, ENode> pruned;
  for (auto &[c, n] : choice)
    if (targets.count(c) || needed.count(c))
      pruned[c] = n;
  std::string context;
  for (Id t : targets)
    context += std::to_string(g.graph.find(t)) + ",";
  if (!g.firstTime("reduce-to-iterate", node, context))
    return 0;
  if (unsigned n = tryIterate(g, cls, node, targets.getArrayRef(), pruned, r))
    return n;
  // When they do not all fit in one iteration: all but one, then one.
  unsigned n = 0;
  if (targets.size() > 2)
    for (Id skip : targets) {
      SmallVector<Id> rest;
      for (Id t : targets)
        if (t != skip)
          rest.push_back(t);
      n += tryIterate(g, cls, node, rest, pruned, r);
    }
  if (n)
    return n;
  for (Id t : targets)
    n += tryIterate(g, cls, node, {t}, pruned, r);
  return n;
}

namespace {
/// The operator a rule's root node has.
enum class RootOp { Einsum, Split, Unsplit };

/// One row of the rule table.
struct RuleEntry {
  llvm::StringRef name;
  RootOp op;
  unsigned (*apply)(CascadeGraph &, Id, const ENode &);
  bool selfMemo;
};
} // namespace

/// The rule table: every rule, once. split-cancel has two roots.
static const RuleEntry kRules[] = {
    {"defer-division", RootOp::Einsum, applyDeferDivision, false},
    {"split-rank", RootOp::Einsum, applySplitRank, false},
    {"split-cancel", RootOp::Split, applySplitCancel, false},
    {"split-cancel", RootOp::Unsplit, applySplitCancel, false},
    {"split-reduction", RootOp::Einsum, applySplitReduction, false},
    {"exp-rebase", RootOp::Einsum, applyExpRebase, false},
    {"factor-out", RootOp::Einsum, applyFactorOut, false},
    {"product-fusion", RootOp::Einsum, applyProductFusion, false},
    {"reduce-to-iterate", RootOp::Einsum, applyReduceToIterate,
     /*selfMemo=*/true},
};

llvm::ArrayRef<llvm::StringRef> edge::getSaturateRuleNames() {
  static const SmallVector<StringRef> names = [] {
    SmallVector<StringRef> result;
    for (const RuleEntry &rule : kRules)
      if (!llvm::is_contained(result, rule.name))
        result.push_back(rule.name);
    return result;
  }();
  return names;
}

std::vector<SaturateRule> edge::sat::getSaturateRules(CascadeGraph &g) {
  std::vector<SaturateRule> rules;
  for (const RuleEntry &rule : kRules) {
    Symbol op = rule.op == RootOp::Einsum  ? g.symEinsum
                : rule.op == RootOp::Split ? g.symSplit
                                           : g.symUnsplit;
    rules.push_back({rule.name.str(), op, rule.apply, rule.selfMemo});
  }
  return rules;
}
