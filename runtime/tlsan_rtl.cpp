//===-- tlsan_rtl.cpp - runtime state, initialization, thread lifecycle ---===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_rtl.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_rtl.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

#include "sanitizer/tlsan_interface.h"
#include "tlsan_check.h"
#include "tlsan_classifier.h"
#include "tlsan_clock.h"
#include "tlsan_deadlock.h"
#include "tlsan_flags.h"
#include "tlsan_fork_linux.h"
#include "tlsan_hang.h"
#include "tlsan_interception.h"
#include "tlsan_interceptors.h"
#include "tlsan_leak_pass.h"
#include "tlsan_proc_linux.h"
#include "tlsan_registry.h"
#include "tlsan_report.h"
#include "tlsan_report_sink.h"
#include "tlsan_stack_trace.h"
#include "tlsan_suppressions.h"
#include "tlsan_symbolizer.h"
#include "tlsan_syscall_linux.h"
#include "tlsan_wait_graph.h"

extern "C" int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
// glibc's (ld.so): the stack pointer at _start, above every frame of main.
extern "C" void *__libc_stack_end;
// sanitizer_common's (<sanitizer/common_interface_defs.h>): defined when
// another sanitizer runtime (LeakSanitizer, ASan...) is in the process.
TLSAN_WEAK void __sanitizer_set_death_callback(void (*callback)(void));

namespace __tlsan {

bool tlsan_inited;
static bool tlsan_initializing;
static bool detect_leaks;
static char process_name[kThreadNameSize];
static int disable_depth;

// The at-exit protocol's state (see tlsan_rtl.h).
static struct {
  int begun;    // OnExitBegin ran
  int status;   // the program's exit status
  int tid;      // the thread that called exit() or returned from main
  int checked;  // the verdict was taken
  u64 begin_ns;
} exit_state;

static __thread ThreadContext thread_context
    __attribute__((tls_model("initial-exec")));

ThreadContext *CurrentContext() { return &thread_context; }
bool DetectLeaks() { return detect_leaks; }
const char *ProcessName() { return process_name; }

// A new thread's kernel tid without a gettid system call (one less per
// thread created): glibc keeps it in the thread descriptor, which
// pthread_self() points to, at the offset it publishes for debuggers
// (libthread_db's _thread_db_pthread_tid: size in bits, count, offset).
// The kernel stores it there before the thread runs (CLONE_PARENT_SETTID).
// Used only if it agrees with gettid at start-up.
static sptr descriptor_tid_offset = -1;

static void InitializeDescriptorTid() {
  auto *field = (const u32 *)LookUpSymbolNoMalloc("_thread_db_pthread_tid");
  if (!field || field[0] != 32 || field[1] != 1) return;
  const int *tid = (const int *)((uptr)pthread_self() + field[2]);
  if (*tid == GetTid()) descriptor_tid_offset = field[2];
}

static int CurrentTid() {
  if (descriptor_tid_offset >= 0) {
    int tid = *(const int *)((uptr)pthread_self() + descriptor_tid_offset);
    if (tid > 0) return tid;
  }
  return GetTid();
}

// ---- Finding a thread's record from its pthread_t ---------------------------
//
// glibc's pthread_t is the thread's descriptor, and the static TLS block
// (where thread_context lives, initial-exec) sits at a fixed distance from
// it, the same in every thread. So `handle + tls_context_offset` is the
// target's ThreadContext, valid as long as the handle is (a joinable thread
// keeps its descriptor and TLS until joined). glibc clears static TLS when a
// cached stack is reused, so a recycled descriptor reads 0 until its new
// thread starts and stores self_ref. Only the owner ever writes there: the
// creator must not (a detached child may be gone, its stack unmapped, by the
// time pthread_create returns).
static sptr tls_context_offset;
static bool tls_context_offset_known;

static u64 PackRecordRef(const ThreadRecord *r, u32 generation) {
  return ((u64)generation << 32) | ((u64)r->index + 1);
}

u32 CurrentScopeOf(uptr handle) {
  if (!handle || !tls_context_offset_known) return 0;
  u32 scope = 0;
  uptr at = handle + tls_context_offset + offsetof(ThreadContext, scope);
  return SafeRead(at, &scope, sizeof(scope)) ? scope : 0;
}

static ThreadRecord *ValidRef(u64 ref, uptr handle, u32 *generation) {
  if (ref == 0) return nullptr;
  ThreadRecord *r = registry().RecordAt((u32)ref - 1);
  if (!r) return nullptr;
  u32 gen = (u32)(ref >> 32);
  if (AtomicLoad(&r->generation) != gen) return nullptr;
  if ((AtomicLoad(&r->status) & kStateMask) == kFree) return nullptr;
  if (HandleOf(AtomicLoad(&r->handle)) != handle) return nullptr;
  // Still the same thread after the checks (not released and reused).
  if (AtomicLoad(&r->generation) != gen) return nullptr;
  *generation = gen;
  return r;
}

ThreadRecord *LookUpThread(uptr handle, u32 *generation) {
  if (handle == 0) return nullptr;
  if (TLSAN_LIKELY(tls_context_offset_known)) {
    auto *target = (ThreadContext *)(handle + tls_context_offset);
    u64 ref = AtomicLoad(&target->self_ref);
    if (ThreadRecord *r = ValidRef(ref, handle, generation)) return r;
  }
  ThreadContext *ctx = CurrentContext();
  for (u32 i = 0; i < ThreadContext::kRecentCreated; i++)
    if (ctx->recent_created[i].handle == handle)
      if (ThreadRecord *r =
              ValidRef(ctx->recent_created[i].ref, handle, generation))
        return r;
  return registry().FindByHandle(handle, generation);
}

// The fields of a claimed record that every new record starts with.
static void ResetRecord(ThreadRecord *r) {
  r->creation_stack = 0;
  r->create_ns = CheapTimestamp();
  r->finish_ns = 0;
  r->stack_top = 0;
  r->start_routine = nullptr;
  r->arg = nullptr;
  internal_memset(r->name, 0, sizeof(r->name));
  internal_memset(&r->blocking, 0, sizeof(r->blocking));
}

static void FillNewRecord(ThreadRecord *r, const ThreadContext *parent) {
  ResetRecord(r);
  r->uid = registry().NextUid();
  r->tid = 0;
  r->handle = PackHandle(r->generation, 0);
  r->parent_uid = parent->record ? parent->record->uid : kUnknownUid;
  r->parent_tid = parent->tid ? parent->tid : GetTid();
  r->scope = parent->scope;
}

// Threads alive before tlsan started (other libraries' constructors, or a
// program that loaded tlsan late) are registered as foreign, so the leak
// pass knows them by T<n> from the start.
static void RegisterMainThread() {
  ThreadContext *ctx = CurrentContext();
  ThreadRecord *r = registry().Claim();
  if (!r) return;
  FillNewRecord(r, ctx);
  int pid = GetPid();
  r->tid = pid;
  r->parent_tid = 0;
  r->scope = 0;
  bool on_main = GetTid() == pid;
  r->handle = PackHandle(r->generation, on_main ? (uptr)pthread_self() : 0);
  r->stack_top = (uptr)__libc_stack_end;
  registry().Publish(r, (u32)kRunning | (u32)kMain);
  if (on_main) {
    ctx->record = r;
    ctx->generation = r->generation;
    ctx->tid = pid;
    AtomicStore(&ctx->self_ref, PackRecordRef(r, r->generation),
                __ATOMIC_RELEASE);
  }
}

void RegisterRuntimeThread() {
  if (!detect_leaks) return;
  ThreadContext *ctx = CurrentContext();
  ThreadRecord *r = registry().Claim();
  if (!r) return;
  ctx->tid = GetTid();
  ResetRecord(r);
  r->uid = kUnknownUid;
  r->tid = ctx->tid;
  r->handle = PackHandle(r->generation, (uptr)pthread_self());
  r->parent_uid = kUnknownUid;
  r->parent_tid = 0;
  r->scope = 0;
  registry().Publish(r, (u32)kRunning | (u32)kIgnored | (u32)kDetached);
  ctx->record = r;
  ctx->generation = r->generation;
}

static void OnOtherSanitizerDeath();

// Only the forking thread exists in a child: it is the child's main thread
// now, and every other record is forgotten.
static void ForgetParentThreads() {
  ThreadContext *ctx = CurrentContext();
  ctx->tid = GetTid();
  RefreshCachedPid();
  registry().ResetAfterFork(ctx->record);
  if (ctx->record) {
    ThreadRecord *r = ctx->record;
    r->tid = ctx->tid;
    AtomicOr(&r->status, (u32)kMain);
  }
  MarkProcessOwned();
}

// glibc's fork(): its atfork handlers run in the child.
static void AfterForkChild() {
  ForgetParentThreads();
  internal_memset(&exit_state, 0, sizeof(exit_state));
}

// A child made without glibc's fork (syscall(SYS_fork), clone): no atfork
// handler ran. Noticed at its first thread creation or check; the exit
// state is the child's own by then (it may be exiting), so it is kept.
void SyncAfterRawFork() {
  if (TLSAN_UNLIKELY(tlsan_inited && InNewProcess())) ForgetParentThreads();
}

void Initialize() {
  if (tlsan_inited || tlsan_initializing) return;
  tlsan_initializing = true;
  ThreadContext *ctx = CurrentContext();
  ctx->in_runtime++;
  InitializeForkDetection();
  InitializeFlags();
  InitializeCheapClock();
  detect_leaks = flags()->detect_leaks;
  if (detect_leaks) SaveStartupStderr();
  if (ReadSmallFile("/proc/self/comm", process_name, sizeof(process_name)) > 0)
    for (char *c = process_name; *c; c++)
      if (*c == '\n') *c = '\0';
  InitializeInterceptors();
  tls_context_offset = (sptr)((uptr)ctx - (uptr)pthread_self());
  tls_context_offset_known = true;
  InitializeDescriptorTid();
  char error[512];
  if (detect_leaks && !InitializeSuppressions(error, sizeof(error))) {
    Report("ERROR: ThreadLeakSanitizer: %s\n", error);
    Die(1);
  }
  if (detect_leaks) {
    RegisterMainThread();
    if (flags()->report_foreign_threads) SyncForeignThreads();
  }
  InitializeDeadlockDetection();
  InitializeDumpSignal();
  tlsan_inited = true;
  tlsan_initializing = false;
  // libc calls below may re-enter interceptors: they see tlsan_inited.
  pthread_atfork(nullptr, nullptr, AfterForkChild);
  if (detect_leaks && flags()->leak_check_at_exit &&
      &__sanitizer_set_death_callback)
    __sanitizer_set_death_callback(OnOtherSanitizerDeath);
  if (flags()->verbosity >= 1)
    Report("ThreadLeakSanitizer: initialized (detect_leaks=%d, "
           "report_format=%s)\n",
           (int)detect_leaks, flags()->report_format);
  ctx->in_runtime--;
}

ThreadRecord *OnThreadCreate(uptr caller_pc, void *(*start)(void *), void *arg,
                             bool detached) {
  if (!detect_leaks) return nullptr;
  SyncAfterRawFork();
  ThreadContext *ctx = CurrentContext();
  ThreadRecord *r = registry().Claim();
  if (TLSAN_UNLIKELY(!r)) {
    static int warned;
    if (!AtomicExchange(&warned, 1))
      Report("WARNING: ThreadLeakSanitizer: thread registry is full; new "
             "threads are not tracked\n");
    return nullptr;
  }
  FillNewRecord(r, ctx);
  r->start_routine = start;
  r->arg = arg;
  r->creation_stack =
      CaptureStackToDepot((u32)flags()->creation_stack_depth, caller_pc);
  u32 status = kCreated;
  if (detached) status |= kDetached;
  if (AtomicLoad(&disable_depth, __ATOMIC_RELAXED) > 0) status |= kIgnored;
  registry().Publish(r, status);
  return r;
}

void OnThreadCreated(ThreadRecord *r, u32 generation, uptr handle) {
  // The thread may have started, stored the same handle, even finished and
  // been released and its slot reused: SetHandle's generation check makes
  // this store a no-op then.
  registry().SetHandle(r, generation, handle, /*is_self=*/false);
  ThreadContext *ctx = CurrentContext();
  u32 slot = ctx->recent_next++ % ThreadContext::kRecentCreated;
  ctx->recent_created[slot].handle = handle;
  ctx->recent_created[slot].ref = PackRecordRef(r, generation);
}

void OnThreadCreateFailed(ThreadRecord *r) { registry().Unclaim(r); }

void OnThreadStart(ThreadRecord *r, uptr stack_top) {
  ThreadContext *ctx = CurrentContext();
  AtomicStore(&r->stack_top, stack_top, __ATOMIC_RELAXED);
  ctx->tid = CurrentTid();
  ctx->record = r;
  ctx->generation = AtomicLoad(&r->generation);
  ctx->scope = r->scope;
  // Store our pthread_t before running user code, so that joins and
  // detaches (including our own) find the record even if the creator has
  // not stored it yet.
  registry().SetHandle(r, ctx->generation, (uptr)pthread_self(),
                       /*is_self=*/true);
  AtomicStore(&ctx->self_ref, PackRecordRef(r, ctx->generation),
              __ATOMIC_RELEASE);
  registry().OnStart(r, ctx->tid);
}

void OnThreadFinish() {
  ThreadContext *ctx = CurrentContext();
  ThreadRecord *r = ctx->record;
  if (!r) return;
  ctx->record = nullptr;
  AtomicStore(&r->finish_ns, MonotonicNanoTime(), __ATOMIC_RELAXED);
  registry().OnFinish(r);  // may release r: do not touch it afterwards
}

// The record found before the call may have been another, older thread's
// that had the same pthread_t and was being released by its own joiner (see
// Registry::FindByHandle): then look again; the thread that was just joined
// or detached is the one with that handle now. A few tries at most.
void OnThreadJoined(uptr handle, ThreadRecord *r, u32 generation) {
  for (int attempt = 0; attempt < 4; attempt++) {
    if (r && registry().OnJoin(r, generation)) return;
    // The joined thread has finished: never settle on a running record.
    r = registry().FindByHandle(handle, &generation, /*finished_only=*/true);
    if (!r) return;
  }
}

void OnThreadDetached(uptr handle, ThreadRecord *r, u32 generation) {
  for (int attempt = 0; attempt < 4; attempt++) {
    if (r && registry().OnDetach(r, generation)) return;
    r = registry().FindByHandle(handle, &generation);
    if (!r) return;
  }
}

void OnThreadNamed(ThreadRecord *r, u32 generation, const char *name) {
  if (AtomicLoad(&r->generation) != generation) return;
  char buf[kThreadNameSize];
  internal_strlcpy(buf, name, sizeof(buf));
  for (uptr i = 0; i < kThreadNameSize; i++)
    __atomic_store_n(&r->name[i], buf[i], __ATOMIC_RELAXED);
}

void Disable() { AtomicAdd(&disable_depth, 1); }
void Enable() {
  int depth = AtomicAdd(&disable_depth, -1);
  if (depth <= 0) {
    AtomicAdd(&disable_depth, 1);
    Report("WARNING: ThreadLeakSanitizer: __tlsan_enable() without a matching "
           "__tlsan_disable(); ignored\n");
  }
}

// ---- The at-exit protocol -------------------------------------------------

void OnExitBegin(int status) {
  int expected = 0;
  if (!AtomicCas(&exit_state.begun, &expected, 1)) return;
  exit_state.status = status;
  exit_state.tid = GetTid();
  exit_state.begin_ns = MonotonicNanoTime();
}

bool ExitInProgress() { return AtomicLoad(&exit_state.begun) != 0; }

int ExitTid() { return exit_state.tid; }

[[noreturn]] static void FlushAndExit(int code) {
  fflush(nullptr);
  Die(code);
}

// Takes the at-exit verdict once; the number of leaked threads reported.
static int ExitVerdict() {
  int expected = 0;
  if (!AtomicCas(&exit_state.checked, &expected, 1)) return 0;
  if (!tlsan_inited || !detect_leaks || !flags()->leak_check_at_exit) return 0;
  CheckRequest req = {};
  req.kind = kCheckAtExit;
  req.to_sink = true;
  int leaked = RunCheck(req);
  if (flags()->verbosity >= 1) {
    LeakPassStats s = GetLeakPassStats();
    Report("ThreadLeakSanitizer: cost of the leak checks: %llu check(s), "
           "%llu of them scoped (tests), %llu re-checked; %llu ms waiting "
           "between re-checks, %llu ms in all\n",
           (unsigned long long)s.passes, (unsigned long long)s.scoped,
           (unsigned long long)s.retried,
           (unsigned long long)(s.wait_us / 1000),
           (unsigned long long)(s.total_us / 1000));
  }
  return leaked;
}

static void ExitCheck(void *) {
  if (ExitVerdict() > 0 && exit_state.status == 0)
    FlushAndExit(flags()->exitcode);
}

// Another sanitizer in the process ends it from its own at-exit check
// (LeakSanitizer finding memory leaks calls Die), before _dl_fini would
// let tlsan take its verdict. Its Die calls this first: when the process is
// exiting, tlsan reports then, and the other sanitizer's exit code stands.
// (Die for an error report in mid-run is none of tlsan's business.) A
// program that sets its own death callback replaces this one.
static void OnOtherSanitizerDeath() {
  if (!ExitInProgress()) return;
  ExitVerdict();
  fflush(nullptr);
}

void OnExitStuck(const char *note) {
  CheckRequest req = {};
  req.kind = kCheckExitStuck;
  req.to_sink = true;
  req.stuck_note = note;
  AtomicStore(&exit_state.checked, 1);
  RunCheck(req);
  FlushAndExit(exit_state.status != 0 ? exit_state.status : flags()->exitcode);
}

// Runs in _dl_fini, after every atexit handler and static destructor of the
// program. Registering an atexit handler from here makes glibc run it after
// the remaining library destructors too (they may join threads: libuv).
__attribute__((destructor)) static void TlsanFini() {
  if (!tlsan_inited || !detect_leaks || !flags()->leak_check_at_exit) return;
  if (AtomicLoad(&exit_state.checked)) return;
  OnExitBegin(0);  // exit without passing through main's return or exit()
  __cxa_atexit(ExitCheck, nullptr, nullptr);
}

}  // namespace __tlsan

// libtlsan.so (LD_PRELOAD): initialize as early as the loader lets us. The
// static runtime initializes even earlier, from .preinit_array
// (tlsan_preinit.cpp); interceptors initialize lazily if called first.
__attribute__((constructor(101))) static void TlsanConstructor() {
  __tlsan::Initialize();
}
