//===- Symbol.cpp - Interned symbols and node attributes ------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements the global symbol table and Attr.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Symbol.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>
#include <cstring>
#include <mutex>
#include <vector>

using namespace edge::egraph;

namespace {
/// The process-wide symbol table. StringMap entries never move, so the
/// StringRefs kept in `names` stay valid; the mutex makes interning safe from
/// passes running in parallel.
struct SymbolTable {
  std::mutex mutex;
  llvm::StringMap<uint32_t> ids;
  std::vector<llvm::StringRef> names;

  SymbolTable() { intern(""); }

  uint32_t intern(llvm::StringRef name) {
    auto [it, inserted] = ids.try_emplace(name, names.size());
    if (inserted)
      names.push_back(it->getKey());
    return it->second;
  }
};

SymbolTable &getTable() {
  static SymbolTable table;
  return table;
}
} // namespace

Symbol::Symbol(llvm::StringRef name) {
  SymbolTable &t = getTable();
  std::lock_guard<std::mutex> lock(t.mutex);
  id = t.intern(name);
}

llvm::StringRef Symbol::str() const {
  SymbolTable &t = getTable();
  std::lock_guard<std::mutex> lock(t.mutex);
  assert(id < t.names.size() && "invalid symbol");
  return t.names[id];
}

bool Symbol::isVariable() const { return str().starts_with("?"); }

uint32_t Symbol::getNumSymbols() {
  SymbolTable &t = getTable();
  std::lock_guard<std::mutex> lock(t.mutex);
  return t.names.size();
}

Attr Attr::getInt(int64_t v) {
  Attr a;
  a.kind = Kind::Int;
  a.bits = static_cast<uint64_t>(v);
  return a;
}

Attr Attr::getDouble(double v) {
  Attr a;
  a.kind = Kind::Double;
  std::memcpy(&a.bits, &v, sizeof(v));
  return a;
}

Attr Attr::getString(llvm::StringRef v) {
  Attr a;
  a.kind = Kind::String;
  a.bits = Symbol(v).getRawId();
  return a;
}

int64_t Attr::getInt() const {
  assert(kind == Kind::Int && "not an integer attribute");
  return static_cast<int64_t>(bits);
}

double Attr::getDouble() const {
  assert(kind == Kind::Double && "not a double attribute");
  double v;
  std::memcpy(&v, &bits, sizeof(v));
  return v;
}

double Attr::getAsDouble() const {
  return kind == Kind::Int ? static_cast<double>(getInt()) : getDouble();
}

llvm::StringRef Attr::getString() const {
  assert(kind == Kind::String && "not a string attribute");
  return Symbol::fromRawId(static_cast<uint32_t>(bits)).str();
}

/// Prints a double so that the parser reads it back as a double (it must
/// contain '.', 'e', "inf" or "nan").
static void printDouble(llvm::raw_ostream &os, double v) {
  char buf[64];
  snprintf(buf, sizeof(buf), "%.17g", v);
  llvm::StringRef s(buf);
  os << s;
  if (s.find_first_of(".eEn") == llvm::StringRef::npos)
    os << ".0";
}

void Attr::print(llvm::raw_ostream &os) const {
  switch (kind) {
  case Kind::None:
    return;
  case Kind::Int:
    os << getInt();
    return;
  case Kind::Double:
    printDouble(os, getDouble());
    return;
  case Kind::String:
    os << '"';
    for (char c : getString()) {
      if (c == '"' || c == '\\')
        os << '\\';
      os << c;
    }
    os << '"';
    return;
  }
}

std::string Attr::toString() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}
