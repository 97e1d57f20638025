//===-- tlsan_interceptors.h - the list of interceptors -------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// InitializeInterceptors() resolves every interceptor's real function; it is
// the one list of what tlsan intercepts. Each family lives in its own file:
// tlsan_interceptors_thread.cpp (creation, join, detach, exit, names),
// tlsan_interceptors_sync.cpp (mutexes, condition variables, rwlocks,
// semaphores, barriers, spin locks, C11 mtx/cnd, futex waits),
// tlsan_interceptors_io.cpp (blocking I/O, poll/select/epoll, file locks),
// tlsan_interceptors_time.cpp (sleeps, waits for children and signals).
// Blocking interceptors wrap the real call in a BlockingRegion
// (tlsan_blocking.h, beside the interceptors).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_INTERCEPTORS_H
#define TLSAN_INTERCEPTORS_H

#include "tlsan_internal.h"

namespace __tlsan {

void InitializeInterceptors();
void InitializeThreadInterceptors();
void InitializeSyncInterceptors();
void InitializeIoInterceptors();
void InitializeTimeInterceptors();

}  // namespace __tlsan

#endif  // TLSAN_INTERCEPTORS_H
