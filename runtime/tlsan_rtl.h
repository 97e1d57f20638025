//===-- tlsan_rtl.h - runtime state, initialization, thread lifecycle -----===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The glue between the interceptors and the pipeline: process-wide state,
// the calling thread's context (initial-exec TLS), what happens when a
// thread is created, starts, finishes, is joined or detached, and the
// at-exit protocol:
//
//   1. main returns or exit() is called: OnExitBegin records the status and
//      the exiting thread (candidates are whatever is alive then);
//   2. exit runs atexit handlers and static destructors (they may join
//      threads: spdlog, libuv, thread pools); tlsan's fini destructor then
//      registers one more atexit handler, which glibc runs after every
//      destructor of every library;
//   3. that handler runs the leak pass and takes the verdict; with leaks and
//      a zero status it flushes stdio and exits with `exitcode`.
//   While exiting, a pthread_join of a blocked thread is bounded
//   (exit_join_timeout_ms): exit never hangs silently on a leaked thread.
//   With another sanitizer in the process, whose at-exit check may end it
//   before step 3 (LeakSanitizer), step 3 also runs from that sanitizer's
//   death callback (__sanitizer_set_death_callback), which keeps its exit
//   code.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_RTL_H
#define TLSAN_RTL_H

#include "tlsan_internal.h"
#include "tlsan_leak.h"
#include "tlsan_thread_record.h"

struct __tlsan_check_options;
struct __tlsan_leak;

namespace __tlsan {

// Per-thread runtime state. Zero for threads tlsan has not seen start.
struct ThreadContext {
  ThreadRecord *record;  // nullptr: untracked (registry full, or foreign)
  u32 generation;
  int tid;
  u32 scope;       // innermost open scope (inherited at creation)
  int in_runtime;  // > 0 while the runtime itself runs on this thread
  // Where other threads find this thread's record from its pthread_t (see
  // LookUpThread): PackRecordRef of the record, stored by the thread itself
  // when it starts and kept after it finishes, until its TLS is recycled.
  u64 self_ref;
  // The last few threads this thread created, for a join or detach that
  // comes before the new thread has started (and stored self_ref).
  static constexpr u32 kRecentCreated = 4;
  struct {
    uptr handle;
    u64 ref;
  } recent_created[kRecentCreated];
  u32 recent_next;
};

ThreadContext *CurrentContext();
// The innermost scope (test) open on the live thread whose pthread_t is
// `handle` now (its ThreadContext::scope, read without faulting); 0 if none
// or unknown. For reports made on another thread (deadlock, hang).
u32 CurrentScopeOf(uptr handle);

void Initialize();
extern bool tlsan_inited;
TLSAN_ALWAYS_INLINE void EnsureInitialized() {
  if (TLSAN_UNLIKELY(!tlsan_inited)) Initialize();
}
bool DetectLeaks();  // flags()->detect_leaks, after initialization

// In a child forked without glibc's fork() (no atfork handler ran), forgets
// the parent's threads, as the atfork handler does; otherwise one load (see
// tlsan_fork_linux.h). Called before a thread is created and before a check.
void SyncAfterRawFork();

// The process's name (/proc/self/comm at start-up).
const char *ProcessName();

// Thread lifecycle, called by the thread interceptors.
// Claims and publishes a record for a thread about to be created.
ThreadRecord *OnThreadCreate(uptr caller_pc, void *(*start)(void *), void *arg,
                             bool detached);
// The real create succeeded: the creator stores the pthread_t (so does the
// thread itself when it starts; whichever comes first wins).
void OnThreadCreated(ThreadRecord *r, u32 generation, uptr handle);
void OnThreadCreateFailed(ThreadRecord *r);
// In the new thread, before its start routine; `stack_top`: the
// trampoline's frame address (above every frame of the start routine).
void OnThreadStart(ThreadRecord *r, uptr stack_top);
// The calling thread leaves its start routine (return, pthread_exit,
// cancellation). Idempotent.
void OnThreadFinish();
// A join or detach of `handle` succeeded; r/generation is what the lookup
// before the call found (may be null).
void OnThreadJoined(uptr handle, ThreadRecord *r, u32 generation);
void OnThreadDetached(uptr handle, ThreadRecord *r, u32 generation);
void OnThreadNamed(ThreadRecord *r, u32 generation, const char *name);

// The record of the live thread whose pthread_t is `handle`, or null. For the
// join, detach and setname interceptors, which may only pass handles that
// glibc itself dereferences: the lookup reads the target thread's TLS (its
// ThreadContext sits at a fixed offset from its pthread_t, the static TLS
// block being part of the thread's descriptor), validates what it finds
// against the registry, and falls back to Registry::FindByHandle's scan.
ThreadRecord *LookUpThread(uptr handle, u32 *generation);

// The exit protocol (see the file comment).
void OnExitBegin(int status);
bool ExitInProgress();
// Called when exit is stuck waiting on `r` (note says on what): reports the
// leaks and ends the process.
[[noreturn]] void OnExitStuck(const char *note);

// The thread that called exit() or returned from main; 0 before exit.
// A check excludes it (its own stack is the exit path, not a leak).
int ExitTid();

// Called by a thread tlsan itself started (the hang watchdog), first
// thing: gives it a record the leak pass knows by tid, marked ignored, with
// no T<n> of its own (user threads keep their numbers).
void RegisterRuntimeThread();

// Disable/enable nesting depth (threads created while > 0 are ignored).
void Disable();
void Enable();

}  // namespace __tlsan

#endif  // TLSAN_RTL_H
