//===- Explain.h - the derivation as a list of identities -------*- C++ -*-===//
//
// A derivation (--fusemax-2pass, --fusemax-1pass) is a sequence of
// identities applied to einsums. Every application goes through
// recordIdentityStep, which records it with the DerivationRecorder in scope on
// the thread (if any): the identity, the einsums it matched and produced,
// and the cascade's passes and off-chip bytes after it. Refusals are
// recorded where the passes give their `remarks=1` reasons (refuse()). printDerivation writes the record as text, JSON or
// Markdown (`explain=text|json|markdown`, docs/Derivation.md).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_TRANSFORMS_EXPLAIN_H
#define EDGE_DIALECT_EDGE_TRANSFORMS_EXPLAIN_H

#include "edge/Dialect/Edge/IR/EdgeOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <string>
#include <vector>

namespace edge {

/// How an explanation names an identity: its letter in the one-pass algebra,
/// a title, its equation and the precondition that makes it sound, in the
/// project's words. One entry per rule name (getSaturateRuleNames() and the
/// passes' names without `edge-`).
struct IdentityDescription {
  llvm::StringLiteral rule;
  llvm::StringLiteral letter;
  llvm::StringLiteral title;
  llvm::StringLiteral equation;
  llvm::StringLiteral precondition;
};

/// The description of `rule`, or null.
const IdentityDescription *lookupIdentity(llvm::StringRef rule);

/// An einsum named in an explanation, with its location.
struct ExplainedEinsum {
  std::string name;
  std::string location;
};

/// How an explanation names `op`: its einsum name (else the op name) and its
/// location as file:line:col.
ExplainedEinsum describeForExplanation(mlir::Operation *op);

/// One identity applied.
struct DerivationStep {
  std::string rule;
  std::vector<ExplainedEinsum> matched;
  std::vector<std::string> produced;
  /// The cascade's passes (over its primary rank) and off-chip bytes before
  /// and after the step (-1: the analysis does not cover it).
  int64_t passesBefore = -1, passesAfter = -1;
  int64_t bytesBefore = -1, bytesAfter = -1;
};

/// An identity that did not apply, and why.
struct DerivationRefusal {
  std::string rule;
  ExplainedEinsum einsum;
  std::string reason;
};

/// A derivation of one cascade.
struct Derivation {
  std::string cascade;
  /// What ran (e.g. "fusemax-1pass along m, tile 64").
  std::string driver;
  /// The pass count the driver aims at (0: none).
  int64_t goal = 0;
  int64_t passesBefore = -1, passesAfter = -1;
  std::vector<DerivationStep> steps;
  /// Refusals, when the derivation stopped short of its goal.
  std::vector<DerivationRefusal> refusals;
};

/// Records every recordIdentityStep on this thread while it is alive (recorders
/// nest; the innermost records).
class DerivationRecorder {
public:
  explicit DerivationRecorder(CascadeOp cascade);
  ~DerivationRecorder();
  DerivationRecorder(const DerivationRecorder &) = delete;
  DerivationRecorder &operator=(const DerivationRecorder &) = delete;

  Derivation &getDerivation() { return derivation; }
  /// Forgets the steps recorded after `mark` (a derivation that was undone).
  size_t mark() const { return derivation.steps.size(); }
  void rollback(size_t mark);

  /// The recorder in scope on this thread, or null.
  static DerivationRecorder *current();
  /// Records a step (recordIdentityStep's part).
  void record(llvm::StringRef rule, llvm::ArrayRef<mlir::Operation *> matched,
              llvm::function_ref<void()> rewrite);

  /// Drops the refusals (the derivation reached its goal).
  void clearRefusals() { derivation.refusals.clear(); }

private:
  CascadeOp cascade;
  Derivation derivation;
  DerivationRecorder *previous;
  /// Passes and bytes now (the "before" of the next step).
  int64_t passes = -1, bytes = -1;
};

/// Runs `rewrite`, which applies `rule` to the einsums `matched` (all in one
/// cascade, still alive), and records the step with the recorder in scope.
void recordIdentityStep(llvm::StringRef rule,
                   llvm::ArrayRef<mlir::Operation *> matched,
                   llvm::function_ref<void()> rewrite);

/// Records that `rule` did not apply to `op` because of `reason`, with the
/// recorder in scope (the refusals that end a derivation short of its goal).
void recordRefusal(llvm::StringRef rule, mlir::Operation *op,
                   llvm::StringRef reason);

/// The cascade's passes over its primary rank and its off-chip bytes, or -1
/// each when the analysis does not cover it (no diagnostics).
std::pair<int64_t, int64_t> measureCascade(CascadeOp cascade);

enum class ExplainFormat { Text, Json, Markdown };
/// Parses `text`, `json` or `markdown`.
std::optional<ExplainFormat> parseExplainFormat(llvm::StringRef name);
void printDerivation(llvm::raw_ostream &os, const Derivation &derivation,
                     ExplainFormat format);

} // namespace edge

#endif // EDGE_DIALECT_EDGE_TRANSFORMS_EXPLAIN_H
