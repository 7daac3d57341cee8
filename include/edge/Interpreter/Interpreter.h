//===- Interpreter.h - reference interpreter of EDGE cascades ---*- C++ -*-===//
//
// A direct, slow interpreter of the EDGE semantics as docs/Notation.md states
// them, in double precision: every point of every iteration space is
// visited, presence is a bit per point, merges are truth tables. It shares
// nothing with the lowering (lib/Conversion/EdgeToLinalg) beyond the op
// accessors of the dialect, so that it can serve as an independent
// reference for the compiled code and the rewrites (docs/Interpreter.md).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_INTERPRETER_INTERPRETER_H
#define EDGE_INTERPRETER_INTERPRETER_H

#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cstdint>
#include <vector>

namespace edge {

/// A tensor of the EDGE semantics: row-major values in double precision, a
/// presence bit per point, and the empty value that an absent point holds
/// and that a read outside the shape gives.
struct PresenceTensor {
  llvm::SmallVector<int64_t> shape;
  std::vector<double> values;
  /// One byte per point (not std::vector<bool>: tests compare slices).
  std::vector<uint8_t> present;
  double emptyValue = 0.0;

  /// A tensor of `shape` whose points are all absent and hold `emptyValue`.
  static PresenceTensor absent(llvm::ArrayRef<int64_t> shape,
                               double emptyValue);
  /// A tensor whose points are all present with the given row-major values
  /// (as cascade inputs are).
  static PresenceTensor dense(llvm::ArrayRef<int64_t> shape,
                              std::vector<double> values);

  int64_t numElements() const { return values.size(); }
  /// The row-major position of `index`, or none when it is outside the
  /// shape.
  std::optional<int64_t> linearize(llvm::ArrayRef<int64_t> index) const;
};

/// Limits of one interpretation.
struct InterpreterOptions {
  /// The largest iteration space of one einsum (points); a larger einsum is
  /// refused with a located error instead of running for hours.
  int64_t maxPointsPerEinsum = int64_t(1) << 32;
};

/// Interprets `cascade` on `inputs` (one per cascade input, all points
/// present) and returns its outputs, absent points holding their empty
/// value. Emits a located error and fails on inputs of the wrong shape and
/// on constructs the interpreter does not define.
mlir::FailureOr<std::vector<PresenceTensor>>
interpretCascade(CascadeOp cascade, llvm::ArrayRef<PresenceTensor> inputs,
                 const InterpreterOptions &options = {});

/// Interprets a func.func whose body only calls cascades (edge.call) and
/// returns their results (the functions that edge-raise-linalg leaves).
/// Any other op in the body is a located error.
mlir::FailureOr<std::vector<PresenceTensor>>
interpretFunction(mlir::func::FuncOp function,
                  llvm::ArrayRef<PresenceTensor> inputs,
                  const InterpreterOptions &options = {});

} // namespace edge

#endif // EDGE_INTERPRETER_INTERPRETER_H
