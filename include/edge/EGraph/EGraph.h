//===- EGraph.h - E-graph with hash-consing and rebuilding ------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines EGraph, an equality graph in the style of egg: e-nodes are
// hash-consed, e-classes are merged through a union-find, and congruence is
// restored lazily by rebuild() ("deferred rebuilding"). E-class analyses
// (see Analysis.h) are kept up to date through the same mechanism. An optional
// proof log records why every union happened.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_EGRAPH_H
#define EDGE_EGRAPH_EGRAPH_H

#include "edge/EGraph/ENode.h"
#include "edge/EGraph/UnionFind.h"

#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>
#include <vector>

namespace edge::egraph {

class Analysis;

/// An equivalence class of e-nodes. After EGraph::rebuild() its nodes are
/// canonical (children are class representatives), sorted and unique.
class EClass {
public:
  /// Returns the id of the class (its union-find representative).
  Id getId() const { return id; }
  /// Returns the e-nodes of the class.
  llvm::ArrayRef<ENode> getNodes() const { return nodes; }
  /// Returns the ids of the e-nodes that use this class as a child. The ids
  /// are node ids: EGraph::getOriginalNode(p) gives the node and
  /// EGraph::find(p) the class that contains it.
  llvm::ArrayRef<Id> getParents() const { return parents; }
  /// Returns the number of e-nodes.
  size_t size() const { return nodes.size(); }

private:
  friend class EGraph;
  Id id = 0;
  bool live = false;
  std::vector<ENode> nodes;
  std::vector<Id> parents;
};

/// One step of an explanation: the original term of `from` was made equal to
/// the original term of `to` by `reason` (a rule name, "congruence",
/// "constant-fold" or a user-supplied reason).
struct ProofStep {
  Id from;
  Id to;
  Symbol reason;
};

/// An e-graph. Typical use:
///   EGraph g; ConstantFolding cf; g.addAnalysis(cf);
///   Id root = g.addExpr(expr); ... g.unionClasses(a, b); g.rebuild();
/// Mutations (add, unionClasses) leave the graph "dirty": queries that need
/// canonical classes (getClassIds, getClassesWithOp, matching, extraction)
/// require a rebuild() first. The Runner does that automatically.
class EGraph {
public:
  EGraph();
  ~EGraph();
  EGraph(const EGraph &) = delete;
  EGraph &operator=(const EGraph &) = delete;

  //===--------------------------------------------------------------------===//
  // Analyses
  //===--------------------------------------------------------------------===//

  /// Attaches an e-class analysis. Must be called before any node is added;
  /// the analysis must outlive the e-graph. Several analyses may be attached.
  void addAnalysis(Analysis &analysis);
  /// Returns the attached analyses.
  llvm::ArrayRef<Analysis *> getAnalyses() const { return analyses; }

  //===--------------------------------------------------------------------===//
  // Building
  //===--------------------------------------------------------------------===//

  /// Adds `node` (children are class ids), returning the class that contains
  /// it. If an equal node already exists its class is returned (hash-consing).
  Id add(ENode node);
  /// Adds every node of `expr` and returns the class of its root.
  Id addExpr(const RecExpr &expr);
  /// Adds every node of `expr`; `ids[i]` receives the class of node i.
  Id addExpr(const RecExpr &expr, llvm::SmallVectorImpl<Id> &ids);
  /// Parses `sexpr` and adds it (convenience for tests and tools).
  llvm::Expected<Id> addTerm(llvm::StringRef sexpr);

  /// Returns the class containing `node` (children canonicalized), if any.
  std::optional<Id> lookup(ENode node) const;
  /// Like lookup, but returns the id under which the (canonical) node was
  /// added rather than its class: the id explain() speaks of.
  std::optional<Id> lookupNodeId(ENode node) const;
  /// Returns the class of the root of `expr` if all its nodes exist.
  std::optional<Id> lookupExpr(const RecExpr &expr) const;

  //===--------------------------------------------------------------------===//
  // Union-find and rebuilding
  //===--------------------------------------------------------------------===//

  /// Returns the canonical id of the class containing `id`.
  Id find(Id id) const { return unionFind.find(id); }
  /// Returns true if `a` and `b` are in the same class.
  bool areEqual(Id a, Id b) const { return find(a) == find(b); }
  /// Merges the classes of `a` and `b`. `reason` is recorded in the proof log
  /// when explanations are enabled. Returns true if the classes were
  /// distinct. Congruence is restored by the next rebuild().
  bool unionClasses(Id a, Id b, Symbol reason = Symbol());
  /// Restores the congruence invariant and the analyses after a batch of
  /// additions and unions, canonicalizes every class and refreshes the
  /// operator index. Returns the number of unions it performed.
  unsigned rebuild();
  /// Returns true if no rebuild is pending.
  bool isClean() const { return !dirty; }

  //===--------------------------------------------------------------------===//
  // Inspection
  //===--------------------------------------------------------------------===//

  /// Returns the class containing `id` (its canonical representative).
  const EClass &getClass(Id id) const { return classes[find(id)]; }
  /// Returns the canonical class ids in increasing order (valid after
  /// rebuild()).
  llvm::ArrayRef<Id> getClassIds() const { return classIds; }
  /// Returns the classes holding at least one node with operator `op`, in
  /// increasing order (valid after rebuild()).
  llvm::ArrayRef<Id> getClassesWithOp(Symbol op) const;
  /// Returns the number of e-classes.
  size_t getNumClasses() const { return numClasses; }
  /// Returns the number of distinct canonical e-nodes (exact after
  /// rebuild()).
  size_t getNumNodes() const { return numCanonicalNodes; }
  /// Returns the number of e-nodes ever created (the value node limits are
  /// checked against; grows monotonically).
  size_t getNumNodesAdded() const { return nodes.size(); }
  /// Returns the node that created id `id`, with the children it had then.
  const ENode &getOriginalNode(Id id) const { return nodes[id]; }
  /// Returns the term that created id `id`, rebuilt from original nodes.
  RecExpr getOriginalTerm(Id id) const;
  /// Prints every class and its nodes (deterministic order).
  void print(llvm::raw_ostream &os) const;
  /// Returns print() as a string.
  std::string toString() const;

  //===--------------------------------------------------------------------===//
  // Explanations
  //===--------------------------------------------------------------------===//

  /// Enables or disables the proof log. Only unions performed while it is
  /// enabled are recorded, so enable it before adding terms.
  void setExplanationsEnabled(bool enabled) { explanations = enabled; }
  /// Returns true if the proof log is enabled.
  bool areExplanationsEnabled() const { return explanations; }
  /// Returns the chain of recorded unions connecting ids `a` and `b` (empty if
  /// a == b or they are not known to be equal).
  std::vector<ProofStep> explain(Id a, Id b) const;
  /// Renders explain(a, b) as one line per step:
  /// `<term> = <term>   by <reason>`.
  std::string explainToString(Id a, Id b) const;

private:
  void canonicalize(ENode &node);
  void canonicalizeConst(ENode &node) const;
  Id findMut(Id id) { return unionFind.findMut(id); }
  unsigned processUnions();
  void rebuildClasses();

  UnionFind unionFind;
  /// Node that created each id (children as they were at creation time).
  std::vector<ENode> nodes;
  /// Indexed by id; only representatives are live.
  std::vector<EClass> classes;
  /// Hash-cons table: canonical node -> class. Stale keys are harmless since
  /// lookups always use canonical nodes.
  llvm::DenseMap<ENode, Id> memo;
  /// Node ids whose children changed class and must be re-hash-consed.
  std::vector<Id> pending;
  /// Node ids whose class analysis data must be recomputed.
  std::vector<Id> analysisPending;
  std::vector<Analysis *> analyses;
  std::vector<Id> classIds;
  std::vector<std::vector<Id>> classesByOp;
  size_t numClasses = 0;
  size_t numCanonicalNodes = 0;
  bool dirty = false;
  bool explanations = false;
  /// Proof forest: for each id, the unions it took part in.
  std::vector<llvm::SmallVector<std::pair<Id, Symbol>, 1>> proofEdges;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_EGRAPH_H
