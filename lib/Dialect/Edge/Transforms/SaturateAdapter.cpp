//===- SaturateAdapter.cpp - cascades in an e-graph, and back --------------===//
//
// This file implements the adapter between edge cascades and the e-graph
// library (CascadeGraph), the saturation driver and the extraction of
// --edge-saturate.
//
// Algorithm (saturateCascade):
//   1. Import: every op of the cascade becomes an e-node whose witness is a
//      copy of the op in a scratch cascade; the outputs are the roots.
//   2. Saturate: the egraph::Runner applies the rules (SaturateRules.cpp)
//      until nothing changes or a limit (iterations, e-nodes, time) is hit.
//      Every rule adds terms equal to the matched class; none removes any.
//   3. Extract: pass counts and traffic are not sums over subterms, so no
//      node-local cost can be exact. Candidate DAGs are extracted with the
//      DagExtractor under a family of local costs (FLOPs, term size, a
//      penalty per top-level reduction, per iteration, and each alternative
//      node of each class forced in turn), deduplicated, materialized as
//      cascades and scored by the cascade analysis. The objective picks the
//      winner lexicographically; the original cascade is always a candidate.
//      `rewritten` (for testing rules) ranks first by the e-nodes of the
//      input a candidate uses (fewest), then by those rules created (most),
//      and starts from local costs that make input e-nodes expensive.
//   4. The winner replaces the body when it is strictly better.
//
//===----------------------------------------------------------------------===//

#include "SaturateInternal.h"

#include "edge/Analysis/CascadeAnalysis.h"
#include "edge/EGraph/Extract.h"
#include "edge/EGraph/Runner.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/Support/Debug.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <chrono>
#include <set>

#define DEBUG_TYPE "edge-saturate"

using namespace mlir;
using namespace edge;
using namespace edge::sat;

std::optional<SaturateObjective>
edge::parseSaturateObjective(llvm::StringRef name) {
  if (name == "passes")
    return SaturateObjective::Passes;
  if (name == "traffic")
    return SaturateObjective::Traffic;
  if (name == "flops")
    return SaturateObjective::Flops;
  if (name == "rewritten")
    return SaturateObjective::Rewritten;
  if (name == "time")
    return SaturateObjective::Time;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// CascadeGraph
//===----------------------------------------------------------------------===//

CascadeGraph::CascadeGraph(CascadeOp original, const SaturateOptions &options)
    : options(options), ctx(original.getContext()), builder(ctx) {
  symInput = Symbol("input");
  symEinsum = Symbol("einsum");
  symSplit = Symbol("split");
  symUnsplit = Symbol("unsplit");
  symFill = Symbol("fill");
  symMask = Symbol("mask");
  symIterate = Symbol("iterate");
  symProj = Symbol("proj");
  // Only unions made while the proof log is on are recorded: from the start.
  graph.setExplanationsEnabled(options.explanation != nullptr);
  scratchModule = ModuleOp::create(original.getLoc());
  builder.setInsertionPointToEnd(scratchModule->getBody());
  scratch = cast<CascadeOp>(builder.clone(*original));
  // Declared by saturateCascade when the rank is dynamic.
  if (std::optional<unsigned> size =
          CascadeSizes(original).getRankSize(options.rank))
    rankSize = CascadeSizes(original).getNames()[*size];
  // Keep the signature, drop the body: the scratch block holds witnesses.
  Block &body = scratch.getBody().front();
  while (!body.empty())
    body.back().erase();
  block = &body;
  builder.setInsertionPointToEnd(block);
  IRMapping mapping;
  Block &source = original.getBody().front();
  for (auto [i, arg] : llvm::enumerate(block->getArguments())) {
    mapping.map(source.getArgument(i), arg);
    Id id = graph.add(ENode(symInput, egraph::Attr::getInt(i)));
    valueClass[arg] = id;
    witnesses.push_back({id, arg});
  }
  importBlock(source, mapping);
  for (Value v : source.getTerminator()->getOperands())
    roots.push_back(classOf(mapping.lookup(v)));
  numImportedNodes = Id(graph.getNumNodesAdded());
  graph.rebuild();
}

CascadeGraph::~CascadeGraph() = default;

llvm::DenseSet<ENode> CascadeGraph::getInputNodes() const {
  llvm::DenseSet<ENode> result;
  for (Id id = 0; id < numImportedNodes; ++id) {
    ENode node = graph.getOriginalNode(id);
    if (node.getOp() == symInput)
      continue;
    node.mapChildren([&](Id c) { return graph.find(c); });
    result.insert(node);
  }
  return result;
}

std::string CascadeGraph::keyOf(Operation *op) {
  if (isa<IterateOp>(op))
    return "iterate#" + std::to_string(iterateCounter++);
  std::string key;
  llvm::raw_string_ostream os(key);
  os << op->getName().getStringRef() << ' ';
  NamedAttrList attrs(op->getAttrDictionary());
  attrs.erase("name");
  attrs.getDictionary(ctx).print(os);
  os << " : (";
  llvm::interleaveComma(op->getOperandTypes(), os);
  os << ") -> (";
  llvm::interleaveComma(op->getResultTypes(), os);
  os << ')';
  return key;
}

Operation *CascadeGraph::templateOf(const ENode &node) const {
  if (node.getOp() == symInput || node.getOp() == symProj)
    return nullptr;
  return templates.lookup(node.getAttr().getString());
}

SmallVector<Value> CascadeGraph::templateInputs(Operation *op) const {
  SmallVector<Value> inputs(op->getOperands());
  if (auto iterate = dyn_cast<IterateOp>(op)) {
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(iterate.getBody(), captured);
    llvm::append_range(inputs, captured);
  }
  return inputs;
}

Value CascadeGraph::witness(Id cls) const {
  for (auto &[id, v] : witnesses)
    if (graph.find(id) == graph.find(cls))
      return v;
  return Value();
}

std::optional<Id> CascadeGraph::addOp(Operation *op) {
  {
    // A rule that built an ill-formed op is refused here, silently.
    ScopedDiagnosticHandler quiet(ctx, [](Diagnostic &) { return success(); });
    if (failed(mlir::verify(op))) {
      op->erase();
      return std::nullopt;
    }
  }
  std::string key = keyOf(op);
  Symbol sym = llvm::TypeSwitch<Operation *, Symbol>(op)
                   .Case<EinsumOp>([&](auto) { return symEinsum; })
                   .Case<SplitOp>([&](auto) { return symSplit; })
                   .Case<UnsplitOp>([&](auto) { return symUnsplit; })
                   .Case<FillOp>([&](auto) { return symFill; })
                   .Case<MaskOp>([&](auto) { return symMask; })
                   .Case<IterateOp>([&](auto) { return symIterate; })
                   .Default([&](auto) { return Symbol(); });
  if (!sym.isValid()) {
    op->erase();
    return std::nullopt;
  }
  SmallVector<Id> children;
  for (Value v : templateInputs(op)) {
    if (!valueClass.count(v)) {
      op->erase();
      return std::nullopt;
    }
    children.push_back(classOf(v));
  }
  auto [it, inserted] = templates.try_emplace(key, op);
  (void)it;
  (void)inserted;
  size_t nodesBefore = graph.getNumNodesAdded();
  Id id = graph.add(ENode(sym, egraph::Attr::getString(key), children));
  if (graph.getNumNodesAdded() != nodesBefore)
    nodeOps[id] = op;
  if (auto iterate = dyn_cast<IterateOp>(op)) {
    for (auto [k, result] : llvm::enumerate(iterate.getResults())) {
      Id p = graph.add(ENode(symProj, egraph::Attr::getInt(k), {id}));
      valueClass[result] = p;
      witnesses.push_back({p, result});
    }
    return id;
  }
  valueClass[op->getResult(0)] = id;
  witnesses.push_back({id, op->getResult(0)});
  return id;
}

void CascadeGraph::importBlock(Block &source, IRMapping &mapping) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(block);
  for (Operation &op : source.without_terminator()) {
    Operation *copy = builder.clone(op, mapping);
    if (!addOp(copy)) {
      // Keep the mapping total: an op we cannot represent is kept as an
      // opaque leaf (it will not be rewritten).
      continue;
    }
  }
}

void CascadeGraph::print(llvm::raw_ostream &os) const {
  // Sorted, so that the dump does not depend on hash or insertion order.
  SmallVector<Id> classes(graph.getClassIds());
  llvm::sort(classes);
  for (Id cls : classes) {
    SmallVector<std::string> nodes;
    for (const ENode &n : graph.getClass(cls).getNodes()) {
      std::string text;
      llvm::raw_string_ostream node(text);
      node << n.getOp().str();
      if (Operation *t = templateOf(n))
        if (auto name = t->getAttrOfType<StringAttr>("name"))
          node << " \"" << name.getValue() << "\"";
      node << "(";
      llvm::interleaveComma(n.getChildren(), node,
                            [&](Id c) { node << graph.find(c); });
      node << ")";
      nodes.push_back(std::move(text));
    }
    llvm::sort(nodes);
    os << "e-class " << cls << ":";
    for (const std::string &node : nodes)
      os << " " << node;
    os << "\n";
  }
}

bool CascadeGraph::unite(Id a, Id b, llvm::StringRef rule) {
  if (matchedNode && graph.find(*matchedNode) == graph.find(a))
    a = *matchedNode;
  return graph.unionClasses(a, b, Symbol(rule));
}

bool CascadeGraph::firstTime(llvm::StringRef rule, const ENode &node,
                             llvm::StringRef context) {
  std::string key = rule.str() + "|" + node.getAttr().toString() + "|" +
                    context.str() + "|";
  for (Id c : node.getChildren())
    key += std::to_string(graph.find(c)) + ",";
  return memo.insert(key).second;
}

SmallVector<Value> CascadeGraph::materialize(const egraph::RecExpr &expr,
                                             OpBuilder &b,
                                             ValueRange args) const {
  SmallVector<Value> values(expr.size());
  SmallVector<Operation *> ops(expr.size(), nullptr);
  for (unsigned i = 0; i < expr.size(); ++i) {
    const ENode &node = expr[i];
    if (node.getOp() == symInput) {
      values[i] = args[node.getAttr().getInt()];
      continue;
    }
    if (node.getOp() == symProj) {
      values[i] = ops[node.getChildren()[0]]->getResult(node.getAttr().getInt());
      continue;
    }
    Operation *tmpl = templateOf(node);
    IRMapping mapping;
    for (auto [v, child] : llvm::zip(templateInputs(tmpl), node.getChildren()))
      mapping.map(v, values[child]);
    ops[i] = b.clone(*tmpl, mapping);
    if (ops[i]->getNumResults() == 1 && !isa<IterateOp>(ops[i]))
      values[i] = ops[i]->getResult(0);
  }
  return values;
}

/// Preference of a node kind when materializing a rule's context.
static int preference(const CascadeGraph &g, const ENode &n) {
  Symbol op = n.getOp();
  if (op == g.symInput || op == g.symEinsum || op == g.symFill)
    return 0;
  if (op == g.symSplit)
    return 1;
  if (op == g.symUnsplit)
    return 2;
  return 3;
}

Value CascadeGraph::materializeClass(Id root, OpBuilder &b, ValueRange args,
                                     const llvm::DenseMap<Id, ENode> &choice,
                                     llvm::DenseMap<Id, Value> &memo) const {
  llvm::DenseSet<Id> visiting;
  llvm::DenseMap<Id, Operation *> iterates;
  std::function<Value(Id)> visit = [&](Id cls) -> Value {
    cls = graph.find(cls);
    if (Value v = memo.lookup(cls))
      return v;
    if (!visiting.insert(cls).second)
      return Value();
    SmallVector<ENode> nodes;
    if (auto it = choice.find(cls); it != choice.end())
      nodes.push_back(it->second);
    else {
      nodes.assign(graph.getClass(cls).getNodes().begin(),
                   graph.getClass(cls).getNodes().end());
      llvm::stable_sort(nodes, [&](const ENode &a, const ENode &c) {
        return preference(*this, a) < preference(*this, c);
      });
    }
    Value result;
    for (const ENode &node : nodes) {
      if (node.getOp() == symInput) {
        result = args[node.getAttr().getInt()];
        break;
      }
      if (node.getOp() == symProj) {
        Id iterCls = graph.find(node.getChildren()[0]);
        if (!iterates.count(iterCls)) {
          // Materialize the iterate class through its first iterate node.
          for (const ENode &it : graph.getClass(iterCls).getNodes()) {
            Operation *tmpl = templateOf(it);
            IRMapping mapping;
            bool ok = true;
            for (auto [v, child] :
                 llvm::zip(templateInputs(tmpl), it.getChildren())) {
              Value c = visit(child);
              if (!c) {
                ok = false;
                break;
              }
              mapping.map(v, c);
            }
            if (ok) {
              iterates[iterCls] = b.clone(*tmpl, mapping);
              break;
            }
          }
        }
        if (Operation *op = iterates.lookup(iterCls)) {
          result = op->getResult(node.getAttr().getInt());
          break;
        }
        continue;
      }
      Operation *tmpl = templateOf(node);
      if (!tmpl || isa<IterateOp>(tmpl))
        continue;
      IRMapping mapping;
      bool ok = true;
      for (auto [v, child] : llvm::zip(templateInputs(tmpl), node.getChildren())) {
        Value c = visit(child);
        if (!c) {
          ok = false;
          break;
        }
        mapping.map(v, c);
      }
      if (!ok)
        continue;
      result = b.clone(*tmpl, mapping)->getResult(0);
      break;
    }
    visiting.erase(cls);
    if (result)
      memo[cls] = result;
    return result;
  };
  return visit(root);
}

//===----------------------------------------------------------------------===//
// Rules as egraph::Rewrites
//===----------------------------------------------------------------------===//

namespace {
/// Matches every class holding a node with operator `op`.
class OpSearcher : public egraph::Searcher {
public:
  explicit OpSearcher(Symbol op) : op(op) {}
  void search(const egraph::EGraph &graph, egraph::MatchSet &out,
              size_t limit) const override {
    for (Id cls : graph.getClassesWithOp(op)) {
      if (out.size() > limit)
        return;
      out.add(cls, {});
    }
  }
  llvm::ArrayRef<egraph::Var> getVars() const override { return {}; }
  std::string toString() const override { return "(" + op.str().str() + " ...)"; }

private:
  Symbol op;
};
} // namespace

namespace {
/// A rule of SaturateRules.cpp as an e-graph applier: it applies to the
/// matched class's nodes of its op, and returns the unions that changed the
/// graph, which the runner counts per rule.
class RuleApplier final : public egraph::Applier {
public:
  RuleApplier(CascadeGraph &g, SaturateRule rule)
      : g(g), rule(std::move(rule)) {}

  unsigned apply(egraph::EGraph &graph, Id root, const egraph::Subst &,
                 Symbol) const override {
    // Copy: rules add nodes and union classes while we iterate.
    SmallVector<ENode> nodes;
    for (const ENode &n : graph.getClass(root).getNodes())
      if (n.getOp() == rule.op)
        nodes.push_back(n);
    unsigned changed = 0;
    for (const ENode &n : nodes) {
      if (g.overBudget())
        break;
      // Rules look into the children's classes: apply again when they grew.
      std::string context;
      for (Id c : n.getChildren())
        context += std::to_string(graph.getClass(c).size()) + ",";
      if (!rule.selfMemo && !g.firstTime(rule.name, n, context))
        continue;
      g.matchedNode = graph.lookupNodeId(n);
      changed += rule.apply(g, graph.find(root), n);
      g.matchedNode.reset();
    }
    return changed;
  }
  std::string toString() const override { return rule.name; }

private:
  CascadeGraph &g;
  SaturateRule rule;
};
} // namespace

static egraph::Rewrite makeRewrite(CascadeGraph &g, const SaturateRule &rule) {
  return egraph::Rewrite(rule.name, std::make_shared<OpSearcher>(rule.op),
                         std::make_shared<RuleApplier>(g, rule));
}

//===----------------------------------------------------------------------===//
// Extraction
//===----------------------------------------------------------------------===//

namespace {
/// FLOPs of one template op, counted by the cascade analysis
/// (countEinsumFlops), without enclosing iterations.
int64_t estimateFlops(Operation *op) {
  if (auto e = dyn_cast<EinsumOp>(op)) {
    int64_t total = 0;
    for (auto &[kind, count] : countEinsumFlops(e))
      total += count;
    return total;
  }
  if (auto it = dyn_cast<IterateOp>(op)) {
    int64_t inner = 0;
    it.getBody().walk([&](EinsumOp e) { inner += estimateFlops(e); });
    return inner * it.getStop().value_or(1);
  }
  return 0;
}

/// A local cost: 1 + wFlops * FLOPs + wReduce per top-level reduction +
/// wIterate per iteration; `forced` makes every other node of one class
/// prohibitively expensive.
class LocalCost : public egraph::CostFunction {
public:
  LocalCost(const CascadeGraph &g, double wFlops, double wReduce,
            double wIterate)
      : g(g), wFlops(wFlops), wReduce(wReduce), wIterate(wIterate) {}
  /// Adds `weight` to every node of `nodes` (the input's, for the
  /// `rewritten` objective).
  void penalize(const llvm::DenseSet<ENode> &nodes, double weight) {
    extraNodes = &nodes;
    extraWeight = weight;
  }
  double nodeCost(const egraph::EGraph &graph,
                  const ENode &node) const override {
    auto [it, inserted] = cache.try_emplace(node.getAttr().getRawBits());
    if (inserted) {
      it->second = {0, 0, 0};
      if (Operation *op = g.templateOf(node)) {
        it->second[0] = double(estimateFlops(op));
        if (auto e = dyn_cast<EinsumOp>(op); e && !e.getReduceRanks().empty())
          it->second[1] = 1;
        if (isa<IterateOp>(op))
          it->second[2] = 1;
      }
    }
    double cost = 1 + wFlops * it->second[0] + wReduce * it->second[1] +
                  wIterate * it->second[2];
    if (penalized.contains(node))
      cost += 1e12;
    if (extraNodes && extraNodes->contains(node))
      cost += extraWeight;
    return cost;
  }
  /// Makes every node of `cls` but `node` prohibitively expensive.
  void force(const egraph::EClass &cls, const ENode &node) {
    for (const ENode &n : cls.getNodes())
      if (n != node)
        penalized.insert(n);
  }

private:
  const CascadeGraph &g;
  double wFlops, wReduce, wIterate;
  llvm::DenseSet<ENode> penalized;
  const llvm::DenseSet<ENode> *extraNodes = nullptr;
  double extraWeight = 0;
  mutable llvm::DenseMap<uint64_t, std::array<double, 3>> cache;
};

/// What a candidate is ranked by: its cost, and how many of its e-nodes
/// (leaves excluded) come from the input and were created by rules.
struct Score {
  CascadeCost cost;
  int64_t inputNodes = 0, rewrittenNodes = 0;
};

struct Candidate {
  OwningOpRef<ModuleOp> module;
  CascadeOp cascade;
  Score score;
  /// The extracted term (for its proof).
  egraph::RecExpr expr;
};

/// The sort key of a score under an objective (smaller is better).
std::array<int64_t, 5> objectiveKey(const Score &s,
                                    SaturateObjective objective) {
  const CascadeCost &c = s.cost;
  switch (objective) {
  case SaturateObjective::Passes:
    return {c.maxPasses, c.offChipBytes(), c.totalFlops, 0, 0};
  case SaturateObjective::Traffic:
    return {c.offChipBytes(), c.maxPasses, c.totalFlops, 0, 0};
  case SaturateObjective::Flops:
    return {c.totalFlops, c.maxPasses, c.offChipBytes(), 0, 0};
  case SaturateObjective::Rewritten:
    return {s.inputNodes, -s.rewrittenNodes, c.maxPasses, c.offChipBytes(),
            c.totalFlops};
  case SaturateObjective::Time:
    // Picoseconds: ties within a picosecond fall to the passes.
    return {c.time ? int64_t(std::min(c.time->seconds * 1e12, 9e18)) : 0,
            c.maxPasses,
            c.offChipBytes(), c.totalFlops, 0};
  }
  return {};
}

/// Counts the distinct e-nodes of `expr` (leaves excluded) that are in
/// `inputNodes` and that are not.
std::pair<int64_t, int64_t>
countNodes(const CascadeGraph &g, const egraph::RecExpr &expr,
           const llvm::DenseSet<ENode> &inputNodes) {
  SmallVector<Id> classes(expr.size());
  llvm::DenseSet<ENode> seen;
  int64_t input = 0, rewritten = 0;
  for (unsigned i = 0; i < expr.size(); ++i) {
    ENode node = expr[i];
    node.mapChildren([&](Id c) { return classes[c]; });
    // Every node of an extracted expression is in the graph.
    std::optional<Id> cls = g.graph.lookup(node);
    assert(cls && "extracted node not in the e-graph");
    classes[i] = g.graph.find(*cls);
    node.mapChildren([&](Id c) { return g.graph.find(c); });
    if (node.getOp() == g.symInput || !seen.insert(node).second)
      continue;
    if (inputNodes.contains(node))
      ++input;
    else
      ++rewritten;
  }
  return {input, rewritten};
}
} // namespace

/// A cascade with `cascade`'s signature and an empty body, at `b`.
CascadeOp edge::sat::emptyCopy(CascadeOp cascade, OpBuilder &b) {
  auto copy = cast<CascadeOp>(b.insert(cascade->cloneWithoutRegions()));
  Block *body = new Block();
  copy.getBody().push_back(body);
  for (BlockArgument arg : cascade.getBody().front().getArguments())
    body->addArgument(arg.getType(), arg.getLoc());
  return copy;
}

/// Builds a candidate cascade from `expr` (roots at `rootIndices`) and
/// scores it; fails when it does not verify or cannot be analyzed.
/// A key that identifies an extracted DAG: its node list with child
/// indices. Printing the roots as trees instead would repeat shared subterms
/// and take time exponential in the depth of the cascade.
static std::string dagKey(const egraph::RecExpr &expr, ArrayRef<Id> roots) {
  std::string key;
  llvm::raw_string_ostream os(key);
  for (const ENode &node : expr.getNodes()) {
    node.printOp(os);
    os << "(";
    llvm::interleaveComma(node.getChildren(), os);
    os << ");";
  }
  os << "roots";
  for (Id r : roots)
    os << " " << r;
  return key;
}

static FailureOr<Candidate>
buildCandidate(const CascadeGraph &g, CascadeOp original,
               const egraph::RecExpr &expr, ArrayRef<Id> rootIndices,
               const llvm::DenseSet<ENode> &inputNodes,
               const CostModelOptions &costModel) {
  Candidate c;
  OpBuilder b(original.getContext());
  c.module = ModuleOp::create(original.getLoc());
  b.setInsertionPointToEnd(c.module->getBody());
  c.cascade = emptyCopy(g.scratch, b);
  Block &body = c.cascade.getBody().front();
  b.setInsertionPointToEnd(&body);
  SmallVector<Value> values = g.materialize(expr, b, body.getArguments());
  SmallVector<Value> results;
  for (Id r : rootIndices)
    results.push_back(values[r]);
  ReturnOp::create(b, original.getLoc(), results);
  ScopedDiagnosticHandler quiet(original.getContext(),
                                [](Diagnostic &) { return success(); });
  if (failed(mlir::verify(c.cascade)))
    return failure();
  FailureOr<CascadeCost> cost = analyzeCascade(c.cascade, costModel);
  if (failed(cost))
    return failure();
  c.score.cost = std::move(*cost);
  c.expr = expr;
  std::tie(c.score.inputNodes, c.score.rewrittenNodes) =
      countNodes(g, expr, inputNodes);
  return c;
}

/// How an explanation names e-node `id`: its template's einsum name and
/// location, or the node's operator.
static ExplainedEinsum describeNode(const CascadeGraph &g, Id id) {
  const ENode &node = g.graph.getOriginalNode(id);
  if (Operation *op = g.opOfNode(id))
    return describeForExplanation(op);
  if (Operation *op = g.templateOf(node))
    return describeForExplanation(op);
  std::string text;
  llvm::raw_string_ostream os(text);
  node.printOp(os);
  return {text, ""};
}

/// Appends the proof of the chosen term `expr` to `out`: for each of its
/// nodes, children first, the recorded unions (rules and congruences) that
/// lead from the oldest node of the node's class, the input's where there
/// is one, to the node chosen (egraph::EGraph::explain).
static void explainChoice(const CascadeGraph &g, const egraph::RecExpr &expr,
                          Derivation &out) {
  SmallVector<Id> classes(expr.size());
  std::set<std::pair<Id, Id>> seen;
  for (unsigned i = 0; i < expr.size(); ++i) {
    ENode node = expr[i];
    node.mapChildren([&](Id c) { return classes[c]; });
    std::optional<Id> cls = g.graph.lookup(node);
    std::optional<Id> chosen = g.graph.lookupNodeId(node);
    if (!cls || !chosen)
      return; // not a term of this graph: nothing to explain
    classes[i] = *cls;
    Id oldest = *chosen;
    for (const ENode &n : g.graph.getClass(*cls).getNodes())
      if (std::optional<Id> id = g.graph.lookupNodeId(n))
        oldest = std::min(oldest, *id);
    for (const egraph::ProofStep &step : g.graph.explain(oldest, *chosen)) {
      if (!seen.insert({step.from, step.to}).second)
        continue;
      DerivationStep s;
      s.rule = step.reason.str().str();
      s.matched.push_back(describeNode(g, step.from));
      s.produced.push_back(describeNode(g, step.to).name);
      out.steps.push_back(std::move(s));
    }
  }
}

FailureOr<SaturateResult>
edge::sat::saturateSubCascade(CascadeOp cascade, const SaturateOptions &options,
                              SaturateClock::time_point deadline) {
  using Clock = SaturateClock;
  SaturateResult result;
  FailureOr<CascadeCost> originalCost =
      analyzeCascade(cascade, options.costModel);
  if (failed(originalCost))
    return failure();
  result.originalPasses = originalCost->maxPasses;

  auto start = Clock::now();
  // Saturation gets three quarters of the time left; extraction and scoring
  // the rest, so that the limit bounds the whole run.
  double budgetSeconds = std::max(
      0.0, std::chrono::duration<double>(deadline - start).count());
  CascadeGraph g(cascade, options);
  std::vector<SaturateRule> rules = getSaturateRules(g);
  std::vector<egraph::Rewrite> rewrites;
  for (const SaturateRule &rule : rules)
    if (options.rules.empty() || llvm::is_contained(options.rules, rule.name))
      rewrites.push_back(makeRewrite(g, rule));
  egraph::Runner runner(g.graph);
  runner.setIterationLimit(unsigned(std::max<int64_t>(1, options.maxIters)))
      .setNodeLimit(size_t(std::max<int64_t>(1, options.maxNodes)))
      .setTimeLimit(0.75 * budgetSeconds)
      .setScheduler(std::make_unique<egraph::SimpleScheduler>());
  const egraph::RunReport &report = [&]() -> const egraph::RunReport & {
    // Rule bodies verify the ops they build; keep their diagnostics quiet.
    ScopedDiagnosticHandler quiet(cascade.getContext(),
                                  [](Diagnostic &) { return success(); });
    return runner.run(rewrites);
  }();
  if (options.dumpEGraph)
    g.print(*options.dumpEGraph);
  result.emptyRowsRefusal = g.emptyRowsRefusal;
  result.numNodes = g.graph.getNumNodes();
  result.numClasses = g.graph.getNumClasses();
  result.numIterations = report.iterations.size();
  result.stopReason = report.stopReason;
  result.rulesApplied = report.appliedPerRule;
  for (auto &[name, n] : report.appliedPerRule)
    result.numRulesApplied += n;
  auto mid = Clock::now();
  result.saturateUs =
      std::chrono::duration_cast<std::chrono::microseconds>(mid - start)
          .count();

  // Candidate DAGs under a family of local costs.
  llvm::DenseSet<ENode> inputNodes = g.getInputNodes();
  std::vector<std::unique_ptr<LocalCost>> costs;
  if (options.objective == SaturateObjective::Rewritten) {
    // First the fewest input nodes (then the smallest term), and the same
    // with each node created by a rule forced in turn: that is where the
    // candidates with the most rewritten nodes come from.
    auto base = [&] {
      auto cost = std::make_unique<LocalCost>(g, 0.0, 0.0, 0.0);
      cost->penalize(inputNodes, 1e6);
      return cost;
    };
    costs.push_back(base());
    for (Id cls : g.graph.getClassIds()) {
      const egraph::EClass &c = g.graph.getClass(cls);
      if (c.size() < 2)
        continue;
      for (const ENode &n : c.getNodes()) {
        if (inputNodes.contains(n))
          continue;
        auto cost = base();
        cost->force(c, n);
        costs.push_back(std::move(cost));
      }
    }
  }
  for (double wReduce : {0.0, 1e3, 1e9})
    for (double wIterate : {0.0, 1e9})
      for (double wFlops : {1.0, 0.0})
        costs.push_back(
            std::make_unique<LocalCost>(g, wFlops, wReduce, wIterate));
  for (Id cls : g.graph.getClassIds()) {
    const egraph::EClass &c = g.graph.getClass(cls);
    if (c.size() < 2)
      continue;
    for (const ENode &n : c.getNodes()) {
      auto cost = std::make_unique<LocalCost>(g, 1.0, 1e3, 0.0);
      cost->force(c, n);
      costs.push_back(std::move(cost));
    }
  }
  // Testing rules is worth a wider search than the default.
  size_t candidateLimit = size_t(options.maxCandidates);
  if (options.objective == SaturateObjective::Rewritten)
    candidateLimit = std::max<size_t>(candidateLimit, 256);
  llvm::StringSet<> seen;
  std::optional<Candidate> best;
  std::optional<Candidate> fewestPasses;
  auto better = [&](const Score &a, const Score &b) {
    return objectiveKey(a, options.objective) <
           objectiveKey(b, options.objective);
  };
  auto consider = [&](Candidate cand) {
    ++result.numCandidates;
    if (!fewestPasses ||
        std::make_pair(cand.score.cost.maxPasses,
                       objectiveKey(cand.score, options.objective)) <
            std::make_pair(fewestPasses->score.cost.maxPasses,
                           objectiveKey(fewestPasses->score,
                                        options.objective)))
      fewestPasses = Candidate{OwningOpRef<ModuleOp>(cast<ModuleOp>(
                                   cand.module->clone())),
                               CascadeOp(), cand.score, cand.expr};
    if (options.maxPasses > 0 && cand.score.cost.maxPasses > options.maxPasses)
      return;
    if (!best || better(cand.score, best->score))
      best = std::move(cand);
  };
  for (auto &cost : costs) {
    if (result.numCandidates >= candidateLimit)
      break;
    // Past the deadline, only the first extraction still runs: the best
    // cascade found so far needs at least one candidate.
    if (&cost != &costs.front() && Clock::now() > deadline) {
      result.extractionCut = true;
      break;
    }
    egraph::DagExtractor extractor(g.graph, *cost);
    egraph::RecExpr expr;
    SmallVector<Id> rootIndices;
    if (!extractor.extract(g.roots, expr, rootIndices))
      continue;
    std::string text = dagKey(expr, rootIndices);
    if (!seen.insert(text).second)
      continue;
    LLVM_DEBUG(llvm::dbgs() << "candidate: " << text << "\n");
    FailureOr<Candidate> cand =
        buildCandidate(g, cascade, expr, rootIndices, inputNodes,
                       options.costModel);
    if (succeeded(cand))
      consider(std::move(*cand));
  }
  // Fix up the cascade handles of the cloned modules.
  auto cascadeOf = [](ModuleOp m) {
    return cast<CascadeOp>(&m.getBody()->front());
  };
  if (fewestPasses)
    fewestPasses->cascade = cascadeOf(*fewestPasses->module);
  if (!best && fewestPasses) {
    result.constraintUnmet = true;
    best = std::move(fewestPasses);
  }
  result.extractUs =
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - mid)
          .count();
  // The original is always a candidate: replace it only by something better
  // (or by something that meets a pass limit it misses).
  // The original uses only input nodes (each once).
  Score original{*originalCost, int64_t(inputNodes.size()), 0};
  bool originalOk =
      options.maxPasses <= 0 || originalCost->maxPasses <= options.maxPasses;
  bool improves = false;
  if (best) {
    best->cascade = cascadeOf(*best->module);
    improves = result.constraintUnmet
                   ? best->score.cost.maxPasses < originalCost->maxPasses
                   : (!originalOk || better(best->score, original));
  }
  const Score &chosen = improves ? best->score : original;
  result.chosenPasses = chosen.cost.maxPasses;
  result.chosenOffChipBytes = chosen.cost.offChipBytes();
  result.chosenFlops = chosen.cost.totalFlops;
  result.chosenInputNodes = chosen.inputNodes;
  result.chosenRewrittenNodes = chosen.rewrittenNodes;
  if (!improves)
    return result;
  if (options.explanation)
    explainChoice(g, best->expr, *options.explanation);
  cascade.getBody().takeBody(best->cascade.getBody());
  result.changed = true;
  return result;
}
