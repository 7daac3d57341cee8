//===- Rewrite.cpp - Rewrite rules, conditions and appliers ---------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements rewrites, the pattern / multi-pattern / C++ appliers
// and the stock conditions.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Rewrite.h"
#include "edge/EGraph/Analysis.h"
#include "edge/EGraph/EGraph.h"

#include "llvm/ADT/STLExtras.h"

using namespace edge::egraph;

//===----------------------------------------------------------------------===//
// Appliers
//===----------------------------------------------------------------------===//

Applier::~Applier() = default;

unsigned PatternApplier::apply(EGraph &graph, Id root, const Subst &subst,
                               Symbol rule) const {
  Id id = rhs.instantiate(graph, subst);
  return graph.unionClasses(root, id, rule) ? 1 : 0;
}

llvm::SmallVector<Var, 4> PatternApplier::getUsedVars() const {
  return llvm::SmallVector<Var, 4>(rhs.getVars().begin(), rhs.getVars().end());
}

unsigned MultiPatternApplier::apply(EGraph &graph, Id root,
                                    const Subst &subst, Symbol rule) const {
  Subst s = subst;
  unsigned changed = 0;
  for (const auto &[var, pat] : rhs.getParts()) {
    Id id = pat.instantiate(graph, s);
    if (std::optional<Id> bound = s.lookup(var)) {
      if (graph.unionClasses(*bound, id, rule))
        ++changed;
    } else {
      s.insert(var, id);
    }
  }
  return changed;
}

llvm::SmallVector<Var, 4> MultiPatternApplier::getUsedVars() const {
  // Variables bound by an earlier part's binder need not come from the lhs.
  llvm::SmallVector<Var, 4> used, bound;
  for (const auto &[var, pat] : rhs.getParts()) {
    for (Var v : pat.getVars())
      if (!llvm::is_contained(bound, v) && !llvm::is_contained(used, v))
        used.push_back(v);
    bound.push_back(var);
  }
  return used;
}

unsigned FunctionApplier::apply(EGraph &graph, Id root, const Subst &subst,
                                Symbol rule) const {
  std::optional<Id> id = fn(graph, root, subst);
  if (!id)
    return 0;
  return graph.unionClasses(root, *id, rule) ? 1 : 0;
}

//===----------------------------------------------------------------------===//
// Rewrite
//===----------------------------------------------------------------------===//

Rewrite::Rewrite(llvm::StringRef nameIn,
                 std::shared_ptr<const Searcher> searcher,
                 std::shared_ptr<const Applier> applier)
    : name(nameIn), searcher(std::move(searcher)),
      applier(std::move(applier)) {}

/// Checks that every variable the applier reads is bound by the searcher.
static llvm::Error checkVars(llvm::StringRef name, const Searcher &searcher,
                             const Applier &applier) {
  for (Var v : applier.getUsedVars())
    if (!llvm::is_contained(searcher.getVars(), v))
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "rewrite '" + name + "': variable " + v.str() +
              " is used on the right but not bound on the left");
  return llvm::Error::success();
}

llvm::Expected<Rewrite> Rewrite::create(llvm::StringRef name,
                                        llvm::StringRef lhs,
                                        llvm::StringRef rhs) {
  llvm::Expected<Pattern> l = Pattern::parse(lhs);
  if (!l)
    return l.takeError();
  llvm::Expected<Pattern> r = Pattern::parse(rhs);
  if (!r)
    return r.takeError();
  auto searcher = std::make_shared<Pattern>(std::move(*l));
  auto applier = std::make_shared<PatternApplier>(std::move(*r));
  if (llvm::Error err = checkVars(name, *searcher, *applier))
    return std::move(err);
  return Rewrite(name, std::move(searcher), std::move(applier));
}

llvm::Expected<Rewrite> Rewrite::create(llvm::StringRef name,
                                        llvm::StringRef lhs,
                                        FunctionApplier::Fn fn) {
  llvm::Expected<Pattern> l = Pattern::parse(lhs);
  if (!l)
    return l.takeError();
  return Rewrite(name, std::make_shared<Pattern>(std::move(*l)),
                 std::make_shared<FunctionApplier>(std::move(fn), name.str()));
}

llvm::Expected<Rewrite> Rewrite::createMulti(llvm::StringRef name,
                                             llvm::StringRef lhs,
                                             llvm::StringRef rhs) {
  llvm::Expected<MultiPattern> l = MultiPattern::parse(lhs);
  if (!l)
    return l.takeError();
  llvm::Expected<MultiPattern> r = MultiPattern::parse(rhs);
  if (!r)
    return r.takeError();
  auto searcher = std::make_shared<MultiPattern>(std::move(*l));
  auto applier = std::make_shared<MultiPatternApplier>(std::move(*r));
  if (llvm::Error err = checkVars(name, *searcher, *applier))
    return std::move(err);
  return Rewrite(name, std::move(searcher), std::move(applier));
}

Rewrite &Rewrite::addCondition(Condition condition) {
  conditions.push_back(std::move(condition));
  return *this;
}

void Rewrite::search(const EGraph &graph, MatchSet &out, size_t limit) const {
  out.reset(searcher->getVars());
  searcher->search(graph, out, limit);
}

unsigned Rewrite::apply(EGraph &graph, const MatchSet &matches,
                        llvm::function_ref<bool()> shouldStop) const {
  unsigned changed = 0;
  for (size_t i = 0, e = matches.size(); i < e; ++i) {
    // Polling every match would dominate cheap rules; every 256 keeps the
    // overshoot past a node limit small.
    if (shouldStop && (i & 255) == 255 && shouldStop())
      break;
    Subst subst = matches.getSubst(i);
    Id root = matches.getRoot(i);
    bool ok = true;
    for (const Condition &cond : conditions) {
      if (!cond(graph, root, subst)) {
        ok = false;
        break;
      }
    }
    if (ok)
      changed += applier->apply(graph, root, subst, name);
  }
  return changed;
}

//===----------------------------------------------------------------------===//
// Conditions
//===----------------------------------------------------------------------===//

Condition edge::egraph::isNotZero(llvm::StringRef var,
                                  const ConstantFolding &constants) {
  Var v(var);
  const ConstantFolding *cf = &constants;
  return [v, cf](const EGraph &, Id, const Subst &subst) {
    Attr c = cf->getConstant(subst[v]);
    return c.isNone() || c.getAsDouble() != 0.0;
  };
}

Condition edge::egraph::conditionEqual(Pattern lhs, Pattern rhs) {
  return [lhs = std::move(lhs), rhs = std::move(rhs)](
             const EGraph &graph, Id, const Subst &subst) {
    std::optional<Id> a = lhs.lookupInstance(graph, subst);
    if (!a)
      return false;
    std::optional<Id> b = rhs.lookupInstance(graph, subst);
    return b && graph.find(*a) == graph.find(*b);
  };
}
