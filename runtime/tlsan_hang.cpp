//===-- tlsan_hang.cpp - hang detection and thread dumps ------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_hang.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_hang.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "tlsan_check.h"
#include "tlsan_classifier.h"
#include "tlsan_clock.h"
#include "tlsan_flags.h"
#include "tlsan_interception.h"
#include "tlsan_proc_linux.h"
#include "tlsan_registry.h"
#include "tlsan_report.h"
#include "tlsan_report_sink.h"
#include "tlsan_rtl.h"
#include "tlsan_symbolizer.h"
#include "tlsan_syscall_linux.h"

TLSAN_DECLARE_REAL(int, pthread_create, pthread_t *, const pthread_attr_t *,
                   void *(*)(void *), void *)
TLSAN_DECLARE_REAL(int, pthread_setname_np, pthread_t, const char *)

namespace __tlsan {

namespace {

int watchdog_started;
int watchdog_tid;
int dump_busy;

// Whether the snapshot shows the thread inside an intercepted blocking call
// it has not left by a jump.
bool InRegion(const ThreadSnapshot &t) {
  return t.blocking.kind != kBlockNone && (u16)t.jumps == t.blocking.jumps;
}

struct Progress {
  u64 hash;      // changes whenever some thread made progress
  bool running;  // a thread outside any blocking call is on a CPU
};

// The process's progress fingerprint (see tlsan_hang.h), the watchdog and
// `skip_tid` left out.
Progress TakeProgress() {
  Progress p = {0, false};
  ScratchArray<ThreadSnapshot> snap;
  registry().Snapshot(&snap);
  TaskDir dir;
  ScratchArray<int> tids;
  ListTasks(dir, &tids);
  for (uptr i = 0; i < tids.size(); i++) {
    int tid = tids[i];
    if (tid == watchdog_tid) continue;
    const ThreadSnapshot *t = nullptr;
    for (uptr k = 0; k < snap.size() && !t; k++)
      if (snap[k].tid == tid && snap[k].state() != kFinished) t = &snap[k];
    u64 h = (u64)tid;
    if (t && InRegion(*t)) {
      // Inside a blocking call: only leaving or entering one is progress
      // (tlsan's own slices of a long mutex or join wait are not).
      h = HashMix(h ^ ((u64)t->blocking.seq << 32) ^ t->generation);
    } else {
      TaskStat st;
      if (!ReadTaskStat(dir, tid, &st)) continue;  // gone: the list changed
      if (st.state == 'R') p.running = true;
      u64 cpu_ns = 0, runs = 0;
      if (!ReadTaskSchedstat(dir, tid, &cpu_ns, &runs)) cpu_ns = st.cpu_ticks;
      h = HashMix(h ^ HashMix(cpu_ns) ^ (runs << 1));
    }
    p.hash += HashMix(h);
  }
  p.hash ^= HashMix(tids.size());
  return p;
}

// The dump of every thread: the report model (a LeakSet of every live,
// not ignored thread, classified like leaks) handed to the writers.
// `self_tid`: a thread left out (the one writing the dump).
void WriteThreadDump(LeakSet *set, int self_tid) {
  ScratchArray<ThreadSnapshot> snap;
  registry().Snapshot(&snap);
  for (uptr i = 0; i < snap.size(); i++) {
    const ThreadSnapshot &t = snap[i];
    if (t.has(kIgnored) || t.tid == self_tid || t.tid == watchdog_tid) continue;
    if (t.state() == kFinished && t.has(kDetached | kJoining)) continue;
    LeakedThread &l = set->leaks.PushBack();
    l.thread = t;
    l.foreign = t.has(kForeign);
    l.scope = t.scope;
    if (t.has(kMain) && !set->scope) set->scope = CurrentScopeOf(t.handle);
  }
  ClassifyLeaks(set);
  Symbolizer symbolizer(SymbolizerOptionsFromFlags());
  SymbolCache symbols(&symbolizer);
  ReportClassifiedLeaks(set, &symbols);
}

void *Watchdog(void *) {
  RegisterRuntimeThread();  // never reported, never in a dump
  ThreadContext *ctx = CurrentContext();
  AtomicStore(&watchdog_tid, GetTid());
  sigset_t all;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, nullptr);
  ctx->in_runtime++;
  u64 timeout_ms = (u64)flags()->hang_timeout_ms;
  u64 period_ms = timeout_ms / 4;
  if (period_ms == 0) period_ms = 1;
  if (period_ms > 1000) period_ms = 1000;
  Progress last = TakeProgress();
  u64 still_since = MonotonicNanoTime();
  for (;;) {
    SleepForMicros(period_ms * 1000);
    Progress now = TakeProgress();
    u64 t = MonotonicNanoTime();
    if (now.running || now.hash != last.hash) {
      last = now;
      still_since = t;
      continue;
    }
    if (t - still_since < timeout_ms * 1000000ull) continue;
    int none = 0;
    if (!AtomicCas(&dump_busy, &none, 1)) continue;
    LeakSet set;
    set.kind = kCheckHang;
    set.idle_ms = (t - still_since) / 1000000ull;
    WriteThreadDump(&set, GetTid());
    // The die path: atexit handlers and destructors could wait forever too.
    Die(flags()->exitcode);
  }
  return nullptr;
}

void OnDumpSignal(int sig, siginfo_t *, void *) {
  ThreadContext *ctx = CurrentContext();
  if (ctx->in_runtime > 0) return;  // inside tlsan on this thread
  int none = 0;
  if (!AtomicCas(&dump_busy, &none, 1)) return;
  int saved_errno = errno;
  ctx->in_runtime++;
  LeakSet set;
  set.kind = kCheckDump;
  set.signal = sig;
  WriteThreadDump(&set, GetTid());
  ctx->in_runtime--;
  AtomicStore(&dump_busy, 0);
  errno = saved_errno;
}

}  // namespace

void InitializeDumpSignal() {
  int sig = flags()->dump_signal;
  if (sig == 0 || !DetectLeaks()) return;
  struct sigaction sa;
  internal_memset(&sa, 0, sizeof(sa));
  sa.sa_sigaction = OnDumpSignal;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigfillset(&sa.sa_mask);
  if (sigaction(sig, &sa, nullptr) != 0) {
    Report("ERROR: ThreadLeakSanitizer: dump_signal=%d: cannot handle this "
           "signal (SIGKILL, SIGSTOP and the signals glibc reserves cannot "
           "be caught)\n",
           sig);
    Die(1);
  }
}

void StartHangWatchdog() {
  if (flags()->hang_timeout_ms <= 0 || !DetectLeaks()) return;
  int expected = 0;
  if (!AtomicCas(&watchdog_started, &expected, 1)) return;
  // glibc's pthread_create, not the interceptor: the watchdog registers
  // itself, ignored and without a T<n> (RegisterRuntimeThread).
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 1 << 20);
  pthread_t th;
  int saved_errno = errno;
  if (!TLSAN_REAL(pthread_create) ||
      TLSAN_REAL(pthread_create)(&th, &attr, Watchdog, nullptr) != 0)
    Report("WARNING: ThreadLeakSanitizer: cannot start the hang watchdog; "
           "hang_timeout_ms is ignored\n");
  else
    TLSAN_REAL(pthread_setname_np)(th, "tlsan-watchdog");
  pthread_attr_destroy(&attr);
  errno = saved_errno;
}

}  // namespace __tlsan
