//===- ENode.cpp - E-nodes and recursive expressions ----------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements ENode hashing and ordering, and RecExpr with its
// s-expression parser and printer.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/ENode.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>
#include <cstdlib>

using namespace edge::egraph;

//===----------------------------------------------------------------------===//
// ENode
//===----------------------------------------------------------------------===//

/// 64-bit finalizer (from MurmurHash3's fmix64); we hash ourselves instead of
/// using llvm::hash_combine because LLVM may seed that per process, which
/// would make hash-table iteration differ between runs.
static inline uint64_t fmix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

static inline uint64_t combine(uint64_t h, uint64_t v) {
  return (h ^ v) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

unsigned ENode::hash() const {
  uint64_t h = combine(0xcbf29ce484222325ULL, op.getRawId());
  if (!attr.isNone())
    h = combine(combine(h, static_cast<uint64_t>(attr.getKind())),
                attr.getRawBits());
  for (Id c : children)
    h = combine(h, c);
  return static_cast<unsigned>(fmix(h));
}

bool ENode::operator<(const ENode &o) const {
  if (op != o.op)
    return op < o.op;
  if (attr != o.attr)
    return attr < o.attr;
  if (children.size() != o.children.size())
    return children.size() < o.children.size();
  return children < o.children;
}

Symbol edge::egraph::getConstOp() {
  static Symbol sym("const");
  return sym;
}

void ENode::printOp(llvm::raw_ostream &os) const {
  if (op == getConstOp() && attr.isNumeric()) {
    attr.print(os);
    return;
  }
  os << op.str();
  if (!attr.isNone()) {
    os << '[';
    attr.print(os);
    os << ']';
  }
}

//===----------------------------------------------------------------------===//
// RecExpr printing
//===----------------------------------------------------------------------===//

Id RecExpr::add(ENode node) {
  assert(llvm::all_of(node.getChildren(),
                      [&](Id c) { return c < nodes.size(); }) &&
         "children must precede their parent");
  nodes.push_back(std::move(node));
  return static_cast<Id>(nodes.size() - 1);
}

RecExpr RecExpr::getSubExpr(Id root) const {
  // Mark what root reaches (children have smaller indices), then copy those
  // nodes in order, renumbering their children.
  std::vector<bool> reach(root + 1, false);
  reach[root] = true;
  for (Id i = root + 1; i-- > 0;)
    if (reach[i])
      for (Id c : nodes[i].getChildren())
        reach[c] = true;
  std::vector<Id> map(root + 1, ~0u);
  RecExpr out;
  for (Id i = 0; i <= root; ++i) {
    if (!reach[i])
      continue;
    ENode n = nodes[i];
    n.mapChildren([&](Id c) { return map[c]; });
    map[i] = out.add(std::move(n));
  }
  return out;
}

void RecExpr::print(llvm::raw_ostream &os, Id root) const {
  // Iterative so that very deep terms do not overflow the stack.
  struct Frame {
    Id node;
    unsigned next;
  };
  llvm::SmallVector<Frame, 16> stack;
  stack.push_back({root, 0});
  while (!stack.empty()) {
    Frame &f = stack.back();
    const ENode &n = nodes[f.node];
    if (n.isLeaf()) {
      n.printOp(os);
      stack.pop_back();
      continue;
    }
    if (f.next == 0) {
      os << '(';
      n.printOp(os);
    }
    if (f.next == n.getNumChildren()) {
      os << ')';
      stack.pop_back();
      continue;
    }
    os << ' ';
    Id child = n.getChildren()[f.next++];
    stack.push_back({child, 0});
  }
}

std::string RecExpr::toString() const {
  if (nodes.empty())
    return "";
  return toString(getRoot());
}

std::string RecExpr::toString(Id root) const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os, root);
  return s;
}

//===----------------------------------------------------------------------===//
// RecExpr parsing
//===----------------------------------------------------------------------===//

namespace {
/// Recursive-descent s-expression parser producing a hash-consed RecExpr.
class Parser {
public:
  explicit Parser(llvm::StringRef text) : text(text) {}

  llvm::Expected<RecExpr> parseTop() {
    std::optional<Id> root = parseExpr();
    if (!root)
      return error();
    skipSpace();
    if (pos != text.size()) {
      setError("unexpected trailing input");
      return error();
    }
    // Move the root to the end if sharing made it appear earlier (e.g. the
    // root is a subterm already seen); rebuild in topological order.
    if (*root != expr.getRoot())
      return expr.getSubExpr(*root);
    return std::move(expr);
  }

private:
  llvm::Error error() {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "s-expression parse error at offset " +
                                       llvm::Twine(errPos) + ": " + errMsg +
                                       " in '" + text + "'");
  }
  void setError(const llvm::Twine &msg) {
    if (errMsg.empty()) {
      errMsg = msg.str();
      errPos = pos;
    }
  }

  void skipSpace() {
    while (pos < text.size()) {
      char c = text[pos];
      if (c == ';') {
        while (pos < text.size() && text[pos] != '\n')
          ++pos;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                 c == ',') {
        ++pos;
      } else {
        break;
      }
    }
  }

  static bool isDelimiter(char c) {
    return c == '(' || c == ')' || c == '[' || c == ']' || c == ' ' ||
           c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '"' ||
           c == ',';
  }

  llvm::StringRef parseWord() {
    size_t start = pos;
    while (pos < text.size() && !isDelimiter(text[pos]))
      ++pos;
    return text.slice(start, pos);
  }

  /// Parses a number if `word` is one.
  static std::optional<Attr> parseNumber(llvm::StringRef word) {
    if (word.empty())
      return std::nullopt;
    char c0 = word[0];
    bool looksNumeric =
        (c0 >= '0' && c0 <= '9') ||
        ((c0 == '-' || c0 == '+' || c0 == '.') && word.size() > 1 &&
         ((word[1] >= '0' && word[1] <= '9') || word[1] == '.'));
    if (!looksNumeric)
      return std::nullopt;
    int64_t i;
    llvm::StringRef w = word;
    if (w.consume_front("+")) {
    }
    if (!w.getAsInteger(10, i))
      return Attr::getInt(i);
    std::string s = word.str();
    char *end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end && *end == '\0')
      return Attr::getDouble(d);
    return std::nullopt;
  }

  std::optional<Attr> parseAttr() {
    // Called after '['.
    skipSpace();
    Attr a;
    if (pos < text.size() && text[pos] == '"') {
      ++pos;
      std::string s;
      while (pos < text.size() && text[pos] != '"') {
        if (text[pos] == '\\' && pos + 1 < text.size())
          ++pos;
        s.push_back(text[pos++]);
      }
      if (pos >= text.size()) {
        setError("unterminated string");
        return std::nullopt;
      }
      ++pos;
      a = Attr::getString(s);
    } else {
      llvm::StringRef w = parseWord();
      if (w.empty()) {
        setError("empty attribute");
        return std::nullopt;
      }
      if (std::optional<Attr> num = parseNumber(w))
        a = *num;
      else
        a = Attr::getString(w);
    }
    skipSpace();
    if (pos >= text.size() || text[pos] != ']') {
      setError("expected ']'");
      return std::nullopt;
    }
    ++pos;
    return a;
  }

  /// Parses an operator atom: a number, or a name with optional [attr].
  std::optional<ENode> parseAtom() {
    llvm::StringRef w = parseWord();
    if (w.empty()) {
      setError("expected an atom");
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == '[') {
      ++pos;
      std::optional<Attr> a = parseAttr();
      if (!a)
        return std::nullopt;
      return ENode(Symbol(w), *a);
    }
    if (std::optional<Attr> num = parseNumber(w))
      return ENode(getConstOp(), *num);
    return ENode(Symbol(w));
  }

  std::optional<Id> parseExpr() {
    skipSpace();
    if (pos >= text.size()) {
      setError("unexpected end of input");
      return std::nullopt;
    }
    if (text[pos] == ')') {
      setError("unexpected ')'");
      return std::nullopt;
    }
    if (text[pos] != '(') {
      std::optional<ENode> n = parseAtom();
      if (!n)
        return std::nullopt;
      return intern(std::move(*n));
    }
    ++pos;
    skipSpace();
    std::optional<ENode> head = parseAtom();
    if (!head)
      return std::nullopt;
    llvm::SmallVector<Id, 4> children;
    while (true) {
      skipSpace();
      if (pos >= text.size()) {
        setError("missing ')'");
        return std::nullopt;
      }
      if (text[pos] == ')') {
        ++pos;
        break;
      }
      std::optional<Id> child = parseExpr();
      if (!child)
        return std::nullopt;
      children.push_back(*child);
    }
    return intern(ENode(head->getOp(), head->getAttr(), children));
  }

  Id intern(ENode n) {
    auto it = seen.find(n);
    if (it != seen.end())
      return it->second;
    Id id = expr.add(n);
    seen.try_emplace(std::move(n), id);
    return id;
  }

  llvm::StringRef text;
  size_t pos = 0;
  RecExpr expr;
  llvm::DenseMap<ENode, Id> seen;
  std::string errMsg;
  size_t errPos = 0;
};
} // namespace

llvm::Expected<RecExpr> RecExpr::parse(llvm::StringRef text) {
  Parser p(text);
  return p.parseTop();
}
