//===- SaturateInternal.h - the cascade e-graph adapter ----------*- C++ -*-===//
//
// Shared by SaturateAdapter.cpp (the adapter, extraction and driver) and
// SaturateRules.cpp (the rewrite rules): CascadeGraph, an e-graph of the terms
// of one cascade in which every e-node has an MLIR *witness* op.
//
// Every e-node is `op[key](children...)` where `op` is `input`, `einsum`,
// `split`, `unsplit`, `fill`, `iterate` or `proj`, and `key` is the op's
// structure without its operands (its attributes, minus the einsum name, and
// types, printed), so that structurally equal ops hash-cons to one e-node.
// The first op built with a key is its *template*: a real op in a scratch
// cascade whose operands are terms of the children's classes. Rules read
// templates with EinsumSpec, check the same preconditions as the rewrite
// passes (Presence.h works on the scratch IR), build new ops in the scratch
// cascade and add them as e-nodes. Extraction clones templates.
//
// An `edge.iterate` is one e-node whose children are its operands (slice
// sources, inits) followed by the values its region captures from above;
// its key is unique, and `proj[k](iterate)` e-nodes are its results.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_LIB_DIALECT_EDGE_TRANSFORMS_SATURATEINTERNAL_H
#define EDGE_LIB_DIALECT_EDGE_TRANSFORMS_SATURATEINTERNAL_H

#include "edge/Dialect/Edge/Transforms/Saturate.h"
#include "edge/EGraph/EGraph.h"
#include "edge/EGraph/Rewrite.h"
#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <chrono>
#include <functional>
#include <vector>

namespace edge::sat {

using egraph::ENode;
using egraph::Id;
using egraph::Symbol;

/// The e-graph of one cascade's terms, with the scratch IR that witnesses
/// them.
class CascadeGraph {
public:
  /// Creates the scratch cascade (same signature as `original`) and imports
  /// the body of `original`; its returned values are the roots.
  CascadeGraph(CascadeOp original, const SaturateOptions &options);
  ~CascadeGraph();

  egraph::EGraph graph;
  const SaturateOptions &options;
  mlir::MLIRContext *ctx;
  mlir::OwningOpRef<mlir::ModuleOp> scratchModule;
  CascadeOp scratch;
  mlir::Block *block;
  mlir::OpBuilder builder;
  /// Classes of the original cascade's outputs.
  llvm::SmallVector<Id> roots;
  /// Why reduce-to-iterate refused a global maximum that it would turn into
  /// an iteration if NaN were accepted in rows with no point (a maximum
  /// that may be absent, e.g. a fully masked row); empty if it never did.
  std::string emptyRowsRefusal;
  /// The name of the run-time size of the rank the split rules tile (its
  /// tail filters bound by it); empty when the rank has a static extent.
  std::string rankSize;

  Symbol symInput, symEinsum, symSplit, symUnsplit, symFill, symMask,
      symIterate, symProj;

  /// Node ids below this were added by the import of the input cascade;
  /// every later node was created by a rule.
  Id numImportedNodes = 0;

  /// The canonical forms of the imported e-nodes other than the `input`
  /// leaves (a node that a rule rebuilt and hash-consed is one of them).
  llvm::DenseSet<ENode> getInputNodes() const;

  /// The canonical class of a scratch value (which must be registered).
  Id classOf(mlir::Value v) const { return graph.find(valueClass.lookup(v)); }
  bool isRegistered(mlir::Value v) const { return valueClass.count(v); }
  /// The template op of an e-node (null for inputs and projections).
  mlir::Operation *templateOf(const ENode &node) const;
  /// The operand values of a template in e-node child order (operands, then
  /// captured values for an iterate).
  llvm::SmallVector<mlir::Value> templateInputs(mlir::Operation *op) const;
  /// A scratch value of the class (the first one registered).
  mlir::Value witness(Id cls) const;

  /// Adds a freshly built top-level scratch op (and, for an iterate, its
  /// projections) to the e-graph; returns the class of its first result
  /// (for an iterate: the iterate node's class). Verifies it first and
  /// erases it (returning nullopt) when it does not verify.
  std::optional<Id> addOp(mlir::Operation *op);
  /// Prints every e-class with its e-nodes (op, einsum name, child classes).
  void print(llvm::raw_ostream &os) const;
  /// Clones the ops of `source` (up to its terminator) into the scratch
  /// cascade and adds them; `mapping` must map `source`'s block arguments.
  void importBlock(mlir::Block &source, mlir::IRMapping &mapping);

  /// Unions two classes on behalf of `rule`; returns whether they differed.
  /// The proof log links the node the rule matched (matchedNode), when it is
  /// in `a`'s class, rather than the class.
  bool unite(Id a, Id b, llvm::StringRef rule);
  /// The id of the node the running rule matched, if any.
  std::optional<Id> matchedNode;
  /// The op that added each node (its own name and location, where the
  /// template of a key is the first op with that structure).
  mlir::Operation *opOfNode(Id id) const { return nodeOps.lookup(id); }
  /// Whether the e-node budget is spent.
  bool overBudget() const {
    return graph.getNumNodesAdded() >= size_t(options.maxNodes);
  }
  /// Returns true the first time it is called for (rule, node): rules apply
  /// once per canonical node.
  /// `context` distinguishes matches whose surroundings changed.
  bool firstTime(llvm::StringRef rule, const ENode &node,
                 llvm::StringRef context = "");

  /// Materializes `expr` (extracted from this graph) at `b`'s insertion
  /// point; `args` are the values of the `input` leaves. Returns the value
  /// of every node of `expr` (null for iterates, whose results are the
  /// projections).
  llvm::SmallVector<mlir::Value>
  materialize(const egraph::RecExpr &expr, mlir::OpBuilder &b,
              mlir::ValueRange args) const;

  /// Materializes the class `root` (and what it needs) at `b`'s insertion
  /// point by a simple preference: `choice` overrides the node of a class;
  /// otherwise einsums, fills and inputs are preferred to splits, splits to
  /// unsplits, and those to iterations. Cycles are avoided. Returns null when
  /// no acyclic term was found.
  mlir::Value materializeClass(Id root, mlir::OpBuilder &b,
                               mlir::ValueRange args,
                               const llvm::DenseMap<Id, ENode> &choice,
                               llvm::DenseMap<Id, mlir::Value> &memo) const;

private:
  llvm::DenseMap<mlir::Value, Id> valueClass;
  llvm::DenseMap<Id, mlir::Operation *> nodeOps;
  llvm::StringMap<mlir::Operation *> templates;
  std::vector<std::pair<Id, mlir::Value>> witnesses;
  llvm::StringSet<> memo;
  unsigned iterateCounter = 0;
  std::string keyOf(mlir::Operation *op);
};

/// A rule: a name, the operator its root node has, and a C++ body that
/// receives the match's class and one node of it with that operator and
/// returns how many new equalities it added.
struct SaturateRule {
  std::string name;
  Symbol op;
  std::function<unsigned(CascadeGraph &, Id, const ENode &)> apply;
  /// Whether the rule remembers what it did itself (reduce-to-iterate, whose
  /// match depends on the users of the node).
  bool selfMemo = false;
};

using SaturateClock = std::chrono::steady_clock;

/// Saturates and extracts one (sub-)cascade as a whole: what saturateCascade
/// does for each piece of its partition. Saturation and extraction both end
/// by `deadline` (but one candidate is always extracted).
mlir::FailureOr<SaturateResult>
saturateSubCascade(CascadeOp cascade, const SaturateOptions &options,
                   SaturateClock::time_point deadline);

/// A cascade with `cascade`'s signature and an empty body, at `b`.
CascadeOp emptyCopy(CascadeOp cascade, mlir::OpBuilder &b);

/// The rule set (SaturateRules.cpp).
std::vector<SaturateRule> getSaturateRules(CascadeGraph &g);

/// Rule bodies, exposed for tests of single rules.
unsigned applyDeferDivision(CascadeGraph &g, Id cls, const ENode &node);
unsigned applySplitRank(CascadeGraph &g, Id cls, const ENode &node);
unsigned applySplitCancel(CascadeGraph &g, Id cls, const ENode &node);
unsigned applySplitReduction(CascadeGraph &g, Id cls, const ENode &node);
unsigned applyExpRebase(CascadeGraph &g, Id cls, const ENode &node);
unsigned applyFactorOut(CascadeGraph &g, Id cls, const ENode &node);
unsigned applyProductFusion(CascadeGraph &g, Id cls, const ENode &node);
unsigned applyReduceToIterate(CascadeGraph &g, Id cls, const ENode &node);

} // namespace edge::sat

#endif // EDGE_LIB_DIALECT_EDGE_TRANSFORMS_SATURATEINTERNAL_H
