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
// Reads this process: the registry, /proc/self/task, real sleeps.
uptr RunLeakPass(const LeakPassOptions &opts, LeakSet *out);

// What the pass reads outside itself, and how it waits: RunLeakPass(opts,
// out) builds this process's source in one place (ProcessSource in
// tlsan_leak_pass.cpp); tests/unit/leak_pass_test.cpp passes synthetic
// records. Every function is called with `ctx`.
struct LeakPassSource {
  // Appends a copy of every published record (Registry::Snapshot).
  void (*snapshot)(ScratchArray<ThreadSnapshot> *out, void *ctx);
  // Called only with report_foreign: when the kernel may know a thread
  // `snap` does not (or `snap` a foreign thread that left), lists the
  // process's threads into `tasks` (sorted), registers the unknown ones as
  // foreign records (appending their snapshots to `snap`) and forgets the
  // foreign records whose thread left. Returns whether `tasks` can say a
  // thread is gone (a fresh listing of our own pid namespace); false when
  // nothing was listed.
  bool (*sync_tasks)(ScratchArray<ThreadSnapshot> *snap,
                     ScratchArray<int> *tasks, void *ctx);
  // Whether the record `s` was copied from still holds that thread, not
  // finished (asked again for a thread missing from `tasks`).
  bool (*still_unfinished)(const ThreadSnapshot &s, void *ctx);
  // The built-in filter line that matches `s` without symbols, 1-based
  // (MatchBuiltinEarly), or 0. Called only with filter.builtin_filters.
  u32 (*match_builtin)(const ThreadSnapshot &s, void *ctx);
  // Whether thread `tid` is on a CPU now, and its CPU ticks so far.
  bool (*running_ticks)(int tid, u64 *ticks, void *ctx);
  // Waits `us` microseconds before the next re-check.
  void (*sleep_us)(u64 us, void *ctx);
  void *ctx;
};

// The pass itself, reading `src`:
//   1. snapshot; with report_foreign, sync the foreign threads (sync_tasks);
//   2. keep the records that are not filtered out (IsFilteredOut) nor
//      vanished (missing from a listing while their record says otherwise),
//      marking those a built-in filter matches early;
//   3. while an unmarked candidate is left and fewer than max_retries
//      re-checks were made: sleep RetryBackoffMicros(attempt) (after the
//      first look, note the CPU time of the running candidates) and start
//      again at 1.
// Example: RunLeakPass(opts, TestSource(&records), &set);
uptr RunLeakPass(const LeakPassOptions &opts, const LeakPassSource &src,
                 LeakSet *out);

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
