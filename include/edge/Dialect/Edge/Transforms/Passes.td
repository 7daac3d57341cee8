//===- Passes.td - edge cascade rewrites -------------------*- tablegen -*-===//
//
// The algebraic steps that derive FuseMax's 2-pass and 1-pass attention
// cascades from the 3-pass one. Each is a general rewrite with its own
// preconditions (see ../shared/reference/one-pass-algebra.md); none of them
// knows about attention.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_DIALECT_EDGE_TRANSFORMS_PASSES_TD
#define EDGE_DIALECT_EDGE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

class EdgeRewritePass<string flag, string summaryText>
    : Pass<flag, "::edge::CascadeOp"> {
  let summary = summaryText;
  let dependentDialects = ["::edge::EdgeDialect"];
}

def EdgeNormalize : EdgeRewritePass<"edge-normalize",
    "bring equal spellings of an einsum to one normal form"> {
  let description = [{
    Rewrites spellings that compute the same values into one form, so that
    the identities of the derivation see them (both --fusemax-* pipelines
    and --edge-saturate run these patterns first):

    - `map sub(M) apply [exp, u...]` is `map sub_exp(M) apply [u...]`: the
      unary operators apply to the mapped value, so the first exp fuses
      into the subtraction.
    - an exponent fused into its reduction, `map sub_exp(M) ... reduce [r]
      op(union)`, is split into the exponent over the whole iteration space
      and the reduction of that tensor (fission). The exponent's visited
      points are exactly the present points of the new tensor, so the
      reduction folds the same values.

    ```mlir
    // before
    %LSE = edge.einsum "SD" (%X[m, p], %G[p]) -> [p]
             map sub_exp(pass_through) reduce [m] add(union) ...
    // after
    %SN = edge.einsum "SN" (%X[m, p], %G[p]) -> [m, p]
            map sub_exp(pass_through) ...
    %SD = edge.einsum "SD" (%SN[m, p]) -> [p] reduce [m] add(union) ...
    ```
  }];
}

def EdgeDeferDivision : EdgeRewritePass<"edge-defer-division",
    "move a division by a reduction-invariant divisor after the reduction"> {
  let description = [{
    Identity D of the one-pass algebra (FuseMax section IV-D): when
    `A = N / d` (`div(take_right)`) feeds only a sum `T = sum_r A x V...`
    (`mul(isect)`, `add(union)`) and `d` does not depend on any reduced rank,
    then `T = (sum_r N x V...) / d`. The division runs once per output point
    instead of once per reduced point, and the pass over r that waited for d
    disappears.

    Preconditions: N's empty value is 0 (an absent N contributes nothing),
    the other factors are present wherever T visits, A has no other user.

    ```mlir
    // before
    %A = edge.einsum "A" (%SN[m, p], %SD[p]) -> [m, p] map div(take_right) ...
    %AV = edge.einsum "AV" (%A[m, p], %V[f, m]) -> [f, p]
            map mul(isect) reduce [m] add(union) ...
    // after
    %SNV = edge.einsum "SNV" (%SN[m, p], %V[f, m]) -> [f, p]
             map mul(isect) reduce [m] add(union) ...
    %AV = edge.einsum "AV" (%SNV[f, p], %SD[p]) -> [f, p] map div(take_right) ...
    ```
  }];
  let options = [
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark on each candidate the pass refuses, with the reason "
           "(default: false)">
  ];
}

def EdgeSplitRank : EdgeRewritePass<"edge-split-rank",
    "split a rank into tiles through every einsum that iterates it"> {
  let description = [{
    Identity S: rank `rank` (extent M) becomes `outer` x `inner` with
    `rank = outer*tile + inner` in every top-level einsum of the cascade that
    iterates it. Cascade inputs indexed by the rank get an `edge.split`;
    intermediate tensors indexed by it are produced already split; a value
    leaving the split region gets an `edge.unsplit`. When `tile` does not
    divide M, every rewritten einsum gets the filter `outer*tile + inner <= M-1`
    so that the tail points are never visited: the result is exact whatever
    the merge operators.

    ```mlir
    // before                                  // after (tile = 64)
    %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] ...
    //   %BK = edge.split %K dim 1 tile 64
    //   %BQK = edge.einsum "BQK" (%Q[e, p], %BK[e, m1, m0]) -> [m1, m0, p] ...
    ```
  }];
  let options = [
    Option<"rank", "rank", "std::string", "\"m\"",
           "the rank to split (default: m)">,
    Option<"tile", "tile", "int64_t", "64",
           "the tile size, the inner extent (default: 64)">,
    Option<"outer", "outer", "std::string", "\"\"",
           "name of the outer rank (default: <rank>1)">,
    Option<"inner", "inner", "std::string", "\"\"",
           "name of the inner rank (default: <rank>0)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark when the cascade cannot be split, with the reason "
           "(default: false)">
  ];
}

def EdgeSplitReduction : EdgeRewritePass<"edge-split-reduction",
    "split a reduction over outer x inner into a local and a global one"> {
  let description = [{
    Identity S on a reduction: for an associative reduce operator,
    `G = (+)_{outer, inner} X` becomes `L = (+)_{inner} X` (one value per
    tile) and `G = (+)_{outer} L`. The local reduction keeps the outer rank
    as its first output rank. Empty points stay empty: a tile with no present
    point gives an absent L, which the global reduction skips.

    ```mlir
    // before
    %GM = edge.einsum "GM" (%BQK[m1, m0, p]) -> [p] reduce [m1, m0] max(union) ...
    // after
    %LM = edge.einsum "LM" (%BQK[m1, m0, p]) -> [m1, p] reduce [m0] max(union) ...
    %GM = edge.einsum "GM" (%LM[m1, p]) -> [p] reduce [m1] max(union) ...
    ```
  }];
  let options = [
    Option<"outer", "outer", "std::string", "\"m1\"",
           "the outer rank (default: m1)">,
    Option<"inner", "inner", "std::string", "\"m0\"",
           "the inner rank (default: m0)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark on each candidate the pass refuses, with the reason "
           "(default: false)">
  ];
}

def EdgeExpRebase : EdgeRewritePass<"edge-exp-rebase",
    "rebase an exponent from a global maximum to the local one"> {
  let description = [{
    Identity X, then D: when `SN = e^(X - G)` where `G = max_outer L` and
    `L = max_inner X`, then `e^(X - G) = e^(X - L) * e^(L - G)`. The local
    numerator `SLN = e^(X - L)` depends on the tile's own maximum only, and
    the correction `PRM = e^(L - G)` does not depend on the inner rank, so a
    sum over the inner rank that consumes SN takes it as a factor after the
    local sum (distributivity). Every exponent computed is <= 0 (L >= X and
    G >= L), so the rebase is safe in floating point.

    Preconditions: X is present wherever SN visits (so L is finite there);
    G and L are the maxima of the same X.

    ```mlir
    // before
    %SN  = edge.einsum "SN" (%BQK[m1, m0, p], %GM[p]) -> [m1, m0, p] map sub_exp(pass_through)
    %SLD = edge.einsum "SLD" (%SN[m1, m0, p]) -> [m1, p] reduce [m0] add(union)
    %SD  = edge.einsum "SD" (%SLD[m1, p]) -> [p] reduce [m1] add(union)
    // after
    %SLN = edge.einsum "SLN" (%BQK[m1, m0, p], %LM[m1, p]) -> [m1, m0, p] map sub_exp(pass_through)
    %PRM = edge.einsum "PRM" (%LM[m1, p], %GM[p]) -> [m1, p] map sub_exp(pass_through)
    %SLD = edge.einsum "SLD" (%SLN[m1, m0, p]) -> [m1, p] reduce [m0] add(union)
    %SD  = edge.einsum "SD" (%SLD[m1, p], %PRM[m1, p]) -> [p] map mul(isect) reduce [m1] add(union)
    ```
  }];
  let options = [
    Option<"outer", "outer", "std::string", "\"m1\"",
           "the outer rank (default: m1)">,
    Option<"inner", "inner", "std::string", "\"m0\"",
           "the inner rank (default: m0)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark on each candidate the pass refuses, with the reason "
           "(default: false)">
  ];
}

def EdgeReduceToIterate : EdgeRewritePass<"edge-reduce-to-iterate",
    "turn a global max and the sums that wait for it into one iteration"> {
  let description = [{
    Identity O (online rebase) with I (reduce to iterate). Let
    `G = max_r L[r]` and let sums `T = sum_r h(Y[r], G)` wait for it, where
    h reaches G only through `e^(. - G)`, products with G-independent
    factors and sums over other ranks, so that
    `h(y, g') = h(y, g) * e^(g - g')`. Then G and every such T are computed
    by one `edge.iterate` over r with running values
    `RG[r+1] = max(RG[r], L[r])` and
    `RT[r+1] = RT[r] * e^(RG[r] - RG[r+1]) + h(Y[r], RG[r+1])`.
    The einsums that produce L and Y per r move into the iteration, which
    slices their r-indexed inputs: nothing indexed by r is materialized.
    On FuseMax's tiled attention this is Cascade 5 (eqs. 39-56).

    A reader of G that does not iterate r reads the final running maximum
    after the iteration. With `recompute`, a reader of a rescaled value
    outside the chain (one that keeps r, such as the normalized softmax
    `A = SN / SD`) reads that value recomputed after the iteration from the
    final maximum: a standalone softmax becomes 2 passes instead of 3.

    Preconditions: r is not reduced together with another rank in any T;
    G is present everywhere and so is L at r = 0 (otherwise the first
    correction factor is e^(-inf - -inf)); every e^(X - G) visits only points
    where X is present. With `nan-empty-rows` the first condition may fail
    (e.g. a key-padding mask, edge.mask): the correction is then computed
    only where the tile's L is present (`PRM` absent, holding 1, elsewhere),
    so a row is exact whenever it has a present point, and NaN (0 / 0 in the
    final division) when it has none, where the reduction form has an
    empty row.

    ```mlir
    // after, schematically
    %RM, %RD = edge.iterate m1 until m1 >= 4 slices(%bk = %BK[1] : ...)
        init(%rm = %RM0 : ..., %rd = %RD0 : ...) -> (...) {
      %LM  = ... max over m0 of this tile ...
      %RMn = edge.einsum "RM" (%rm[p], %LM[p]) -> [p] map max(union) ...
      %PRM = edge.einsum "PRM" (%rm[p], %RMn[p]) -> [p] map sub_exp(pass_through) ...
      %SPD = edge.einsum "SPD" (%rd[p], %PRM[p]) -> [p] map mul(isect) ...
      %RDn = edge.einsum "RD" (%SLD[p], %SPD[p]) -> [p] map add(union) ...
      edge.yield %RMn, %RDn : ...
    }
    ```
  }];
  let options = [
    Option<"rank", "rank", "std::string", "\"m1\"",
           "the rank to iterate, the outer rank of a split (default: m1)">,
    Option<"recompute", "recompute", "bool", "false",
           "recompute a rescaled value after the iteration, from the final "
           "maximum, for readers outside the chain (e.g. A = SN / SD of a "
           "standalone softmax), instead of refusing (default: false)">,
    Option<"nanEmptyRows", "nan-empty-rows", "bool", "false",
           "also rewrite when the maximum may be absent (a mask or filter "
           "that may leave a row without a point), accepting NaN in such "
           "rows instead of the empty row (0) of the reduction form; the "
           "correction is guarded so every other row is exact "
           "(default: false)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark when a candidate is refused, with the reason "
           "(default: false)">
  ];
}

def EdgeCheckScope : Pass<"edge-check-scope", "::mlir::ModuleOp"> {
  let summary = "Remark on edge ops that the cascade rewrites cannot see";
  let description = [{
    The rewrites and derivations act on the body of each `edge.cascade`. An
    edge op anywhere else (an `edge.einsum` written in a `func.func`, say)
    would be left as it is without a word; this pass, which the FuseMax
    pipelines run first, gives each such op a remark that says so and what
    to do instead. It changes nothing. `edge.call` belongs in functions and
    is not reported.

    ```mlir
    func.func @f(%A: tensor<4xf32>) -> tensor<4xf32> {
      // remark: not rewritten: edge rewrites act on the body of an
      // edge.cascade; move this op into one and call it with edge.call
      %Z = edge.einsum "Z" (%A[i]) -> [i] apply [exp]
             : (tensor<4xf32>) -> tensor<4xf32>
      return %Z : tensor<4xf32>
    }
    ```
  }];
}

def EdgeFuseMax : EdgeRewritePass<"edge-fusemax",
    "derive FuseMax's 2-pass or 1-pass cascade along the ranks that profit"> {
  let description = [{
    The body of the --fusemax-2pass and --fusemax-1pass pipelines: the fixed
    sequence edge-normalize, edge-defer-division, edge-split-rank,
    edge-split-reduction, then edge-exp-rebase (2 passes) or
    edge-reduce-to-iterate (1 pass), along one rank.

    With `rank` empty (the default) the ranks are chosen per cascade: every
    rank that an einsum reduces with max (the key rank of a softmax,
    whatever it is called; `m` for a cascade already split into `m1`, `m0`)
    is tried, and a derivation is kept when it lowers the pass count (max
    passes, then the sum over ranks, as edge-analyze counts them).
    --edge-saturate chooses its rank the same way. A named rank that no
    einsum reduces gets a warning and the cascade is left as it is.
  }];
  let options = [
    Option<"passes", "passes", "int64_t", "1",
           "the derivation: 1 (online, Cascade 5) or 2 (tiled local maxima) "
           "(default: 1)">,
    Option<"rank", "rank", "std::string", "\"\"",
           "the rank to tile (default: empty, every reduced rank that "
           "profits)">,
    Option<"tile", "tile", "int64_t", "64", "the tile size (default: 64)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark for every rewrite that is refused (default: "
           "false)">,
    Option<"nanEmptyRows", "nan-empty-rows", "bool", "false",
           "1 pass also where the maximum may be absent (masked rows), with "
           "NaN in rows that have no point (edge-reduce-to-iterate's "
           "option; default: false)">,
    Option<"explain", "explain", "std::string", "\"\"",
           "print the derivation to stderr as a numbered list of identities: "
           "text, json or markdown (default: empty, none)">
  ];
}

def EdgeSaturate : EdgeRewritePass<"edge-saturate",
    "derive cheaper cascades by equality saturation over sound rewrites"> {
  let description = [{
    Puts the cascade's terms into an e-graph (lib/EGraph), applies small
    sound rules until saturation or a limit (defer-division, split-rank,
    split-cancel, split-reduction, exp-rebase, factor-out, product-fusion,
    reduce-to-iterate; each one identity of the one-pass algebra with the
    preconditions of the matching rewrite pass), then extracts candidate
    cascades, scores them with the cascade analysis and keeps the best by
    `objective` (default: passes over the primary rank, then off-chip
    traffic, then FLOPs), among those with at most `max-passes` passes.
    Hitting a limit keeps the best cascade found so far and emits a remark.
    `rules=` runs only the named rules, and `objective=rewritten` extracts
    the candidate that uses the fewest e-nodes of the input and then the
    most e-nodes created by rules, so that each rule can be tested on its
    own (test/Integration/saturate-rules.mlir). See docs/Saturation.md.

    ```mlir
    // before: FuseMax's 3-pass attention (examples/attention-3pass.mlir)
    %QK = edge.einsum "QK" (%Q[e, p], %K[e, m]) -> [m, p] ...
    %GM = edge.einsum "GM" (%QK[m, p]) -> [p] reduce [m] max(union) ...
    ...
    // after --edge-saturate: one pass (Cascade 5)
    %BK = edge.split %K dim 1 tile 64 ...
    %r:3 = edge.iterate m1 until m1 >= 4 slices(...) init(...) { ... }
    %AV = edge.einsum "AV" (%r#2[f, p], %r#1[p]) -> [f, p] map div(take_right) ...
    ```
  }];
  let options = [
    Option<"objective", "objective", "std::string", "\"passes\"",
           "what extraction minimizes first: passes, traffic or flops; "
           "time: the estimated time on `target` (docs/CostModel.md); "
           "rewritten (for testing rules): the fewest input e-nodes, then "
           "the most e-nodes created by rules (default: passes)">,
    Option<"target", "target", "std::string", "\"\"",
           "target file (edge-calibrate's JSON) that objective=time "
           "estimates for (default: empty, the host with default speeds)">,
    Option<"threads", "threads", "int64_t", "0",
           "threads objective=time assumes (default: 0, the target's "
           "cores)">,
    ListOption<"rules", "rules", "std::string",
               "comma-separated rules to run (default: all): defer-division, "
               "split-rank, split-cancel, split-reduction, exp-rebase, "
               "factor-out, product-fusion, reduce-to-iterate">,
    Option<"maxPasses", "max-passes", "int64_t", "0",
           "only choose cascades with at most this many passes (0: any) "
           "(default: 0)">,
    Option<"maxNodes", "max-nodes", "int64_t", "10000",
           "stop saturating a sub-cascade after this many e-nodes "
           "(default: 10000)">,
    Option<"maxIters", "max-iters", "int64_t", "30",
           "stop saturating a sub-cascade after this many iterations "
           "(default: 30)">,
    Option<"timeoutMs", "timeout-ms", "int64_t", "1000",
           "end the whole run, saturation and extraction, within this many "
           "milliseconds, keeping the best cascade found (default: 1000)">,
    Option<"partition", "partition", "bool", "true",
           "saturate each sub-cascade between cut points (e.g. stacked "
           "attention layers) on its own (default: true)">,
    Option<"rank", "rank", "std::string", "\"\"",
           "the rank the split rules tile (pieces <rank>1, <rank>0) "
           "(default: empty, the first rank that an einsum reduces with max, "
           "as edge-fusemax chooses)">,
    Option<"tile", "tile", "int64_t", "64",
           "the tile size of the split rules (default: 64)">,
    ListOption<"tiles", "tiles", "int64_t",
               "tile sizes that objective=time chooses among: the cascade "
               "is saturated once per size and the fastest estimate kept "
               "(default: empty, only `tile`)">,
    Option<"remarks", "remarks", "bool", "false",
           "emit a remark with the saturation summary (default: false)">,
    Option<"dumpEGraph", "dump-egraph", "bool", "false",
           "print the saturated e-graph to stderr, one line per e-class "
           "(default: false)">,
    Option<"explain", "explain", "std::string", "\"\"",
           "print the proof of the chosen cascade to stderr: the rule "
           "applications and congruences from the input's terms to the "
           "chosen ones, as text, json or markdown (default: empty, none)">
  ];
  let statistics = [
    Statistic<"numENodes", "e-nodes", "e-nodes after saturation">,
    Statistic<"numEClasses", "e-classes", "e-classes after saturation">,
    Statistic<"numIterations", "iterations", "saturation iterations">,
    Statistic<"numRulesApplied", "rules-applied",
              "rule applications that added an equality">,
    Statistic<"stopReason", "stop-reason",
              "why saturation stopped: 0 saturated, 1 iteration limit, "
              "2 node limit, 3 time limit, 4 hook">,
    Statistic<"timeUs", "time-us", "microseconds saturating and extracting">,
    Statistic<"numPieces", "pieces", "sub-cascades saturated one by one">,
    Statistic<"numCandidates", "candidates",
              "candidate cascades extracted and scored">,
    Statistic<"chosenPasses", "chosen-passes",
              "passes over the primary rank of the result">
  ];
}

#endif // EDGE_DIALECT_EDGE_TRANSFORMS_PASSES_TD
