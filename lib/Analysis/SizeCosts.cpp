//===- SizeCosts.cpp - the cost of a cascade with run-time sizes -----------===//
//
// A cascade whose key length (or another extent) is known at run time only
// is analyzed twice over: its numbers for given sizes, on a copy where the
// sizes are constants, and its FLOPs and input/output bytes as polynomials
// of the sizes (`2*M*P + 128*ceildiv(M, 64)`), read off the original.
//
//===----------------------------------------------------------------------===//

#include "CascadeAnalyzer.h"

#include "edge/Dialect/Edge/Utils/Sizes.h"

#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;
using namespace edge;
using namespace edge::detail;

namespace {
/// A polynomial over the extents of a cascade: a sum of integer multiples of
/// products of atoms, an atom being a non-constant extent as text (`M`,
/// `ceildiv(M, 64)`).
class SizePolynomial {
public:
  explicit SizePolynomial(int64_t constant = 0) {
    if (constant != 0)
      terms[{}] = constant;
  }
  /// The polynomial of one extent.
  static SizePolynomial of(AffineExpr extent, const CascadeSizes &sizes) {
    if (auto c = dyn_cast<AffineConstantExpr>(extent))
      return SizePolynomial(c.getValue());
    SizePolynomial atom;
    atom.terms[{sizes.print(extent)}] = 1;
    return atom;
  }

  SizePolynomial operator*(const SizePolynomial &other) const {
    SizePolynomial product;
    for (const auto &[atoms, coeff] : terms)
      for (const auto &[otherAtoms, otherCoeff] : other.terms) {
        std::vector<std::string> merged = atoms;
        llvm::append_range(merged, otherAtoms);
        llvm::sort(merged);
        product.add(merged, coeff * otherCoeff);
      }
    return product;
  }
  SizePolynomial operator+(const SizePolynomial &other) const {
    SizePolynomial sum = *this;
    for (const auto &[atoms, coeff] : other.terms)
      sum.add(atoms, coeff);
    return sum;
  }
  SizePolynomial operator-(const SizePolynomial &other) const {
    return *this + other * SizePolynomial(-1);
  }

  /// `2*M*P + 64*ceildiv(M, 64) - 3`: higher degrees first.
  std::string str() const {
    if (terms.empty())
      return "0";
    std::vector<std::pair<std::vector<std::string>, int64_t>> sorted(
        terms.begin(), terms.end());
    llvm::stable_sort(sorted, [](const auto &a, const auto &b) {
      return a.first.size() > b.first.size();
    });
    std::string text;
    for (auto [i, term] : llvm::enumerate(sorted)) {
      auto [atoms, coeff] = term;
      if (i > 0)
        text += coeff < 0 ? " - " : " + ";
      else if (coeff < 0)
        text += "-";
      int64_t magnitude = coeff < 0 ? -coeff : coeff;
      std::vector<std::string> factors;
      if (magnitude != 1 || atoms.empty())
        factors.push_back(std::to_string(magnitude));
      llvm::append_range(factors, atoms);
      text += llvm::join(factors, "*");
    }
    return text;
  }

private:
  void add(const std::vector<std::string> &atoms, int64_t coeff) {
    int64_t &slot = terms[atoms];
    slot += coeff;
    if (slot == 0)
      terms.erase(atoms);
  }

  std::map<std::vector<std::string>, int64_t> terms;
};
} // namespace

/// FLOPs of one application of `kind` (as countEinsumFlops counts them).
static int64_t opsOf(ComputeKind kind) {
  switch (kind) {
  case ComputeKind::TakeLeft:
  case ComputeKind::TakeRight:
    return 0;
  case ComputeKind::SubExp:
    return 2;
  default:
    return 1;
  }
}

/// The FLOPs of `einsum` as a polynomial of the sizes, counted as
/// countEinsumFlops counts them: per visited point, the map's operations and
/// the unary operators; per reduced output, one fold operation fewer than
/// the points it folds; all of it once per step of the enclosing iterations.
static SizePolynomial flopsOf(EinsumOp einsum, CascadeSizes &sizes) {
  SizePolynomial points(1), outputs(1), trips(1);
  for (auto [k, extent] : llvm::enumerate(sizes.getRankExtents(einsum))) {
    SizePolynomial factor = extent ? SizePolynomial::of(extent, sizes)
                                   : SizePolynomial(1);
    points = points * factor;
    if (!einsum.isReducedRank(k))
      outputs = outputs * factor;
  }
  for (Operation *p = einsum->getParentOp(); p; p = p->getParentOp())
    if (auto iterate = dyn_cast<IterateOp>(p))
      if (AffineExpr count = sizes.getTripCount(iterate))
        trips = trips * SizePolynomial::of(count, sizes);
  int64_t perPoint = 0;
  if (std::optional<ComputeKind> map = einsum.getMapCompute())
    perPoint += (einsum.getNumFoldOperands() - 1) * opsOf(*map);
  if (std::optional<ArrayAttr> unary = einsum.getUnary())
    perPoint += unary->size();
  SizePolynomial flops = points * SizePolynomial(perPoint);
  if (std::optional<ComputeKind> reduce = einsum.getReduceCompute())
    flops = flops + (points - outputs) * SizePolynomial(opsOf(*reduce));
  return flops * trips;
}

/// The bytes of `value` as a polynomial of the sizes.
static SizePolynomial bytesOf(Value value, CascadeSizes &sizes) {
  auto type = cast<RankedTensorType>(value.getType());
  SizePolynomial bytes((type.getElementTypeBitWidth() + 7) / 8);
  for (unsigned d = 0; d < type.getRank(); ++d)
    if (AffineExpr extent = sizes.getExtent(value, d))
      bytes = bytes * SizePolynomial::of(extent, sizes);
  return bytes;
}

namespace {
/// A cascade's copy for the sizes of the options, and those sizes.
struct SizedCopy {
  SmallVector<int64_t> values;
  OwningOpRef<CascadeOp> copy;
};
} // namespace

/// The copy of `cascade` for the sizes of `options` (kDefaultSize for one
/// not given); emits an error on a bad size.
static FailureOr<SizedCopy> specializeToOptions(CascadeOp cascade,
                                                const CascadeSizes &sizes,
                                                const CostModelOptions &options) {
  std::string error;
  FailureOr<SmallVector<int64_t>> values =
      parseSizeBindings(sizes, options.sizes, kDefaultSize, error);
  if (failed(values))
    return cascade.emitOpError("cannot be analyzed: ") << error;
  FailureOr<OwningOpRef<CascadeOp>> copy = specializeSizes(cascade, *values);
  if (failed(copy))
    return failure();
  return SizedCopy{std::move(*values), std::move(*copy)};
}

FailureOr<OwningOpRef<CascadeOp>>
edge::detail::specializeForCosts(CascadeOp cascade,
                                 const CostModelOptions &options) {
  FailureOr<SizedCopy> sized =
      specializeToOptions(cascade, CascadeSizes(cascade), options);
  if (failed(sized))
    return failure();
  return std::move(sized->copy);
}

FailureOr<CascadeCost>
edge::detail::analyzeWithSizes(CascadeOp cascade,
                               const CostModelOptions &options) {
  CascadeSizes sizes(cascade);
  FailureOr<SizedCopy> sized = specializeToOptions(cascade, sizes, options);
  if (failed(sized))
    return failure();
  CostModelOptions fixedOptions = options;
  fixedOptions.sizes.clear();
  FailureOr<CascadeCost> cost = analyzeCascade(sized->copy.get(), fixedOptions);
  if (failed(cost))
    return failure();

  std::string given;
  for (StringRef binding : llvm::split(options.sizes, ','))
    given += "," + binding.split('=').first.trim().str() + ",";
  for (auto [name, value] : llvm::zip(sizes.getNames(), sized->values))
    cost->sizes.push_back(
        {name, value, StringRef(given).contains("," + name + ",")});
  SizePolynomial total;
  unsigned i = 0;
  cascade.getBody().walk<WalkOrder::PreOrder>([&](EinsumOp einsum) {
    SizePolynomial flops = flopsOf(einsum, sizes);
    // The copy has the same einsums in the same order.
    if (i < cost->einsums.size())
      cost->einsums[i++].flopsExpression = flops.str();
    total = total + flops;
  });
  cost->totalFlopsExpression = total.str();
  SizePolynomial io;
  for (BlockArgument arg : cascade.getBody().getArguments())
    io = io + bytesOf(arg, sizes);
  for (Value output :
       cascade.getBody().front().getTerminator()->getOperands())
    io = io + bytesOf(output, sizes);
  cost->ioBytesExpression = io.str();
  return cost;
}
