//===- Runner.cpp - Equality saturation driver ----------------------------===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file implements the saturation loop, its limits and stop reasons, and
// the simple and backoff schedulers.
//
//===----------------------------------------------------------------------===//

#include "edge/EGraph/Runner.h"
#include "edge/EGraph/EGraph.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <optional>

using namespace edge::egraph;

llvm::StringRef edge::egraph::stopReasonToString(StopReason reason) {
  switch (reason) {
  case StopReason::Saturated:
    return "saturated";
  case StopReason::IterationLimit:
    return "iteration-limit";
  case StopReason::NodeLimit:
    return "node-limit";
  case StopReason::TimeLimit:
    return "time-limit";
  case StopReason::Hook:
    return "hook";
  }
  return "unknown";
}

void RunReport::print(llvm::raw_ostream &os) const {
  os << "stopped: " << stopReasonToString(stopReason) << " after "
     << iterations.size() << " iterations, " << numNodes << " e-nodes, "
     << numClasses << " e-classes, " << llvm::format("%.2f", totalMs)
     << " ms\n";
  os << "| iter | e-nodes | e-classes | matches | applied | rebuild unions | "
        "banned | search ms | apply ms | rebuild ms |\n";
  os << "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const IterationStats &s : iterations)
    os << "| " << s.index << " | " << s.numNodes << " | " << s.numClasses
       << " | " << s.numMatches << " | " << s.numApplied << " | "
       << s.numRebuildUnions << " | " << s.numBanned << " | "
       << llvm::format("%.2f", s.searchMs) << " | "
       << llvm::format("%.2f", s.applyMs) << " | "
       << llvm::format("%.2f", s.rebuildMs) << " |\n";
}

std::string RunReport::toString() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return s;
}

//===----------------------------------------------------------------------===//
// Schedulers
//===----------------------------------------------------------------------===//

Scheduler::~Scheduler() = default;

bool SimpleScheduler::searchRewrite(unsigned, const EGraph &graph,
                                    const Rewrite &rule, size_t,
                                    MatchSet &out) {
  rule.search(graph, out);
  return true;
}

void BackoffScheduler::reset(size_t numRules) {
  stats.assign(numRules, RuleStats());
}

bool BackoffScheduler::searchRewrite(unsigned iteration, const EGraph &graph,
                                     const Rewrite &rule, size_t ruleIndex,
                                     MatchSet &out) {
  if (stats.size() <= ruleIndex)
    stats.resize(ruleIndex + 1);
  RuleStats &s = stats[ruleIndex];
  if (iteration < s.bannedUntil)
    return false;
  // Saturating shifts: a rule banned many times gets (practically) no limit.
  size_t threshold =
      s.timesBanned >= 40 ? SIZE_MAX : matchLimit << s.timesBanned;
  rule.search(graph, out, threshold);
  if (out.size() <= threshold)
    return true;
  unsigned length = s.timesBanned >= 20 ? (1u << 30) : banLength << s.timesBanned;
  ++s.timesBanned;
  s.bannedUntil = iteration + length;
  out.clear();
  return false;
}

bool BackoffScheduler::canStop(unsigned iteration) {
  // Nothing changed. If rules are banned, skip ahead to the end of the
  // shortest ban instead of declaring saturation: they might still fire.
  unsigned minLeft = ~0u;
  for (const RuleStats &s : stats)
    if (s.bannedUntil > iteration)
      minLeft = std::min(minLeft, s.bannedUntil - iteration);
  if (minLeft == ~0u)
    return true;
  for (RuleStats &s : stats)
    if (s.bannedUntil > iteration)
      s.bannedUntil -= minLeft;
  return false;
}

//===----------------------------------------------------------------------===//
// Runner
//===----------------------------------------------------------------------===//

Runner::Runner(EGraph &graph)
    : graph(graph), scheduler(std::make_unique<BackoffScheduler>()) {}

Runner::~Runner() = default;

const RunReport &Runner::run(llvm::ArrayRef<Rewrite> rules) {
  llvm::SmallVector<const Rewrite *, 32> ptrs;
  for (const Rewrite &r : rules)
    ptrs.push_back(&r);
  return run(ptrs);
}

const RunReport &Runner::run(llvm::ArrayRef<const Rewrite *> rules) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  auto msSince = [](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  };
  double timeLimitMs = timeLimitSeconds * 1000.0;
  auto overTime = [&] { return msSince(start) > timeLimitMs; };
  auto overNodes = [&] { return graph.getNumNodesAdded() > nodeLimit; };

  report = RunReport();
  if (!graph.isClean())
    graph.rebuild();
  scheduler->reset(rules.size());
  std::vector<MatchSet> matches(rules.size());
  std::optional<StopReason> stop;

  // The node and time limits, checked between steps.
  auto limitReached = [&]() -> std::optional<StopReason> {
    if (overNodes())
      return StopReason::NodeLimit;
    if (overTime())
      return StopReason::TimeLimit;
    return std::nullopt;
  };
  for (unsigned iter = 0; !stop; ++iter) {
    if (iter >= iterLimit) {
      stop = StopReason::IterationLimit;
      break;
    }
    if ((stop = limitReached()))
      break;

    IterationStats st;
    st.index = iter;
    size_t nodesBefore = graph.getNumNodesAdded();
    size_t classesBefore = graph.getNumClasses();

    // Search every rule against the same (rebuilt) graph, then apply.
    auto t0 = Clock::now();
    for (size_t i = 0; i < rules.size(); ++i) {
      matches[i].reset(rules[i]->getSearcher().getVars());
      if (!scheduler->searchRewrite(iter, graph, *rules[i], i, matches[i])) {
        matches[i].clear();
        ++st.numBanned;
      }
      st.numMatches += matches[i].size();
      if (overTime()) {
        stop = StopReason::TimeLimit;
        break;
      }
    }
    st.searchMs = msSince(t0);

    auto t1 = Clock::now();
    if (!stop) {
      auto shouldStop = [&] { return overNodes() || overTime(); };
      for (size_t i = 0; i < rules.size(); ++i) {
        unsigned applied = rules[i]->apply(graph, matches[i], shouldStop);
        st.numApplied += applied;
        if (applied)
          report.appliedPerRule[rules[i]->getName().str()] += applied;
        if ((stop = limitReached()))
          break;
      }
    }
    st.applyMs = msSince(t1);

    // Always rebuild, so the graph is consistent for extraction even when a
    // limit interrupted the apply phase.
    auto t2 = Clock::now();
    st.numRebuildUnions = graph.rebuild();
    st.rebuildMs = msSince(t2);
    st.numNodes = graph.getNumNodes();
    st.numClasses = graph.getNumClasses();
    report.iterations.push_back(st);

    if (stop)
      break;
    bool changed = st.numApplied != 0 || st.numRebuildUnions != 0 ||
                   graph.getNumNodesAdded() != nodesBefore ||
                   graph.getNumClasses() != classesBefore;
    if (!changed && scheduler->canStop(iter)) {
      stop = StopReason::Saturated;
      break;
    }
    for (auto &hook : hooks) {
      if (!hook(*this)) {
        stop = StopReason::Hook;
        break;
      }
    }
  }

  report.stopReason = *stop;
  report.numNodes = graph.getNumNodes();
  report.numClasses = graph.getNumClasses();
  report.totalMs = msSince(start);
  return report;
}
