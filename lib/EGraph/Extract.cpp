//===- Extract.cpp - Extracting terms from an e-graph ---------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements the cost functions, the greedy tree extractor and the
// DAG-aware extractor.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Extract.h"

#include <algorithm>
#include <cassert>
#include <cmath>

using namespace edge::egraph;

static constexpr double kInfinity = std::numeric_limits<double>::infinity();

//===----------------------------------------------------------------------===//
// Cost functions
//===----------------------------------------------------------------------===//

CostFunction::~CostFunction() = default;

double CostFunction::nodeCost(const EGraph &, const ENode &) const {
  return 1.0;
}

double CostFunction::treeCost(const EGraph &graph, const ENode &node,
                              llvm::ArrayRef<double> childCosts) const {
  double c = nodeCost(graph, node);
  for (double cc : childCosts)
    c += cc;
  return c;
}

double AstDepth::treeCost(const EGraph &, const ENode &,
                          llvm::ArrayRef<double> childCosts) const {
  double d = 0;
  for (double cc : childCosts)
    d = std::max(d, cc);
  return d + 1;
}

double OpCost::nodeCost(const EGraph &, const ENode &node) const {
  auto it = costs.find(node.getOp().getRawId());
  return it == costs.end() ? defaultCost : it->second;
}

/// Marks the nodes of `expr` reachable from its root.
static std::vector<bool> getReachable(const RecExpr &expr) {
  std::vector<bool> reach(expr.size(), false);
  if (expr.empty())
    return reach;
  reach[expr.getRoot()] = true;
  for (Id i = expr.size(); i-- > 0;)
    if (reach[i])
      for (Id c : expr[i].getChildren())
        reach[c] = true;
  return reach;
}

double edge::egraph::getDagCost(const EGraph &graph, const RecExpr &expr,
                                const CostFunction &cost) {
  std::vector<bool> reach = getReachable(expr);
  double total = 0;
  for (Id i = 0, e = expr.size(); i < e; ++i)
    if (reach[i])
      total += cost.nodeCost(graph, expr[i]);
  return total;
}

double edge::egraph::getTreeCost(const EGraph &graph, const RecExpr &expr,
                                 const CostFunction &cost) {
  // A subterm's tree cost does not depend on where it is used, so one value
  // per index suffices even when the RecExpr shares it.
  std::vector<double> costs(expr.size());
  llvm::SmallVector<double, 4> childCosts;
  for (Id i = 0, e = expr.size(); i < e; ++i) {
    childCosts.clear();
    for (Id c : expr[i].getChildren())
      childCosts.push_back(costs[c]);
    costs[i] = cost.treeCost(graph, expr[i], childCosts);
  }
  return expr.empty() ? 0 : costs.back();
}

//===----------------------------------------------------------------------===//
// Extractor
//===----------------------------------------------------------------------===//

Extractor::Extractor(const EGraph &graph, const CostFunction &cost)
    : graph(graph), costFn(cost) {
  assert(graph.isClean() && "rebuild the e-graph before extracting");
  bestNode.assign(graph.getNumNodesAdded(), ~0u);
  bestCost.assign(graph.getNumNodesAdded(), kInfinity);
}

Extractor::~Extractor() = default;

const ENode *Extractor::getBestNode(Id id) const {
  Id c = graph.find(id);
  if (bestNode[c] == ~0u)
    return nullptr;
  return &graph.getClass(c).getNodes()[bestNode[c]];
}

double Extractor::getCost(Id id) const { return bestCost[graph.find(id)]; }

RecExpr Extractor::extract(Id root) const {
  RecExpr out;
  llvm::SmallVector<Id, 1> idx;
  if (!extract(root, out, idx))
    return RecExpr();
  return out;
}

bool Extractor::extract(llvm::ArrayRef<Id> roots, RecExpr &out,
                        llvm::SmallVectorImpl<Id> &rootIndices) const {
  return extractWith(
      roots, [&](Id cls) { return getBestNode(cls); }, out, rootIndices);
}

bool Extractor::extractWith(llvm::ArrayRef<Id> roots,
                            llvm::function_ref<const ENode *(Id)> choose,
                            RecExpr &out,
                            llvm::SmallVectorImpl<Id> &rootIndices) const {
  out = RecExpr();
  rootIndices.clear();
  // Post-order walk over chosen nodes; each class is emitted once, so the
  // result is a DAG. `onStack` guards against cycles in the choices.
  llvm::DenseMap<Id, Id> emitted;
  llvm::DenseMap<Id, bool> onStack;
  for (Id r : roots) {
    llvm::SmallVector<std::pair<Id, bool>, 32> stack;
    stack.push_back({graph.find(r), false});
    while (!stack.empty()) {
      auto [cls, expanded] = stack.pop_back_val();
      if (emitted.count(cls))
        continue;
      const ENode *n = choose(cls);
      if (!n)
        return false;
      if (!expanded) {
        if (onStack.lookup(cls))
          return false;
        onStack[cls] = true;
        stack.push_back({cls, true});
        for (Id c : llvm::reverse(n->getChildren()))
          if (!emitted.count(graph.find(c)))
            stack.push_back({graph.find(c), false});
        continue;
      }
      ENode copy = *n;
      copy.mapChildren([&](Id c) { return emitted.lookup(graph.find(c)); });
      emitted[cls] = out.add(std::move(copy));
      onStack[cls] = false;
    }
    rootIndices.push_back(emitted.lookup(graph.find(r)));
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Greedy tree extraction
//===----------------------------------------------------------------------===//

/// Bottom-up fixpoint computing the cheapest tree of every class. Costs only
/// decrease and ties keep the earlier node, so the result does not depend on
/// hash order. Class ids mostly follow creation order (children first), so
/// few passes are needed.
static void computeTreeChoices(const EGraph &graph, const CostFunction &costFn,
                               std::vector<uint32_t> &bestNode,
                               std::vector<double> &bestCost) {
  std::fill(bestNode.begin(), bestNode.end(), ~0u);
  std::fill(bestCost.begin(), bestCost.end(), kInfinity);
  llvm::SmallVector<double, 4> childCosts;
  for (bool changed = true; changed;) {
    changed = false;
    for (Id cls : graph.getClassIds()) {
      llvm::ArrayRef<ENode> nodes = graph.getClass(cls).getNodes();
      for (uint32_t k = 0, e = nodes.size(); k < e; ++k) {
        const ENode &n = nodes[k];
        childCosts.clear();
        bool finite = true;
        for (Id c : n.getChildren()) {
          double cc = bestCost[c];
          if (cc == kInfinity) {
            finite = false;
            break;
          }
          childCosts.push_back(cc);
        }
        if (!finite)
          continue;
        double total = costFn.treeCost(graph, n, childCosts);
        if (total < bestCost[cls]) {
          bestCost[cls] = total;
          bestNode[cls] = k;
          changed = true;
        }
      }
    }
  }
}

GreedyExtractor::GreedyExtractor(const EGraph &graph, const CostFunction &cost)
    : Extractor(graph, cost) {
  computeTreeChoices(graph, cost, bestNode, bestCost);
}

/// Returns true if following the chosen node of every class never leads
/// back to the same class.
static bool isAcyclic(const EGraph &graph,
                      const std::vector<uint32_t> &bestNode) {
  // 0 = unvisited, 1 = on the DFS stack, 2 = done.
  std::vector<uint8_t> color(bestNode.size(), 0);
  llvm::SmallVector<std::pair<Id, unsigned>, 32> stack;
  for (Id start : graph.getClassIds()) {
    if (color[start] || bestNode[start] == ~0u)
      continue;
    stack.push_back({start, 0});
    color[start] = 1;
    while (!stack.empty()) {
      auto &[cls, next] = stack.back();
      const ENode &n = graph.getClass(cls).getNodes()[bestNode[cls]];
      if (next == n.getNumChildren()) {
        color[cls] = 2;
        stack.pop_back();
        continue;
      }
      Id child = n.getChildren()[next++];
      if (color[child] == 1)
        return false;
      if (color[child] == 0 && bestNode[child] != ~0u) {
        color[child] = 1;
        stack.push_back({child, 0});
      }
    }
  }
  return true;
}

//===----------------------------------------------------------------------===//
// DAG-aware extraction
//===----------------------------------------------------------------------===//

namespace {
/// One class of a candidate solution: the node chosen in it and its local
/// cost.
struct Entry {
  Id cls;
  uint32_t node;
  double cost;
};

/// A candidate solution for a class: its chosen node and every class its
/// term reaches (sorted by class id, including the class itself).
struct Candidate {
  double total;
  uint32_t node;
  std::vector<Entry> set;
};

/// Merges `b` into `acc` (set union; on overlap the entry of `acc` wins).
void mergeInto(std::vector<Entry> &acc, const std::vector<Entry> &b,
               std::vector<Entry> &tmp) {
  tmp.clear();
  tmp.reserve(acc.size() + b.size());
  size_t i = 0, j = 0;
  while (i < acc.size() && j < b.size()) {
    if (acc[i].cls < b[j].cls)
      tmp.push_back(acc[i++]);
    else if (b[j].cls < acc[i].cls)
      tmp.push_back(b[j++]);
    else {
      tmp.push_back(acc[i++]);
      ++j;
    }
  }
  tmp.insert(tmp.end(), acc.begin() + i, acc.end());
  tmp.insert(tmp.end(), b.begin() + j, b.end());
  acc.swap(tmp);
}

bool sameSolution(const Candidate &a, uint32_t node,
                  const std::vector<Entry> &set) {
  if (a.node != node || a.set.size() != set.size())
    return false;
  for (size_t i = 0; i < set.size(); ++i)
    if (a.set[i].cls != set[i].cls || a.set[i].node != set[i].node)
      return false;
  return true;
}
} // namespace

struct DagExtractor::State {
  std::vector<std::vector<Candidate>> candidates;
};

DagExtractor::~DagExtractor() = default;

DagExtractor::DagExtractor(const EGraph &graph, const CostFunction &cost,
                           unsigned beamWidth)
    : Extractor(graph, cost), state(std::make_unique<State>()) {
  const size_t width = std::max(1u, beamWidth);
  // At most this many child combinations are tried per node, so wide
  // operators do not blow up (they get fewer alternatives per child).
  const double maxCombos = 64;
  auto &cands = state->candidates;
  cands.resize(bestCost.size());
  std::vector<Entry> merged, tmp;
  llvm::SmallVector<unsigned, 4> pick, limit;

  for (bool changed = true; changed;) {
    changed = false;
    for (Id cls : graph.getClassIds()) {
      llvm::ArrayRef<ENode> nodes = graph.getClass(cls).getNodes();
      for (uint32_t k = 0, e = nodes.size(); k < e; ++k) {
        const ENode &n = nodes[k];
        llvm::ArrayRef<Id> children = n.getChildren();
        if (llvm::any_of(children, [&](Id c) { return cands[c].empty(); }))
          continue;
        size_t arity = children.size();
        unsigned perChild =
            arity == 0 ? 1
                       : std::max<unsigned>(
                             1, static_cast<unsigned>(std::pow(
                                    maxCombos, 1.0 / double(arity))));
        limit.assign(arity, 0);
        for (size_t i = 0; i < arity; ++i)
          limit[i] = std::min<unsigned>(perChild, cands[children[i]].size());
        pick.assign(arity, 0);
        double local = costFn.nodeCost(graph, n);
        // Enumerate child-candidate combinations in mixed-radix order.
        while (true) {
          merged.clear();
          for (size_t i = 0; i < arity; ++i)
            mergeInto(merged, cands[children[i]][pick[i]].set, tmp);
          auto pos = std::lower_bound(
              merged.begin(), merged.end(), cls,
              [](const Entry &en, Id c) { return en.cls < c; });
          // A choice whose subterms reach this class would form a cycle.
          if (pos == merged.end() || pos->cls != cls) {
            double total = local;
            for (const Entry &en : merged)
              total += en.cost;
            std::vector<Candidate> &list = cands[cls];
            if (list.size() < width || total < list.back().total) {
              merged.insert(pos, Entry{cls, k, local});
              bool dup = llvm::any_of(list, [&](const Candidate &c) {
                return sameSolution(c, k, merged);
              });
              if (!dup) {
                // Keep the list sorted; equal totals keep insertion order.
                auto at = std::upper_bound(
                    list.begin(), list.end(), total,
                    [](double t, const Candidate &c) { return t < c.total; });
                list.insert(at, Candidate{total, k, merged});
                if (list.size() > width)
                  list.pop_back();
                changed = true;
              }
            }
          }
          size_t i = 0;
          for (; i < arity; ++i) {
            if (++pick[i] < limit[i])
              break;
            pick[i] = 0;
          }
          if (i == arity)
            break;
        }
      }
    }
  }

  for (Id cls : graph.getClassIds()) {
    if (cands[cls].empty())
      continue;
    bestNode[cls] = cands[cls].front().node;
    bestCost[cls] = cands[cls].front().total;
  }
  // Per-class best choices are only used as a fallback (and by
  // getBestNode); make sure they are acyclic.
  if (!isAcyclic(graph, bestNode))
    computeTreeChoices(graph, cost, bestNode, bestCost);
}

bool DagExtractor::extract(llvm::ArrayRef<Id> roots, RecExpr &out,
                           llvm::SmallVectorImpl<Id> &rootIndices) const {
  // Follow the choices recorded in the roots' best candidates, so classes
  // shared between subterms keep the node the candidate was costed with.
  llvm::DenseMap<Id, uint32_t> choice;
  for (Id r : roots) {
    const std::vector<Candidate> &list = state->candidates[graph.find(r)];
    if (list.empty())
      return false;
    for (const Entry &en : list.front().set)
      choice.try_emplace(en.cls, en.node);
  }
  auto choose = [&](Id cls) -> const ENode * {
    auto it = choice.find(cls);
    if (it == choice.end())
      return getBestNode(cls);
    return &graph.getClass(cls).getNodes()[it->second];
  };
  if (extractWith(roots, choose, out, rootIndices))
    return true;
  return Extractor::extract(roots, out, rootIndices);
}
