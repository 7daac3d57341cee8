// --fusemax-*pass=explain=...: the derivation as a numbered list of
// identities, each with its equation, the einsums it matched (with their
// locations) and produced, its precondition, and passes and traffic before
// and after; a derivation that stops short ends with the refusals.
//
// RUN: edge-opt --fusemax-1pass=explain=text %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=ONE
// RUN: edge-opt --fusemax-2pass=explain=text %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=TWO
// RUN: edge-opt --fusemax-1pass="explain=text tile=4" %S/Inputs/squared-deviation.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=REFUSE
// RUN: edge-opt --fusemax-1pass="explain=json tile=4" %S/Inputs/squared-deviation.mlir -o /dev/null 2>&1 | python3 %S/Inputs/check_explain_json.py refused
// RUN: edge-opt --fusemax-1pass=explain=json %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | python3 %S/Inputs/check_explain_json.py derived
// RUN: not edge-opt --fusemax-1pass=explain=html %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD
/// Without explain=, nothing is printed.
// RUN: edge-opt --fusemax-1pass %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | count 0

// ONE: derivation of @attention by fusemax-1pass, tile 64: passes 3 -> 1 (goal 1)
// ONE-NEXT: 1. D defer-division (division deferral): Σ_r (N / d) × V = (Σ_r N × V) / d
// ONE-NEXT: matched:  AV ({{.*}}attention-3pass.mlir:25:9)
// ONE-NEXT: produced: SNV, AV
// ONE-NEXT: sound:    the divisor d does not depend on the reduced rank r
// ONE-NEXT: passes 3 -> 2, off-chip bytes 720896 -> 458752
// ONE-NEXT: 2. S split-rank (rank split)
// ONE-NEXT: matched:  QK ({{.*}}), GM ({{.*}}), SN ({{.*}}), SD ({{.*}}), SNV ({{.*}})
// ONE-NEXT: produced: BQK, GM, BSN, SD, SNV
// ONE: 3. S split-reduction
// ONE: 4. S split-reduction
// ONE: 5. S split-reduction
// ONE-NEXT: matched:  GM
// ONE-NEXT: produced: LM, GM
// ONE: 6. O reduce-to-iterate (online rebase, reduce to iterate)
// ONE-NEXT: matched:  BQK ({{.*}}), LM ({{.*}}), GM
// ONE-NEXT: produced: BQK, LM, RM, PRM, SLN, SLD, SPD, RD, SLNV, SPNV, RNV
// ONE-NEXT: sound:    every consumer h of G rebases
// ONE-NEXT: passes 2 -> 1, off-chip bytes 458752 -> 196608
// ONE-NOT: stopped

// TWO: passes 3 -> 2 (goal 2)
// TWO: 6. X exp-rebase (exponent rebase): e^(x − a) = e^(x − b) · e^(b − a)
// TWO-NEXT: matched:  BSN
// TWO-NEXT: produced: SLN, PRM, BSN
// TWO-NEXT: sound:    b is a maximum over a set that contains x
// TWO: 7. D factor-out
// TWO-NOT: stopped

// REFUSE: derivation of @variance_like by fusemax-1pass, tile 4: passes 2 (goal 1)
// REFUSE-NEXT: no identity applied
// REFUSE-NEXT: stopped short of the goal:
// REFUSE-NEXT: - reduce-to-iterate refused on GM ({{.*}}squared-deviation.mlir:5:9): a user of the maximum applies unary operators ('BSQ')

// BAD: error: edge-fusemax: explain must be text, json or markdown, got 'html'

/// Saturation: the proof of the chosen cascade from the e-graph's proof log
/// (each union links the node a rule matched to the node it built).
// RUN: edge-opt --edge-saturate=explain=text %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=SAT
// RUN: not edge-opt --edge-saturate=explain=yaml %edge_src_root/examples/attention-3pass.mlir -o /dev/null 2>&1 | FileCheck %s --check-prefix=SAT-BAD
// SAT: derivation of @attention by edge-saturate, rank m, tile 64: passes 3 -> 1
// SAT: O reduce-to-iterate
// SAT-NEXT: matched:  SNV
// SAT-NEXT: produced: proj[2]
// SAT: O reduce-to-iterate
// SAT-NEXT: matched:  SD ({{.*}}attention-3pass.mlir:19:9)
// SAT-NEXT: produced: proj[1]
// SAT: D defer-division
// SAT-NEXT: matched:  AV ({{.*}}attention-3pass.mlir:25:9)
// SAT-NEXT: produced: AV
// SAT-BAD: error: edge-saturate: explain must be text, json or markdown, got 'yaml'
