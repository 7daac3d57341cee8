//===- Analysis.h - E-class analyses ----------------------------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines the e-class analysis interface: each class carries a
// value computed from its nodes (make), combined when classes merge (merge),
// and may feed facts back into the e-graph (modify). AnalysisOf<D> stores the
// values; ConstantFolding is the built-in analysis for numeric constants.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_ANALYSIS_H
#define EDGE_EGRAPH_ANALYSIS_H

#include "edge/EGraph/EGraph.h"

#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace edge::egraph {

/// Result of merging two analysis values: whether the value kept for the
/// merged class differs from the old value of the surviving class (`into`)
/// and from the old value of the absorbed class (`from`). Parents whose
/// input changed are re-analysed.
struct DidMerge {
  bool changedInto = false;
  bool changedFrom = false;
};

/// Type-erased e-class analysis as seen by the e-graph. Most users derive
/// from AnalysisOf<D> instead of implementing this directly.
class Analysis {
public:
  virtual ~Analysis();
  /// Returns a name for diagnostics.
  virtual llvm::StringRef getName() const { return "analysis"; }
  /// Called when class `cls` is created for `node` (children canonical).
  virtual void onAdd(Id cls, const ENode &node) = 0;
  /// Called when class `from` is merged into class `into` (both were
  /// representatives; `into` survives).
  virtual DidMerge onMerge(Id into, Id from) = 0;
  /// Recomputes the value of `node` (which is in class `cls`) and joins it
  /// into the class value. Returns true if the class value changed.
  virtual bool onRefresh(Id cls, const ENode &node) = 0;
  /// Called after the value of `cls` was created or changed; may add nodes
  /// and union classes (e.g. to insert a folded constant).
  virtual void modify(EGraph &graph, Id cls) {}
  /// Returns the e-graph this analysis is attached to (null before
  /// EGraph::addAnalysis).
  const EGraph *getEGraph() const { return graph; }

private:
  friend class EGraph;
  /// Set by EGraph::addAnalysis.
  EGraph *graph = nullptr;

protected:
  /// Returns the attached e-graph (must be attached).
  const EGraph &egraph() const { return *graph; }
};

/// Analysis whose per-class value has type `D` (default-constructible,
/// movable). Subclasses implement make() and merge(), and optionally modify().
/// Values are stored densely by class id.
template <typename D> class AnalysisOf : public Analysis {
public:
  /// Computes the value of a single node. Children are canonical; use
  /// getData(child) to read their values.
  virtual D make(const ENode &node) = 0;
  /// Joins `from` into `into` (a semilattice join) and reports changes.
  virtual DidMerge merge(D &into, D from) = 0;

  /// Returns the value of the class containing `id`.
  const D &getData(Id id) const { return data[egraph().find(id)]; }

  /// Stores make(node) as the value of the new class.
  void onAdd(Id cls, const ENode &node) final {
    if (data.size() <= cls)
      data.resize(cls + 1);
    D value = make(node);
    data[cls] = std::move(value);
  }
  /// Joins the absorbed class' value into the survivor's and frees it.
  DidMerge onMerge(Id into, Id from) final {
    DidMerge result = merge(data[into], std::move(data[from]));
    data[from] = D();
    return result;
  }
  /// Joins make(node) into the value of `cls`.
  bool onRefresh(Id cls, const ENode &node) final {
    D value = make(node);
    return merge(data[cls], std::move(value)).changedInto;
  }

private:
  std::vector<D> data;
};

/// Constant folding over Int and Double attributes. A class is constant if it
/// contains a literal node (operator getConstOp() by default) or a node whose
/// operator has a folder and whose children are all constant. modify() adds
/// the literal to the class, so rewrites can match it. Built-in folders cover
/// `+`, `-` (binary and unary), `*` and `/` (integer division only when
/// exact, never by zero); register more with setFolder().
class ConstantFolding : public AnalysisOf<Attr> {
public:
  /// A folder maps constant operands to a result (Attr() if not foldable).
  using Folder = std::function<Attr(const ENode &node,
                                    llvm::ArrayRef<Attr> operands)>;

  /// Creates the analysis; `literalOp` is the operator of literal nodes.
  explicit ConstantFolding(Symbol literalOp = getConstOp());

  /// Installs (or replaces) the folder of operator `op`.
  void setFolder(Symbol op, Folder folder);
  /// Returns the constant of the class of `id`, or an empty Attr.
  Attr getConstant(Id id) const { return getData(id); }
  /// Returns true if two different constants were ever merged (a sign of an
  /// unsound rule).
  bool hasConflict() const { return conflict; }

  llvm::StringRef getName() const override { return "constant-folding"; }
  /// Returns the literal's value, or folds constant operands.
  Attr make(const ENode &node) override;
  /// Keeps a known constant; flags a conflict on two different ones.
  DidMerge merge(Attr &into, Attr from) override;
  /// Adds the literal node to a constant class.
  void modify(EGraph &graph, Id cls) override;

private:
  Symbol literalOp;
  llvm::DenseMap<uint32_t, Folder> folders;
  bool conflict = false;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_ANALYSIS_H
