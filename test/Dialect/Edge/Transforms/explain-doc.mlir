// docs/Derivation.md holds the derivations that explain=markdown prints for
// examples/attention-3pass.mlir; they must stay what the compiler prints.
//
// RUN: edge-opt --fusemax-1pass=explain=markdown %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2> %t.1pass.md
// RUN: python3 %S/Inputs/doc_section.py %edge_src_root/docs/Derivation.md "explain fusemax-1pass" > %t.doc1.md
// RUN: diff %t.doc1.md %t.1pass.md
// RUN: edge-opt --fusemax-2pass=explain=markdown %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2> %t.2pass.md
// RUN: python3 %S/Inputs/doc_section.py %edge_src_root/docs/Derivation.md "explain fusemax-2pass" > %t.doc2.md
// RUN: diff %t.doc2.md %t.2pass.md
