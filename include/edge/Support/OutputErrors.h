//===- OutputErrors.h - a failed write of a tool's output is an error -*- C++ -*-===//
//
// A tool's output stream that fails to write (a full disk, /dev/full) ends
// the process from the stream's destructor with "LLVM ERROR: IO failure on
// output stream". The tools print that case as an ordinary error of the
// tool instead and exit with 1; every other fatal error keeps LLVM's
// behaviour (message, crash diagnostics, exit or abort).
//
//===----------------------------------------------------------------------===//

#ifndef EDGE_SUPPORT_OUTPUTERRORS_H
#define EDGE_SUPPORT_OUTPUTERRORS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

namespace edge {

/// Installs the handler for the process; `tool` (a string literal) names the
/// tool in the message.
inline void installOutputErrorHandler(const char *tool) {
  llvm::install_fatal_error_handler(
      [](void *userData, const char *reason, bool genCrashDiag) {
        llvm::StringRef message(reason);
        const char *name = static_cast<const char *>(userData);
        // As LLVM's default: remove the tool's unfinished output files.
        llvm::sys::RunInterruptHandlers();
        // stderr is unbuffered and is not the stream that failed.
        if (message.consume_front("IO failure on output stream: ")) {
          llvm::errs() << name << ": error: cannot write the output: "
                       << message << "\n";
          llvm::sys::Process::Exit(1, /*NoCleanup=*/true);
        }
        llvm::errs() << "LLVM ERROR: " << reason << "\n";
        if (genCrashDiag)
          std::abort();
        llvm::sys::Process::Exit(1, /*NoCleanup=*/true);
      },
      const_cast<char *>(tool));
}

} // namespace edge

#endif // EDGE_SUPPORT_OUTPUTERRORS_H
