//===-- tlsan_interception_linux.cpp - resolving real functions -----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_interception.h.
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>

#include "tlsan_interception.h"

namespace __tlsan {

static bool SameObject(void *a, void *b) {
  Dl_info ia, ib;
  if (!dladdr(a, &ia) || !dladdr(b, &ib)) return false;
  return ia.dli_fbase == ib.dli_fbase;
}

bool InterceptFunction(const char *name, void **real, void *wrapper,
                       const char *version) {
  void *next = version ? dlvsym(RTLD_NEXT, name, version)
                       : dlsym(RTLD_NEXT, name);
  char chained[128] = "__interceptor_";
  internal_strlcpy(chained + 14, name, sizeof(chained) - 14);
  void *other = dlsym(RTLD_DEFAULT, chained);
  if (other && other != wrapper && SameObject(other, wrapper)) next = other;
  if (next == wrapper) next = nullptr;  // never call ourselves
  AtomicStore(real, next);
  return next != nullptr;
}

}  // namespace __tlsan
