# Debian's static MLIRExecutionEngine names libMLIR.so as a dependency: a
# second copy of MLIR beside the static MLIR libraries that edge links,
# with TypeIDs of its own. Where the two copies meet (the Python extension,
# a shared library; a client of the C API, which links the execution
# library), ops fail their trait checks and patterns do not match. Keep the
# static MLIR and LLVM's dylib only. Included by edge's CMakeLists.txt and
# by its CMake package (edgeConfig.cmake), after find_package(MLIR).
if(TARGET MLIRExecutionEngine)
  get_target_property(edgeEngineLibs MLIRExecutionEngine INTERFACE_LINK_LIBRARIES)
  if(edgeEngineLibs)
    list(REMOVE_ITEM edgeEngineLibs MLIR)
    set_target_properties(MLIRExecutionEngine PROPERTIES
      INTERFACE_LINK_LIBRARIES "${edgeEngineLibs}")
  endif()
endif()
