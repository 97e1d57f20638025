//===-- tlsan_wait_words.cpp - what a blocked thread waits on, in words ---===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_wait_words.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_wait_words.h"

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "tlsan_proc_linux.h"
#include "tlsan_symbolizer.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

bool StartsWith(const char *s, const char *prefix) {
  return internal_strncmp(s, prefix, internal_strlen(prefix)) == 0;
}

bool IsCall(const char *call, const char *name) {
  return call && internal_strcmp(call, name) == 0;
}

// "1000 s", "1500 ms".
void AppendDuration(u64 ms, TextBuffer *out) {
  if (ms >= 1000 && ms % 1000 == 0)
    out->Appendf("%llu s", (unsigned long long)(ms / 1000));
  else
    out->Appendf("%llu ms", (unsigned long long)ms);
}

// The objects of these io waits are not descriptors.
bool IoObjectIsFd(const char *call) {
  return !IsCall(call, "msgrcv") && !IsCall(call, "io_getevents");
}

void AppendFd(const BlockedOn &b, TextBuffer *out) {
  out->Appendf(" on fd %d", (int)b.object);
  char what[256];
  if (DescribeFd((int)b.object, what, sizeof(what)))
    out->Appendf(" (%s)", what);
  if (b.fd_count > 1) out->Appendf(", first of %u fds", b.fd_count);
}

// glibc's rwlock (nptl/pthread_rwlock_common.c): __readers counts the
// readers from bit 3 up; bit 0 (WRPHASE) says a writer holds it. (Bit 1,
// WRLOCKED, is also set by the writer that waits for the readers to leave.)
constexpr unsigned kRwlockWritePhase = 1;
constexpr unsigned kRwlockReaderShift = 3;

// How many readers hold the rwlock a writer waits on; 0 if unknown or
// write-locked.
unsigned RwlockReaders(const BlockedOn &b) {
  if (!b.from_interceptor || !b.has_object || b.owner_tid) return 0;
  if (!b.call || !internal_strstr(b.call, "wrlock")) return 0;
  unsigned readers = 0;
  if (!SafeRead(b.object + offsetof(pthread_rwlock_t, __data.__readers),
                &readers, sizeof(readers)))
    return 0;
  if (readers & kRwlockWritePhase) return 0;
  return readers >> kRwlockReaderShift;
}

void AppendObject(const BlockedOn &b, const char *futex_name, TextBuffer *out) {
  out->Append(" on ");
  if (b.kind == kBlockFutex && futex_name)
    out->Append(futex_name);
  else if (b.from_interceptor)
    out->Append(BlockingKindName(b.kind));
  else
    out->Appendf("0x%zx", (size_t)b.object);
  if (b.from_interceptor) out->Appendf(" 0x%zx", (size_t)b.object);
  if (b.fd_count > 1) out->Appendf(" (first of %u fds)", b.fd_count);
  unsigned readers = RwlockReaders(b);
  if (readers) out->Appendf(" held by %u reader(s)", readers);
}

// Frame name fragments, most specific first: a latch waits through
// std::__atomic_wait_address too.
struct FutexWaitName {
  const char *fragment;
  const char *name;
};
const FutexWaitName kFutexWaitNames[] = {
    {"std::latch::", "std::latch"},
    {"std::barrier<", "std::barrier"},
    {"std::__tree_barrier<", "std::barrier"},
    {"std::counting_semaphore<", "std::counting_semaphore"},
    {"std::__atomic_semaphore", "std::counting_semaphore"},
    {"std::__platform_semaphore", "std::counting_semaphore"},
    {"std::__future_base::", "std::future::get"},
    {"std::future<", "std::future::get"},
    {"std::shared_future<", "std::future::get"},
    {"std::__atomic_wait_address", "std::atomic::wait"},
    {"std::__detail::__atomic_wait", "std::atomic::wait"},
    {"std::__atomic_impl::wait", "std::atomic::wait"},
};

}  // namespace

bool DescribeFd(int fd, char *buf, uptr size) {
  char link[256];
  if (!ReadFdLink(fd, link, sizeof(link))) return false;
  const char *what = link;
  if (StartsWith(link, "pipe:")) {
    what = "pipe";
  } else if (StartsWith(link, "socket:")) {
    what = "socket";
  } else if (StartsWith(link, "anon_inode:[")) {
    // "anon_inode:[eventpoll]" -> "eventpoll"
    what = link + internal_strlen("anon_inode:[");
    uptr n = internal_strlen(what);
    if (n && what[n - 1] == ']') link[(what - link) + n - 1] = '\0';
    if (internal_strcmp(what, "eventpoll") == 0) what = "epoll";
  }
  internal_strlcpy(buf, what, size);
  return true;
}

const char *NameFutexWaitFromFrames(const SymbolizedFrame *frames, uptr n) {
  for (const FutexWaitName &w : kFutexWaitNames) {
    for (uptr i = 0; i < n; i++) {
      const char *f = frames[i].function;
      if (f && internal_strstr(f, w.fragment)) return w.name;
    }
  }
  // std::atomic<T>::wait, std::atomic_ref<T>::wait, std::atomic_flag::wait.
  for (uptr i = 0; i < n; i++) {
    const char *f = frames[i].function;
    if (f && StartsWith(f, "std::atomic") && internal_strstr(f, "::wait("))
      return "std::atomic::wait";
  }
  return nullptr;
}

bool RequestedSleepMs(const char *call, uptr object, u64 *ms) {
  if (IsCall(call, "sleep") || IsCall(call, "usleep")) {
    *ms = object;
    return true;
  }
  if (!IsCall(call, "nanosleep") && !IsCall(call, "clock_nanosleep"))
    return false;
  struct timespec req;
  if (!object || !SafeRead(object, &req, sizeof(req))) return false;
  if (req.tv_sec < 0 || req.tv_nsec < 0) return false;
  // Rounded up: a sleep of 0.5 ms asked for 1 ms, not 0.
  *ms = (u64)req.tv_sec * 1000 + ((u64)req.tv_nsec + 999999) / 1000000;
  return true;
}

void AppendWaitWords(const LeakedThread &l, const char *futex_name,
                     TextBuffer *out) {
  const BlockedOn &b = l.blocked_on;
  if (b.kind == kBlockSleep) {
    out->Append(", sleeping");
    if (b.has_object) {
      out->Append(" (asked for ");
      AppendDuration(b.object, out);
      out->Append(")");
    }
    return;
  }
  if (!b.has_object) return;
  if (b.kind == kBlockIo && IoObjectIsFd(b.call)) {
    AppendFd(b, out);
    return;
  }
  AppendObject(b, futex_name, out);
}

}  // namespace __tlsan
