//===-- tlsan_sample_linux.cpp - the stack of a running leaked thread -----===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_sample_linux.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_sample_linux.h"

#include <signal.h>
#include <sys/syscall.h>
#include <ucontext.h>

#include "tlsan_flags.h"
#include "tlsan_stack_depot.h"
#include "tlsan_stack_trace.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

struct Sample {
  int target_tid;  // the only thread whose handler records anything
  u32 max_depth;
  u32 done;
  u32 size;
  uptr sp;
  uptr pcs[kMaxStackDepth];
};
Sample sample;
u32 sampler_busy;

void SampleHandler(int, siginfo_t *, void *context) {
#if defined(__x86_64__)
  if (GetTid() != AtomicLoad(&sample.target_tid, __ATOMIC_ACQUIRE)) return;
  const ucontext_t *uc = (const ucontext_t *)context;
  uptr pc = (uptr)uc->uc_mcontext.gregs[REG_RIP];
  uptr sp = (uptr)uc->uc_mcontext.gregs[REG_RSP];
  uptr bp = (uptr)uc->uc_mcontext.gregs[REG_RBP];
  sample.sp = sp;
  sample.size =
      CaptureStackFromContext(pc, sp, bp, sample.pcs, sample.max_depth);
  AtomicStore(&sample.done, 1u, __ATOMIC_RELEASE);
#else
  (void)context;
#endif
}

}  // namespace

u32 SampleRunningThreadStack(int tid, u32 max_depth, uptr *sp) {
  if (sp) *sp = 0;
  if (!flags()->stack_of_running_threads || tid <= 0) return 0;
  if (AtomicExchange(&sampler_busy, 1u)) return 0;
  u32 id = 0;
  struct sigaction ours, old;
  internal_memset(&ours, 0, sizeof(ours));
  ours.sa_sigaction = SampleHandler;
  ours.sa_flags = SA_SIGINFO | SA_RESTART;
  sigfillset(&ours.sa_mask);
  // Only when the program leaves SIGWINCH alone: its default is "ignore".
  if (sigaction(SIGWINCH, nullptr, &old) == 0 && !(old.sa_flags & SA_SIGINFO) &&
      old.sa_handler == SIG_DFL && sigaction(SIGWINCH, &ours, nullptr) == 0) {
    sample.max_depth = max_depth;
    AtomicStore(&sample.done, 0u);
    AtomicStore(&sample.target_tid, tid, __ATOMIC_RELEASE);
    if (internal_syscall6(SYS_tgkill, (uptr)GetPid(), (uptr)tid, SIGWINCH) ==
        0) {
      u64 deadline = MonotonicNanoTime() + 100 * 1000000ull;
      while (!AtomicLoad(&sample.done, __ATOMIC_ACQUIRE) &&
             MonotonicNanoTime() < deadline)
        SleepForMicros(50);
    }
    AtomicStore(&sample.target_tid, 0, __ATOMIC_RELEASE);
    sigaction(SIGWINCH, &old, nullptr);
    if (AtomicLoad(&sample.done, __ATOMIC_ACQUIRE)) {
      id = StackDepotPut(sample.pcs, sample.size);
      if (sp) *sp = sample.sp;
    }
  }
  AtomicStore(&sampler_busy, 0u);
  return id;
}

}  // namespace __tlsan
