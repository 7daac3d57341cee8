# -*- Python -*-
# lit configuration for the gtest unit tests (built under <build>/unittests).
import os

import lit.formats

config.name = "edge-unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.edge_obj_root, "unittests")
config.test_source_root = config.test_exec_root
# Executables named *Tests directly in test_exec_root (build mode ".").
config.test_format = lit.formats.GoogleTest(".", "Tests")

# A sanitizer build (-DEDGE_SANITIZE=...): the options of test/lit.cfg.py.
if config.edge_sanitize:
    import sys
    sys.path.insert(0, os.path.join(config.edge_src_root, "test", "sanitizer"))
    from options import sanitizer_environment
    config.environment.update(sanitizer_environment(config.edge_src_root))
