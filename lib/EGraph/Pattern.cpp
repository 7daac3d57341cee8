//===- Pattern.cpp - Patterns, substitutions and searchers ----------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements substitutions, match sets, patterns and multi-patterns
// (parsing, searching through the compiled matcher, instantiation).
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Pattern.h"
#include "edge/EGraph/EGraph.h"
#include "edge/EGraph/Matcher.h"

#include "llvm/Support/raw_ostream.h"

#include <cassert>

using namespace edge::egraph;

//===----------------------------------------------------------------------===//
// Subst and MatchSet
//===----------------------------------------------------------------------===//

std::optional<Id> Subst::lookup(Var v) const {
  for (const auto &[var, id] : bindings)
    if (var == v)
      return id;
  return std::nullopt;
}

Id Subst::operator[](Var v) const {
  std::optional<Id> id = lookup(v);
  assert(id && "variable not bound by the substitution");
  return *id;
}

void Subst::insert(Var v, Id id) {
  for (auto &binding : bindings) {
    if (binding.first == v) {
      binding.second = id;
      return;
    }
  }
  bindings.push_back({v, id});
}

void MatchSet::reset(llvm::ArrayRef<Var> newVars) {
  vars.assign(newVars.begin(), newVars.end());
  data.clear();
}

Subst MatchSet::getSubst(size_t i) const {
  Subst s;
  llvm::ArrayRef<Id> values = getValues(i);
  for (size_t v = 0, e = vars.size(); v < e; ++v)
    s.insert(vars[v], values[v]);
  return s;
}

Searcher::~Searcher() = default;

//===----------------------------------------------------------------------===//
// Pattern
//===----------------------------------------------------------------------===//

Pattern::Pattern(RecExpr astIn) : ast(std::move(astIn)) {
  assert(!ast.empty() && "empty pattern");
  varNodes.resize(ast.size());
  for (Id i = 0, e = ast.size(); i < e; ++i) {
    varNodes[i] = ast[i].getOp().isVariable();
    assert((!varNodes[i] || ast[i].isLeaf()) && "variables must be leaves");
  }
  MatchProgram::Part part{Var(), &ast};
  program = MatchProgram::compile(part);
  vars.assign(program->getVars().begin(), program->getVars().end());
}

Pattern::~Pattern() = default;
Pattern::Pattern(const Pattern &) = default;
Pattern::Pattern(Pattern &&) noexcept = default;
Pattern &Pattern::operator=(const Pattern &) = default;
Pattern &Pattern::operator=(Pattern &&) noexcept = default;

llvm::Expected<Pattern> Pattern::parse(llvm::StringRef text) {
  llvm::Expected<RecExpr> ast = RecExpr::parse(text);
  if (!ast)
    return ast.takeError();
  for (const ENode &n : ast->getNodes())
    if (n.getOp().isVariable() && !n.isLeaf())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "pattern variable '" + n.getOp().str() +
                                         "' cannot have children in '" +
                                         text + "'");
  return Pattern(std::move(*ast));
}

void Pattern::search(const EGraph &graph, MatchSet &out, size_t limit) const {
  program->search(graph, out, limit);
}

void Pattern::searchClass(const EGraph &graph, Id cls, MatchSet &out) const {
  program->searchClass(graph, graph.find(cls), out, SIZE_MAX);
}

Id Pattern::instantiate(EGraph &graph, const Subst &subst) const {
  llvm::SmallVector<Id, 8> ids;
  ids.reserve(ast.size());
  for (Id i = 0, e = ast.size(); i < e; ++i) {
    const ENode &n = ast[i];
    if (varNodes[i]) {
      ids.push_back(subst[n.getOp()]);
      continue;
    }
    ENode copy = n;
    copy.mapChildren([&](Id c) { return ids[c]; });
    ids.push_back(graph.add(std::move(copy)));
  }
  return ids.back();
}

std::optional<Id> Pattern::lookupInstance(const EGraph &graph,
                                          const Subst &subst) const {
  llvm::SmallVector<Id, 8> ids;
  for (Id i = 0, e = ast.size(); i < e; ++i) {
    const ENode &n = ast[i];
    if (varNodes[i]) {
      std::optional<Id> v = subst.lookup(n.getOp());
      if (!v)
        return std::nullopt;
      ids.push_back(graph.find(*v));
      continue;
    }
    ENode copy = n;
    copy.mapChildren([&](Id c) { return ids[c]; });
    std::optional<Id> id = graph.lookup(std::move(copy));
    if (!id)
      return std::nullopt;
    ids.push_back(*id);
  }
  return ids.back();
}

//===----------------------------------------------------------------------===//
// MultiPattern
//===----------------------------------------------------------------------===//

MultiPattern::MultiPattern(std::vector<std::pair<Var, Pattern>> partsIn)
    : parts(std::move(partsIn)) {
  assert(!parts.empty() && "empty multi-pattern");
  llvm::SmallVector<MatchProgram::Part, 4> progParts;
  for (const auto &[var, pat] : parts)
    progParts.push_back({var, &pat.getAst()});
  program = MatchProgram::compile(progParts);
  vars.assign(program->getVars().begin(), program->getVars().end());
}

MultiPattern::~MultiPattern() = default;

llvm::Expected<MultiPattern> MultiPattern::create(
    llvm::ArrayRef<std::pair<llvm::StringRef, llvm::StringRef>> textParts) {
  if (textParts.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "empty multi-pattern");
  std::vector<std::pair<Var, Pattern>> parts;
  for (const auto &[var, text] : textParts) {
    Var v(var.trim());
    if (!v.isVariable())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "multi-pattern binder '" + var +
                                         "' is not a ?variable");
    llvm::Expected<Pattern> p = Pattern::parse(text);
    if (!p)
      return p.takeError();
    parts.emplace_back(v, std::move(*p));
  }
  return MultiPattern(std::move(parts));
}

llvm::Expected<MultiPattern> MultiPattern::parse(llvm::StringRef text) {
  // Split at top-level ',' or newline, then at the first '='.
  llvm::SmallVector<llvm::StringRef, 4> pieces;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ',';
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' || c == '\n') && depth == 0) {
      llvm::StringRef piece = text.slice(start, i).trim();
      if (!piece.empty())
        pieces.push_back(piece);
      start = i + 1;
    }
  }
  llvm::SmallVector<std::pair<llvm::StringRef, llvm::StringRef>, 4> parts;
  for (llvm::StringRef piece : pieces) {
    auto [lhs, rhs] = piece.split('=');
    if (rhs.empty())
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "expected '?var = pattern' in '" + piece +
                                         "'");
    parts.push_back({lhs.trim(), rhs.trim()});
  }
  return create(parts);
}

void MultiPattern::search(const EGraph &graph, MatchSet &out,
                          size_t limit) const {
  program->search(graph, out, limit);
}

std::string MultiPattern::toString() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      parts, os,
      [&](const std::pair<Var, Pattern> &p) {
        os << p.first.str() << " = " << p.second.toString();
      },
      ", ");
  return s;
}
