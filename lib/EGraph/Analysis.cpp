//===- Analysis.cpp - E-class analyses ------------------------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements the analysis base class and the constant-folding
// analysis.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Analysis.h"

#include <cmath>

using namespace edge::egraph;

Analysis::~Analysis() = default;

static Symbol getFoldReason() {
  static Symbol s("constant-fold");
  return s;
}

/// Applies an arithmetic operator to two numeric attributes. Integers stay
/// integers unless mixed with doubles; integer division must be exact so
/// that folding agrees with rational arithmetic.
static Attr foldBinary(char op, const Attr &a, const Attr &b) {
  if (!a.isNumeric() || !b.isNumeric())
    return Attr();
  if (a.getKind() == Attr::Kind::Int && b.getKind() == Attr::Kind::Int) {
    int64_t x = a.getInt(), y = b.getInt(), r;
    switch (op) {
    case '+':
      if (__builtin_add_overflow(x, y, &r))
        return Attr();
      return Attr::getInt(r);
    case '-':
      if (__builtin_sub_overflow(x, y, &r))
        return Attr();
      return Attr::getInt(r);
    case '*':
      if (__builtin_mul_overflow(x, y, &r))
        return Attr();
      return Attr::getInt(r);
    case '/':
      if (y == 0 || (x == INT64_MIN && y == -1) || x % y != 0)
        return Attr();
      return Attr::getInt(x / y);
    }
    return Attr();
  }
  double x = a.getAsDouble(), y = b.getAsDouble();
  switch (op) {
  case '+':
    return Attr::getDouble(x + y);
  case '-':
    return Attr::getDouble(x - y);
  case '*':
    return Attr::getDouble(x * y);
  case '/':
    if (y == 0)
      return Attr();
    return Attr::getDouble(x / y);
  }
  return Attr();
}

ConstantFolding::ConstantFolding(Symbol literalOp) : literalOp(literalOp) {
  for (char op : {'+', '*', '/'}) {
    setFolder(Symbol(llvm::StringRef(&op, 1)),
              [op](const ENode &, llvm::ArrayRef<Attr> args) {
                return args.size() == 2 ? foldBinary(op, args[0], args[1])
                                        : Attr();
              });
  }
  setFolder(Symbol("-"), [](const ENode &, llvm::ArrayRef<Attr> args) {
    if (args.size() == 2)
      return foldBinary('-', args[0], args[1]);
    if (args.size() == 1)
      return foldBinary('-', Attr::getInt(0), args[0]);
    return Attr();
  });
}

void ConstantFolding::setFolder(Symbol op, Folder folder) {
  folders[op.getRawId()] = std::move(folder);
}

Attr ConstantFolding::make(const ENode &node) {
  if (node.getOp() == literalOp)
    return node.getAttr().isNumeric() ? node.getAttr() : Attr();
  if (node.isLeaf())
    return Attr();
  auto it = folders.find(node.getOp().getRawId());
  if (it == folders.end())
    return Attr();
  llvm::SmallVector<Attr, 4> args;
  for (Id c : node.getChildren()) {
    const Attr &a = getData(c);
    if (a.isNone())
      return Attr();
    args.push_back(a);
  }
  return it->second(node, args);
}

DidMerge ConstantFolding::merge(Attr &into, Attr from) {
  if (into.isNone()) {
    into = from;
    return {!from.isNone(), false};
  }
  if (from.isNone())
    return {false, true};
  if (into != from) {
    // Two different constants in one class: an unsound rule was applied.
    // Keep the surviving value so the run stays deterministic.
    conflict = true;
    return {false, true};
  }
  return {false, false};
}

void ConstantFolding::modify(EGraph &graph, Id cls) {
  Attr c = getData(cls);
  if (c.isNone())
    return;
  Id lit = graph.add(ENode(literalOp, c));
  graph.unionClasses(cls, lit, getFoldReason());
}
