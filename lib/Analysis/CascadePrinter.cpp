//===- CascadePrinter.cpp - table and JSON views of a cascade cost ---------===//
//
// This file implements the readable table and the JSON object that
// `--edge-analyze` prints for every cascade. Both show the same numbers; the
// JSON schema is documented in docs/Analysis.md.
//
//===----------------------------------------------------------------------===//

#include "edge/Analysis/CascadeAnalysis.h"

#include "mlir/IR/Operation.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace edge;

/// `[m,p]`.
static std::string rankList(ArrayRef<std::string> ranks) {
  return "[" + llvm::join(ranks, ",") + "]";
}

/// `add=10 mul=20` in operator-name order.
static std::string flopList(const std::map<std::string, int64_t> &flops) {
  SmallVector<std::string> parts;
  for (const auto &[kind, count] : flops)
    parts.push_back(kind + "=" + std::to_string(count));
  return parts.empty() ? std::string("-") : llvm::join(parts, " ");
}

void edge::printCascadeCostTable(const CascadeCost &cost,
                                 llvm::raw_ostream &os) {
  os << "cascade @" << cost.name << "\n";
  for (const auto &[rank, passes] : cost.passes)
    os << "  passes over " << rank << ": " << passes << "\n";
  os << "  max passes: " << cost.maxPasses;
  if (!cost.primaryRank.empty())
    os << " (over " << cost.primaryRank << ")";
  os << "\n";
  os << "  on-chip buffer: " << cost.onChipBytes << " bytes\n";
  if (!cost.sizes.empty()) {
    os << "  sizes:";
    for (const SizeValue &size : cost.sizes)
      os << " " << size.name << " = " << size.value
         << (size.given ? "" : " (default)");
    os << "\n  flops: " << cost.totalFlopsExpression << "\n";
    os << "  input and output bytes: " << cost.ioBytesExpression << "\n";
    os << "  the numbers below are for these sizes\n";
  }

  // Tensors.
  size_t nameWidth = 6, rankWidth = 5;
  for (const TensorCost &t : cost.tensors) {
    nameWidth = std::max(nameWidth, t.name.size());
    rankWidth = std::max(rankWidth, rankList(t.ranks).size());
  }
  for (const EinsumCost &e : cost.einsums)
    nameWidth = std::max(nameWidth, e.name.size());
  auto pad = [](StringRef s, size_t width) {
    return (s + std::string(width > s.size() ? width - s.size() : 0, ' '))
        .str();
  };
  os << "  " << pad("tensor", nameWidth) << "  " << pad("kind", 7) << "  "
     << pad("ranks", rankWidth) << "  pass  "
     << llvm::formatv("{0,10}  {1,-8}  {2,10}  {3,10}  {4,5}", "bytes",
                      "storage", "written", "read", "trips")
     << "\n";
  for (const TensorCost &t : cost.tensors) {
    StringRef storage = t.isView      ? "view"
                        : t.offChip   ? "off-chip"
                                      : "on-chip";
    std::string pass = t.pass ? std::to_string(t.pass) : std::string("-");
    os << "  " << pad(t.name, nameWidth) << "  " << pad(t.kind, 7) << "  "
       << pad(rankList(t.ranks), rankWidth) << "  " << pad(pass, 4) << "  "
       << llvm::formatv("{0,10}  {1,-8}  {2,10}  {3,10}  {4,5}", t.bytes,
                        storage, t.bytesWritten, t.bytesRead, t.trips)
       << (t.isOutput ? "  output" : "") << "\n";
  }

  // Einsums.
  os << "  " << pad("einsum", nameWidth) << "  pass  "
     << llvm::formatv("{0,12}", "points") << "  flops\n";
  for (const EinsumCost &e : cost.einsums)
    os << "  " << pad(e.name, nameWidth) << "  " << pad(std::to_string(e.pass), 4)
       << "  " << llvm::formatv("{0,12}", e.points) << "  "
       << flopList(e.flops)
       << (e.flopsExpression.empty() ? "" : "  = " + e.flopsExpression)
       << "\n";

  os << "  off-chip bytes: read " << cost.offChipBytesRead << ", written "
     << cost.offChipBytesWritten << ", total " << cost.offChipBytes() << "\n";
  os << "  peak footprint: " << cost.peakFootprintBytes << " bytes\n";
  os << "  flops: " << flopList(cost.flops) << "; total " << cost.totalFlops
     << "\n";
  if (!cost.time)
    return;

  // The time estimate (docs/CostModel.md).
  const TimeEstimate &time = *cost.time;
  auto ms = [](double seconds) { return llvm::formatv("{0:F4}", seconds * 1e3); };
  os << "  time on " << time.cpu << " (speeds: " << time.speedSource << "), "
     << time.threads << " threads, " << time.blocks << " blocks over ["
     << llvm::join(time.independentRanks, ",") << "], speed-up "
     << llvm::formatv("{0:F1}", time.speedup) << ", block footprint "
     << time.blockFootprintBytes << " bytes\n";
  os << "  " << pad("einsum", nameWidth) << "  "
     << llvm::formatv("{0,12}  {1,-5}  {2,-20}  {3,6}  {4,6}  {5,10}  {6,10}  "
                      "{7,10}  {8,10}",
                      "bytes", "level", "class", "run%", "guard%",
                      "compute ms", "memory ms", "fresh ms", "ms")
     << "\n";
  for (const EinsumTime &e : time.einsums)
    os << "  " << pad(e.name, nameWidth) << "  "
       << llvm::formatv("{0,12}  {1,-5}  {2,-20}  {3,6:F1}  {4,6:F1}  {5,10}  "
                        "{6,10}  {7,10}  {8,10}",
                        e.bytes, e.level, e.codeClass,
                        100 * (e.unguardedShare + e.guardedShare),
                        100 * e.guardedShare, ms(e.computeSeconds),
                        ms(e.memorySeconds),
                        ms(e.freshSeconds), ms(e.seconds))
       << "\n";
  os << "  estimated time: " << ms(time.seconds) << " ms (compute "
     << ms(time.computeSeconds) << " ms, memory " << ms(time.memorySeconds)
     << " ms, fresh pages " << ms(time.freshSeconds)
     << " ms, before the speed-up)\n";
}

llvm::json::Value edge::cascadeCostToJson(const CascadeCost &cost) {
  auto flopsObject = [](const std::map<std::string, int64_t> &flops) {
    llvm::json::Object object;
    for (const auto &[kind, count] : flops)
      object[kind] = count;
    return object;
  };
  llvm::json::Object passes;
  for (const auto &[rank, count] : cost.passes)
    passes[rank] = count;
  llvm::json::Array tensors;
  for (const TensorCost &t : cost.tensors)
    tensors.push_back(llvm::json::Object{
        {"name", t.name},
        {"kind", t.kind},
        {"ranks", llvm::json::Array(t.ranks)},
        {"pass", t.pass},
        {"bytes", t.bytes},
        {"view", t.isView},
        {"off_chip", t.offChip},
        {"output", t.isOutput},
        {"trips", t.trips},
        {"bytes_written", t.bytesWritten},
        {"bytes_read", t.bytesRead},
    });
  llvm::json::Array einsums;
  for (const EinsumCost &e : cost.einsums)
    einsums.push_back(llvm::json::Object{
        {"name", e.name},
        {"notation", e.notation},
        {"pass", e.pass},
        {"points", e.points},
        {"flops", flopsObject(e.flops)},
    });
  llvm::json::Object object{
      {"cascade", cost.name},
      {"passes", std::move(passes)},
      {"max_passes", cost.maxPasses},
      {"primary_rank", cost.primaryRank},
      {"on_chip_bytes", cost.onChipBytes},
      {"off_chip_bytes_read", cost.offChipBytesRead},
      {"off_chip_bytes_written", cost.offChipBytesWritten},
      {"peak_footprint_bytes", cost.peakFootprintBytes},
      {"flops", flopsObject(cost.flops)},
      {"total_flops", cost.totalFlops},
      {"tensors", std::move(tensors)},
      {"einsums", std::move(einsums)},
  };
  if (!cost.sizes.empty()) {
    llvm::json::Array sizes;
    for (const SizeValue &size : cost.sizes)
      sizes.push_back(llvm::json::Object{{"name", size.name},
                                         {"value", size.value},
                                         {"given", size.given}});
    object["sizes"] = std::move(sizes);
    object["total_flops_expression"] = cost.totalFlopsExpression;
    object["io_bytes_expression"] = cost.ioBytesExpression;
    llvm::json::Array &array = *object.getArray("einsums");
    for (auto [json, e] : llvm::zip(array, cost.einsums))
      (*json.getAsObject())["flops_expression"] = e.flopsExpression;
  }
  if (cost.time) {
    const TimeEstimate &time = *cost.time;
    llvm::json::Array terms;
    for (const EinsumTime &e : time.einsums)
      terms.push_back(llvm::json::Object{
          {"name", e.name},
          {"bytes", e.bytes},
          {"level", e.level},
          {"class", e.codeClass},
          {"unguarded_share", e.unguardedShare},
          {"guarded_share", e.guardedShare},
          {"compute_seconds", e.computeSeconds},
          {"memory_seconds", e.memorySeconds},
          {"fresh_seconds", e.freshSeconds},
          {"seconds", e.seconds},
      });
    object["time"] = llvm::json::Object{
        {"cpu", time.cpu},
        {"speed_source", time.speedSource},
        {"threads", int64_t(time.threads)},
        {"blocks", time.blocks},
        {"independent_ranks", llvm::json::Array(time.independentRanks)},
        {"speedup", time.speedup},
        {"block_footprint_bytes", time.blockFootprintBytes},
        {"compute_seconds", time.computeSeconds},
        {"memory_seconds", time.memorySeconds},
        {"fresh_seconds", time.freshSeconds},
        {"seconds", time.seconds},
        {"einsums", std::move(terms)},
    };
  }
  return object;
}

void edge::printCascadeCostJson(const CascadeCost &cost,
                                llvm::raw_ostream &os) {
  os << llvm::formatv("{0:2}", cascadeCostToJson(cost)) << "\n";
}

LogicalResult edge::writeReport(Operation *anchor, StringRef passName,
                                StringRef output,
                                function_ref<void(raw_ostream &)> write) {
  // A failed write is an error of the pass, located at `anchor`; the
  // stream's error is cleared so that it does not end the process with
  // "LLVM ERROR" when the stream is destroyed.
  auto checkWritten = [&](llvm::raw_fd_ostream &os) -> LogicalResult {
    os.flush();
    if (!os.has_error())
      return success();
    std::string message = os.error().message();
    os.clear_error();
    return anchor->emitError()
           << passName << ": cannot write '" << output << "': " << message;
  };
  if (output == "-") {
    write(llvm::outs());
    return checkWritten(llvm::outs());
  }
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> file = openOutputFile(output, &error);
  if (!file)
    return anchor->emitError() << passName << ": " << error;
  write(file->os());
  if (failed(checkWritten(file->os())))
    return failure();
  file->keep();
  return success();
}
