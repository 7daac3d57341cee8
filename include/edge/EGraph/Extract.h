//===- Extract.h - Extracting terms from an e-graph -------------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines cost functions and the two extractors: a bottom-up greedy
// tree extractor (each class takes its cheapest node given its children's
// costs) and a DAG-aware extractor in which a subterm shared by several users
// is paid for once.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_EXTRACT_H
#define EDGE_EGRAPH_EXTRACT_H

#include "edge/EGraph/EGraph.h"

#include "llvm/ADT/DenseMap.h"

#include <limits>
#include <memory>
#include <vector>

namespace edge::egraph {

/// Cost model. nodeCost() is the local cost of one node; treeCost() combines
/// it with the children's costs for tree extraction (default: sum). The DAG
/// extractor only uses nodeCost(). Costs must be non-negative and, for tree
/// extraction, monotone in the children's costs.
class CostFunction {
public:
  virtual ~CostFunction();
  /// Local cost of `node` (default 1).
  virtual double nodeCost(const EGraph &graph, const ENode &node) const;
  /// Cost of the tree rooted at `node` given its children's tree costs.
  virtual double treeCost(const EGraph &graph, const ENode &node,
                          llvm::ArrayRef<double> childCosts) const;
};

/// Number of nodes in the term (the default cost).
class AstSize : public CostFunction {};

/// Depth of the term.
class AstDepth : public CostFunction {
public:
  double treeCost(const EGraph &graph, const ENode &node,
                  llvm::ArrayRef<double> childCosts) const override;
};

/// Per-operator local costs with a default for unlisted operators.
class OpCost : public CostFunction {
public:
  /// Creates a cost function charging `defaultCost` for unlisted operators.
  explicit OpCost(double defaultCost = 1.0) : defaultCost(defaultCost) {}
  /// Sets the cost of operator `op`.
  OpCost &set(Symbol op, double cost) {
    costs[op.getRawId()] = cost;
    return *this;
  }
  /// Same with an operator name.
  OpCost &set(llvm::StringRef op, double cost) { return set(Symbol(op), cost); }
  double nodeCost(const EGraph &graph, const ENode &node) const override;

private:
  double defaultCost;
  llvm::DenseMap<uint32_t, double> costs;
};

/// Sum of nodeCost over the distinct nodes of `expr` (its DAG cost).
double getDagCost(const EGraph &graph, const RecExpr &expr,
                  const CostFunction &cost);
/// Tree cost of `expr` rooted at its last node (shared subterms counted at
/// every use).
double getTreeCost(const EGraph &graph, const RecExpr &expr,
                   const CostFunction &cost);

/// Common interface of the extractors. The e-graph must be rebuilt and must
/// not change while the extractor is alive.
class Extractor {
public:
  virtual ~Extractor();
  /// Returns the chosen node of the class of `id`, or null if the class has
  /// no finite-cost (acyclic) term.
  const ENode *getBestNode(Id id) const;
  /// Returns the cost of the class of `id` under this extractor's measure
  /// (infinity if none).
  double getCost(Id id) const;
  /// Extracts the best term of the class of `root`. Shared classes appear
  /// once in the result. Returns an empty RecExpr if there is none.
  RecExpr extract(Id root) const;
  /// Extracts several roots into one RecExpr; `rootIndices[i]` receives the
  /// index of roots[i]'s term. Returns false if some root has no term.
  virtual bool extract(llvm::ArrayRef<Id> roots, RecExpr &out,
                       llvm::SmallVectorImpl<Id> &rootIndices) const;

protected:
  Extractor(const EGraph &graph, const CostFunction &cost);
  /// Extraction following `choose(cls)` (null: no term). Fails on cycles.
  bool extractWith(llvm::ArrayRef<Id> roots,
                   llvm::function_ref<const ENode *(Id)> choose, RecExpr &out,
                   llvm::SmallVectorImpl<Id> &rootIndices) const;
  const EGraph &graph;
  const CostFunction &costFn;
  /// Indexed by class id: chosen node index into the class' nodes (~0u if
  /// none) and its cost.
  std::vector<uint32_t> bestNode;
  std::vector<double> bestCost;
};

/// Bottom-up greedy tree extraction (fixpoint over classes). Optimal for tree
/// costs; shared subterms are counted at every use.
class GreedyExtractor : public Extractor {
public:
  /// Computes the best tree for every class.
  GreedyExtractor(const EGraph &graph, const CostFunction &cost);
};

/// DAG-aware extraction: a subterm used several times is paid for once.
/// Each class keeps up to `beamWidth` candidate solutions, each being the set
/// of classes its term reaches with the node chosen in each, costed as the
/// sum of local costs over that set. A node's candidates combine its
/// children's candidates (set union, so shared classes count once); a
/// fixpoint refines them until nothing improves. Keeping several candidates
/// per class lets a parent prefer a locally worse child whose subterms it
/// already pays for elsewhere. Extraction follows the choices recorded in the
/// roots' best candidates. Heuristic (exact DAG extraction is NP-hard);
/// getCost() returns the DAG cost.
class DagExtractor : public Extractor {
public:
  /// Computes DAG-aware choices for every class.
  DagExtractor(const EGraph &graph, const CostFunction &cost,
               unsigned beamWidth = 4);
  ~DagExtractor() override;
  using Extractor::extract;
  bool extract(llvm::ArrayRef<Id> roots, RecExpr &out,
               llvm::SmallVectorImpl<Id> &rootIndices) const override;

private:
  struct State;
  std::unique_ptr<State> state;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_EXTRACT_H
