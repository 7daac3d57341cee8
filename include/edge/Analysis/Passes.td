//===- Passes.td - edge analysis passes --------------------*- tablegen -*-===//
//
// Passes that report the cost model of edge cascades (docs/Analysis.md).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_ANALYSIS_PASSES_TD
#define EDGE_ANALYSIS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EdgeAnalyze : Pass<"edge-analyze", "mlir::ModuleOp"> {
  let summary = "print passes, off-chip traffic, footprint and FLOPs of every "
                "cascade";
  let description = [{
    Runs the cascade cost model (`edge::analyzeCascade`, see
    docs/Analysis.md) on every `edge.cascade` of the module and prints, per
    cascade, the number of passes over every reduced root rank, each
    intermediate's size, storage (on-chip, off-chip or view) and off-chip
    bytes written and read, the peak live footprint and the FLOPs by
    operator. The IR is not changed.

    For the 3-pass attention cascade (`examples/attention-3pass.mlir`):

    ```
    $ edge-opt --edge-analyze examples/attention-3pass.mlir -o /dev/null
    cascade @attention
      passes over e: 1
      passes over m: 3
      max passes: 3 (over m)
      ...
    ```

    `format=json` prints `{"cascades": [...]}` with one object per cascade
    instead. With `target=FILE` (a target file of `edge-calibrate`, or
    `host`), the report adds the time estimate and its terms per einsum
    (docs/CostModel.md). A cascade with run-time sizes (`?`) is analyzed
    for the sizes of `dims=M=1000` (1024 when not given), and its FLOPs are
    also printed as expressions of the sizes (docs/Analysis.md, Run-time
    sizes). A cascade the model cannot analyze (foreign ops) gets an error
    at the offending op and the pass fails.
  }];
  let options = [
    Option<"format", "format", "std::string", /*default=*/"\"table\"",
           "output format: `table` (readable) or `json`">,
    Option<"onChipBytes", "on-chip-bytes", "int64_t", /*default=*/"1048576",
           "on-chip buffer in bytes; larger intermediates go off-chip">,
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "file to write the report to (`-`: standard output)">,
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "target file (edge-calibrate's JSON) for the time estimate; "
           "`host`: the host with default speeds (default: empty, no "
           "estimate)">,
    Option<"threads", "threads", "int64_t", /*default=*/"0",
           "threads the time estimate assumes (0: the target's cores)">,
    Option<"sizes", "dims", "std::string", /*default=*/"\"\"",
           "values of the run-time sizes, `M=1000,P=64` (a size not given "
           "is 1024)">,
  ];
}

def EdgeDot : Pass<"edge-dot", "mlir::ModuleOp"> {
  let summary = "print the dataflow of every cascade as a Graphviz digraph";
  let description = [{
    Writes one `digraph` per `edge.cascade`: einsum nodes labelled in EDGE
    notation (`GM[p] = QK[m,p] :: \/_m max(union)`), split, unsplit and fill
    nodes, inputs and outputs as ellipses, edges labelled with the tensor and
    its root ranks (`QK[m,p]`), one filled cluster per pass over the
    cascade's primary rank and a dashed cluster per `edge.iterate`, whose
    loop-carried edges are dashed. The IR is not changed.

    ```
    $ edge-opt --edge-dot examples/attention-3pass.mlir -o /dev/null > a.dot
    $ dot -Tsvg a.dot -o a.svg
    ```
  }];
  let options = [
    Option<"cascadeName", "cascade", "std::string", /*default=*/"\"\"",
           "only the cascade with this symbol name (default: all)">,
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "file to write the graphs to (`-`: standard output)">,
  ];
}

#endif // EDGE_ANALYSIS_PASSES_TD
