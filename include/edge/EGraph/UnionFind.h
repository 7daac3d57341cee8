//===- UnionFind.h - Union-find over e-class ids ----------------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines UnionFind, the disjoint-set forest that tracks which
// e-class ids have been merged.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_UNIONFIND_H
#define EDGE_EGRAPH_UNIONFIND_H

#include "edge/EGraph/Symbol.h"

#include <vector>

namespace edge::egraph {

/// Disjoint-set forest over dense ids. The caller decides which root wins a
/// union (the e-graph picks the class with more parents), so there is no
/// union-by-rank here; path compression keeps the trees shallow.
class UnionFind {
public:
  /// Creates a new singleton set and returns its id (ids are 0, 1, 2, ...).
  Id makeSet();
  /// Returns the number of ids created.
  size_t size() const { return parents.size(); }
  /// Returns the representative of `id` without modifying the forest.
  Id find(Id id) const {
    while (parents[id] != id)
      id = parents[id];
    return id;
  }
  /// Returns the representative of `id`, compressing the path on the way.
  Id findMut(Id id);
  /// Makes `root` the parent of `other`; both must be representatives.
  /// Returns `root`.
  Id unite(Id root, Id other);

private:
  std::vector<Id> parents;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_UNIONFIND_H
