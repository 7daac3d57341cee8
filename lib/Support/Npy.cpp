//===- Npy.cpp - read and write NumPy .npy files --------------------------===//
//
// This file implements the .npy reader and writer. The format
// (numpy.lib.format): the magic "\x93NUMPY", a major and a minor version
// byte, the header length (2 bytes little-endian in 1.0, 4 bytes in 2.0),
// then an ASCII Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
// padded with spaces and a newline so that the data starts at a multiple of
// 64 bytes, then the raw elements.
//
//===----------------------------------------------------------------------===//

#include "edge/Support/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace llvm;
using namespace edge;

static constexpr StringLiteral kMagic("\x93NUMPY");
/// The most elements a file may declare (2^40, as for the tensors of a
/// cascade, docs/Limits.md): byte counts stay far from 2^63.
static constexpr int64_t kMaxNpyElements = int64_t(1) << 40;

StringRef edge::getNpyDescr(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return "<f4";
  case NpyDType::Float64:
    return "<f8";
  case NpyDType::Bool:
    return "|b1";
  case NpyDType::UInt8:
    return "|u1";
  }
  llvm_unreachable("unknown dtype");
}

/// The bytes of one element of `dtype`.
static size_t getItemSize(NpyDType dtype) {
  switch (dtype) {
  case NpyDType::Float32:
    return 4;
  case NpyDType::Float64:
    return 8;
  case NpyDType::Bool:
  case NpyDType::UInt8:
    return 1;
  }
  llvm_unreachable("unknown dtype");
}

namespace {
/// The fields of a header dict.
struct NpyHeader {
  std::optional<std::string> descr;
  std::optional<bool> fortranOrder;
  std::optional<SmallVector<int64_t>> shape;
};

/// A parser of the header's dict literal: string keys, and string, boolean
/// or integer-tuple values.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : text(text) {}

  /// Parses the dict into `header`; an error message otherwise.
  std::optional<std::string> parse(NpyHeader &header) {
    if (!consume('{'))
      return std::string("the header is not a dict");
    while (true) {
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return std::string("expected a quoted key in the header");
      if (!consume(':'))
        return "expected ':' after '" + key + "' in the header";
      if (key == "descr") {
        std::string descr;
        if (!parseString(descr))
          return std::string("'descr' is not a string");
        header.descr = descr;
      } else if (key == "fortran_order") {
        skipSpace();
        if (text.consume_front("True"))
          header.fortranOrder = true;
        else if (text.consume_front("False"))
          header.fortranOrder = false;
        else
          return std::string("'fortran_order' is not True or False");
      } else if (key == "shape") {
        SmallVector<int64_t> shape;
        if (std::optional<std::string> error = parseShape(shape))
          return error;
        header.shape = shape;
      } else {
        return "unknown header key '" + key + "'";
      }
      if (!consume(',')) {
        if (consume('}'))
          break;
        return std::string("expected ',' or '}' in the header");
      }
    }
    skipSpace();
    if (!text.empty())
      return std::string("trailing characters after the header dict");
    return std::nullopt;
  }

private:
  void skipSpace() { text = text.ltrim(" \t\n\r"); }
  bool consume(char c) {
    skipSpace();
    return text.consume_front(StringRef(&c, 1));
  }
  bool parseString(std::string &out) {
    skipSpace();
    if (text.empty() || (text.front() != '\'' && text.front() != '"'))
      return false;
    char quote = text.front();
    size_t end = text.find(quote, 1);
    if (end == StringRef::npos)
      return false;
    out = text.slice(1, end).str();
    text = text.drop_front(end + 1);
    return true;
  }
  std::optional<std::string> parseShape(SmallVector<int64_t> &shape) {
    if (!consume('('))
      return std::string("'shape' is not a tuple");
    while (!consume(')')) {
      skipSpace();
      size_t digits = text.find_first_not_of("0123456789");
      if (digits == 0 || digits == StringRef::npos)
        return std::string("'shape' holds something else than "
                           "non-negative integers");
      int64_t extent;
      if (text.take_front(digits).getAsInteger(10, extent) ||
          extent > kMaxNpyElements)
        return std::string("'shape' has an extent past 2^40");
      shape.push_back(extent);
      text = text.drop_front(digits);
      if (!consume(',')) {
        if (consume(')'))
          break;
        return std::string("expected ',' or ')' in 'shape'");
      }
    }
    return std::nullopt;
  }

  StringRef text;
};
} // namespace

static Error npyError(StringRef name, const Twine &message) {
  return createStringError(inconvertibleErrorCode(),
                           name + ": " + message);
}

Expected<NpyArray> edge::parseNpy(StringRef bytes, StringRef name) {
  if (!bytes.starts_with(kMagic) || bytes.size() < kMagic.size() + 2)
    return npyError(name, "not a .npy file (no \\x93NUMPY magic)");
  unsigned major = uint8_t(bytes[6]), minor = uint8_t(bytes[7]);
  size_t lengthBytes;
  if (major == 1 && minor == 0)
    lengthBytes = 2;
  else if (major == 2 && minor == 0)
    lengthBytes = 4;
  else
    return npyError(name, "unsupported .npy version " + Twine(major) + "." +
                              Twine(minor) + " (only 1.0 and 2.0)");
  size_t prefix = 8 + lengthBytes;
  if (bytes.size() < prefix)
    return npyError(name, "truncated header");
  uint64_t headerLength =
      lengthBytes == 2
          ? support::endian::read16le(bytes.data() + 8)
          : support::endian::read32le(bytes.data() + 8);
  if (bytes.size() - prefix < headerLength)
    return npyError(name, "truncated header");
  StringRef headerText = bytes.substr(prefix, headerLength);
  if (!llvm::all_of(headerText, [](char c) { return isPrint(c) || isSpace(c); }))
    return npyError(name, "the header is not ASCII text");

  NpyHeader header;
  if (std::optional<std::string> error = HeaderParser(headerText).parse(header))
    return npyError(name, *error);
  if (!header.descr || !header.fortranOrder || !header.shape)
    return npyError(name,
                    "the header needs 'descr', 'fortran_order' and 'shape'");
  NpyArray array;
  std::optional<NpyDType> dtype;
  for (NpyDType d : {NpyDType::Float32, NpyDType::Float64, NpyDType::Bool,
                     NpyDType::UInt8})
    if (*header.descr == getNpyDescr(d))
      dtype = d;
  if (!dtype)
    return npyError(name, "unsupported dtype '" + *header.descr +
                              "' (only little-endian float32 '<f4' and "
                              "float64 '<f8', bool '|b1' and uint8 '|u1')");
  array.dtype = *dtype;
  if (*header.fortranOrder)
    return npyError(name, "Fortran-order arrays are not supported (only C "
                          "order)");
  array.shape = *header.shape;
  int64_t count = 1;
  for (int64_t extent : array.shape) {
    if (extent != 0 && count > kMaxNpyElements / extent)
      return npyError(name, "more than 2^40 elements");
    count *= extent;
  }
  size_t itemSize = getItemSize(array.dtype);
  StringRef data = bytes.drop_front(prefix + headerLength);
  if (data.size() != uint64_t(count) * itemSize)
    return npyError(name, "the data has " + Twine(data.size()) +
                              " bytes, the header declares " + Twine(count) +
                              " elements of " + Twine(itemSize) + " bytes");
  array.values.resize(count);
  for (int64_t i = 0; i < count; ++i) {
    const char *at = data.data() + i * itemSize;
    if (itemSize == 1) {
      array.values[i] = uint8_t(*at);
    } else if (itemSize == 4) {
      uint32_t bits = support::endian::read32le(at);
      float f;
      std::memcpy(&f, &bits, 4);
      array.values[i] = f;
    } else {
      uint64_t bits = support::endian::read64le(at);
      std::memcpy(&array.values[i], &bits, 8);
    }
  }
  return array;
}

Expected<NpyArray> edge::readNpy(StringRef path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  return parseNpy((*buffer)->getBuffer(), path);
}

std::string edge::serializeNpy(const NpyArray &array) {
  std::string dict;
  raw_string_ostream os(dict);
  os << "{'descr': '" << getNpyDescr(array.dtype)
     << "', 'fortran_order': False, 'shape': (";
  for (int64_t extent : array.shape)
    os << extent << (array.shape.size() == 1 ? "," : ", ");
  if (array.shape.size() > 1)
    dict.resize(dict.size() - 2); // numpy writes (3, 4), but (3,)
  os << "), }";
  // Pad with spaces and a final newline so that the data starts at a
  // multiple of 64 bytes (10 bytes of magic, version and length precede).
  size_t total = 10 + dict.size() + 1;
  dict.append((64 - total % 64) % 64, ' ');
  dict.push_back('\n');

  std::string bytes(kMagic);
  bytes.push_back(1);
  bytes.push_back(0);
  char length[2];
  support::endian::write16le(length, uint16_t(dict.size()));
  bytes.append(length, 2);
  bytes += dict;
  for (double v : array.values) {
    char word[8];
    if (getItemSize(array.dtype) == 1) {
      bytes.push_back(char(uint8_t(v)));
    } else if (array.dtype == NpyDType::Float32) {
      float f = float(v);
      uint32_t bits;
      std::memcpy(&bits, &f, 4);
      support::endian::write32le(word, bits);
      bytes.append(word, 4);
    } else {
      uint64_t bits;
      std::memcpy(&bits, &v, 8);
      support::endian::write64le(word, bits);
      bytes.append(word, 8);
    }
  }
  return bytes;
}

Error edge::writeNpy(StringRef path, const NpyArray &array) {
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (ec)
    return npyError(path, "cannot write: " + ec.message());
  os << serializeNpy(array);
  os.close();
  if (os.has_error()) {
    std::error_code writeError = os.error();
    os.clear_error();
    return npyError(path, "cannot write: " + writeError.message());
  }
  return Error::success();
}
