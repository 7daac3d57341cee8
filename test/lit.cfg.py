# -*- Python -*-
# lit configuration for the edge regression and integration tests.
import os
import subprocess

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "edge"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".c", ".egg"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.edge_obj_root, "test")
# Unit/ has its own config (GoogleTest format); Inputs/ holds helper files.
config.excludes = ["Inputs", "Unit", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%edge_src_root", config.edge_src_root))
config.substitutions.append(("%edge_obj_root", config.edge_obj_root))
config.substitutions.append(("%mlir_cmake_dir", config.mlir_cmake_dir))
config.substitutions.append(("%edge_build_type", config.edge_build_type))
config.substitutions.append(
    ("%mlir_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")))
config.substitutions.append(
    ("%mlir_c_runner_utils",
     os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")))

# C/C++ compilers for the tests that link compiled cascades (test/Compile).
config.substitutions.append(("%host_cc", config.host_cc))
config.substitutions.append(("%host_cxx", config.host_cxx))
config.substitutions.append(("%mlir_lib_dir", config.mlir_lib_dir))
# The attention benchmark's baselines link OpenBLAS (Debian's libopenblas-dev).
if os.path.exists("/usr/include/x86_64-linux-gnu/openblas-pthread/cblas.h"):
    config.available_features.add("openblas")

# The egglog cross-check runs egglog from PyPI in a virtual environment under
# the build tree, which test/Egglog/setup-venv.sh creates (once). When that
# fails (offline, no venv module), the test is UNSUPPORTED.
egglog_venv = os.path.join(config.edge_obj_root, "egglog-venv")
try:
    subprocess.run(
        [os.path.join(config.edge_src_root, "test", "Egglog", "setup-venv.sh"),
         egglog_venv], check=True, capture_output=True, timeout=600)
    config.available_features.add("egglog")
    config.substitutions.append(
        ("%egglog_python", os.path.join(egglog_venv, "bin", "python")))
except (OSError, subprocess.SubprocessError) as error:
    lit_config.note("the egglog package cannot be installed (%s); "
                    "the egglog cross-check is UNSUPPORTED" % error)

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])

# numpy, for the tests that round-trip .npy files through it (%numpy_python);
# the others read and write .npy with Inputs/npy.py (the standard library
# only). The Python package's venv has numpy; else a python3 on PATH may.
import shutil
import subprocess
for numpy_python in [config.edge_python,
                     shutil.which("python3", path=config.environment.get("PATH"))]:
    if numpy_python and subprocess.run([numpy_python, "-c", "import numpy"],
                                       capture_output=True).returncode == 0:
        config.available_features.add("numpy")
        config.substitutions.append(("%numpy_python", numpy_python))
        break

# The Python package (python/, docs/Python.md), built when CMake could create
# build/python-venv (python/setup-venv.sh); its python runs the pytest files
# of test/Python. Without it they are UNSUPPORTED.
if config.edge_python:
    config.available_features.add("python")
    config.substitutions.append(("%edge_python", config.edge_python))

# A sanitizer build (-DEDGE_SANITIZE=...): leak checking and fatal errors.
if config.edge_sanitize:
    import sys
    sys.path.insert(0, os.path.join(config.edge_src_root, "test", "sanitizer"))
    from options import sanitizer_environment
    config.environment.update(
        sanitizer_environment(config.edge_src_root, config.llvm_tools_dir))
    config.available_features.add("sanitizer")
llvm_config.use_default_substitutions()

tool_dirs = [config.edge_tools_dir, config.llvm_tools_dir]
tools = ["edge-opt", "edge-translate", "mlir-runner", "mlir-opt", "FileCheck", "not", "count",
         ToolSubst("edge-run", unresolved="ignore"),
         ToolSubst("edge-compile", unresolved="ignore"),
         ToolSubst("edge-calibrate", unresolved="ignore"),
         ToolSubst("edge-capi-test", unresolved="ignore")]
llvm_config.add_tool_substitutions(tools, tool_dirs)
