# -*- Python -*-
# The sanitizer runtime options of a -DEDGE_SANITIZE build, shared by the lit
# suites (test/lit.cfg.py, test/Unit/lit.cfg.py) and the fuzz scripts: leak
# checking on, with the suppressions of lsan.supp (leaks inside LLVM only,
# each named there), and every error fatal so that a test fails.
import os


def sanitizer_environment(edge_src_root, llvm_tools_dir="/usr/lib/llvm-22/bin"):
    supp = os.path.join(edge_src_root, "test", "sanitizer", "lsan.supp")
    env = {
        "ASAN_OPTIONS": ":".join([
            "detect_leaks=1",
            "abort_on_error=0",
            "halt_on_error=1",
            "strict_string_checks=1",
            "check_initialization_order=1",
            # LLVM's BumpPtrAllocator poisons its slabs when the including
            # code is built with ASan. Debian's LLVM/MLIR archives are not,
            # and the linker keeps one copy of each inline allocator
            # function: slabs poisoned by our copy are never unpoisoned by
            # theirs (use-after-poison at MLIRContext creation). Manual
            # poisoning is LLVM's own bookkeeping, not a check of edge.
            "allow_user_poisoning=0",
        ]),
        "LSAN_OPTIONS": "suppressions=" + supp + ":print_suppressions=0",
        "UBSAN_OPTIONS": "print_stacktrace=1:halt_on_error=1",
    }
    symbolizer = os.path.join(llvm_tools_dir, "llvm-symbolizer")
    if os.path.exists(symbolizer):
        env["ASAN_SYMBOLIZER_PATH"] = symbolizer
    return env


if __name__ == "__main__":
    # For shell scripts: `eval "$(python3 options.py SRC_ROOT)"`.
    import shlex
    import sys
    for key, value in sanitizer_environment(sys.argv[1]).items():
        print("export %s=%s" % (key, shlex.quote(value)))
