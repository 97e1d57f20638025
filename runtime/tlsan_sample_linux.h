//===-- tlsan_sample_linux.h - the stack of a running leaked thread -------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A leaked thread that is running (often spinning) is not inside any
// interceptor, so the leak pass cannot unwind it from outside. Once it is
// judged leaked, and only if stack_of_running_threads=1 (the default), tlsan
// interrupts that one thread with SIGWINCH, whose handler unwinds the
// interrupted context with the cached CFI rules. Effect on the program: one
// signal delivered to that thread, with SA_RESTART (an interrupted
// restartable system call resumes). Only when the program has no SIGWINCH
// handler (its disposition is the default, "ignore", so a late delivery is
// harmless); tlsan's handler is installed for the duration of the sample
// only. At most kMaxSamples threads per check, each waited for at most
// 100 ms.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SAMPLE_LINUX_H
#define TLSAN_SAMPLE_LINUX_H

#include "tlsan_internal.h"

namespace __tlsan {

static constexpr uptr kMaxSamples = 16;

// The stack depot id of thread `tid`'s current stack, or 0 (disabled, the
// program owns SIGWINCH, the thread did not answer in time, or another
// sample is in progress). Leak pass only. `sp`, if given, receives the
// stack pointer where the thread was interrupted (0 when there was no
// sample).
u32 SampleRunningThreadStack(int tid, u32 max_depth, uptr *sp = nullptr);

}  // namespace __tlsan

#endif  // TLSAN_SAMPLE_LINUX_H
