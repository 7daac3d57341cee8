//===- FuzzSupport.h - shared by the libFuzzer targets ----------*- C++ -*-===//
//
// The context every fuzz target parses into (the dialects and passes of
// edge-opt), the parse of one input, and the checks every target makes:
// a verified module prints to text that parses and verifies again. A failed
// check calls abort(), which libFuzzer reports as a crash with the input.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_FUZZ_FUZZSUPPORT_H
#define EDGE_FUZZ_FUZZSUPPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace edge::fuzz {

/// The context of all inputs of one fuzzer process: the dialects of edge's
/// inputs (edge, func, arith) and edge-opt's passes, no threads (libFuzzer measures one), diagnostics discarded (a
/// located error is a correct answer to bad input).
mlir::MLIRContext &getContext();

/// Parses and verifies `input`; null when it is not a valid module.
mlir::OwningOpRef<mlir::ModuleOp> parseInput(llvm::StringRef input);

/// Aborts unless `module` verifies, and prints to text that parses and
/// verifies again (`what` names the step that produced it).
void checkRoundTrip(mlir::ModuleOp module, llvm::StringRef what);

/// The body of a target that runs `pipelines` on the input, each on its own
/// copy: a refusal is an answer; with `checkResults`, the result of a
/// success must print back (checkRoundTrip). Returns libFuzzer's verdict
/// (-1 keeps an input that is not a valid module out of the corpus).
int runPipelines(const uint8_t *data, size_t size,
                 llvm::ArrayRef<const char *> pipelines, bool checkResults);

/// Whether a fuzz input is small enough to run: inputs past this size only
/// slow the search down (libFuzzer's -max_len bounds them as well).
constexpr size_t kMaxInputBytes = 16 * 1024;

} // namespace edge::fuzz

#endif // EDGE_FUZZ_FUZZSUPPORT_H
