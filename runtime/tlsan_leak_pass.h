//===-- tlsan_leak_pass.h - which threads outlived their purpose ----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The leak pass snapshots the registry, lets lingering threads finish
// (bounded retries with backoff, as goleak's Find does), and hands the
// threads that are still there to the classifier. Threads that exist in
// /proc/self/task but were never seen being created ("foreign": started
// before tlsan, or by a raw clone) are registered here on first sight, so
// they get a stable T<n>, and released when they disappear.
//
// Contract: runs on the thread that asked for the check; never on a hot path;
// allocates only mmap'd scratch memory; safe while other threads create,
// join and exit threads.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_LEAK_PASS_H
#define TLSAN_LEAK_PASS_H

#include "tlsan_filters.h"
#include "tlsan_leak.h"

namespace __tlsan {

struct LeakPassOptions {
  FilterOptions filter;
  int max_retries;     // re-checks after the first look
  int max_sleep_ms;    // the n-th sleep is min(2^n us, max_sleep_ms)
  bool announce_wait;  // say on stderr what the re-checks wait for, once
                       // the waiting reaches kAnnounceWaitMs (the at-exit
                       // check: a silent second at exit looks like a hang)
};

static constexpr u64 kAnnounceWaitMs = 200;

// Fills out->leaks with the candidate threads (thread snapshot and `foreign`
// only: the classifier fills the rest). Returns the number of candidates.
uptr RunLeakPass(const LeakPassOptions &opts, LeakSet *out);

// What the leak passes of this process cost so far (verbosity=1 prints it
// at exit): how many ran, how many of them were scoped (a test's or a
// tlsan::scope's check), how many re-checked at least once, and the time
// spent sleeping between re-checks and in passes in all. Relaxed counters:
// passes on other threads may be under way.
struct LeakPassStats {
  u64 passes;
  u64 scoped;
  u64 retried;
  u64 wait_us;
  u64 total_us;
};
LeakPassStats GetLeakPassStats();

// The sleep before re-check `attempt` (0-based), in microseconds.
u64 RetryBackoffMicros(int attempt, int max_sleep_ms);

// Registers threads found in /proc/self/task that the registry does not
// know, and releases foreign records whose thread is gone.
void SyncForeignThreads();

}  // namespace __tlsan

#endif  // TLSAN_LEAK_PASS_H
