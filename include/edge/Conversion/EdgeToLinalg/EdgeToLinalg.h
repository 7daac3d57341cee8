//===- EdgeToLinalg.h - edge to linalg conversion ---------------*- C++ -*-===//
//
// Entry points of the edge to linalg/tensor/scf lowering: the presence facts
// computed before the conversion, the type converter (a value with a runtime
// mask converts to two values), the conversion patterns and target, for the
// pass and for downstream compilers that lower edge ops inside their own
// dialect conversion.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_CONVERSION_EDGETOLINALG_EDGETOLINALG_H
#define EDGE_CONVERSION_EDGETOLINALG_EDGETOLINALG_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Support/LLVM.h"

#include <memory>

namespace mlir {
class ConversionTarget;
class RewritePatternSet;
class TypeConverter;
} // namespace mlir

namespace edge {

namespace detail {
struct EdgeToLinalgFactsImpl;
} // namespace detail

/// Presence facts of the edge ops nested in a root op, computed once before
/// the conversion (the patterns cannot derive them: presence flows forward
/// from producers that are already converted). For every edge tensor value:
/// all present, an affine predicate over its indices (split tails, filters,
/// slices of those at an iteration), or a runtime i1 mask; for every einsum
/// the plan of its linalg.generic. Built on edge/Dialect/Edge/Utils/Presence.h.
///
/// Construction analyzes the IR; if an op cannot be lowered it emits a
/// located error and `failed()` is true. The IR must not change between the
/// analysis and the conversion, and the facts must outlive the patterns.
class EdgeToLinalgFacts {
public:
  explicit EdgeToLinalgFacts(mlir::Operation *root);
  ~EdgeToLinalgFacts();
  EdgeToLinalgFacts(EdgeToLinalgFacts &&);
  EdgeToLinalgFacts &operator=(EdgeToLinalgFacts &&);

  /// Whether some edge op cannot be lowered (an error was emitted).
  bool failed() const;
  /// Whether `value` (an edge tensor value) carries a runtime mask, i.e.
  /// converts to two values: the tensor and an i1 tensor of the same shape.
  bool hasMask(mlir::Value value) const;

  const detail::EdgeToLinalgFactsImpl &getImpl() const { return *impl; }

private:
  std::unique_ptr<detail::EdgeToLinalgFactsImpl> impl;
};

/// Adds to `converter` the conversions of edge's lowering: tensors stay
/// tensors, except that a value with a runtime mask converts to (tensor,
/// i1 tensor) (a context-aware 1:N conversion), and a source
/// materialization that gives the tensor back to ops that are not converted.
void populateEdgeToLinalgTypeConversion(mlir::TypeConverter &converter,
                                        const EdgeToLinalgFacts &facts);

/// Adds the patterns that lower edge.cascade/return (func), edge.einsum
/// (linalg.generic), edge.split/unsplit/fill (tensor, linalg.fill) and
/// edge.iterate/yield (scf.for). `facts` must have been computed on the IR
/// being converted, and `converter` set up by
/// populateEdgeToLinalgTypeConversion.
void populateEdgeToLinalgConversionPatterns(mlir::TypeConverter &converter,
                                            mlir::RewritePatternSet &patterns,
                                            const EdgeToLinalgFacts &facts);

/// Marks the edge dialect illegal and the dialects the lowering produces
/// (func, linalg, tensor, scf, arith, math, affine) legal. A downstream
/// compiler adds its own legality on top.
void configureEdgeToLinalgConversionTarget(mlir::ConversionTarget &target);

/// Lowers every edge op nested in `module` (cascades, einsums, splits,
/// unsplits, fills, iterations) to func, linalg, tensor, scf, arith and math
/// on tensors: the facts, then a partial conversion. Emits a located error
/// and fails, leaving the module unchanged, on an op it cannot lower.
llvm::LogicalResult lowerEdgeToLinalg(mlir::ModuleOp module);

/// Registers the dialects whose ops the patterns create (func, linalg,
/// tensor, scf, arith, math, affine) and the interfaces of
/// registerEdgeLoweringInterfaces: a client that runs the patterns outside
/// the pass loads these before the conversion.
void registerEdgeToLinalgDependentDialects(mlir::DialectRegistry &registry);

/// Registers what the lowered IR needs to be bufferized and translated: the
/// BufferizableOpInterface models of arith, func, linalg, scf and tensor.
void registerEdgeLoweringInterfaces(mlir::DialectRegistry &registry);

} // namespace edge

#endif // EDGE_CONVERSION_EDGETOLINALG_EDGETOLINALG_H
