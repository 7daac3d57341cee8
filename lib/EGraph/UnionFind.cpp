//===- UnionFind.cpp - Union-find over e-class ids ------------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements the union-find used by the e-graph.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/UnionFind.h"

#include <cassert>

using namespace edge::egraph;

Id UnionFind::makeSet() {
  Id id = static_cast<Id>(parents.size());
  parents.push_back(id);
  return id;
}

Id UnionFind::findMut(Id id) {
  // Path halving: every visited node skips to its grandparent.
  while (parents[id] != id) {
    Id grand = parents[parents[id]];
    parents[id] = grand;
    id = grand;
  }
  return id;
}

Id UnionFind::unite(Id root, Id other) {
  assert(parents[root] == root && parents[other] == other &&
         "unite expects representatives");
  parents[other] = root;
  return root;
}
