//===- Passes.td - passes that write cascades in other forms -*- tablegen -*-===//
//
// Passes that write edge cascades in the languages of other tools.
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_TARGET_PASSES_TD
#define EDGE_TARGET_PASSES_TD

include "mlir/Pass/PassBase.td"

def EdgeExportEgglog : Pass<"edge-export-egglog", "mlir::ModuleOp"> {
  let summary = "write every cascade as an egglog program";
  let description = [{
    Writes the module's cascades as an egglog program (docs/Egglog.md): the
    datatypes of the edge dialect (index expressions, operators, einsums,
    splits, fills, iterations, cascades), each cascade as `let` bindings,
    one per value, and the rules of `--edge-saturate` that egglog can state,
    as the ruleset `edge-rules`. Rules that need facts egglog cannot see are
    comments that say which fact. The IR is not changed;
    `edge-translate --edge-import-egglog` reads the program back.
    ```
    $ edge-opt --edge-export-egglog examples/attention-3pass.mlir -o /dev/null
    (datatype Index (RankVar String) (IndexConst i64) ...)
    ...
    (let $attention.QK (Einsum (Named "QK") (NameCons "e" ...) ...))
    ...
    (let $attention (Cascade "attention" ...))
    ```
  }];
  let options = [
    Option<"withSchema", "schema", "bool", /*default=*/"true",
           "write the datatypes">,
    Option<"withRules", "rules", "bool", /*default=*/"true",
           "write the ruleset `edge-rules`">,
    Option<"output", "output", "std::string", /*default=*/"\"-\"",
           "file to write the program to (`-`: standard output)">,
  ];
}

#endif // EDGE_TARGET_PASSES_TD
