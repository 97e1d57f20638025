//===-- tlsan_interceptors.h - the list of interceptors -------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// InitializeInterceptors() resolves every interceptor's real function; it is
// the one list of what tlsan intercepts. Each family lives in its own file:
// tlsan_interceptors_thread.cpp (creation, join, detach, exit, names),
// tlsan_interceptors_sync.cpp (synchronization objects).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_INTERCEPTORS_H
#define TLSAN_INTERCEPTORS_H

#include "tlsan_internal.h"

namespace __tlsan {

void InitializeInterceptors();
void InitializeThreadInterceptors();
void InitializeSyncInterceptors();

// Names of blocking calls, indexed by BlockingInfo::call.
enum InterceptedCall : u16 {
  kCallNone = 0,
  kCallPthreadJoin,
  kCallPthreadTimedjoinNp,
  kCallPthreadClockjoinNp,
  kCallThrdJoin,
  kCallCount,
};
const char *InterceptedCallName(u16 call);

}  // namespace __tlsan

#endif  // TLSAN_INTERCEPTORS_H
