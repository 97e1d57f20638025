//===-- tlsan_interception.h - defining and resolving interceptors --------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// How to add an interceptor (one shape for all, see STYLE.md section 4):
//
//   TLSAN_INTERCEPTOR(int, pthread_detach, pthread_t th) {
//     TLSAN_ENTER(pthread_detach);          // lazy init, resolve REAL
//     ...work before the call (no allocation, no locks)...
//     int res = TLSAN_REAL(pthread_detach)(th);
//     ...work after, using only the result...
//     return res;                           // errno untouched
//   }
//
// and list it once in InitializeInterceptors(), which resolves every real
// function; one that no loaded library defines stops the process there with
// an error naming it, never later by a call through a null pointer. The
// interceptor defines the libc name itself (default visibility), so it wins
// symbol resolution both from the executable (static runtime) and from
// libtlsan.so (LD_PRELOAD).
// The real function is the next definition in lookup order
// (dlsym(RTLD_NEXT)); when another sanitizer's static runtime defines
// `__interceptor_<name>` in the same object as tlsan (both linked into one
// executable), tlsan calls that one, so ASan's own interceptor still runs.
//
// Resolution never allocates (tlsan may be initialized from inside a malloc
// implementation's initialization: jemalloc's calls syscall()), see
// tlsan_interception_linux.cpp. Interceptors called while tlsan initializes
// (by libc or an allocator under Initialize) resolve their own real
// function the same way and go on to it.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_INTERCEPTION_H
#define TLSAN_INTERCEPTION_H

#include "tlsan_internal.h"
#include "tlsan_rtl.h"

namespace __tlsan {

// Resolves the real `name` (optionally of symbol version `version`) into
// *real. `wrapper` is tlsan's own definition. Returns false when not found.
// Never calls malloc.
bool InterceptFunction(const char *name, void **real, void *wrapper,
                       const char *version = nullptr);
// The same; when not found, reports "cannot intercept NAME[@VERSION]" and
// exits with status 1.
void InterceptFunctionOrDie(const char *name, void **real, void *wrapper,
                            const char *version = nullptr);

// Whether a loaded object other than the one holding `self` (any object
// when `self` is null) / the object holding `self` defines `name` as
// dlsym(`version` == null) or dlvsym would find it. Read from the dynamic
// symbol tables: no dlsym, no dlerror string, no malloc, no signal-unsafe
// lock other than ld.so's load lock.
//   Example: SymbolDefinedOutside("pthread_create", nullptr, (void *)&f)
bool SymbolDefinedOutside(const char *name, const char *version,
                          const void *self);
bool SymbolDefinedIn(const char *name, const char *version, const void *self);
// dlsym(RTLD_DEFAULT, name), or null without calling dlsym when no object
// defines it (so no error string is ever allocated).
void *LookUpSymbolNoMalloc(const char *name);

}  // namespace __tlsan

#define TLSAN_REAL(func) __tlsan::real_##func

// Where the user called the intercepted function: the interceptor's own
// return address, for OnThreadCreate and every BlockingRegion (the leak
// pass checks that a region's frame is still live with it, see
// tlsan_blocking.h). A macro: it must expand in the interceptor itself.
#define TLSAN_CALLER_PC ((uptr)__builtin_return_address(0))

// Declares the real function's pointer for use before its interceptor.
#define TLSAN_DECLARE_REAL(ret, func, ...)                                     \
  namespace __tlsan {                                                          \
  extern ret (*real_##func)(__VA_ARGS__);                                      \
  }

#define TLSAN_INTERCEPTOR(ret, func, ...)                                      \
  namespace __tlsan {                                                          \
  ret (*real_##func)(__VA_ARGS__);                                             \
  }                                                                            \
  extern "C" __attribute__((visibility("default"))) ret func(__VA_ARGS__)

#define TLSAN_INTERCEPT_FUNCTION(func)                                         \
  __tlsan::InterceptFunctionOrDie(#func, (void **)&TLSAN_REAL(func),           \
                                  (void *)&(func))

#define TLSAN_INTERCEPT_FUNCTION_VER(func, version)                            \
  __tlsan::InterceptFunctionOrDie(#func, (void **)&TLSAN_REAL(func),           \
                                  (void *)&(func), (version))

// Lazy initialization and resolution, for interceptors called before the
// runtime initialized (other libraries' constructors).
#define TLSAN_ENTER(func)                                                      \
  do {                                                                         \
    __tlsan::EnsureInitialized();                                              \
    if (TLSAN_UNLIKELY(!TLSAN_REAL(func))) TLSAN_INTERCEPT_FUNCTION(func);     \
  } while (false)

#endif  // TLSAN_INTERCEPTION_H
