//===- Rewrite.h - Rewrite rules, conditions and appliers -------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines Rewrite (a named searcher + applier + guards), the Applier
// interface and its implementations: instantiate a pattern, instantiate a
// multi-pattern, or run arbitrary C++ (for right-hand sides that a pattern
// cannot express). Conditions are C++ predicates over the e-graph and its
// analyses.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_REWRITE_H
#define EDGE_EGRAPH_REWRITE_H

#include "edge/EGraph/Pattern.h"

#include <functional>
#include <memory>
#include <optional>

namespace edge::egraph {

class ConstantFolding;

/// A guard evaluated on each match before applying: (graph, root, subst).
using Condition =
    std::function<bool(const EGraph &graph, Id root, const Subst &subst)>;

/// The right-hand side of a rewrite.
class Applier {
public:
  virtual ~Applier();
  /// Applies to one match, performing unions with reason `rule`. Returns the
  /// number of unions that changed the graph.
  virtual unsigned apply(EGraph &graph, Id root, const Subst &subst,
                         Symbol rule) const = 0;
  /// Returns the variables the applier reads (checked against the searcher
  /// when the rewrite is built).
  virtual llvm::SmallVector<Var, 4> getUsedVars() const { return {}; }
  /// Returns a printable form.
  virtual std::string toString() const { return "<c++>"; }
};

/// Instantiates a pattern and unions it with the match root.
class PatternApplier : public Applier {
public:
  /// Creates an applier for `rhs`.
  explicit PatternApplier(Pattern rhs) : rhs(std::move(rhs)) {}
  unsigned apply(EGraph &graph, Id root, const Subst &subst,
                 Symbol rule) const override;
  llvm::SmallVector<Var, 4> getUsedVars() const override;
  std::string toString() const override { return rhs.toString(); }
  /// Returns the pattern.
  const Pattern &getPattern() const { return rhs; }

private:
  Pattern rhs;
};

/// Instantiates each (variable, pattern) pair: if the variable is bound the
/// instance is unioned with it, otherwise the variable is bound to the
/// instance for the following pairs.
class MultiPatternApplier : public Applier {
public:
  /// Creates an applier for `parts`.
  explicit MultiPatternApplier(MultiPattern parts) : rhs(std::move(parts)) {}
  unsigned apply(EGraph &graph, Id root, const Subst &subst,
                 Symbol rule) const override;
  llvm::SmallVector<Var, 4> getUsedVars() const override;
  std::string toString() const override { return rhs.toString(); }

private:
  MultiPattern rhs;
};

/// Computes the right-hand side in C++. The function may add nodes and
/// union classes itself; if it returns a class id, that class is unioned with
/// the match root.
class FunctionApplier : public Applier {
public:
  /// Signature of the callback.
  using Fn =
      std::function<std::optional<Id>(EGraph &graph, Id root, const Subst &)>;
  /// Creates an applier calling `fn`; `name` is used by toString().
  explicit FunctionApplier(Fn fn, std::string name = "<c++>")
      : fn(std::move(fn)), name(std::move(name)) {}
  unsigned apply(EGraph &graph, Id root, const Subst &subst,
                 Symbol rule) const override;
  std::string toString() const override { return name; }

private:
  Fn fn;
  std::string name;
};

/// A named rewrite rule: searcher, guards and applier.
class Rewrite {
public:
  /// Creates a rule from parts.
  Rewrite(llvm::StringRef name, std::shared_ptr<const Searcher> searcher,
          std::shared_ptr<const Applier> applier);

  /// `lhs => rhs` with both sides patterns. Fails if rhs uses a variable
  /// that lhs does not bind.
  static llvm::Expected<Rewrite> create(llvm::StringRef name,
                                        llvm::StringRef lhs,
                                        llvm::StringRef rhs);
  /// `lhs => fn(...)`: right-hand side computed in C++.
  static llvm::Expected<Rewrite> create(llvm::StringRef name,
                                        llvm::StringRef lhs,
                                        FunctionApplier::Fn fn);
  /// Multi-pattern rule, e.g. lhs "?a = (f ?x), ?b = (g ?x)", rhs "?a = ?b"
  /// or "?b = (h ?x)" (see MultiPattern::parse).
  static llvm::Expected<Rewrite> createMulti(llvm::StringRef name,
                                             llvm::StringRef lhs,
                                             llvm::StringRef rhs);

  /// Adds a guard; the rule only fires on matches where all guards hold.
  Rewrite &addCondition(Condition condition);

  /// Returns the rule name.
  llvm::StringRef getName() const { return name.str(); }
  /// Returns the rule name as a symbol (used as union reason).
  Symbol getNameSymbol() const { return name; }
  /// Returns the searcher.
  const Searcher &getSearcher() const { return *searcher; }
  /// Returns the applier.
  const Applier &getApplier() const { return *applier; }
  /// Returns the guards.
  llvm::ArrayRef<Condition> getConditions() const { return conditions; }

  /// Searches `graph`, replacing the contents of `out`.
  void search(const EGraph &graph, MatchSet &out,
              size_t limit = SIZE_MAX) const;
  /// Applies `matches`. `shouldStop` is polled periodically; when it returns
  /// true the remaining matches are skipped. Returns the number of unions
  /// that changed the graph.
  unsigned apply(EGraph &graph, const MatchSet &matches,
                 llvm::function_ref<bool()> shouldStop = nullptr) const;

private:
  Symbol name;
  std::shared_ptr<const Searcher> searcher;
  std::shared_ptr<const Applier> applier;
  std::vector<Condition> conditions;
};

/// Guard: the constant of `var` is not known to be zero (unknown counts as
/// non-zero, as in egg's math tests).
Condition isNotZero(llvm::StringRef var, const ConstantFolding &constants);
/// Guard: the instantiations of two patterns already exist and are equal.
Condition conditionEqual(Pattern lhs, Pattern rhs);

} // namespace edge::egraph

#endif // EDGE_EGRAPH_REWRITE_H
