//===- Runner.h - Equality saturation driver --------------------*- C++ -*-===//
//
// Part of the edge project.
//
//===----------------------------------------------------------------------===//
//
// This file defines Runner, which alternates search / apply / rebuild until
// saturation or a limit, the rule schedulers (simple and egg-style backoff),
// and the per-iteration statistics and stop reason it reports.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_EGRAPH_RUNNER_H
#define EDGE_EGRAPH_RUNNER_H

#include "edge/EGraph/Rewrite.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace edge::egraph {

/// Why a run stopped.
enum class StopReason {
  /// An iteration changed nothing and the scheduler had no banned rules.
  Saturated,
  /// The iteration limit was reached.
  IterationLimit,
  /// The e-node limit was reached (possibly in the middle of an iteration).
  NodeLimit,
  /// The wall-time limit was reached.
  TimeLimit,
  /// A user hook asked to stop.
  Hook,
};

/// Returns a short name for `reason` ("saturated", "node-limit", ...).
llvm::StringRef stopReasonToString(StopReason reason);

/// Statistics of one iteration.
struct IterationStats {
  unsigned index = 0;
  /// Sizes after the iteration's rebuild.
  size_t numNodes = 0;
  size_t numClasses = 0;
  /// Matches found by non-banned rules.
  size_t numMatches = 0;
  /// Unions performed by appliers that changed the graph.
  size_t numApplied = 0;
  /// Unions performed by rebuilding (congruence and analyses).
  size_t numRebuildUnions = 0;
  /// Rules banned by the scheduler during this iteration.
  unsigned numBanned = 0;
  double searchMs = 0, applyMs = 0, rebuildMs = 0;
};

/// Result of Runner::run.
struct RunReport {
  StopReason stopReason = StopReason::Saturated;
  std::vector<IterationStats> iterations;
  size_t numNodes = 0;
  size_t numClasses = 0;
  double totalMs = 0;
  /// Unions that changed the graph, per rule name, over all iterations.
  std::map<std::string, size_t> appliedPerRule;
  /// Prints a one-line summary and the per-iteration table.
  void print(llvm::raw_ostream &os) const;
  /// Returns print() as a string.
  std::string toString() const;
};

/// Decides which rules are searched each iteration and with what limit.
class Scheduler {
public:
  virtual ~Scheduler();
  /// Called once per run before the first iteration with the number of rules.
  virtual void reset(size_t numRules) {}
  /// Searches rule `ruleIndex` in iteration `iteration`, filling `out`
  /// (cleared by the caller). Returns false if the rule was banned or its
  /// matches discarded.
  virtual bool searchRewrite(unsigned iteration, const EGraph &graph,
                             const Rewrite &rule, size_t ruleIndex,
                             MatchSet &out) = 0;
  /// Called when an iteration changed nothing. Returns true if the run may
  /// stop as saturated; a backoff scheduler instead un-bans rules and returns
  /// false.
  virtual bool canStop(unsigned iteration) { return true; }
};

/// Searches every rule every iteration, without limits.
class SimpleScheduler : public Scheduler {
public:
  bool searchRewrite(unsigned iteration, const EGraph &graph,
                     const Rewrite &rule, size_t ruleIndex,
                     MatchSet &out) override;
};

/// Egg-style exponential backoff: a rule producing more than
/// `matchLimit << timesBanned` matches is banned for
/// `banLength << timesBanned` iterations and its matches are dropped. When
/// the graph stops changing, bans are fast-forwarded instead of stopping.
class BackoffScheduler : public Scheduler {
public:
  /// Creates a scheduler with egg's defaults (1000 matches, 5 iterations).
  explicit BackoffScheduler(size_t matchLimit = 1000, unsigned banLength = 5)
      : matchLimit(matchLimit), banLength(banLength) {}
  void reset(size_t numRules) override;
  bool searchRewrite(unsigned iteration, const EGraph &graph,
                     const Rewrite &rule, size_t ruleIndex,
                     MatchSet &out) override;
  bool canStop(unsigned iteration) override;
  /// Returns how many times rule `ruleIndex` has been banned.
  unsigned getTimesBanned(size_t ruleIndex) const {
    return stats[ruleIndex].timesBanned;
  }

private:
  struct RuleStats {
    unsigned timesBanned = 0;
    unsigned bannedUntil = 0;
  };
  size_t matchLimit;
  unsigned banLength;
  std::vector<RuleStats> stats;
};

/// Runs equality saturation on an e-graph it does not own:
///   Runner r(g); r.setNodeLimit(1e5);
///   RunReport rep = r.run(rules);
/// The graph is always left rebuilt, so extraction works whatever the stop
/// reason.
class Runner {
public:
  /// Creates a runner for `graph` with a BackoffScheduler and egg's default
  /// limits (30 iterations, 10000 nodes, 5 seconds).
  explicit Runner(EGraph &graph);
  ~Runner();

  /// Sets the maximum number of iterations.
  Runner &setIterationLimit(unsigned limit) {
    iterLimit = limit;
    return *this;
  }
  /// Sets the maximum number of e-nodes (EGraph::getNumNodesAdded()).
  Runner &setNodeLimit(size_t limit) {
    nodeLimit = limit;
    return *this;
  }
  /// Sets the wall-time limit in seconds.
  Runner &setTimeLimit(double seconds) {
    timeLimitSeconds = seconds;
    return *this;
  }
  /// Replaces the scheduler.
  Runner &setScheduler(std::unique_ptr<Scheduler> s) {
    scheduler = std::move(s);
    return *this;
  }
  /// Adds a hook run after every iteration; returning false stops the run
  /// with StopReason::Hook.
  Runner &addHook(std::function<bool(const Runner &)> hook) {
    hooks.push_back(std::move(hook));
    return *this;
  }

  /// Runs the rules until saturation or a limit. Can be called again to
  /// continue (limits apply per call).
  const RunReport &run(llvm::ArrayRef<Rewrite> rules);
  /// Same, for rules held elsewhere.
  const RunReport &run(llvm::ArrayRef<const Rewrite *> rules);

  /// Returns the e-graph.
  EGraph &getEGraph() const { return graph; }
  /// Returns the report of the last run.
  const RunReport &getReport() const { return report; }

private:
  EGraph &graph;
  std::unique_ptr<Scheduler> scheduler;
  std::vector<std::function<bool(const Runner &)>> hooks;
  unsigned iterLimit = 30;
  size_t nodeLimit = 10000;
  double timeLimitSeconds = 5.0;
  RunReport report;
};

} // namespace edge::egraph

#endif // EDGE_EGRAPH_RUNNER_H
