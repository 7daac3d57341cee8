//===- Pattern.h - Patterns, substitutions and searchers --------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines patterns (terms with `?variables`), multi-patterns (several
// patterns matched jointly with shared variables), the substitutions and match
// sets they produce, and the Searcher interface used by rewrites. Matching is
// done by a compiled matcher (see Matcher.h).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_PATTERN_H
#define EDGE_EGRAPH_PATTERN_H

#include "edge/EGraph/ENode.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace edge::egraph {

class EGraph;
class MatchProgram;

/// A pattern variable, e.g. `?x` (a Symbol whose name starts with '?').
using Var = Symbol;

/// A substitution: pattern variables bound to e-class ids.
class Subst {
public:
  /// Returns the class bound to `v`, if any.
  std::optional<Id> lookup(Var v) const;
  /// Returns the class bound to `v` (must be bound).
  Id operator[](Var v) const;
  /// Returns the class bound to variable `name` (e.g. "?x"; must be bound).
  Id operator[](llvm::StringRef name) const { return (*this)[Var(name)]; }
  /// Binds (or rebinds) `v` to `id`.
  void insert(Var v, Id id);
  /// Returns all bindings in binding order.
  llvm::ArrayRef<std::pair<Var, Id>> getBindings() const { return bindings; }

private:
  llvm::SmallVector<std::pair<Var, Id>, 4> bindings;
};

/// Matches of one searcher, stored flat: each match has a root class and one
/// class per variable (in getVars() order).
class MatchSet {
public:
  /// Creates an empty set for searchers with variables `vars`.
  explicit MatchSet(llvm::ArrayRef<Var> vars = {})
      : vars(vars.begin(), vars.end()) {}
  /// Resets to an empty set for variables `vars`.
  void reset(llvm::ArrayRef<Var> newVars);
  /// Returns the number of matches.
  size_t size() const { return data.size() / (vars.size() + 1); }
  /// Returns true if there are no matches.
  bool empty() const { return data.empty(); }
  /// Returns the variables.
  llvm::ArrayRef<Var> getVars() const { return vars; }
  /// Returns the root class of match `i`.
  Id getRoot(size_t i) const { return data[i * (vars.size() + 1)]; }
  /// Returns the variable values of match `i` (in getVars() order).
  llvm::ArrayRef<Id> getValues(size_t i) const {
    return llvm::ArrayRef<Id>(data).slice(i * (vars.size() + 1) + 1,
                                          vars.size());
  }
  /// Returns match `i` as a substitution.
  Subst getSubst(size_t i) const;
  /// Appends a match.
  void add(Id root, llvm::ArrayRef<Id> values) {
    data.push_back(root);
    data.insert(data.end(), values.begin(), values.end());
  }
  /// Removes all matches.
  void clear() { data.clear(); }

private:
  llvm::SmallVector<Var, 4> vars;
  std::vector<Id> data;
};

/// Something that finds matches in an e-graph (left-hand side of a rewrite).
class Searcher {
public:
  virtual ~Searcher();
  /// Appends matches in `graph` (which must be rebuilt) to `out`. Stops once
  /// `out` holds more than `limit` matches.
  virtual void search(const EGraph &graph, MatchSet &out,
                      size_t limit = SIZE_MAX) const = 0;
  /// Returns the variables bound by every match, in MatchSet order.
  virtual llvm::ArrayRef<Var> getVars() const = 0;
  /// Returns a printable form.
  virtual std::string toString() const = 0;
};

/// A pattern: a term whose leaves may be variables `?x`. Operators and
/// attributes must match exactly. Parsed from s-expressions:
///   auto p = Pattern::parse("(/ (* ?a 2) 2)");
class Pattern : public Searcher {
public:
  /// Builds a pattern from a parsed term whose `?x` leaves are variables.
  explicit Pattern(RecExpr ast);
  ~Pattern() override;
  Pattern(const Pattern &);
  Pattern(Pattern &&) noexcept;
  Pattern &operator=(const Pattern &);
  Pattern &operator=(Pattern &&) noexcept;

  /// Parses a pattern from an s-expression.
  static llvm::Expected<Pattern> parse(llvm::StringRef text);

  /// Returns the term (variables are leaves whose operator starts with '?').
  const RecExpr &getAst() const { return ast; }
  /// Returns the variables in order of first occurrence.
  llvm::ArrayRef<Var> getVars() const override { return vars; }
  /// Returns true if the pattern is a single variable.
  bool isVariable() const { return ast.size() == 1 && ast[0].getOp().isVariable(); }

  void search(const EGraph &graph, MatchSet &out,
              size_t limit = SIZE_MAX) const override;
  /// Appends the matches rooted at class `cls` only.
  void searchClass(const EGraph &graph, Id cls, MatchSet &out) const;
  /// Adds the pattern instantiated with `subst` and returns its class.
  Id instantiate(EGraph &graph, const Subst &subst) const;
  /// Returns the class of the instantiation if it already exists, without
  /// adding anything.
  std::optional<Id> lookupInstance(const EGraph &graph,
                                   const Subst &subst) const;
  std::string toString() const override { return ast.toString(); }

private:
  RecExpr ast;
  llvm::SmallVector<Var, 4> vars;
  /// Per AST node: true if it is a variable (avoids string lookups when
  /// instantiating).
  std::vector<bool> varNodes;
  std::shared_ptr<const MatchProgram> program;
};

/// Several patterns matched jointly, each bound to a variable, with shared
/// variables required to agree (egg's multi-patterns), e.g.
///   ?a = (f ?x), ?b = (g ?x)
/// The root of each match is the class of the first pattern.
class MultiPattern : public Searcher {
public:
  /// Builds from (variable, pattern) pairs.
  explicit MultiPattern(std::vector<std::pair<Var, Pattern>> parts);
  ~MultiPattern() override;

  /// Parses `{{"?a", "(f ?x)"}, {"?b", "(g ?x)"}}`.
  static llvm::Expected<MultiPattern>
  create(llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> parts);
  /// Parses the textual form `?a = (f ?x), ?b = (g ?x)` (',' or newline
  /// separated).
  static llvm::Expected<MultiPattern> parse(llvm::StringRef text);

  /// Returns the (variable, pattern) pairs.
  llvm::ArrayRef<std::pair<Var, Pattern>> getParts() const { return parts; }
  llvm::ArrayRef<Var> getVars() const override { return vars; }
  void search(const EGraph &graph, MatchSet &out,
              size_t limit = SIZE_MAX) const override;
  std::string toString() const override;

private:
  std::vector<std::pair<Var, Pattern>> parts;
  llvm::SmallVector<Var, 4> vars;
  std::shared_ptr<const MatchProgram> program;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_PATTERN_H
