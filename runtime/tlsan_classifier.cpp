//===-- tlsan_classifier.cpp - a verdict for every leaked thread ----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_classifier.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_classifier.h"

#include <sys/syscall.h>

#include "tlsan_clock.h"
#include "tlsan_flags.h"
#include "tlsan_proc_linux.h"
#include "tlsan_registry.h"
#include "tlsan_rtl.h"
#include "tlsan_sample_linux.h"
#include "tlsan_sort.h"
#include "tlsan_stack_depot.h"
#include "tlsan_stack_trace.h"
#include "tlsan_syscall_linux.h"
#include "tlsan_wait_graph.h"
#include "tlsan_wait_words.h"

namespace __tlsan {

const char *LeakStateName(LeakState s) {
  switch (s) {
    case kLeakRunning: return "running";
    case kLeakBlocked: return "blocked";
    case kLeakFinished: return "finished";
  }
  return "unknown";
}

const char *BlockingKindName(BlockingKind k) {
  static const char *const kNames[] = {
      "none",  "mutex", "rwlock", "condvar", "semaphore", "barrier", "join",
      "sleep", "io",    "futex",  "wait",    "signal",    "syscall"};
  return (uptr)k < sizeof(kNames) / sizeof(kNames[0]) ? kNames[k] : "syscall";
}

namespace {

struct SyscallInfo {
  long nr;
  const char *name;
  BlockingKind kind;
  int object_arg;  // which argument names the object (-1: none)
};

// The blocking system calls a leaked thread is commonly found in.
const SyscallInfo kSyscalls[] = {
#if defined(__x86_64__)
    {SYS_futex, "futex", kBlockFutex, 0},
    {SYS_read, "read", kBlockIo, 0},
    {SYS_readv, "readv", kBlockIo, 0},
    {SYS_pread64, "pread64", kBlockIo, 0},
    {SYS_write, "write", kBlockIo, 0},
    {SYS_writev, "writev", kBlockIo, 0},
    {SYS_pwrite64, "pwrite64", kBlockIo, 0},
    {SYS_recvfrom, "recvfrom", kBlockIo, 0},
    {SYS_recvmsg, "recvmsg", kBlockIo, 0},
    {SYS_sendto, "sendto", kBlockIo, 0},
    {SYS_sendmsg, "sendmsg", kBlockIo, 0},
    {SYS_accept, "accept", kBlockIo, 0},
    {SYS_accept4, "accept4", kBlockIo, 0},
    {SYS_connect, "connect", kBlockIo, 0},
    {SYS_poll, "poll", kBlockIo, -1},
    {SYS_ppoll, "ppoll", kBlockIo, -1},
    {SYS_select, "select", kBlockIo, -1},
    {SYS_pselect6, "pselect6", kBlockIo, -1},
    {SYS_epoll_wait, "epoll_wait", kBlockIo, 0},
    {SYS_epoll_pwait, "epoll_pwait", kBlockIo, 0},
#ifdef SYS_epoll_pwait2
    {SYS_epoll_pwait2, "epoll_pwait2", kBlockIo, 0},
#endif
    {SYS_flock, "flock", kBlockIo, 0},
    {SYS_fcntl, "fcntl", kBlockIo, 0},
    {SYS_nanosleep, "nanosleep", kBlockSleep, -1},
    {SYS_clock_nanosleep, "clock_nanosleep", kBlockSleep, -1},
    {SYS_pause, "pause", kBlockSignal, -1},
    {SYS_rt_sigsuspend, "rt_sigsuspend", kBlockSignal, -1},
    {SYS_rt_sigtimedwait, "rt_sigtimedwait", kBlockSignal, -1},
    {SYS_wait4, "wait4", kBlockWait, -1},
    {SYS_waitid, "waitid", kBlockWait, -1},
    {SYS_msgrcv, "msgrcv", kBlockIo, 0},
    {SYS_semop, "semop", kBlockSemaphore, 0},
    {SYS_semtimedop, "semtimedop", kBlockSemaphore, 0},
    {SYS_io_getevents, "io_getevents", kBlockIo, 0},
#ifdef SYS_io_uring_enter
    {SYS_io_uring_enter, "io_uring_enter", kBlockIo, 0},
#endif
#ifdef SYS_futex_waitv
    {SYS_futex_waitv, "futex_waitv", kBlockFutex, 0},
#endif
#endif
    {-1, nullptr, kBlockSyscall, -1},
};

// The name the interceptors recorded (pthread_setname_np, prctl). Threads
// tlsan did not see being created are named from /proc (comm), unless the
// name equals the process's own, which they inherited rather than chose.
void EffectiveName(const ClassifierSource &src, LeakedThread &l) {
  if (l.thread.name[0]) {
    internal_strlcpy(l.name, l.thread.name, sizeof(l.name));
    return;
  }
  l.name[0] = '\0';
  if (!l.foreign || l.state == kLeakFinished || l.thread.tid == 0) return;
  char comm[kThreadNameSize];
  if (!src.task_comm(l.thread.tid, comm, sizeof(comm), src.ctx)) return;
  if (internal_strcmp(comm, ProcessName()) != 0)
    internal_strlcpy(l.name, comm, sizeof(l.name));
}

// Whether the thread is still in the blocking call of its snapshot: what
// was read about that call since the snapshot describes it.
bool StillInSameCall(const ClassifierSource &src, const ThreadSnapshot &t) {
  RecordNow now;
  return src.record_now(t.index, &now, src.ctx) &&
         now.blocking_seq == t.blocking.seq && now.generation == t.generation;
}

// The stack where a thread waits inside an interceptor, unwound from the
// interceptor's frame; kept only if the thread was in that same blocking
// call before and after the stack was read.
u32 BlockedStack(const ClassifierSource &src, BlockedStackUnwinder *unwinder,
                 const ThreadSnapshot &t) {
  if (!t.blocking.frame) return 0;
  uptr pcs[kMaxStackDepth];
  u32 n = unwinder->Unwind(t.blocking.frame, pcs,
                           (u32)flags()->creation_stack_depth);
  if (!StillInSameCall(src, t)) return 0;  // it moved on while we read
  return StackDepotPut(pcs, n);
}

// Readiness waits: poll and ppoll take an array of struct pollfd, select and
// pselect6 up to three fd_sets, all in the waiting thread's memory. Read
// here, in the leak pass, with SafeRead (a bad or freed pointer cannot
// fault). The report names the first descriptor (poll: the first entry
// with fd >= 0; select: the lowest descriptor of the three sets) and
// counts them (select: a descriptor in two sets counts once).
static constexpr uptr kMaxPollEntries = 1024;  // read at most this many
static constexpr uptr kMaxSelectFds = 4096;    // bits per fd_set read

struct PollEntry {  // struct pollfd, without <poll.h>
  int fd;
  short events;
  short revents;
};

bool DescribePollFds(uptr fds, uptr nfds, BlockedOn *b) {
  PollEntry buf[64];
  u32 count = 0;
  uptr n = nfds < kMaxPollEntries ? nfds : kMaxPollEntries;
  for (uptr done = 0; done < n;) {
    uptr chunk = n - done < 64 ? n - done : 64;
    if (!SafeRead(fds + done * sizeof(PollEntry), buf,
                  chunk * sizeof(PollEntry)))
      return false;
    for (uptr i = 0; i < chunk; i++) {
      if (buf[i].fd < 0) continue;  // poll ignores negative descriptors
      if (count++ == 0) b->object = (uptr)buf[i].fd;
    }
    done += chunk;
  }
  if (count == 0) return false;
  b->fd_count = count;
  return true;
}

bool DescribeFdSets(uptr nfds, const uptr sets[3], BlockedOn *b) {
  static constexpr uptr kWordBits = sizeof(uptr) * 8;
  uptr words[kMaxSelectFds / kWordBits] = {};
  uptr nwords =
      ((nfds < kMaxSelectFds ? nfds : kMaxSelectFds) + kWordBits - 1) /
      kWordBits;
  for (int s = 0; s < 3; s++) {
    if (!sets[s]) continue;
    uptr set[kMaxSelectFds / kWordBits];
    if (!SafeRead(sets[s], set, nwords * sizeof(uptr))) return false;
    for (uptr w = 0; w < nwords; w++) words[w] |= set[w];
  }
  u32 count = 0;
  for (uptr w = 0; w < nwords; w++) {
    uptr bits = words[w];
    if (w == nwords - 1 && nfds % kWordBits && nfds < kMaxSelectFds)
      bits &= ((uptr)1 << (nfds % kWordBits)) - 1;  // the kernel's limit
    if (bits && count == 0) b->object = w * kWordBits + __builtin_ctzl(bits);
    count += (u32)__builtin_popcountl(bits);
  }
  if (count == 0) return false;
  b->fd_count = count;
  return true;
}

// Fills b->object and b->fd_count if `sc` is a readiness wait whose
// descriptors can be read and include at least one; false otherwise (the
// two fields may then hold partial results: the caller clears them).
bool DescribeReadinessWait(const TaskSyscall &sc, BlockedOn *b) {
  switch (sc.nr) {
#if defined(__x86_64__)
    case SYS_poll:
    case SYS_ppoll: return DescribePollFds(sc.args[0], sc.args[1], b);
    case SYS_select:
    case SYS_pselect6: return DescribeFdSets(sc.args[0], &sc.args[1], b);
#endif
    default: return false;
  }
}

// Whether the region an interceptor published is stale: its frame is no
// longer on the thread's stack, because the thread left the call without
// running the region's destructor (a signal handler siglongjmp'ed out of
// it, or a cleanup unwound through it). Two checks, cheapest first:
//   1. (x86_64) the interceptor's return address, just above its frame, is
//      still the caller pc the region recorded (BlockingRegion publishes
//      both from the same frame): a call made after leaving overwrites it;
//   2. the thread's stack pointer is not between the frame and the top of
//      the thread's stack (the stack grows down: above the frame, the frame
//      was popped): taken from /proc/<tid>/syscall when the thread is
//      stopped in the kernel (no signal sent), else from a sample (a thread
//      on a CPU inside a blocking call is rare: it is usually one that left
//      it). A stack pointer outside the thread's stack (a signal handler on
//      an alternate stack; valgrind, whose system calls run on its own
//      stacks) tells nothing: the region stays.
// Both are looked at only when the thread called longjmp/siglongjmp since it
// entered the region (ThreadRecord::jumps). A thread that cannot be looked
// at keeps its region. A signal handler running on the same stack is below
// the frame: the region stays (the handler returns into the call).
bool RegionIsStale(const ClassifierSource &src, const ThreadSnapshot &t,
                   uptr *samples, u32 *sampled_stack) {
  // Only a jump leaves a call without closing its region: no longjmp
  // since the region was entered, nothing to look at (and no /proc read
  // per blocked thread).
  if ((u16)t.jumps == t.blocking.jumps) return false;
#if defined(__x86_64__)
  uptr ret = 0;
  if (SafeRead(t.blocking.frame + sizeof(uptr), &ret, sizeof(ret)) &&
      ret != t.blocking.caller_pc)
    return true;
#endif
  if (t.stack_top <= t.blocking.frame) return false;  // unknown top
  TaskSyscall sc;
  if (!src.task_syscall(t.tid, &sc, src.ctx)) return false;
  uptr sp = sc.sp;
  if (sc.running && *samples < kMaxSamples) {
    ++*samples;
    *sampled_stack = src.sample_stack(t.tid, &sp, src.ctx);
  }
  return sp > t.blocking.frame && sp < t.stack_top;
}

// Blocked in an intercepted call: what the interceptor published.
void FromInterceptor(const ClassifierSource &src, LeakedThread &l) {
  const ThreadSnapshot &t = l.thread;
  const BlockingInfo &b = t.blocking;
  l.state = kLeakBlocked;
  l.blocked_on.kind = (BlockingKind)b.kind;
  l.blocked_on.call = b.call ? b.call : "?";
  l.blocked_on.object = b.object;
  l.blocked_on.has_object = true;
  l.blocked_on.frame = b.frame;
  l.blocked_on.from_interceptor = true;
  l.blocked_on.since_ms = MillisecondsSince(b.since);
  if (b.kind == kBlockSleep) {
    // The object becomes the milliseconds the sleep asked for.
    u64 ms = 0;
    l.blocked_on.has_object =
        RequestedSleepMs(b.call, b.object, &ms) && StillInSameCall(src, t);
    l.blocked_on.object = l.blocked_on.has_object ? (uptr)ms : 0;
    return;
  }
  if (b.object != kObjectInSyscallArgs) return;
  // Unknown unless the thread is inside the system call right now.
  TaskSyscall sc;
  l.blocked_on.has_object = src.task_syscall(t.tid, &sc, src.ctx) &&
                            DescribeReadinessWait(sc, &l.blocked_on) &&
                            StillInSameCall(src, t);
  if (!l.blocked_on.has_object) {
    l.blocked_on.object = 0;
    l.blocked_on.fd_count = 0;
  }
}

// Blocked in a system call no interceptor saw: what /proc says of it.
void FromSystemCall(const TaskSyscall &sc, LeakedThread &l) {
  l.state = kLeakBlocked;
  l.blocked_on.pc = sc.pc;
  BlockingKind kind;
  int object_arg;
  const char *name = SyscallName(sc.nr, &kind, &object_arg);
  l.blocked_on.kind = kind;
  l.blocked_on.call = name ? name : "syscall";
  if (object_arg >= 0) {
    l.blocked_on.object = sc.args[object_arg];
    l.blocked_on.has_object = true;
  } else if (DescribeReadinessWait(sc, &l.blocked_on)) {
    l.blocked_on.has_object = true;
  } else {
    l.blocked_on.object = 0;
    l.blocked_on.fd_count = 0;
  }
}

void ClassifyOne(const ClassifierSource &src, uptr *samples, LeakedThread &l) {
  l.blocked_on.since_ms = -1;
  ThreadSnapshot &t = l.thread;
  if (t.state() == kFinished) {
    l.state = kLeakFinished;
    EffectiveName(src, l);
    return;
  }
  if (t.tid == 0) {  // created, has not run its first instruction yet
    l.state = kLeakRunning;
    return;
  }
  // An interceptor told us exactly what it waits on, unless that is stale.
  const BlockingInfo &b = t.blocking;
  u32 sampled_stack = 0;
  if (b.kind != kBlockNone && b.frame &&
      RegionIsStale(src, t, samples, &sampled_stack))
    internal_memset(&t.blocking, 0, sizeof(t.blocking));
  if (b.kind != kBlockNone) {
    FromInterceptor(src, l);
    EffectiveName(src, l);
    return;
  }
  TaskStat st;
  if (!src.task_stat(t.tid, &st, src.ctx) || st.state == 'Z' ||
      st.state == 'X') {
    // The kernel thread is gone without passing through the end of its start
    // routine (killed by a raw exit syscall, or racing with its exit).
    l.state = kLeakFinished;
    EffectiveName(src, l);
    return;
  }
  l.cpu_ticks = st.cpu_ticks;
  EffectiveName(src, l);
  if (st.state == 'R') {
    l.state = kLeakRunning;
    l.spinning = l.cpu_ticks_first != 0 && l.cpu_ticks + 1 > l.cpu_ticks_first;
    l.blocked_on.stack_id = sampled_stack;  // where it ran, if sampled
    return;
  }
  TaskSyscall sc;
  if (!src.task_syscall(t.tid, &sc, src.ctx)) {  // gone since its stat
    l.state = kLeakFinished;
    return;
  }
  if (st.state == 'T' || st.state == 't') {
    l.state = kLeakBlocked;
    l.blocked_on.kind = kBlockSyscall;
    l.blocked_on.call = "stopped";
    return;
  }
  if (sc.running || sc.nr < 0) {
    // Woke up since its stat was read, or sleeps in the kernel outside any
    // system call (a page fault): it waits on nothing a user can name.
    l.state = kLeakRunning;
    l.blocked_on.stack_id = sampled_stack;
    return;
  }
  FromSystemCall(sc, l);
}

// Root causes first (deadlocks, then abandoned locks), then groups of
// threads created at the same place, in the same state, waiting in the same
// call; foreign threads (no stack) by name.
int CauseRank(WaitCause c) {
  switch (c) {
    case kCauseDeadlock:
    case kCauseSelfDeadlock: return 0;
    case kCauseAbandoned: return 1;
    default: return 2;
  }
}

bool GroupLess(const LeakedThread &a, const LeakedThread &b) {
  if (CauseRank(a.cause) != CauseRank(b.cause))
    return CauseRank(a.cause) < CauseRank(b.cause);
  if (a.foreign != b.foreign) return b.foreign;
  if (a.group_stack != b.group_stack) return a.group_stack < b.group_stack;
  if (a.state != b.state) return a.state < b.state;
  if (a.blocked_on.kind != b.blocked_on.kind)
    return a.blocked_on.kind < b.blocked_on.kind;
  int c = internal_strcmp(a.blocked_on.call ? a.blocked_on.call : "",
                          b.blocked_on.call ? b.blocked_on.call : "");
  if (c != 0) return c < 0;
  if (a.foreign) {
    int n = internal_strcmp(a.name, b.name);
    if (n != 0) return n < 0;
  }
  return a.thread.uid < b.thread.uid;
}

bool SameGroup(const LeakedThread &a, const LeakedThread &b) {
  if (a.foreign != b.foreign || a.state != b.state) return false;
  if (CauseRank(a.cause) != CauseRank(b.cause)) return false;
  // Each thread of a deadlock is shown with its own stack.
  if (a.cause == kCauseDeadlock || a.cause == kCauseSelfDeadlock) return false;
  if (a.foreign ? internal_strcmp(a.name, b.name) != 0
                : a.group_stack != b.group_stack)
    return false;
  return a.blocked_on.kind == b.blocked_on.kind &&
         internal_strcmp(a.blocked_on.call ? a.blocked_on.call : "",
                         b.blocked_on.call ? b.blocked_on.call : "") == 0;
}

}  // namespace

const char *SyscallName(long nr, BlockingKind *kind, int *object_arg) {
  for (const SyscallInfo &s : kSyscalls) {
    if (s.nr == nr || s.nr == -1) {
      *kind = s.kind;
      *object_arg = s.object_arg;
      return s.name;
    }
  }
  *kind = kBlockSyscall;
  *object_arg = -1;
  return nullptr;
}

namespace {

// This process, as the classifier reads it: `ctx` is the TaskDir.
bool ProcTaskStat(int tid, TaskStat *st, void *ctx) {
  return ReadTaskStat(*static_cast<const TaskDir *>(ctx), tid, st);
}

bool ProcTaskSyscall(int tid, TaskSyscall *sc, void *ctx) {
  return ReadTaskSyscall(*static_cast<const TaskDir *>(ctx), tid, sc);
}

bool ProcTaskComm(int tid, char *buf, uptr size, void *ctx) {
  return ReadTaskComm(*static_cast<const TaskDir *>(ctx), tid, buf, size);
}

// Status before generation, blocking seq before generation: a generation
// that still matches vouches for what was read before it.
bool RegistryRecordNow(u32 index, RecordNow *now, void *) {
  ThreadRecord *r = registry().RecordAt(index);
  if (!r) return false;
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  now->status = AtomicLoad(&r->status);
  now->blocking_seq = AtomicLoad(&r->blocking.seq);
  now->generation = AtomicLoad(&r->generation);
  return true;
}

u32 SampleStack(int tid, uptr *sp, void *) {
  return SampleRunningThreadStack(tid, (u32)flags()->creation_stack_depth, sp);
}

ClassifierSource ProcessSource(TaskDir *dir) {
  return {ProcTaskStat, ProcTaskSyscall,
          ProcTaskComm, RegistryRecordNow,
          SampleStack,  dir,
          dir};
}

// The snapshot was taken record by record while threads came and went:
// a record released since (joined, or detached and finished) may show a
// state that never coexisted with the others' (a thread joined before its
// joiner created the next one), and flags may have changed. Now that every
// leak has been looked at, drop the released ones and take the latest
// flags of the others.
void DropReleased(const ClassifierSource &src, LeakSet *set) {
  uptr kept = 0;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    LeakedThread &l = set->leaks[i];
    RecordNow now;
    if (src.record_now(l.thread.index, &now, src.ctx)) {
      if (now.generation != l.thread.generation) continue;
      l.thread.status |= now.status & (kDetached | kIgnored | kJoining);
      if (l.thread.has(kIgnored)) continue;
      if (l.state == kLeakFinished && l.thread.has(kDetached | kJoining))
        continue;
    }
    set->leaks[kept++] = l;
  }
  set->leaks.Resize(kept);
}

}  // namespace

void ClassifyLeaks(LeakSet *set) {
  if (set->leaks.size() == 0) return;
  TaskDir dir;
  ClassifyLeaks(set, ProcessSource(&dir));
}

void ClassifyLeaks(LeakSet *set, const ClassifierSource &src) {
  uptr n = set->leaks.size();
  if (n == 0) return;
  uptr samples = 0;
  for (uptr i = 0; i < n; i++) {
    LeakedThread &l = set->leaks[i];
    ClassifyOne(src, &samples, l);
    // A running leaked thread: interrupt it once for its current stack.
    if (l.state == kLeakRunning && l.thread.tid != 0 &&
        l.blocked_on.stack_id == 0 && samples < kMaxSamples) {
      samples++;
      l.blocked_on.stack_id = src.sample_stack(l.thread.tid, nullptr, src.ctx);
    }
  }
  DropReleased(src, set);
  n = set->leaks.size();
  if (n == 0) return;
  AnalyzeWaitGraph(set, *src.dir);
  for (uptr i = 0; i < n; i++)
    set->leaks[i].group_stack = set->leaks[i].thread.creation_stack;
  GroupLeaks(set);
}

void GroupLeaks(LeakSet *set) {
  uptr n = set->leaks.size();
  Sort(set->leaks.data(), n, GroupLess);
  set->groups = 0;
  for (uptr i = 0; i < n; i++) {
    if (i == 0 || !SameGroup(set->leaks[i - 1], set->leaks[i])) set->groups++;
    set->leaks[i].group = (u32)set->groups - 1;
  }
}

void UnwindBlockedStacks(LeakSet *set, bool every_thread) {
  TaskDir dir(/*open=*/false);  // only the registry is read
  ClassifierSource src = ProcessSource(&dir);
  BlockedStackUnwinder unwinder;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    LeakedThread &l = set->leaks[i];
    if (l.state != kLeakBlocked || !l.blocked_on.from_interceptor ||
        l.blocked_on.stack_id)
      continue;
    if (!every_thread && i > 0 && set->leaks[i - 1].group == l.group) continue;
    l.blocked_on.stack_id = BlockedStack(src, &unwinder, l.thread);
  }
}

}  // namespace __tlsan
