//===- Products.cpp - factor-out and product fusion ------------------------===//
//
// This file implements the two identities on products that both drivers
// share:
//
//   factor-out      D: sum_r (Y x c) = (sum_r Y) x c when no reduced rank r
//                      indexes c; c may be a factor of the sum's own product
//                      or of the product that computes one of its operands
//   product fusion  sum_r P with P = A x B = sum_r (A x B): the product is
//                   computed inside the sum (part of the normal form)
//
// Both keep values (up to reassociation) and presence exactly: an isect
// product is present where all of its factors are, so a sum over its points
// is present where some point has every factor present, and a factor that
// does not depend on r is present either at every r or at none.
//
//===----------------------------------------------------------------------===//

#include "edge/Dialect/Edge/Transforms/Rewrites.h"

#include "RewriteUtils.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace edge;

/// Whether `spec` is a product `A x B x ...` computed pointwise: an isect
/// mul map of tensors (no scalar constants) with no reduction, filter or
/// unary operator, whose output is its iteration space.
static bool isPointwiseProduct(const EinsumSpec &spec) {
  std::optional<SmallVector<std::string>> out = getBareOutputRanks(spec);
  return spec.inputs.size() >= 2 && !spec.hasConstants() && spec.mapCompute == ComputeKind::Mul &&
         spec.mapMerge == MergeKind::Isect && spec.reduceRanks.empty() &&
         spec.filter.empty() && spec.unary.empty() && spec.symbols.empty() &&
         !spec.empty && out && out->size() == spec.ranks.size();
}

/// Whether `spec` is a sum whose map (if any) is an isect product of tensors
/// (the rewrites move factors between operand lists, which scalar constants'
/// fold positions do not follow).
static bool isSumOfProduct(const EinsumSpec &spec) {
  return !spec.reduceRanks.empty() && !spec.hasConstants() && spec.reduceCompute == ComputeKind::Add &&
         spec.reduceMerge == MergeKind::Union && spec.unary.empty() &&
         !spec.empty &&
         (spec.inputs.size() == 1 ? !spec.mapCompute
                                  : spec.mapCompute == ComputeKind::Mul &&
                                        spec.mapMerge == MergeKind::Isect);
}

/// `sum` with operand `i` replaced by the factors of `product`, its
/// producer: the sum of the product's factors.
static EinsumSpec inlineProduct(const EinsumSpec &sum, unsigned i,
                                const EinsumSpec &product) {
  EinsumSpec result = sum;
  result.inputs.erase(result.inputs.begin() + i);
  for (auto [k, factor] : llvm::enumerate(product.inputs))
    result.inputs.insert(
        result.inputs.begin() + i + k,
        composeOperand(product, factor, sum.inputs[i].indices));
  result.mapCompute = ComputeKind::Mul;
  result.mapMerge = MergeKind::Isect;
  return result;
}

/// Takes a factor that no reduced rank indexes out of the sum of products
/// `sum`, if it has one.
static std::optional<FactorOutPlan> takeOutFactor(const EinsumSpec &sum,
                                                  RankedTensorType type) {
  std::optional<SmallVector<std::string>> outNames = getBareOutputRanks(sum);
  if (!outNames || sum.inputs.size() < 2)
    return std::nullopt;
  MLIRContext *ctx = type.getContext();
  for (auto [i, c] : llvm::enumerate(sum.inputs)) {
    if (llvm::any_of(sum.reduceRanks, [&](const std::string &r) {
          return sum.indexUsesRank(c.indices, r);
        }))
      continue;
    // The product over the output ranks reads the factor: it must be
    // indexed by output ranks only.
    SmallVector<std::optional<std::string>> names =
        getBareRankNames(sum, c.indices);
    if (llvm::any_of(names, [&](const std::optional<std::string> &n) {
          return !n || !llvm::is_contained(*outNames, *n);
        }))
      continue;
    FactorOutPlan plan;
    plan.type = type;
    // sum_r (the other factors), keeping the filter (it only removes
    // points).
    plan.sum = sum;
    plan.sum.inputs.erase(plan.sum.inputs.begin() + i);
    if (plan.sum.inputs.size() == 1) {
      plan.sum.mapCompute.reset();
      plan.sum.mapMerge.reset();
    }
    // (...) x c over the output ranks.
    EinsumSpec &product = plan.product;
    product.name = sum.name.empty() ? "" : sum.name + "_scaled";
    product.ranks.assign(outNames->begin(), outNames->end());
    product.symbols = sum.symbols;
    SmallVector<AffineExpr> dims, factorIndices;
    for (unsigned k = 0; k < product.ranks.size(); ++k)
      dims.push_back(getAffineDimExpr(k, ctx));
    for (const std::optional<std::string> &n : names)
      factorIndices.push_back(product.rankExpr(*n, ctx));
    product.inputs.push_back({Value(), dims});
    product.inputs.push_back({c.value, factorIndices});
    product.output = dims;
    product.mapCompute = ComputeKind::Mul;
    product.mapMerge = MergeKind::Isect;
    return plan;
  }
  return std::nullopt;
}

FailureOr<FactorOutPlan> edge::matchFactorOut(const EinsumSpec &sum,
                                              RankedTensorType type,
                                              const EinsumView &view,
                                              std::string &reason) {
  if (!isSumOfProduct(sum)) {
    reason = "not a plain sum of a product";
    return failure();
  }
  if (std::optional<FactorOutPlan> plan = takeOutFactor(sum, type))
    return *plan;
  // A factor of the product that computes an operand.
  for (unsigned i = 0; i < sum.inputs.size(); ++i)
    for (const EinsumSpec &producer : view.getProducers(sum.inputs[i].value))
      if (isPointwiseProduct(producer))
        if (std::optional<FactorOutPlan> plan =
                takeOutFactor(inlineProduct(sum, i, producer), type))
          return *plan;
  reason = "every factor depends on a reduced rank";
  return failure();
}

SmallVector<Operation *> edge::buildFactorOut(OpBuilder &b, Location loc,
                                              const FactorOutPlan &plan) {
  return buildSumThenMap(b, loc, plan.sum, plan.product, plan.type);
}

FailureOr<ProductFusionPlan> edge::matchProductFusion(const EinsumSpec &sum,
                                                      RankedTensorType type,
                                                      const EinsumView &view,
                                                      std::string &reason) {
  if (sum.inputs.size() != 1 || !isSumOfProduct(sum)) {
    reason = "not a plain sum of one operand";
    return failure();
  }
  for (const EinsumSpec &producer : view.getProducers(sum.inputs[0].value))
    if (isPointwiseProduct(producer))
      return ProductFusionPlan{inlineProduct(sum, 0, producer), type};
  reason = "the operand is not a pointwise product";
  return failure();
}

SmallVector<Operation *>
edge::buildProductFusion(OpBuilder &b, Location loc,
                         const ProductFusionPlan &plan) {
  return {plan.fused.build(b, loc, plan.type.getElementType(),
                           plan.type.getShape())};
}

void edge::populateFactorOutPatterns(RewritePatternSet &patterns) {
  patterns.add<IdentityPattern<FactorOutPlan>>(
      patterns.getContext(), "factor-out",
      [](EinsumOp op, std::string &reason) {
        return matchFactorOut(EinsumSpec::fromOp(op), op.getType(), IRView(),
                              reason);
      },
      buildFactorOut);
}

void edge::populateProductFusionPatterns(RewritePatternSet &patterns) {
  patterns.add<IdentityPattern<ProductFusionPlan>>(
      patterns.getContext(), "product-fusion",
      [](EinsumOp op, std::string &reason) -> FailureOr<ProductFusionPlan> {
        // A product with other readers stays: fusing would compute it twice.
        if (op.getInputs().size() != 1 || !op.getInputs()[0].hasOneUse()) {
          reason = "the operand has other readers";
          return failure();
        }
        return matchProductFusion(EinsumSpec::fromOp(op), op.getType(),
                                  IRView(), reason);
      },
      buildProductFusion);
}
