//===- FuzzParse.cpp - fuzz the parser and the verifier --------------------===//
//
// libFuzzer target: any bytes are parsed as a module. Bad input must get a
// diagnostic, never a crash, hang or sanitizer report; a module that
// verifies must print to text that parses and verifies again.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > edge::fuzz::kMaxInputBytes)
    return -1;
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module = edge::fuzz::parseInput(input);
  if (module)
    edge::fuzz::checkRoundTrip(*module, "the parser");
  return 0;
}
