//===- Symbol.h - Interned symbols and node attributes ----------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines Symbol, a process-wide interned string used for operator
// names, pattern variables and rule names, and Attr, the small attribute
// payload (integer, double or string) that an e-node may carry next to its
// operator.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_SYMBOL_H
#define EDGE_EGRAPH_SYMBOL_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace edge::egraph {

/// Identifier of an e-class (and of the e-node that created it).
using Id = uint32_t;

/// An interned string. Symbols compare and hash by their integer id, so
/// operators are cheap to store in every e-node. The table is global and
/// thread-safe; ids are assigned in first-intern order, which is deterministic
/// for a deterministic program.
class Symbol {
public:
  /// The empty symbol (id 0, string "").
  Symbol() = default;
  /// Interns `name` and returns its symbol.
  explicit Symbol(llvm::StringRef name);
  /// Same as Symbol(StringRef), spelled as a function for readability.
  static Symbol intern(llvm::StringRef name) { return Symbol(name); }
  /// Rebuilds a symbol from getRawId(); used by hash tables.
  static Symbol fromRawId(uint32_t id) {
    Symbol s;
    s.id = id;
    return s;
  }

  /// Returns the interned string. The reference stays valid forever.
  llvm::StringRef str() const;
  /// Returns the dense integer id of the symbol.
  uint32_t getRawId() const { return id; }
  /// Returns true unless this is the empty symbol.
  bool isValid() const { return id != 0; }
  /// Returns true if the symbol names a pattern variable (starts with '?').
  bool isVariable() const;

  bool operator==(Symbol o) const { return id == o.id; }
  bool operator!=(Symbol o) const { return id != o.id; }
  bool operator<(Symbol o) const { return id < o.id; }

  /// Number of symbols interned so far (an upper bound on raw ids).
  static uint32_t getNumSymbols();

private:
  uint32_t id = 0;
};

/// Optional attribute payload of an e-node: nothing, a 64-bit integer, a
/// double or an (interned) string. Attributes take part in hashing and
/// equality, so `tile[32]` and `tile[64]` are different operators.
class Attr {
public:
  /// Kind of payload held.
  enum class Kind : uint8_t { None, Int, Double, String };

  /// The empty attribute.
  Attr() = default;
  /// Returns an integer attribute.
  static Attr getInt(int64_t v);
  /// Returns a double attribute (compared bitwise, so NaNs are equal to
  /// themselves and -0.0 != 0.0).
  static Attr getDouble(double v);
  /// Returns a string attribute; the string is interned.
  static Attr getString(llvm::StringRef v);

  /// Returns the kind of payload.
  Kind getKind() const { return kind; }
  /// Returns true if there is no payload.
  bool isNone() const { return kind == Kind::None; }
  /// Returns true for Int or Double payloads.
  bool isNumeric() const { return kind == Kind::Int || kind == Kind::Double; }
  /// Returns the integer payload (requires Kind::Int).
  int64_t getInt() const;
  /// Returns the double payload (requires Kind::Double).
  double getDouble() const;
  /// Returns a numeric payload as double (requires isNumeric()).
  double getAsDouble() const;
  /// Returns the string payload (requires Kind::String).
  llvm::StringRef getString() const;
  /// Returns the raw 64 bits used for hashing and ordering.
  uint64_t getRawBits() const { return bits; }

  bool operator==(const Attr &o) const {
    return kind == o.kind && bits == o.bits;
  }
  bool operator!=(const Attr &o) const { return !(*this == o); }
  /// Arbitrary but deterministic total order.
  bool operator<(const Attr &o) const {
    return kind != o.kind ? kind < o.kind : bits < o.bits;
  }

  /// Prints the payload as it appears inside `op[...]` in s-expressions.
  void print(llvm::raw_ostream &os) const;
  /// Returns print() as a string.
  std::string toString() const;

private:
  Kind kind = Kind::None;
  uint64_t bits = 0;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_SYMBOL_H
