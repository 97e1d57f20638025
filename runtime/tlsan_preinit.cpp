//===-- tlsan_preinit.cpp - early initialization of the static runtime ----===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Linked only into libtlsan.a (a shared object may not have .preinit_array):
// the executable initializes tlsan before any constructor of the program or
// its libraries runs, so threads they create are seen, as ASan does.
//
//===----------------------------------------------------------------------===//
#include "tlsan_flags.h"
#include "tlsan_rtl.h"

// glibc calls .preinit_array entries with (argc, argv, envp) before libc has
// set `environ`: keep envp so TLSAN_OPTIONS can be read this early.
static void TlsanPreinit(int argc, char **argv, char **envp) {
  __tlsan::SetInitialEnvironment(envp);
  __tlsan::Initialize();
}

__attribute__((section(".preinit_array"),
               used)) static void (*tlsan_preinit)(int, char **,
                                                   char **) = TlsanPreinit;

// Tells the rest of the runtime it is linked into the executable (the
// report then hides tlsan's frames by name only).
extern "C" __attribute__((visibility("hidden")))
const int __tlsan_static_runtime = 1;
