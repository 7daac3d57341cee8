//===- EdgeDialect.h - edge dialect -----------------------------*- C++ -*-===//
//
// The edge dialect: cascades of EDGE extended einsums.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_IR_EDGEDIALECT_H
#define EDGE_DIALECT_EDGE_IR_EDGEDIALECT_H

#include "mlir/IR/Dialect.h"

#include "edge/Dialect/Edge/IR/EdgeOpsDialect.h.inc"

#endif // EDGE_DIALECT_EDGE_IR_EDGEDIALECT_H
