//===- MathRules.h - egg's arithmetic rule set ------------------*- C++ -*-===//
//
// The arithmetic rules of egg's math test suite (without calculus), as a
// standard workload for the unit tests and the benchmark.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_MATHRULES_H
#define EDGE_EGRAPH_MATHRULES_H

#include "edge/EGraph/Analysis.h"
#include "edge/EGraph/Rewrite.h"

#include <vector>

namespace edge::egraph {

/// Commutativity, associativity, canonicalization of - and /, identities,
/// cancellation (guarded by `cf`: nothing is divided by a known zero),
/// distribution and factoring, and powers. The rules never saturate on
/// nontrivial inputs, so runs need limits.
std::vector<Rewrite> getMathRules(const ConstantFolding &cf);

} // namespace edge::egraph

#endif // EDGE_EGRAPH_MATHRULES_H
