//===- Matcher.h - Compiled e-matching programs -----------------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines MatchProgram, the compiled form of a pattern or a
// multi-pattern. A pattern is compiled once into a short list of instructions
// (bind a node of a given operator, compare two registers, check a ground
// subterm, scan classes by operator) that a small backtracking interpreter
// runs against each candidate e-class. Candidates for the root are taken from
// the e-graph's operator index, so a rule only visits classes containing its
// root operator.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_MATCHER_H
#define EDGE_EGRAPH_MATCHER_H

#include "edge/EGraph/Pattern.h"

#include <memory>
#include <string>
#include <vector>

namespace edge::egraph {

/// A compiled (multi-)pattern. Registers hold e-class ids; register 0 is the
/// root of the first pattern.
class MatchProgram {
public:
  /// One (root variable, pattern) pair. The variable may be empty for the
  /// first part (plain patterns).
  struct Part {
    Var var;
    const RecExpr *ast;
  };

  /// Compiles `parts` into a program.
  static std::shared_ptr<MatchProgram> compile(llvm::ArrayRef<Part> parts);

  /// Returns the variables bound by a match, in MatchSet order.
  llvm::ArrayRef<Var> getVars() const { return vars; }
  /// Runs the program on every candidate root class of `graph`.
  void search(const EGraph &graph, MatchSet &out, size_t limit) const;
  /// Runs the program with the first root fixed to class `cls`.
  void searchClass(const EGraph &graph, Id cls, MatchSet &out,
                   size_t limit) const;
  /// Returns a human-readable listing of the instructions.
  std::string toString() const;

private:
  enum class Opcode : uint8_t {
    /// For each node of class regs[reg] matching templates[node], copy its
    /// children into regs[arg...] and continue.
    Bind,
    /// Continue only if regs[reg] == regs[arg].
    Compare,
    /// Continue only if regs[reg] is the class of ground term `arg`.
    CheckGround,
    /// Load the class of ground term `arg` into regs[reg].
    LoadGround,
    /// For each class holding operator templates[node] (or every class if
    /// node == ~0u), load it into regs[reg] and continue.
    Scan,
  };
  struct Instr {
    Opcode opcode;
    uint32_t reg;
    uint32_t arg;
    uint32_t node;
  };
  struct Runner;

  std::vector<Instr> instrs;
  /// Operator templates (op, attr, arity) for Bind and Scan.
  std::vector<ENode> templates;
  /// Ground subterms, looked up once per search.
  std::vector<RecExpr> groundTerms;
  llvm::SmallVector<Var, 4> vars;
  llvm::SmallVector<uint32_t, 4> varRegs;
  uint32_t numRegs = 1;
  /// Template index of the first root's operator, ~0u if it is a variable.
  uint32_t rootTemplate = ~0u;
  /// Ground index of the first root if the whole first pattern is ground.
  uint32_t rootGround = ~0u;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_MATCHER_H
