//===- EdgeDialect.cpp - edge dialect registration -------------------------===//
//
// This file implements the edge dialect: registration of its operations and
// attributes.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/IR/EdgeDialect.h"
#include "edge/Dialect/Edge/IR/EdgeOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace edge;

#include "edge/Dialect/Edge/IR/EdgeOpsDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "edge/Dialect/Edge/IR/EdgeAttrs.cpp.inc"

void EdgeDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "edge/Dialect/Edge/IR/EdgeAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "edge/Dialect/Edge/IR/EdgeOps.cpp.inc"
      >();
}
