//===-- tlsan_leak_pass.cpp - which threads outlived their purpose --------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_leak_pass.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_leak_pass.h"

#include "tlsan_clock.h"
#include "tlsan_proc_linux.h"
#include "tlsan_registry.h"
#include "tlsan_sort.h"
#include "tlsan_suppressions.h"

namespace __tlsan {

namespace {

LeakPassStats stats;

void Count(u64 *counter, u64 n) { AtomicAdd(counter, n); }

}  // namespace

LeakPassStats GetLeakPassStats() {
  LeakPassStats s;
  s.passes = AtomicLoad(&stats.passes);
  s.scoped = AtomicLoad(&stats.scoped);
  s.retried = AtomicLoad(&stats.retried);
  s.wait_us = AtomicLoad(&stats.wait_us);
  s.total_us = AtomicLoad(&stats.total_us);
  return s;
}

u64 RetryBackoffMicros(int attempt, int max_sleep_ms) {
  u64 cap = (u64)(max_sleep_ms < 0 ? 0 : max_sleep_ms) * 1000;
  u64 d = attempt >= 40 ? cap : (1ull << attempt);
  return d < cap ? d : cap;
}

namespace {

// Registers the threads in `tasks` (sorted) that no record of `snap` knows,
// releases foreign records whose thread left /proc, and appends snapshots of
// the new foreign records to `snap`.
void SyncForeign(const TaskDir &dir, const ScratchArray<int> &tasks,
                 ScratchArray<ThreadSnapshot> *snap) {
  ScratchArray<int> known;
  bool unstarted = false;  // a created thread that has no tid yet
  for (uptr i = 0; i < snap->size(); i++) {
    ThreadSnapshot &s = (*snap)[i];
    if (s.tid == 0) unstarted = true;
    if (s.tid != 0) known.PushBack(s.tid);
    if (!s.has(kForeign)) continue;
    // A foreign thread that left /proc is gone: forget it.
    if (!BinarySearch(tasks.data(), tasks.size(), s.tid)) {
      registry().OnJoin(registry().RecordAt(s.index), s.generation);
      s.status = (s.status & ~(u32)kStateMask) | kFinished | kDetached;
    }
  }
  // An unknown tid might be a thread whose creation we saw but which has not
  // stored its tid yet: wait for the next look rather than misname it.
  // (Equal counts prove nothing: a finished thread not yet joined is known
  // but gone from /proc, while a foreign one is in /proc but unknown.)
  if (unstarted) return;
  Sort(known.data(), known.size());
  ScratchArray<int> unknown;
  for (uptr i = 0; i < tasks.size(); i++)
    if (!BinarySearch(known.data(), known.size(), tasks[i]))
      unknown.PushBack(tasks[i]);
  // `snap` is older than the listing (or, from SyncForeignThreads, newer),
  // so an unknown tid may still be a tracked thread: ask the registry as it
  // is now. A tracked thread in the listing has no tid yet, or a live
  // record with its tid, or a released record (its task lingers in /proc
  // on its way out; under load, for thousands of other threads' lifetimes).
  // The cost: a foreign thread that got the recycled tid of a released
  // tracked thread is named only once another release takes that slot.
  if (unknown.size() == 0 || registry().HasUnstarted()) return;
  for (uptr i = 0; i < unknown.size(); i++) {
    int tid = unknown[i];
    u32 generation;
    if (registry().FindByTid(tid, &generation) || registry().ReleasedTid(tid))
      continue;
    ThreadRecord *r = registry().Claim();
    if (!r) return;
    r->uid = registry().NextUid();
    r->tid = tid;
    r->handle = PackHandle(r->generation, 0);
    r->creation_stack = 0;
    r->parent_uid = kUnknownUid;
    r->parent_tid = 0;
    r->scope = 0;
    r->create_ns = CheapTimestamp();
    r->finish_ns = 0;
    r->stack_top = 0;
    r->name[0] = '\0';
    internal_memset(&r->blocking, 0, sizeof(r->blocking));
    u32 status = (u32)kRunning | (u32)kForeign;
    if (IsKernelWorker(dir, tid)) status |= kKernelWorker;
    registry().Publish(r, status);
    ThreadSnapshot &s = snap->PushBack();
    s.status = status;
    s.generation = r->generation;
    s.uid = r->uid;
    s.tid = tid;
    s.index = r->index;
    s.parent_uid = kUnknownUid;
  }
}

// Whether /proc/self/task may hold a thread `snap` does not know, or `snap`
// a foreign thread that has left. Counting is enough in the common case:
// every record is a started thread that has not finished, none is foreign,
// and the kernel counts exactly that many threads. Then there is nothing to
// sync, and the pass skips a listing that costs a dentry lookup per thread
// (about 16 ms with 10,000 threads). Anything else (a thread starting or
// finishing, foreign records, a count that differs): list.
bool MayHaveUnknownThreads(const ScratchArray<ThreadSnapshot> &snap) {
  uptr running = 0;
  for (uptr i = 0; i < snap.size(); i++) {
    const ThreadSnapshot &s = snap[i];
    if (s.state() != kRunning || s.tid == 0 || s.has(kForeign)) return true;
    running++;
  }
  return ProcessThreadCount() != (int)running;
}

}  // namespace

void SyncForeignThreads() {
  TaskDir dir;
  ScratchArray<int> tasks;
  if (!ListTasks(dir, &tasks)) return;
  Sort(tasks.data(), tasks.size());
  ScratchArray<ThreadSnapshot> snap;
  registry().Snapshot(&snap);
  SyncForeign(dir, tasks, &snap);
}

namespace {

// CPU time of the running candidates at the first look, so the classifier
// can tell a thread spinning on the CPU from one merely runnable. Bounded:
// each read is a /proc file.
struct FirstLook {
  u32 uid;
  u64 ticks;
};
constexpr uptr kMaxFirstLooks = 256;

void RecordFirstLook(const LeakPassSource &src, const LeakSet &set,
                     ScratchArray<FirstLook> *looks) {
  for (uptr i = 0; i < set.leaks.size() && looks->size() < kMaxFirstLooks;
       i++) {
    const ThreadSnapshot &t = set.leaks[i].thread;
    if (t.state() != kRunning || t.tid == 0 || t.blocking.kind != 0) continue;
    u64 ticks;
    if (src.running_ticks(t.tid, &ticks, src.ctx))
      looks->PushBack({t.uid, ticks + 1});  // +1: 0 means "not read"
  }
}

void ApplyFirstLooks(const ScratchArray<FirstLook> &looks, LeakSet *out) {
  for (uptr i = 0; i < looks.size(); i++) {
    for (uptr j = 0; j < out->leaks.size(); j++) {
      if (out->leaks[j].thread.uid != looks[i].uid) continue;
      out->leaks[j].cpu_ticks_first = looks[i].ticks;
      break;
    }
  }
}

// A thread that is not finished but whose task is not in /proc/self/task
// (listed after the snapshot) does not exist: a parent's thread seen from a
// child forked without glibc's fork, or a thread ended by a raw exit system
// call. Never reported. Asked again of the registry, so a thread that
// finished between the snapshot and the listing is still reported.
bool Vanished(const LeakPassSource &src, const ThreadSnapshot &s,
              const ScratchArray<int> &tasks) {
  if (s.tid == 0 || s.state() == kFinished || s.has(kForeign)) return false;
  if (BinarySearch(tasks.data(), tasks.size(), (int)s.tid)) return false;
  return src.still_unfinished(s, src.ctx);
}

// Fills out->leaks with the records of `snap` that are candidates; `tasks`
// is a listing that can say a thread is gone, or null. Returns how many
// candidates no built-in filter matched: the ones worth waiting for.
uptr CollectCandidates(const LeakPassOptions &opts, const LeakPassSource &src,
                       const ScratchArray<ThreadSnapshot> &snap,
                       const ScratchArray<int> *tasks, LeakSet *out) {
  out->leaks.Clear();
  out->leaks.Reserve(snap.size());  // at most one leak per snapshot
  uptr unfiltered = 0;
  for (uptr i = 0; i < snap.size(); i++) {
    if (IsFilteredOut(snap[i], opts.filter)) continue;
    if (tasks && Vanished(src, snap[i], *tasks)) continue;
    LeakedThread &l = out->leaks.PushBack();
    l.thread = snap[i];
    l.foreign = snap[i].has(kForeign);
    l.scope = snap[i].scope;
    // Built-in filters decided without symbols: marked, not re-checked.
    if (opts.filter.builtin_filters)
      l.suppression = src.match_builtin(snap[i], src.ctx);
    if (!l.suppression) unfiltered++;
  }
  return unfiltered;
}

// "waiting up to 400 ms for 1 thread(s) to finish": the sleeps still
// planned from re-check `attempt` on.
void AnnounceWait(const LeakPassOptions &opts, int attempt, uptr threads) {
  u64 planned_us = 0;
  for (int a = attempt; a < opts.max_retries; a++)
    planned_us += RetryBackoffMicros(a, opts.max_sleep_ms);
  Report("ThreadLeakSanitizer: waiting up to %llu ms for %zu thread(s) to "
         "finish before reporting them (max_retries=%d, max_sleep_ms=%d)\n",
         (unsigned long long)(planned_us / 1000), (size_t)threads,
         opts.max_retries, opts.max_sleep_ms);
}

void CountPass(const LeakPassOptions &opts, u64 wait_us, u64 start_ns) {
  Count(&stats.passes, 1);
  if (opts.filter.scope != 0) Count(&stats.scoped, 1);
  if (wait_us != 0) Count(&stats.retried, 1);
  Count(&stats.wait_us, wait_us);
  Count(&stats.total_us, (MonotonicNanoTime() - start_ns) / 1000);
}

// This process, as the pass reads it. /proc/self/task is opened only if
// needed: the foreign-thread scan, a built-in filter's /proc condition, or
// a first look at running candidates.
struct ProcessView {
  TaskDir dir{/*open=*/false};
  EarlyMatchCache early;
};

void SnapshotRegistry(ScratchArray<ThreadSnapshot> *out, void *) {
  registry().Snapshot(out);
}

bool SyncTasks(ScratchArray<ThreadSnapshot> *snap, ScratchArray<int> *tasks,
               void *ctx) {
  if (!MayHaveUnknownThreads(*snap)) return false;
  TaskDir &dir = static_cast<ProcessView *>(ctx)->dir;
  dir.Open();
  tasks->Clear();
  if (!ListTasks(dir, tasks)) return false;
  Sort(tasks->data(), tasks->size());
  // Only a /proc of our own pid namespace can say a thread is gone.
  bool listed = BinarySearch(tasks->data(), tasks->size(), GetTid());
  SyncForeign(dir, *tasks, snap);
  return listed;
}

bool StillUnfinished(const ThreadSnapshot &s, void *) {
  ThreadRecord *r = registry().RecordAt(s.index);
  return r && AtomicLoad(&r->generation) == s.generation &&
         (AtomicLoad(&r->status) & kStateMask) != kFinished;
}

u32 MatchBuiltin(const ThreadSnapshot &s, void *ctx) {
  ProcessView *view = static_cast<ProcessView *>(ctx);
  return MatchBuiltinEarly(s, &view->dir, &view->early);
}

bool RunningTicks(int tid, u64 *ticks, void *ctx) {
  TaskDir &dir = static_cast<ProcessView *>(ctx)->dir;
  dir.Open();
  TaskStat st;
  if (!ReadTaskStat(dir, tid, &st) || st.state != 'R') return false;
  *ticks = st.cpu_ticks;
  return true;
}

void SleepBetweenChecks(u64 us, void *) { SleepForMicros(us); }

LeakPassSource ProcessSource(ProcessView *view) {
  return {SnapshotRegistry,
          SyncTasks,
          StillUnfinished,
          MatchBuiltin,
          RunningTicks,
          SleepBetweenChecks,
          view};
}

}  // namespace

uptr RunLeakPass(const LeakPassOptions &opts, LeakSet *out) {
  ProcessView view;
  return RunLeakPass(opts, ProcessSource(&view), out);
}

uptr RunLeakPass(const LeakPassOptions &opts, const LeakPassSource &src,
                 LeakSet *out) {
  ScratchArray<ThreadSnapshot> snap;
  ScratchArray<int> tasks;
  ScratchArray<FirstLook> looks;
  u64 start_ns = MonotonicNanoTime();
  u64 wait_us = 0;
  for (int attempt = 0;; attempt++) {
    snap.Clear();
    src.snapshot(&snap, src.ctx);
    bool listed =
        opts.filter.report_foreign && src.sync_tasks(&snap, &tasks, src.ctx);
    uptr unfiltered =
        CollectCandidates(opts, src, snap, listed ? &tasks : nullptr, out);
    if (unfiltered == 0 || attempt >= opts.max_retries) break;
    if (attempt == 0) RecordFirstLook(src, *out, &looks);
    u64 sleep_us = RetryBackoffMicros(attempt, opts.max_sleep_ms);
    if (opts.announce_wait && wait_us < kAnnounceWaitMs * 1000 &&
        wait_us + sleep_us >= kAnnounceWaitMs * 1000)
      AnnounceWait(opts, attempt, unfiltered);
    src.sleep_us(sleep_us, src.ctx);
    wait_us += sleep_us;
  }
  CountPass(opts, wait_us, start_ns);
  ApplyFirstLooks(looks, out);
  return out->leaks.size();
}

}  // namespace __tlsan
