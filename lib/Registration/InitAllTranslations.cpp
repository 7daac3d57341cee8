//===- InitAllTranslations.cpp - every translation edge offers -------------===//
//
// This file implements edge::registerAllTranslations.
//
//===----------------------------------------------------------------------===//

#include "edge/InitAllTranslations.h"

#include "edge/Target/Egglog.h"

void edge::registerAllTranslations() { registerEgglogTranslations(); }
