//===-- tlsan_interface.cpp - the C ABI (sanitizer/tlsan_interface.h) -----===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Thin: each entry point initializes lazily and forwards to the runtime.
//
//===----------------------------------------------------------------------===//
#include "sanitizer/tlsan_interface.h"

#include <stdio.h>

#include "tlsan_check.h"
#include "tlsan_flags.h"
#include "tlsan_name_match.h"
#include "tlsan_registry.h"
#include "tlsan_rtl.h"
#include "tlsan_scope.h"

using namespace __tlsan;

// Every object compiled with -fsanitize=thread-leak refers to this symbol
// (sanitizer/tlsan_link_check.h, which the drivers -include), so such an
// object linked without the runtime fails to link, naming tlsan. Exported
// like the rest of the interface: in libtlsan.a.syms (the executable's
// --dynamic-list, for shared libraries built with the flag) and by
// libtlsan.so (LD_PRELOAD). Never called; `_v1` is the ABI version.
TLSAN_INTERFACE void __tlsan_version_mismatch_check_v1(void) {}

TLSAN_INTERFACE void __tlsan_do_leak_check(void) {
  CheckRequest req = {};
  req.kind = kCheckOnDemand;
  req.to_sink = true;
  if (RunCheck(req) > 0) {
    fflush(nullptr);
    Die(flags()->exitcode);
  }
}

TLSAN_INTERFACE int __tlsan_do_recoverable_leak_check(void) {
  CheckRequest req = {};
  req.kind = kCheckOnDemand;
  req.to_sink = true;
  return RunCheck(req);
}

TLSAN_INTERFACE int __tlsan_check(const __tlsan_check_options *options,
                                  __tlsan_leak_callback on_leak, void *ctx,
                                  void (*report)(const char *, void *)) {
  CheckRequest req = {};
  req.kind = kCheckOnDemand;
  req.options = options;
  req.on_leak = on_leak;
  req.on_report = report;
  req.ctx = ctx;
  return RunCheck(req);
}

TLSAN_INTERFACE void
__tlsan_set_filter(int (*filter)(const __tlsan_leak *, void *), void *ctx) {
  EnsureInitialized();
  SetProcessFilter({filter, ctx});
}

TLSAN_INTERFACE int __tlsan_exitcode(void) {
  EnsureInitialized();
  return flags()->exitcode;
}

TLSAN_INTERFACE void __tlsan_disable(void) {
  EnsureInitialized();
  Disable();
}

TLSAN_INTERFACE void __tlsan_enable(void) {
  EnsureInitialized();
  Enable();
}

TLSAN_INTERFACE int __tlsan_ignore_thread(pthread_t thread) {
  EnsureInitialized();
  u32 gen;
  ThreadRecord *r = registry().FindByHandle((uptr)thread, &gen);
  if (!r) return -1;
  registry().SetFlag(r, gen, kIgnored);
  return 0;
}

TLSAN_INTERFACE int __tlsan_ignore_thread_id(uint64_t id) {
  EnsureInitialized();
  u32 gen;
  ThreadRecord *r = id > ~0u ? nullptr : registry().FindByUid((u32)id, &gen);
  if (!r) return -1;
  registry().SetFlag(r, gen, kIgnored);
  return 0;
}

TLSAN_INTERFACE int __tlsan_is_active(void) {
  EnsureInitialized();
  return DetectLeaks();
}

TLSAN_INTERFACE uint64_t __tlsan_current_thread_id(void) {
  EnsureInitialized();
  ThreadRecord *r = CurrentContext()->record;
  return r ? r->uid : 0;
}

TLSAN_INTERFACE unsigned __tlsan_scope_begin(const char *name) {
  EnsureInitialized();
  if (!DetectLeaks()) return 0;
  ThreadContext *ctx = CurrentContext();
  u32 id = ScopeBegin(name, ctx->scope);
  if (id) ctx->scope = id;
  return id;
}

TLSAN_INTERFACE void __tlsan_scope_end(unsigned scope) {
  ThreadContext *ctx = CurrentContext();
  if (scope != 0 && ctx->scope == scope) ctx->scope = ScopeParent(scope);
}

TLSAN_INTERFACE int __tlsan_function_matches(const char *function,
                                             const char *pattern) {
  if (!function || !pattern) return 0;
  return FunctionMatches(function, internal_strlen(function), pattern,
                         internal_strlen(pattern));
}

TLSAN_INTERFACE int __tlsan_glob_matches(const char *glob, const char *text) {
  if (!glob || !text) return 0;
  return GlobMatch(glob, internal_strlen(glob), text, internal_strlen(text));
}
