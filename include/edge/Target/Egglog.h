//===- Egglog.h - cascades as egglog programs and back ----------*- C++ -*-===//
//
// The egglog interoperability of edge (docs/Egglog.md): a cascade written as
// an egglog program (the datatypes, the cascade as `let` bindings, the rules
// that egglog can state), and an egglog term read back into a cascade. The
// round trip cascade -> egglog -> cascade is the identity.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_TARGET_EGGLOG_H
#define EDGE_TARGET_EGGLOG_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LLVM.h"

namespace llvm {
class SourceMgr;
class raw_ostream;
} // namespace llvm

namespace edge {

/// What exportEgglog writes besides the cascades.
struct EgglogExportOptions {
  /// The datatypes (`datatype`, `datatype*`). Without them the output is
  /// only the `let` bindings, to append to a program that declares them.
  bool withSchema = true;
  /// The rules egglog can state (ruleset `edge-rules`), and the ones it
  /// cannot as comments saying why.
  bool withRules = true;
};

/// Writes every edge.cascade of `module` as an egglog program. Fails, with
/// an error at the offending op, on what the egglog form cannot hold (an
/// op of another dialect in a cascade, a non-affine rank expression).
mlir::LogicalResult exportEgglog(mlir::ModuleOp module, llvm::raw_ostream &os,
                                 const EgglogExportOptions &options = {});

/// Reads the cascades of an egglog program from the main buffer of
/// `sourceMgr`: either the `let` bindings that exportEgglog writes (every
/// `let` bound to a `Cascade` term is a cascade), or `Cascade` terms as
/// egglog's `extract` prints them. Other commands (datatypes, rules, runs)
/// are skipped. Errors are emitted at their line and column in the egglog
/// text; the result is null then.
mlir::OwningOpRef<mlir::ModuleOp> importEgglog(llvm::SourceMgr &sourceMgr,
                                               mlir::MLIRContext *context);

/// Registers `--edge-export-egglog` and `--edge-import-egglog` as
/// translations (for edge-translate).
void registerEgglogTranslations();

#define GEN_PASS_DECL
#include "edge/Target/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "edge/Target/Passes.h.inc"

} // namespace edge

#endif // EDGE_TARGET_EGGLOG_H
