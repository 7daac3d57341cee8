//===- CInterface.cpp - plain C entry points for compiled cascades --------===//
//
// The C wrapper is generated as LLVM IR (IRBuilder) in the same module as the
// lowered cascade rather than as C source: edge-compile then needs no C
// compiler, the wrapper is optimized together with the cascade (O3 inlines
// `_mlir_ciface_` into it), and the object is self-contained.
//
//===----------------------------------------------------------------------===//

#include "CInterface.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

/// The memref descriptor of a rank: {allocated, aligned, offset, sizes,
/// strides} (rank 0 has no sizes and strides), as MLIR's LLVM lowering
/// lays it out.
static StructType *getDescriptorType(LLVMContext &ctx, unsigned rank) {
  Type *ptr = PointerType::getUnqual(ctx), *i64 = Type::getInt64Ty(ctx);
  if (rank == 0)
    return StructType::get(ctx, {ptr, ptr, i64});
  Type *array = ArrayType::get(i64, rank);
  return StructType::get(ctx, {ptr, ptr, i64, array, array});
}

/// The extents of `t` in the wrapper: constants, or the size parameters
/// (`sizes`) that its run-time dimensions are.
static SmallVector<Value *> getExtents(IRBuilder<> &b, const edge::CTensor &t,
                                       ArrayRef<Value *> sizes) {
  SmallVector<Value *> extents;
  for (auto [d, extent] : llvm::enumerate(t.shape))
    extents.push_back(t.isSize(d) ? sizes[t.sizeOf[d]] : b.getInt64(extent));
  return extents;
}

/// Row-major strides of `extents` (folded to constants when static).
static SmallVector<Value *> getRowMajorStrides(IRBuilder<> &b,
                                               ArrayRef<Value *> extents) {
  SmallVector<Value *> strides(extents.size(), b.getInt64(1));
  for (int i = int(extents.size()) - 2; i >= 0; --i)
    strides[i] = b.CreateMul(strides[i + 1], extents[i + 1]);
  return strides;
}

/// Stores a descriptor of the row-major buffer `data` of `extents` to `desc`.
static void storeRowMajorDescriptor(IRBuilder<> &b, Value *desc, Value *data,
                                    ArrayRef<Value *> extents) {
  StructType *type = getDescriptorType(b.getContext(), extents.size());
  b.CreateStore(data, b.CreateStructGEP(type, desc, 0));
  b.CreateStore(data, b.CreateStructGEP(type, desc, 1));
  b.CreateStore(b.getInt64(0), b.CreateStructGEP(type, desc, 2));
  if (extents.empty())
    return;
  Value *sizes = b.CreateStructGEP(type, desc, 3);
  Value *strides = b.CreateStructGEP(type, desc, 4);
  Type *arrayType = type->getElementType(3);
  for (auto [i, stride] : llvm::enumerate(getRowMajorStrides(b, extents))) {
    b.CreateStore(extents[i],
                  b.CreateConstInBoundsGEP2_64(arrayType, sizes, 0, i));
    b.CreateStore(stride,
                  b.CreateConstInBoundsGEP2_64(arrayType, strides, 0, i));
  }
}

/// Defines `void name(i64 elemSize, ptr src, ptr dst)` with the ABI of the
/// MLIR runtime's `memrefCopy`: src and dst point to unranked descriptors
/// {i64 rank, ptr descriptor} of equal sizes and any strides. One element at
/// a time; the wrappers use it only for non-contiguous results, the lowered
/// code only for strided copies (tails of split ranks).
static Function *createStridedCopy(Module &module, StringRef name) {
  LLVMContext &ctx = module.getContext();
  Type *ptr = PointerType::getUnqual(ctx), *i64 = Type::getInt64Ty(ctx),
       *i8 = Type::getInt8Ty(ctx);
  auto *fnType = FunctionType::get(Type::getVoidTy(ctx), {i64, ptr, ptr},
                                   /*isVarArg=*/false);
  Function *fn = module.getFunction(name);
  if (!fn)
    fn = Function::Create(fnType, GlobalValue::InternalLinkage, name, module);
  fn->setLinkage(GlobalValue::InternalLinkage);
  Value *elemSize = fn->getArg(0), *src = fn->getArg(1), *dst = fn->getArg(2);

  auto *entry = BasicBlock::Create(ctx, "entry", fn);
  auto *totalHead = BasicBlock::Create(ctx, "total.head", fn);
  auto *totalBody = BasicBlock::Create(ctx, "total.body", fn);
  auto *elemHead = BasicBlock::Create(ctx, "elem.head", fn);
  auto *dimHead = BasicBlock::Create(ctx, "dim.head", fn);
  auto *dimBody = BasicBlock::Create(ctx, "dim.body", fn);
  auto *elemCopy = BasicBlock::Create(ctx, "elem.copy", fn);
  auto *exit = BasicBlock::Create(ctx, "exit", fn);

  IRBuilder<> b(entry);
  auto byteGEP = [&](Value *base, Value *bytes) {
    return b.CreateInBoundsGEP(i8, base, bytes);
  };
  Value *rank = b.CreateLoad(i64, src, "rank");
  Value *srcDesc = b.CreateLoad(ptr, byteGEP(src, b.getInt64(8)));
  Value *dstDesc = b.CreateLoad(ptr, byteGEP(dst, b.getInt64(8)));
  Value *srcData = b.CreateLoad(ptr, byteGEP(srcDesc, b.getInt64(8)));
  Value *srcOffset = b.CreateLoad(i64, byteGEP(srcDesc, b.getInt64(16)));
  Value *dstData = b.CreateLoad(ptr, byteGEP(dstDesc, b.getInt64(8)));
  Value *dstOffset = b.CreateLoad(i64, byteGEP(dstDesc, b.getInt64(16)));
  Value *sizes = byteGEP(srcDesc, b.getInt64(24));
  Value *stridesBytes = b.CreateAdd(b.getInt64(24), b.CreateMul(rank, b.getInt64(8)));
  Value *srcStrides = byteGEP(srcDesc, stridesBytes);
  Value *dstStrides = byteGEP(dstDesc, stridesBytes);
  b.CreateBr(totalHead);

  // total = product of the sizes.
  b.SetInsertPoint(totalHead);
  PHINode *i = b.CreatePHI(i64, 2, "i");
  PHINode *total = b.CreatePHI(i64, 2, "total");
  i->addIncoming(b.getInt64(0), entry);
  total->addIncoming(b.getInt64(1), entry);
  b.CreateCondBr(b.CreateICmpSLT(i, rank), totalBody, elemHead);
  b.SetInsertPoint(totalBody);
  Value *size = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, sizes, i));
  i->addIncoming(b.CreateAdd(i, b.getInt64(1)), totalBody);
  total->addIncoming(b.CreateMul(total, size), totalBody);
  b.CreateBr(totalHead);

  // for n in [0, total): unravel n (last index fastest) into both offsets.
  b.SetInsertPoint(elemHead);
  PHINode *n = b.CreatePHI(i64, 2, "n");
  n->addIncoming(b.getInt64(0), totalHead);
  b.CreateCondBr(b.CreateICmpSLT(n, total), dimHead, exit);

  b.SetInsertPoint(dimHead);
  PHINode *dim = b.CreatePHI(i64, 2, "dim");
  PHINode *rest = b.CreatePHI(i64, 2, "rest");
  PHINode *srcPos = b.CreatePHI(i64, 2, "src.pos");
  PHINode *dstPos = b.CreatePHI(i64, 2, "dst.pos");
  dim->addIncoming(rank, elemHead);
  rest->addIncoming(n, elemHead);
  srcPos->addIncoming(srcOffset, elemHead);
  dstPos->addIncoming(dstOffset, elemHead);
  b.CreateCondBr(b.CreateICmpSGT(dim, b.getInt64(0)), dimBody, elemCopy);

  b.SetInsertPoint(dimBody);
  Value *k = b.CreateSub(dim, b.getInt64(1));
  Value *sizeK = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, sizes, k));
  Value *index = b.CreateURem(rest, sizeK);
  Value *srcStride = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, srcStrides, k));
  Value *dstStride = b.CreateLoad(i64, b.CreateInBoundsGEP(i64, dstStrides, k));
  dim->addIncoming(k, dimBody);
  rest->addIncoming(b.CreateUDiv(rest, sizeK), dimBody);
  srcPos->addIncoming(b.CreateAdd(srcPos, b.CreateMul(index, srcStride)),
                      dimBody);
  dstPos->addIncoming(b.CreateAdd(dstPos, b.CreateMul(index, dstStride)),
                      dimBody);
  b.CreateBr(dimHead);

  b.SetInsertPoint(elemCopy);
  b.CreateMemCpy(byteGEP(dstData, b.CreateMul(dstPos, elemSize)), MaybeAlign(),
                 byteGEP(srcData, b.CreateMul(srcPos, elemSize)), MaybeAlign(),
                 elemSize);
  n->addIncoming(b.CreateAdd(n, b.getInt64(1)), elemCopy);
  b.CreateBr(elemHead);

  b.SetInsertPoint(exit);
  b.CreateRetVoid();
  return fn;
}

/// Adds the C wrapper of one cascade (see addCWrappers).
static LogicalResult addCWrapper(Module &module, const edge::CSignature &sig,
                                 Function *stridedCopy, raw_ostream &errs) {
  LLVMContext &ctx = module.getContext();
  Type *ptr = PointerType::getUnqual(ctx), *i64 = Type::getInt64Ty(ctx),
       *i32 = Type::getInt32Ty(ctx);
  std::string cifaceName = "_mlir_ciface_" + sig.cascade;
  Function *ciface = module.getFunction(cifaceName);
  size_t numIn = sig.inputs.size(), numOut = sig.outputs.size();
  // The C interface of a function with results takes a pointer to them
  // first, then one pointer per input descriptor.
  if (!ciface || ciface->isDeclaration() ||
      !ciface->getReturnType()->isVoidTy() || ciface->arg_size() != numIn + 1 ||
      numOut == 0) {
    errs << "edge-compile: the lowered module has no C interface "
         << cifaceName << "(ptr results, ptr inputs...) for @" << sig.cascade
         << "\n";
    return failure();
  }

  size_t numSizes = sig.sizes.size();
  SmallVector<Type *> params(numSizes, i64);
  params.append(numIn + numOut, ptr);
  auto *fnType = FunctionType::get(i32, params, /*isVarArg=*/false);
  auto *fn = Function::Create(fnType, GlobalValue::ExternalLinkage, sig.cName,
                              module);
  if (fn->getName() != sig.cName) {
    errs << "edge-compile: symbol " << sig.cName << " is taken\n";
    return failure();
  }
  // Same target attributes as the code it calls, so that it can be inlined.
  for (StringRef attr : {"target-cpu", "target-features", "tune-cpu"})
    if (ciface->hasFnAttribute(attr))
      fn->addFnAttr(ciface->getFnAttribute(attr));
  for (auto [i, arg] : llvm::enumerate(fn->args())) {
    if (i < numSizes)
      arg.setName(sig.sizes[i]);
    else if (i < numSizes + numIn)
      arg.setName(sig.inputs[i - numSizes].name);
    else
      arg.setName(sig.outputs[i - numSizes - numIn].name);
    arg.addAttr(Attribute::NoUndef);
  }
  SmallVector<Value *> sizes, inputs, outputs;
  for (Argument &arg : fn->args())
    (arg.getArgNo() < numSizes               ? sizes
     : arg.getArgNo() < numSizes + numIn ? inputs
                                             : outputs)
        .push_back(&arg);

  auto *entry = BasicBlock::Create(ctx, "entry", fn);
  auto *nullArg = BasicBlock::Create(ctx, "null.arg", fn);
  auto *badSize = BasicBlock::Create(ctx, "bad.size", fn);
  auto *sizesOk = BasicBlock::Create(ctx, "sizes.ok", fn);
  auto *call = BasicBlock::Create(ctx, "call", fn);
  IRBuilder<> b(entry);

  // Return 1 on a null pointer, 2 on a size below 1.
  Value *anyNull = b.getFalse();
  for (Value *arg : llvm::concat<Value *>(inputs, outputs))
    anyNull = b.CreateOr(anyNull, b.CreateIsNull(arg));
  b.CreateCondBr(anyNull, nullArg, sizesOk);
  b.SetInsertPoint(nullArg);
  b.CreateRet(b.getInt32(1));
  b.SetInsertPoint(sizesOk);
  Value *anyBad = b.getFalse();
  for (Value *size : sizes)
    anyBad = b.CreateOr(anyBad, b.CreateICmpSLT(size, b.getInt64(1)));
  b.CreateCondBr(anyBad, badSize, call);
  b.SetInsertPoint(badSize);
  b.CreateRet(b.getInt32(2));

  b.SetInsertPoint(call);
  SmallVector<Value *> callArgs;
  SmallVector<StructType *> outTypes;
  for (const edge::CTensor &t : sig.outputs)
    outTypes.push_back(getDescriptorType(ctx, t.shape.size()));
  StructType *resultType =
      numOut == 1 ? outTypes.front()
                  : StructType::get(ctx, SmallVector<Type *>(outTypes.begin(),
                                                             outTypes.end()));
  Value *results = b.CreateAlloca(resultType, nullptr, "results");
  callArgs.push_back(results);
  for (auto [i, t] : llvm::enumerate(sig.inputs)) {
    Value *desc = b.CreateAlloca(getDescriptorType(ctx, t.shape.size()),
                                 nullptr, t.name + ".desc");
    storeRowMajorDescriptor(b, desc, inputs[i], getExtents(b, t, sizes));
    callArgs.push_back(desc);
  }
  b.CreateCall(ciface, callArgs);

  // Copy every result into the caller's buffer, then free the result's
  // allocation unless it is not the compiled code's (an input, the
  // 0xdeadbeef of a global, or an earlier result's).
  SmallVector<Value *> freed;
  for (auto [j, t] : llvm::enumerate(sig.outputs)) {
    StructType *type = outTypes[j];
    unsigned rank = t.shape.size();
    Value *desc = numOut == 1 ? results : b.CreateStructGEP(resultType, results, j);
    Value *allocated = b.CreateLoad(ptr, b.CreateStructGEP(type, desc, 0));
    Value *aligned = b.CreateLoad(ptr, b.CreateStructGEP(type, desc, 1));
    Value *offset = b.CreateLoad(i64, b.CreateStructGEP(type, desc, 2));
    SmallVector<Value *> extents = getExtents(b, t, sizes);
    Value *contiguous = b.CreateICmpEQ(offset, b.getInt64(0));
    for (auto [i, stride] :
         llvm::enumerate(getRowMajorStrides(b, extents))) {
      if (!t.isSize(i) && t.shape[i] == 1)
        continue; // the stride of a unit dimension is never used
      Value *strides = b.CreateStructGEP(type, desc, 4);
      Value *actual = b.CreateLoad(
          i64, b.CreateConstInBoundsGEP2_64(type->getElementType(4), strides, 0, i));
      contiguous = b.CreateAnd(contiguous, b.CreateICmpEQ(actual, stride));
    }
    Value *numElements = b.getInt64(1);
    for (Value *extent : extents)
      numElements = b.CreateMul(numElements, extent);
    Value *out = outputs[j];
    auto *fast = BasicBlock::Create(ctx, t.name + ".memcpy", fn);
    auto *slow = BasicBlock::Create(ctx, t.name + ".strided", fn);
    auto *copied = BasicBlock::Create(ctx, t.name + ".copied", fn);
    auto *doFree = BasicBlock::Create(ctx, t.name + ".free", fn);
    auto *next = BasicBlock::Create(ctx, t.name + ".done", fn);
    b.CreateCondBr(contiguous, fast, slow);

    b.SetInsertPoint(fast);
    b.CreateMemCpy(out, MaybeAlign(4), aligned, MaybeAlign(4),
                   b.CreateMul(numElements, b.getInt64(4)));
    b.CreateBr(copied);

    b.SetInsertPoint(slow);
    Value *dstDesc = b.CreateAlloca(type, nullptr, t.name + ".out.desc");
    storeRowMajorDescriptor(b, dstDesc, out, extents);
    StructType *unranked = StructType::get(ctx, {i64, ptr});
    Value *srcUnranked = b.CreateAlloca(unranked);
    Value *dstUnranked = b.CreateAlloca(unranked);
    for (auto [u, d] : {std::pair(srcUnranked, desc), std::pair(dstUnranked, dstDesc)}) {
      b.CreateStore(b.getInt64(rank), b.CreateStructGEP(unranked, u, 0));
      b.CreateStore(d, b.CreateStructGEP(unranked, u, 1));
    }
    b.CreateCall(stridedCopy, {b.getInt64(4), srcUnranked, dstUnranked});
    b.CreateBr(copied);

    b.SetInsertPoint(copied);
    Value *foreign = b.CreateICmpEQ(
        allocated, b.CreateIntToPtr(b.getInt64(0xdeadbeef), ptr));
    for (Value *other : llvm::concat<Value *>(inputs, freed))
      foreign = b.CreateOr(foreign, b.CreateICmpEQ(allocated, other));
    foreign = b.CreateOr(foreign, b.CreateIsNull(allocated));
    b.CreateCondBr(foreign, next, doFree);
    b.SetInsertPoint(doFree);
    FunctionCallee freeFn = module.getOrInsertFunction(
        "free", FunctionType::get(Type::getVoidTy(ctx), {ptr}, false));
    b.CreateCall(freeFn, {allocated});
    b.CreateBr(next);
    b.SetInsertPoint(next);
    freed.push_back(allocated);
  }
  b.CreateRet(b.getInt32(0));
  return success();
}

LogicalResult edge::addCWrappers(Module &module,
                                 ArrayRef<CSignature> signatures,
                                 raw_ostream &errs) {
  if (module.getDataLayout().getPointerSize() != 8) {
    errs << "edge-compile: only targets with 64-bit pointers are supported\n";
    return failure();
  }
  // Everything the lowering defined becomes internal: only the wrappers are
  // exported, so the symbols of two cascades never clash, and O3 may inline
  // and drop the rest. A wrapper's name may be the lowered function's.
  StringSet<> exported;
  for (const CSignature &sig : signatures)
    exported.insert(sig.cName);
  for (Function &fn : module.functions()) {
    if (fn.isDeclaration())
      continue;
    fn.setLinkage(GlobalValue::InternalLinkage);
    if (exported.contains(fn.getName()))
      fn.setName(fn.getName() + ".lowered");
  }
  for (GlobalVariable &global : module.globals())
    if (!global.isDeclaration())
      global.setLinkage(GlobalValue::InternalLinkage);

  // The MLIR runtime's memrefCopy, if the lowered code calls it, is defined
  // here (internal, so objects do not clash and no runtime library is needed).
  Function *stridedCopy;
  if (Function *memrefCopy = module.getFunction("memrefCopy");
      memrefCopy && memrefCopy->isDeclaration())
    stridedCopy = createStridedCopy(module, "memrefCopy");
  else
    stridedCopy = createStridedCopy(module, "edge.strided_copy");

  for (const CSignature &sig : signatures)
    if (failed(addCWrapper(module, sig, stridedCopy, errs)))
      return failure();
  return success();
}

std::string edge::getLinkFlags(ArrayRef<std::string> undefined) {
  bool openmp = llvm::any_of(undefined, [](const std::string &name) {
    return StringRef(name).starts_with("__kmpc_") ||
           StringRef(name).starts_with("omp_");
  });
  return openmp ? "-lm -lomp" : "-lm";
}

/// `name` if it is a C identifier not in `taken`, else `fallback`.
static std::string getCName(StringRef name, StringRef fallback,
                            StringSet<> &taken) {
  static const char *const keywords[] = {
      "auto",   "break",    "case",     "char",   "const",    "continue",
      "default", "do",      "double",   "else",   "enum",     "extern",
      "float",  "for",      "goto",     "if",     "inline",   "int",
      "long",   "register", "restrict", "return", "short",    "signed",
      "sizeof", "static",   "struct",   "switch", "typedef",  "union",
      "unsigned", "void",   "volatile", "while",  "bool",     "class"};
  bool valid = !name.empty() && !isDigit(name.front()) &&
               llvm::all_of(name, [](char c) { return isAlnum(c) || c == '_'; }) &&
               !llvm::is_contained(keywords, name) && !taken.contains(name);
  std::string result = valid ? name.str() : fallback.str();
  taken.insert(result);
  return result;
}

static void printShape(raw_ostream &os, const edge::CTensor &t,
                       ArrayRef<std::string> sizeNames) {
  for (auto [d, s] : llvm::enumerate(t.shape)) {
    if (t.isSize(d))
      os << "[" << sizeNames[t.sizeOf[d]] << "]";
    else
      os << "[" << s << "]";
  }
}

void edge::writeCHeader(raw_ostream &os, StringRef guard, StringRef source,
                        ArrayRef<CSignature> signatures,
                        ArrayRef<std::string> undefined,
                        StringRef pipelineOptions) {
  os << "/* Generated by edge-compile from " << source
     << ". Do not edit.\n"
     << " * Pipeline options: "
     << (pipelineOptions.empty() ? "(defaults)" : pipelineOptions) << "\n"
     << " *\n"
     << " * Every function takes float32 buffers in row-major (C) order: the\n"
     << " * last index varies fastest, so X[i][j] of a float[A][B] is at\n"
     << " * X + i*B + j. Inputs are read only; outputs are written in full by\n"
     << " * the call (caller-allocated, they must not overlap the inputs).\n"
     << " * A cascade with run-time sizes takes them first (int64_t, each at\n"
     << " * least 1); they give the extents written by name below.\n"
     << " * Returns 0 on success, 1 if a pointer is NULL, 2 if a size is\n"
     << " * below 1. The compiled code\n"
     << " * frees all it allocates. Calls from several threads at once are\n"
     << " * safe: there is no global state.\n"
     << " *\n"
     << " * Link with: " << getLinkFlags(undefined)
     << "   (needs no MLIR runtime library)\n"
     << " * Undefined symbols of the object: ";
  llvm::interleave(undefined, os, ", ");
  os << "\n */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <stdint.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n";
  for (const CSignature &sig : signatures) {
    StringSet<> taken;
    taken.insert(sig.cName);
    SmallVector<std::string> sizeNames, inNames, outNames;
    for (auto [i, name] : llvm::enumerate(sig.sizes))
      sizeNames.push_back(getCName(name, "size" + std::to_string(i), taken));
    for (auto [i, t] : llvm::enumerate(sig.inputs))
      inNames.push_back(getCName(t.name, "in" + std::to_string(i), taken));
    for (auto [i, t] : llvm::enumerate(sig.outputs))
      outNames.push_back(getCName(t.name, "out" + std::to_string(i), taken));
    os << "\n/* Cascade @" << sig.cascade << ".\n";
    for (const std::string &name : sizeNames)
      os << " *   size: int64_t " << name << " >= 1\n";
    for (auto [i, t] : llvm::enumerate(sig.inputs)) {
      os << " *   in:  float " << inNames[i];
      printShape(os, t, sizeNames);
      os << "\n";
    }
    for (auto [i, t] : llvm::enumerate(sig.outputs)) {
      os << " *   out: float " << outNames[i];
      printShape(os, t, sizeNames);
      os << "\n";
    }
    os << " */\nint " << sig.cName << "(";
    bool first = true;
    for (const std::string &name : sizeNames) {
      os << (first ? "" : ", ") << "int64_t " << name;
      first = false;
    }
    for (auto [i, t] : llvm::enumerate(sig.inputs)) {
      os << (first ? "" : ", ") << "const float *" << inNames[i];
      first = false;
    }
    for (auto [i, t] : llvm::enumerate(sig.outputs)) {
      os << (first ? "" : ", ") << "float *" << outNames[i];
      first = false;
    }
    os << ");\n";
  }
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}
