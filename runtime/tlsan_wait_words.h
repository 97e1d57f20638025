//===-- tlsan_wait_words.h - what a blocked thread waits on, in words -----===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The model stage (tlsan_leak_model.cpp) says what a blocked thread waits
// on in words a user knows, from the facts the interceptors and the
// classifier gathered:
//
//   kind / facts                          words
//   sleep, asked 1000 s                   ", sleeping (asked for 1000 s)"
//   io on fd 3, /proc: pipe               " on fd 3 (pipe)"
//   io on fd 5, /proc: /tmp/x             " on fd 5 (/tmp/x)"
//   futex, stack has std::latch::wait     " on std::latch 0x7f..."
//   rwlock write-waiter, 2 readers        " on rwlock 0x.. held by 2 readers"
//   anything else                         " on mutex 0x1234"
//
// Report time only (after the leak pass): one readlink per descriptor, a
// SafeRead per rwlock; no allocation.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_WAIT_WORDS_H
#define TLSAN_WAIT_WORDS_H

#include "tlsan_buffer.h"
#include "tlsan_leak.h"

namespace __tlsan {

struct SymbolizedFrame;

// Appends the words after "blocked in <call>" (see the table), starting
// with " on " or ", "; nothing when nothing is known. `futex_name` is the
// library wait a futex belongs to (NameFutexWaitFromFrames), or null.
// Example: AppendWaitWords(l, nullptr, &out) -> " on fd 3 (pipe)".
void AppendWaitWords(const LeakedThread &l, const char *futex_name,
                     TextBuffer *out);

// The C++ standard library wait that a futex wait belongs to, from the
// waiting stack's symbolized frames: "std::latch", "std::barrier",
// "std::counting_semaphore", "std::future::get", "std::atomic::wait";
// null when no frame says. Needs symbolized frames (a SymbolCache's).
// Example: frames of `latch.wait()` -> "std::latch".
const char *NameFutexWaitFromFrames(const SymbolizedFrame *frames, uptr n);

// What descriptor `fd` is, from /proc/self/fd: "pipe", "socket",
// "eventpoll" (anon_inode:[eventpoll]), or the file's path. False if /proc
// does not tell.
bool DescribeFd(int fd, char *buf, uptr size);

// A requested sleep, for the classifier: the milliseconds a sleep asked
// for, read from the blocking record of a thread blocked in sleep, usleep
// (the record's object is the duration in ms), nanosleep or
// clock_nanosleep (the object is the caller's struct timespec, read with
// SafeRead; 0 for an absolute deadline). False when unknown.
bool RequestedSleepMs(const char *call, uptr object, u64 *ms);

}  // namespace __tlsan

#endif  // TLSAN_WAIT_WORDS_H
