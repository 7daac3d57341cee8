//===- ENode.h - E-nodes and recursive expressions --------------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines ENode (operator + attribute + child e-class ids) and
// RecExpr, a term stored as a vector of nodes whose children are indices of
// earlier nodes. RecExpr is the exchange format for adding terms to an e-graph
// and reading extracted terms back; it can be parsed from and printed to
// s-expressions such as `(* (+ a b) 2)` or `(tile[32] x)`.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_ENODE_H
#define EDGE_EGRAPH_ENODE_H

#include "edge/EGraph/Symbol.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMapInfo.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace edge::egraph {

/// An e-node: an operator symbol, an optional attribute and the ids of its
/// children. Inside an e-graph the children are e-class ids; inside a RecExpr
/// they are indices of earlier nodes of the expression.
class ENode {
public:
  /// Creates an empty node (empty operator, no children).
  ENode() = default;
  /// Creates a node with operator `op`, children `children` and no attribute.
  ENode(Symbol op, llvm::ArrayRef<Id> children = {})
      : op(op), children(children.begin(), children.end()) {}
  /// Creates a node with operator `op`, attribute `attr` and `children`.
  ENode(Symbol op, Attr attr, llvm::ArrayRef<Id> children = {})
      : op(op), attr(attr), children(children.begin(), children.end()) {}
  /// Convenience: interns `op`.
  ENode(llvm::StringRef op, llvm::ArrayRef<Id> children = {})
      : ENode(Symbol(op), children) {}

  /// Returns the operator symbol.
  Symbol getOp() const { return op; }
  /// Returns the attribute payload (possibly empty).
  const Attr &getAttr() const { return attr; }
  /// Returns the children.
  llvm::ArrayRef<Id> getChildren() const { return children; }
  /// Returns the children for in-place rewriting.
  llvm::MutableArrayRef<Id> getMutableChildren() { return children; }
  /// Returns the number of children.
  size_t getNumChildren() const { return children.size(); }
  /// Returns true if the node has no children.
  bool isLeaf() const { return children.empty(); }
  /// Replaces every child id `c` by `fn(c)`.
  void mapChildren(llvm::function_ref<Id(Id)> fn) {
    for (Id &c : children)
      c = fn(c);
  }
  /// Returns true if operator, attribute and arity agree (children ignored).
  bool matchesOp(const ENode &o) const {
    return op == o.op && attr == o.attr && children.size() == o.children.size();
  }
  /// Deterministic hash of the whole node (not seeded per process).
  unsigned hash() const;

  bool operator==(const ENode &o) const {
    return matchesOp(o) && children == o.children;
  }
  bool operator!=(const ENode &o) const { return !(*this == o); }
  /// Total order: operator id, attribute, arity, then children.
  bool operator<(const ENode &o) const;

  /// Prints `op`, `op[attr]` or a number for literal constants.
  void printOp(llvm::raw_ostream &os) const;

private:
  Symbol op;
  Attr attr;
  llvm::SmallVector<Id, 2> children;
};

/// Returns the operator used for numeric literals (`const`); the s-expression
/// parser turns `2` into `const[2]` and the printer prints it back as `2`.
Symbol getConstOp();

/// A term (or DAG) stored as a list of nodes in topological order: the
/// children of node i are indices < i. By convention the last node is the root.
/// Shared subterms are stored once, so a RecExpr can represent a DAG.
class RecExpr {
public:
  /// Appends `node` (children must be existing indices) and returns its index.
  Id add(ENode node);
  /// Returns the number of nodes.
  size_t size() const { return nodes.size(); }
  /// Returns true if the expression has no nodes.
  bool empty() const { return nodes.empty(); }
  /// Returns node `i`.
  const ENode &operator[](Id i) const { return nodes[i]; }
  /// Returns all nodes.
  llvm::ArrayRef<ENode> getNodes() const { return nodes; }
  /// Returns the index of the root (the last node).
  Id getRoot() const { return static_cast<Id>(nodes.size() - 1); }
  /// Returns the nodes reachable from `root`, in their relative order, as a
  /// RecExpr of its own (with `root` last).
  RecExpr getSubExpr(Id root) const;

  /// Prints the tree rooted at `root` as an s-expression (shared subterms are
  /// printed at every use).
  void print(llvm::raw_ostream &os, Id root) const;
  /// Prints the tree rooted at the last node.
  void print(llvm::raw_ostream &os) const { print(os, getRoot()); }
  /// Returns print() as a string.
  std::string toString() const;
  /// Returns the s-expression of the subterm rooted at `root`.
  std::string toString(Id root) const;

  /// Parses an s-expression. Syntax: atoms are operator names (optionally
  /// followed by `[attr]` where attr is an integer, a double, a quoted string
  /// or a bare word), numbers (`2`, `-1`, `0.5`, shorthand for `const[...]`)
  /// and pattern variables (`?x`, kept as leaf operators). `(op a b)` applies
  /// an operator; `;` starts a comment. Identical subterms are shared.
  static llvm::Expected<RecExpr> parse(llvm::StringRef text);

  bool operator==(const RecExpr &o) const { return nodes == o.nodes; }

private:
  std::vector<ENode> nodes;
};

} // namespace edge::egraph

namespace llvm {
/// Hash-table traits so ENode can key a DenseMap (the hash-cons table).
template <> struct DenseMapInfo<edge::egraph::ENode> {
  static edge::egraph::ENode getEmptyKey() {
    return edge::egraph::ENode(edge::egraph::Symbol::fromRawId(~0u));
  }
  static edge::egraph::ENode getTombstoneKey() {
    return edge::egraph::ENode(edge::egraph::Symbol::fromRawId(~0u - 1));
  }
  static unsigned getHashValue(const edge::egraph::ENode &n) {
    return n.hash();
  }
  static bool isEqual(const edge::egraph::ENode &a,
                      const edge::egraph::ENode &b) {
    return a == b;
  }
};
} // namespace llvm

#endif // EDGE_EGRAPH_ENODE_H
