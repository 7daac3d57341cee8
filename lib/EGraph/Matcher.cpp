//===- Matcher.cpp - Compiled e-matching programs -------------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements the pattern compiler and the backtracking interpreter
// behind Pattern and MultiPattern searches.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Matcher.h"
#include "edge/EGraph/EGraph.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>

using namespace edge::egraph;

//===----------------------------------------------------------------------===//
// Compiler
//===----------------------------------------------------------------------===//

namespace {
/// State of compiling one (multi-)pattern.
struct Compiler {
  llvm::DenseMap<uint32_t, uint32_t> varReg;
  llvm::SmallVector<Var, 4> &vars;
  llvm::SmallVector<uint32_t, 4> &varRegs;

  Compiler(llvm::SmallVector<Var, 4> &vars,
           llvm::SmallVector<uint32_t, 4> &varRegs)
      : vars(vars), varRegs(varRegs) {}

  std::optional<uint32_t> lookupVar(Var v) const {
    auto it = varReg.find(v.getRawId());
    if (it == varReg.end())
      return std::nullopt;
    return it->second;
  }
  void bindVar(Var v, uint32_t reg) {
    varReg[v.getRawId()] = reg;
    vars.push_back(v);
    varRegs.push_back(reg);
  }
};

/// Marks which nodes of a pattern contain no variables.
std::vector<bool> computeGround(const RecExpr &ast) {
  std::vector<bool> ground(ast.size());
  for (Id i = 0, e = ast.size(); i < e; ++i) {
    const ENode &n = ast[i];
    ground[i] = !n.getOp().isVariable() &&
                llvm::all_of(n.getChildren(), [&](Id c) { return ground[c]; });
  }
  return ground;
}
} // namespace

std::shared_ptr<MatchProgram>
MatchProgram::compile(llvm::ArrayRef<Part> parts) {
  auto prog = std::make_shared<MatchProgram>();
  Compiler comp(prog->vars, prog->varRegs);

  auto addTemplate = [&](const ENode &n) {
    prog->templates.push_back(ENode(n.getOp(), n.getAttr(),
                                    llvm::SmallVector<Id, 4>(
                                        n.getNumChildren(), 0)));
    return static_cast<uint32_t>(prog->templates.size() - 1);
  };
  auto addGround = [&](const RecExpr &ast, Id idx) {
    prog->groundTerms.push_back(ast.getSubExpr(idx));
    return static_cast<uint32_t>(prog->groundTerms.size() - 1);
  };
  auto emit = [&](Opcode op, uint32_t reg, uint32_t arg, uint32_t node) {
    prog->instrs.push_back({op, reg, arg, node});
  };

  for (size_t k = 0; k < parts.size(); ++k) {
    const RecExpr &ast = *parts[k].ast;
    Var partVar = parts[k].var;
    std::vector<bool> ground = computeGround(ast);
    Id root = ast.getRoot();
    bool rootIsVar = ast[root].getOp().isVariable();
    uint32_t rootReg;
    bool loadedGround = false;

    if (k == 0) {
      rootReg = 0;
      if (partVar.isValid())
        comp.bindVar(partVar, 0);
      if (ground[root]) {
        prog->rootGround = addGround(ast, root);
        emit(Opcode::CheckGround, 0, prog->rootGround, 0);
        loadedGround = true;
      } else if (!rootIsVar) {
        prog->rootTemplate = addTemplate(ast[root]);
      }
    } else if (std::optional<uint32_t> reg =
                   partVar.isValid() ? comp.lookupVar(partVar)
                                     : std::nullopt) {
      // The part's binder is already bound: match the pattern in that class.
      rootReg = *reg;
    } else {
      // A fresh root: enumerate candidate classes by operator.
      rootReg = prog->numRegs++;
      if (ground[root]) {
        emit(Opcode::LoadGround, rootReg, addGround(ast, root), 0);
        loadedGround = true;
      } else {
        emit(Opcode::Scan, rootReg, 0,
             rootIsVar ? ~0u : addTemplate(ast[root]));
      }
      if (partVar.isValid())
        comp.bindVar(partVar, rootReg);
    }
    if (loadedGround)
      continue;

    // Depth-first over the pattern, children left to right.
    llvm::SmallVector<std::pair<Id, uint32_t>, 16> stack;
    stack.push_back({root, rootReg});
    while (!stack.empty()) {
      auto [idx, reg] = stack.pop_back_val();
      const ENode &n = ast[idx];
      if (n.getOp().isVariable()) {
        if (std::optional<uint32_t> bound = comp.lookupVar(n.getOp()))
          emit(Opcode::Compare, reg, *bound, 0);
        else
          comp.bindVar(n.getOp(), reg);
        continue;
      }
      if (ground[idx]) {
        emit(Opcode::CheckGround, reg, addGround(ast, idx), 0);
        continue;
      }
      uint32_t out = prog->numRegs;
      prog->numRegs += n.getNumChildren();
      emit(Opcode::Bind, reg, out, addTemplate(n));
      for (size_t i = n.getNumChildren(); i-- > 0;)
        stack.push_back({n.getChildren()[i], static_cast<uint32_t>(out + i)});
    }
  }
  return prog;
}

//===----------------------------------------------------------------------===//
// Interpreter
//===----------------------------------------------------------------------===//

/// Orders nodes by (operator, attribute, arity) only, consistent with the
/// full ENode order used to sort e-class nodes.
static bool opKeyLess(const ENode &a, const ENode &b) {
  if (a.getOp() != b.getOp())
    return a.getOp() < b.getOp();
  if (a.getAttr() != b.getAttr())
    return a.getAttr() < b.getAttr();
  return a.getNumChildren() < b.getNumChildren();
}

struct MatchProgram::Runner {
  const MatchProgram &prog;
  const EGraph &graph;
  MatchSet &out;
  size_t limit;
  llvm::SmallVector<Id, 16> regs;
  llvm::SmallVector<Id, 8> groundIds;
  llvm::SmallVector<Id, 8> values;
  bool stopped = false;

  Runner(const MatchProgram &prog, const EGraph &graph, MatchSet &out,
         size_t limit)
      : prog(prog), graph(graph), out(out), limit(limit),
        regs(prog.numRegs, 0), values(prog.vars.size(), 0) {}

  /// Resolves ground terms; returns false if one is absent (no match).
  bool init() {
    for (const RecExpr &g : prog.groundTerms) {
      std::optional<Id> id = graph.lookupExpr(g);
      if (!id)
        return false;
      groundIds.push_back(*id);
    }
    return true;
  }

  void yield() {
    for (size_t i = 0, e = values.size(); i < e; ++i)
      values[i] = regs[prog.varRegs[i]];
    out.add(regs[0], values);
    if (out.size() > limit)
      stopped = true;
  }

  void run(size_t pc) {
    // Straight-line instructions are executed in a loop; only Bind and Scan
    // branch, and they recurse once per alternative.
    for (size_t e = prog.instrs.size(); pc < e; ++pc) {
      const Instr &in = prog.instrs[pc];
      switch (in.opcode) {
      case Opcode::Compare:
        if (regs[in.reg] != regs[in.arg])
          return;
        break;
      case Opcode::CheckGround:
        if (regs[in.reg] != groundIds[in.arg])
          return;
        break;
      case Opcode::LoadGround:
        regs[in.reg] = groundIds[in.arg];
        break;
      case Opcode::Bind: {
        const ENode &t = prog.templates[in.node];
        llvm::ArrayRef<ENode> nodes = graph.getClass(regs[in.reg]).getNodes();
        const ENode *it = nodes.begin();
        if (nodes.size() > 8)
          it = std::lower_bound(nodes.begin(), nodes.end(), t, opKeyLess);
        size_t arity = t.getNumChildren();
        for (; it != nodes.end(); ++it) {
          if (!it->matchesOp(t)) {
            if (opKeyLess(t, *it))
              break;
            continue;
          }
          llvm::ArrayRef<Id> ch = it->getChildren();
          for (size_t i = 0; i < arity; ++i)
            regs[in.arg + i] = ch[i];
          run(pc + 1);
          if (stopped)
            return;
        }
        return;
      }
      case Opcode::Scan: {
        llvm::ArrayRef<Id> classes =
            in.node == ~0u
                ? graph.getClassIds()
                : graph.getClassesWithOp(prog.templates[in.node].getOp());
        for (Id c : classes) {
          regs[in.reg] = c;
          run(pc + 1);
          if (stopped)
            return;
        }
        return;
      }
      }
    }
    yield();
  }
};

void MatchProgram::search(const EGraph &graph, MatchSet &out,
                          size_t limit) const {
  assert(graph.isClean() && "rebuild the e-graph before searching");
  Runner r(*this, graph, out, limit);
  if (!r.init())
    return;
  auto runOn = [&](Id cls) {
    r.regs[0] = cls;
    r.run(0);
  };
  if (rootGround != ~0u) {
    runOn(r.groundIds[rootGround]);
    return;
  }
  llvm::ArrayRef<Id> candidates =
      rootTemplate != ~0u
          ? graph.getClassesWithOp(templates[rootTemplate].getOp())
          : graph.getClassIds();
  for (Id cls : candidates) {
    runOn(cls);
    if (r.stopped)
      return;
  }
}

void MatchProgram::searchClass(const EGraph &graph, Id cls, MatchSet &out,
                               size_t limit) const {
  Runner r(*this, graph, out, limit);
  if (!r.init())
    return;
  r.regs[0] = graph.find(cls);
  r.run(0);
}

std::string MatchProgram::toString() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  for (const Instr &in : instrs) {
    switch (in.opcode) {
    case Opcode::Bind:
      os << "bind r" << in.reg << " ";
      templates[in.node].printOp(os);
      os << "/" << templates[in.node].getNumChildren() << " -> r" << in.arg
         << "\n";
      break;
    case Opcode::Compare:
      os << "compare r" << in.reg << " r" << in.arg << "\n";
      break;
    case Opcode::CheckGround:
      os << "check r" << in.reg << " " << groundTerms[in.arg].toString()
         << "\n";
      break;
    case Opcode::LoadGround:
      os << "load r" << in.reg << " " << groundTerms[in.arg].toString()
         << "\n";
      break;
    case Opcode::Scan:
      os << "scan r" << in.reg << " ";
      if (in.node == ~0u)
        os << "*";
      else
        templates[in.node].printOp(os);
      os << "\n";
      break;
    }
  }
  for (size_t i = 0; i < vars.size(); ++i)
    os << "yield " << vars[i].str() << " = r" << varRegs[i] << "\n";
  return s;
}
