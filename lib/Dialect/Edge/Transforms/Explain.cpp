//===- Explain.cpp - the derivation as a list of identities ----------------===//
//
// The record (DerivationRecorder, recordIdentityStep) and its three renderings.
// The identities' equations and preconditions follow
// ../shared/reference/one-pass-algebra.md, in the project's words.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Explain.h"

#include "edge/Analysis/CascadeAnalysis.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"

using namespace mlir;
using namespace edge;

static const IdentityDescription kIdentities[] = {
    {"defer-division", "D", "division deferral",
     "Σ_r (N / d) × V = (Σ_r N × V) / d",
     "the divisor d does not depend on the reduced rank r, and nothing else "
     "reads the quotient N / d"},
    {"factor-out", "D", "factor out of a reduction",
     "⊕_r (c ⊗ y[r]) = c ⊗ ⊕_r y[r]",
     "no reduced rank r indexes the factor c, and ⊗ distributes over ⊕"},
    {"split-rank", "S", "rank split",
     "⊕_{r<R} f(r) = ⊕_{r1<⌈R/T⌉} ⊕_{r0<T} f(r1·T + r0)",
     "the reductions over r are associative and commutative with the empty "
     "value as identity, and the points with r1·T + r0 ≥ R (the tail) are "
     "empty"},
    {"split-reduction", "S", "local and global reduction",
     "⊕_{r1,r0} x = ⊕_{r1} (⊕_{r0} x)",
     "⊕ is associative with the empty value as identity, so each tile's "
     "local reduction can be taken first"},
    {"split-cancel", "S", "split and unsplit cancel",
     "unsplit(split(X)) = X", "the split and the unsplit use the same tile"},
    {"exp-rebase", "X", "exponent rebase",
     "e^(x − a) = e^(x − b) · e^(b − a)",
     "b is a maximum over a set that contains x, so every exponent computed "
     "is at most 0"},
    {"product-fusion", "P", "product fusion",
     "Σ_r P with P = A × B is Σ_r (A × B)",
     "nothing else reads the product P"},
    {"congruence", "≡", "congruence", "f(a) = f(b) when a = b",
     "the operands were proved equal by the steps that name them"},
    {"reduce-to-iterate", "O", "online rebase, reduce to iterate",
     "G = ⊙_{r1} L[r1], T = ⊕_{r1} h(Y[r1], G)  ⇒  RG[j+1] = RG[j] ⊙ L[j], "
     "RT[j+1] = RT[j] ⊗ c(RG[j], RG[j+1]) ⊕ h(Y[j], RG[j+1])",
     "every consumer h of G rebases, h(y, g') = h(y, g) ⊗ c(g, g'), ⊗ "
     "distributes over ⊕, and the running state carried from step to step "
     "is not a barrier (I)"},
};

const IdentityDescription *edge::lookupIdentity(StringRef rule) {
  for (const IdentityDescription &d : kIdentities)
    if (d.rule == rule)
      return &d;
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Recording
//===----------------------------------------------------------------------===//

/// The recorder in scope on this thread: a derivation runs its steps on the
/// thread of its pass (nested pipelines run synchronously), and cascades
/// derived in parallel on other threads have recorders of their own.
static thread_local DerivationRecorder *currentRecorder = nullptr;

std::pair<int64_t, int64_t> edge::measureCascade(CascadeOp cascade) {
  ScopedDiagnosticHandler quiet(cascade.getContext(),
                                [](Diagnostic &) { return success(); });
  // Measured on a copy without the ops a step left dead (a pattern driver
  // erases them only later): a dead einsum is no pass and no traffic.
  OwningOpRef<CascadeOp> copy(cast<CascadeOp>(cascade->clone()));
  Block &body = copy->getBody().front();
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation &op : llvm::make_early_inc_range(llvm::reverse(body)))
      if (!op.hasTrait<OpTrait::IsTerminator>() && op.use_empty() &&
          isa<EinsumOp, SplitOp, UnsplitOp, FillOp, IterateOp>(op)) {
        op.erase();
        changed = true;
      }
  }
  FailureOr<CascadeCost> cost = analyzeCascade(*copy);
  if (failed(cost))
    return {-1, -1};
  return {cost->maxPasses, cost->offChipBytes()};
}

ExplainedEinsum edge::describeForExplanation(Operation *op) {
  ExplainedEinsum e;
  if (auto einsum = dyn_cast<EinsumOp>(op))
    e.name = einsum.getName().value_or("").str();
  if (e.name.empty())
    e.name = op->getName().getStringRef().str();
  llvm::raw_string_ostream os(e.location);
  if (auto file = dyn_cast<FileLineColLoc>(op->getLoc()))
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
  else
    op->getLoc().print(os);
  return e;
}

DerivationRecorder::DerivationRecorder(CascadeOp cascade)
    : cascade(cascade), previous(currentRecorder) {
  currentRecorder = this;
  derivation.cascade = cascade.getSymName().str();
  std::tie(passes, bytes) = measureCascade(cascade);
  derivation.passesBefore = passes;
}

DerivationRecorder::~DerivationRecorder() { currentRecorder = previous; }

DerivationRecorder *DerivationRecorder::current() { return currentRecorder; }

void DerivationRecorder::rollback(size_t mark) {
  derivation.steps.resize(mark);
  std::tie(passes, bytes) = measureCascade(cascade);
}

void DerivationRecorder::record(StringRef rule, ArrayRef<Operation *> matched,
                                function_ref<void()> rewrite) {
  DerivationStep step;
  step.rule = rule.str();
  for (Operation *op : matched)
    step.matched.push_back(describeForExplanation(op));
  // The einsums alive before; those alive after and not before are what the
  // step produced (new ops cannot reuse the address of an op alive here).
  llvm::DenseSet<Operation *> before;
  cascade.walk([&](EinsumOp op) { before.insert(op); });
  rewrite();
  cascade.walk([&](EinsumOp op) {
    if (!before.contains(op))
      step.produced.push_back(describeForExplanation(op).name);
  });
  step.passesBefore = passes;
  step.bytesBefore = bytes;
  std::tie(passes, bytes) = measureCascade(cascade);
  step.passesAfter = passes;
  step.bytesAfter = bytes;
  derivation.steps.push_back(std::move(step));
}

void edge::recordIdentityStep(StringRef rule, ArrayRef<Operation *> matched,
                         function_ref<void()> rewrite) {
  DerivationRecorder *recorder = currentRecorder;
  if (!recorder || matched.empty()) {
    rewrite();
    return;
  }
  recorder->record(rule, matched, rewrite);
}

void edge::recordRefusal(StringRef rule, Operation *op, StringRef reason) {
  DerivationRecorder *recorder = currentRecorder;
  if (!recorder)
    return;
  DerivationRefusal refusal{rule.str(), describeForExplanation(op), reason.str()};
  std::vector<DerivationRefusal> &refusals =
      recorder->getDerivation().refusals;
  // A refusal repeated by a retried derivation is listed once.
  for (const DerivationRefusal &r : refusals)
    if (r.rule == refusal.rule && r.einsum.name == refusal.einsum.name &&
        r.reason == refusal.reason)
      return;
  refusals.push_back(std::move(refusal));
}

//===----------------------------------------------------------------------===//
// Rendering
//===----------------------------------------------------------------------===//

std::optional<ExplainFormat> edge::parseExplainFormat(StringRef name) {
  return llvm::StringSwitch<std::optional<ExplainFormat>>(name)
      .Case("text", ExplainFormat::Text)
      .Case("json", ExplainFormat::Json)
      .Case("markdown", ExplainFormat::Markdown)
      .Default(std::nullopt);
}

static std::string joinNames(const std::vector<ExplainedEinsum> &einsums,
                             bool withLocations) {
  SmallVector<std::string> parts;
  for (const ExplainedEinsum &e : einsums)
    parts.push_back(withLocations ? e.name + " (" + e.location + ")" : e.name);
  return llvm::join(parts, ", ");
}

/// "3 -> 2" or "3" when equal; "?" for an unknown count.
static std::string change(int64_t before, int64_t after) {
  auto show = [](int64_t v) { return v < 0 ? std::string("?") : std::to_string(v); };
  return before == after ? show(before) : show(before) + " -> " + show(after);
}

static void printText(raw_ostream &os, const Derivation &d) {
  os << "derivation of @" << d.cascade << " by " << d.driver << ": passes "
     << change(d.passesBefore, d.passesAfter);
  if (d.goal)
    os << " (goal " << d.goal << ")";
  os << "\n";
  for (auto [index, step] : llvm::enumerate(d.steps)) {
    const IdentityDescription *id = lookupIdentity(step.rule);
    os << llvm::format("%3u. ", unsigned(index + 1));
    if (id)
      os << id->letter << " " << step.rule << " (" << id->title
         << "): " << id->equation << "\n";
    else
      os << step.rule << "\n";
    os << "     matched:  " << joinNames(step.matched, true) << "\n";
    os << "     produced: " << llvm::join(step.produced, ", ") << "\n";
    if (id)
      os << "     sound:    " << id->precondition << "\n";
    // Saturation's steps are unions in an e-graph: no cascade in between.
    if (step.passesBefore >= 0 || step.passesAfter >= 0)
      os << "     passes " << change(step.passesBefore, step.passesAfter)
         << ", off-chip bytes " << change(step.bytesBefore, step.bytesAfter)
         << "\n";
  }
  if (d.steps.empty())
    os << "  no identity applied\n";
  if (!d.refusals.empty()) {
    os << "stopped short of the goal:\n";
    for (const DerivationRefusal &r : d.refusals)
      os << "  - " << r.rule << " refused on " << r.einsum.name << " ("
         << r.einsum.location << "): " << r.reason << "\n";
  }
}

static void printMarkdown(raw_ostream &os, const Derivation &d) {
  os << "Derivation of `@" << d.cascade << "` by " << d.driver << ": passes "
     << change(d.passesBefore, d.passesAfter) << ".\n\n";
  for (auto [index, step] : llvm::enumerate(d.steps)) {
    const IdentityDescription *id = lookupIdentity(step.rule);
    os << index + 1 << ". **";
    if (id)
      os << id->letter << ", " << id->title << "** (`" << step.rule
         << "`): `" << id->equation << "`  \n";
    else
      os << step.rule << "**  \n";
    os << "   matched " << joinNames(step.matched, false) << "; produced "
       << llvm::join(step.produced, ", ") << ".  \n";
    if (id)
      os << "   Sound because " << id->precondition << ".  \n";
    if (step.passesBefore >= 0 || step.passesAfter >= 0)
      os << "   Passes " << change(step.passesBefore, step.passesAfter)
         << ", off-chip bytes " << change(step.bytesBefore, step.bytesAfter)
         << ".\n";
  }
  if (!d.refusals.empty()) {
    os << "\nStopped short of the goal:\n\n";
    for (const DerivationRefusal &r : d.refusals)
      os << "- `" << r.rule << "` refused on " << r.einsum.name << ": "
         << r.reason << ".\n";
  }
}

static void printJson(raw_ostream &os, const Derivation &d) {
  llvm::json::OStream j(os, 2);
  auto einsum = [&](const ExplainedEinsum &e) {
    j.object([&] {
      j.attribute("name", e.name);
      j.attribute("location", e.location);
    });
  };
  j.object([&] {
    j.attribute("cascade", d.cascade);
    j.attribute("driver", d.driver);
    j.attribute("goal", d.goal);
    j.attribute("passesBefore", d.passesBefore);
    j.attribute("passesAfter", d.passesAfter);
    j.attributeArray("steps", [&] {
      for (auto [index, step] : llvm::enumerate(d.steps)) {
        const IdentityDescription *id = lookupIdentity(step.rule);
        j.object([&] {
          j.attribute("index", int64_t(index + 1));
          j.attribute("rule", step.rule);
          j.attribute("identity", id ? StringRef(id->letter) : "");
          j.attribute("equation", id ? StringRef(id->equation) : "");
          j.attribute("precondition", id ? StringRef(id->precondition) : "");
          j.attributeArray("matched", [&] {
            for (const ExplainedEinsum &e : step.matched)
              einsum(e);
          });
          j.attributeArray("produced", [&] {
            for (const std::string &name : step.produced)
              j.value(name);
          });
          j.attribute("passesBefore", step.passesBefore);
          j.attribute("passesAfter", step.passesAfter);
          j.attribute("offChipBytesBefore", step.bytesBefore);
          j.attribute("offChipBytesAfter", step.bytesAfter);
        });
      }
    });
    j.attributeArray("refusals", [&] {
      for (const DerivationRefusal &r : d.refusals)
        j.object([&] {
          j.attribute("rule", r.rule);
          j.attributeBegin("einsum");
          einsum(r.einsum);
          j.attributeEnd();
          j.attribute("reason", r.reason);
        });
    });
  });
  os << "\n";
}

void edge::printDerivation(raw_ostream &os, const Derivation &derivation,
                           ExplainFormat format) {
  switch (format) {
  case ExplainFormat::Text:
    return printText(os, derivation);
  case ExplainFormat::Json:
    return printJson(os, derivation);
  case ExplainFormat::Markdown:
    return printMarkdown(os, derivation);
  }
}
