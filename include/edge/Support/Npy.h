//===- Npy.h - read and write NumPy .npy files ------------------*- C++ -*-===//
//
// A small, self-contained reader and writer of NumPy's .npy format for the
// arrays edge runs on: little-endian float32 (`<f4`) or float64 (`<f8`),
// and for masks bool (`|b1`) or uint8 (`|u1`), C order, header versions 1.0
// and 2.0. Anything else (big-endian, integers,
// Fortran order, version 3.0, a truncated or overlong payload) is an error
// that names the file, never a crash.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_SUPPORT_NPY_H
#define EDGE_SUPPORT_NPY_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace edge {

/// The element types of the .npy files edge reads and writes.
enum class NpyDType { Float32, Float64, Bool, UInt8 };

/// The .npy descriptor of `dtype` (`<f4`, `<f8`, `|b1`, `|u1`).
llvm::StringRef getNpyDescr(NpyDType dtype);

/// An array of a .npy file; the values are widened to double (exactly, for
/// every dtype).
struct NpyArray {
  NpyDType dtype = NpyDType::Float32;
  llvm::SmallVector<int64_t> shape;
  std::vector<double> values;
};

/// Parses the bytes of a .npy file; `name` (the file) prefixes every error.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);
/// Reads the .npy file at `path`.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// The bytes of a version 1.0 .npy file holding `array` (values rounded to
/// float32 for NpyDType::Float32).
std::string serializeNpy(const NpyArray &array);
/// Writes `array` to `path` as a .npy file.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

} // namespace edge

#endif // EDGE_SUPPORT_NPY_H
