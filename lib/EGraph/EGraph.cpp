//===- EGraph.cpp - E-graph with hash-consing and rebuilding --------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements EGraph: adding nodes, unions, egg-style deferred
// rebuilding (re-hash-consing the parents of merged classes until congruence
// holds again, and propagating analysis data upwards), inspection and the
// proof log used for explanations.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/EGraph.h"
#include "edge/EGraph/Analysis.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <deque>

using namespace edge::egraph;

static Symbol getCongruenceReason() {
  static Symbol s("congruence");
  return s;
}

EGraph::EGraph() = default;
EGraph::~EGraph() = default;

void EGraph::addAnalysis(Analysis &analysis) {
  assert(nodes.empty() && "attach analyses before adding nodes");
  assert(!analysis.graph && "analysis already attached to an e-graph");
  analysis.graph = this;
  analyses.push_back(&analysis);
}

//===----------------------------------------------------------------------===//
// Building
//===----------------------------------------------------------------------===//

void EGraph::canonicalize(ENode &node) {
  node.mapChildren([&](Id c) { return findMut(c); });
}

void EGraph::canonicalizeConst(ENode &node) const {
  node.mapChildren([&](Id c) { return find(c); });
}

Id EGraph::add(ENode node) {
  canonicalize(node);
  auto it = memo.find(node);
  if (it != memo.end())
    return findMut(it->second);

  Id id = unionFind.makeSet();
  assert(id == nodes.size() && "ids and nodes out of sync");
  classes.emplace_back();
  EClass &cls = classes.back();
  cls.id = id;
  cls.live = true;
  cls.nodes.push_back(node);
  for (Id child : node.getChildren())
    classes[child].parents.push_back(id);
  if (explanations)
    proofEdges.resize(id + 1);
  memo.try_emplace(node, id);
  nodes.push_back(std::move(node));
  ++numClasses;
  ++numCanonicalNodes;
  dirty = true;

  for (Analysis *a : analyses)
    a->onAdd(id, nodes[id]);
  // modify() may add nodes and union classes; `nodes` may reallocate, so no
  // reference into it is held across the calls.
  for (Analysis *a : analyses)
    a->modify(*this, findMut(id));
  return findMut(id);
}

Id EGraph::addExpr(const RecExpr &expr) {
  llvm::SmallVector<Id, 16> ids;
  return addExpr(expr, ids);
}

Id EGraph::addExpr(const RecExpr &expr, llvm::SmallVectorImpl<Id> &ids) {
  assert(!expr.empty() && "cannot add an empty expression");
  ids.clear();
  ids.reserve(expr.size());
  for (const ENode &n : expr.getNodes()) {
    ENode copy = n;
    copy.mapChildren([&](Id c) { return ids[c]; });
    ids.push_back(add(std::move(copy)));
  }
  return findMut(ids.back());
}

llvm::Expected<Id> EGraph::addTerm(llvm::StringRef sexpr) {
  llvm::Expected<RecExpr> expr = RecExpr::parse(sexpr);
  if (!expr)
    return expr.takeError();
  return addExpr(*expr);
}

std::optional<Id> EGraph::lookup(ENode node) const {
  canonicalizeConst(node);
  auto it = memo.find(node);
  if (it == memo.end())
    return std::nullopt;
  return find(it->second);
}

std::optional<Id> EGraph::lookupNodeId(ENode node) const {
  canonicalizeConst(node);
  auto it = memo.find(node);
  if (it == memo.end())
    return std::nullopt;
  return it->second;
}

std::optional<Id> EGraph::lookupExpr(const RecExpr &expr) const {
  llvm::SmallVector<Id, 16> ids;
  for (const ENode &n : expr.getNodes()) {
    ENode copy = n;
    copy.mapChildren([&](Id c) { return ids[c]; });
    std::optional<Id> id = lookup(std::move(copy));
    if (!id)
      return std::nullopt;
    ids.push_back(*id);
  }
  if (ids.empty())
    return std::nullopt;
  return ids.back();
}

//===----------------------------------------------------------------------===//
// Unions and rebuilding
//===----------------------------------------------------------------------===//

bool EGraph::unionClasses(Id a, Id b, Symbol reason) {
  Id ra = findMut(a), rb = findMut(b);
  if (ra == rb)
    return false;
  if (explanations) {
    if (proofEdges.size() < nodes.size())
      proofEdges.resize(nodes.size());
    proofEdges[a].push_back({b, reason});
    proofEdges[b].push_back({a, reason});
  }
  // The class with more parents survives so fewer parents are re-queued;
  // ties go to the smaller id for determinism.
  size_t pa = classes[ra].parents.size(), pb = classes[rb].parents.size();
  if (pa < pb || (pa == pb && rb < ra))
    std::swap(ra, rb);
  unionFind.unite(ra, rb);
  --numClasses;
  dirty = true;

  EClass &into = classes[ra];
  EClass &from = classes[rb];
  // The parents of the absorbed class may now be congruent to other nodes.
  pending.insert(pending.end(), from.parents.begin(), from.parents.end());
  for (Analysis *an : analyses) {
    DidMerge dm = an->onMerge(ra, rb);
    if (dm.changedInto)
      analysisPending.insert(analysisPending.end(), into.parents.begin(),
                             into.parents.end());
    if (dm.changedFrom)
      analysisPending.insert(analysisPending.end(), from.parents.begin(),
                             from.parents.end());
  }
  into.nodes.insert(into.nodes.end(),
                    std::make_move_iterator(from.nodes.begin()),
                    std::make_move_iterator(from.nodes.end()));
  into.parents.insert(into.parents.end(), from.parents.begin(),
                      from.parents.end());
  from.live = false;
  std::vector<ENode>().swap(from.nodes);
  std::vector<Id>().swap(from.parents);

  for (Analysis *an : analyses)
    an->modify(*this, findMut(ra));
  return true;
}

unsigned EGraph::processUnions() {
  unsigned numUnions = 0;
  while (!pending.empty() || !analysisPending.empty()) {
    while (!pending.empty()) {
      Id id = pending.back();
      pending.pop_back();
      ENode node = nodes[id];
      canonicalize(node);
      auto [it, inserted] = memo.try_emplace(std::move(node), id);
      if (!inserted) {
        Id other = it->second;
        // Two congruent nodes in different classes: merge them.
        if (unionClasses(other, id, getCongruenceReason()))
          ++numUnions;
      }
    }
    while (!analysisPending.empty()) {
      Id id = analysisPending.back();
      analysisPending.pop_back();
      Id cls = findMut(id);
      ENode node = nodes[id];
      canonicalize(node);
      for (Analysis *an : analyses) {
        if (an->onRefresh(cls, node)) {
          const EClass &c = classes[cls];
          analysisPending.insert(analysisPending.end(), c.parents.begin(),
                                 c.parents.end());
          an->modify(*this, cls);
          cls = findMut(cls);
        }
      }
    }
  }
  return numUnions;
}

void EGraph::rebuildClasses() {
  classIds.clear();
  for (std::vector<Id> &v : classesByOp)
    v.clear();
  classesByOp.resize(Symbol::getNumSymbols());
  numCanonicalNodes = 0;
  for (Id id = 0, e = classes.size(); id < e; ++id) {
    EClass &cls = classes[id];
    if (!cls.live)
      continue;
    classIds.push_back(id);
    for (ENode &n : cls.nodes)
      canonicalize(n);
    std::sort(cls.nodes.begin(), cls.nodes.end());
    cls.nodes.erase(std::unique(cls.nodes.begin(), cls.nodes.end()),
                    cls.nodes.end());
    numCanonicalNodes += cls.nodes.size();
    Symbol last = Symbol::fromRawId(~0u);
    for (const ENode &n : cls.nodes) {
      // Nodes are sorted by operator, so each operator is seen in one run.
      if (n.getOp() == last)
        continue;
      last = n.getOp();
      classesByOp[last.getRawId()].push_back(id);
    }
  }
}

unsigned EGraph::rebuild() {
  unsigned n = processUnions();
  rebuildClasses();
  dirty = false;
  return n;
}

llvm::ArrayRef<Id> EGraph::getClassesWithOp(Symbol op) const {
  if (op.getRawId() >= classesByOp.size())
    return {};
  return classesByOp[op.getRawId()];
}

//===----------------------------------------------------------------------===//
// Inspection
//===----------------------------------------------------------------------===//

RecExpr EGraph::getOriginalTerm(Id id) const {
  // Original nodes only point to ids created before them, so a post-order
  // walk terminates; shared ids are emitted once.
  RecExpr out;
  llvm::DenseMap<Id, Id> map;
  llvm::SmallVector<std::pair<Id, bool>, 16> stack;
  stack.push_back({id, false});
  while (!stack.empty()) {
    auto [cur, expanded] = stack.pop_back_val();
    if (map.count(cur))
      continue;
    const ENode &n = nodes[cur];
    if (!expanded) {
      stack.push_back({cur, true});
      for (Id c : llvm::reverse(n.getChildren()))
        if (!map.count(c))
          stack.push_back({c, false});
      continue;
    }
    ENode copy = n;
    copy.mapChildren([&](Id c) { return map.lookup(c); });
    map[cur] = out.add(std::move(copy));
  }
  return out;
}

void EGraph::print(llvm::raw_ostream &os) const {
  for (Id id = 0, e = classes.size(); id < e; ++id) {
    const EClass &cls = classes[id];
    if (!cls.live)
      continue;
    os << "e" << id << ":";
    for (const ENode &n : cls.nodes) {
      os << " (";
      n.printOp(os);
      for (Id c : n.getChildren())
        os << " e" << find(c);
      os << ")";
    }
    os << "\n";
  }
}

std::string EGraph::toString() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}

//===----------------------------------------------------------------------===//
// Explanations
//===----------------------------------------------------------------------===//

std::vector<ProofStep> EGraph::explain(Id a, Id b) const {
  std::vector<ProofStep> steps;
  if (a == b || !explanations || find(a) != find(b) ||
      a >= proofEdges.size() || b >= proofEdges.size())
    return steps;
  // The recorded unions form a forest (each joined two distinct classes), so
  // a breadth-first search finds the unique path.
  llvm::DenseMap<Id, std::pair<Id, Symbol>> prev;
  std::deque<Id> queue{a};
  prev[a] = {a, Symbol()};
  while (!queue.empty()) {
    Id cur = queue.front();
    queue.pop_front();
    if (cur == b)
      break;
    for (const auto &[next, reason] : proofEdges[cur]) {
      if (prev.count(next))
        continue;
      prev[next] = {cur, reason};
      queue.push_back(next);
    }
  }
  if (!prev.count(b))
    return steps;
  for (Id cur = b; cur != a;) {
    auto [p, reason] = prev.lookup(cur);
    steps.push_back({p, cur, reason});
    cur = p;
  }
  std::reverse(steps.begin(), steps.end());
  return steps;
}

std::string EGraph::explainToString(Id a, Id b) const {
  std::string s;
  llvm::raw_string_ostream os(s);
  std::vector<ProofStep> steps = explain(a, b);
  if (steps.empty()) {
    os << getOriginalTerm(a).toString() << "\n";
    return s;
  }
  os << getOriginalTerm(steps.front().from).toString() << "\n";
  for (const ProofStep &st : steps)
    os << "= " << getOriginalTerm(st.to).toString() << "   by "
       << (st.reason.isValid() ? st.reason.str() : llvm::StringRef("union"))
       << "\n";
  return s;
}
