//===-- tlsan_hang.h - hang detection and thread dumps --------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Two opt-in ways to see every thread of a program that may be stuck:
//
//   * hang_timeout_ms=N (0: off): a watchdog thread, started when main
//     starts and only then, wakes every N/4 ms (at most every second) and
//     takes a fingerprint of the process's progress. A thread makes
//     progress when it runs ('R'), when it is put on a CPU or uses CPU time
//     (/proc/<tid>/schedstat, else utime+stime), or, inside an intercepted
//     blocking call, when it leaves or re-enters one (its region's seqlock
//     count): tlsan's own re-checks of a long mutex wait do not count. When
//     the fingerprint has not changed for N ms, it reports every thread's
//     state, what it waits on, its stacks and the current test (check
//     "hang"), and ends the process with `exitcode` through the die path.
//     The watchdog blocks every signal, is marked ignored (never reported,
//     never in a dump), and is not re-created in a forked child.
//   * dump_signal=S (0: off): a handler for signal S prints the same dump
//     (check "dump", not an error) and the program goes on. The dump runs
//     in the handler, on the thread that received the signal (shown as
//     such, without a stack): the leak pass's machinery allocates only from
//     mmap and takes no lock, but a signal that lands inside tlsan's own
//     code on that thread is ignored (nested use of the runtime).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_HANG_H
#define TLSAN_HANG_H

#include "tlsan_internal.h"

namespace __tlsan {

// From Initialize(), after the flags: installs the dump_signal handler.
// A signal that cannot be caught is one error line and status 1.
void InitializeDumpSignal();

// When main starts (the __libc_start_main wrapper): starts the watchdog if
// hang_timeout_ms > 0. Idempotent.
void StartHangWatchdog();

}  // namespace __tlsan

#endif  // TLSAN_HANG_H
