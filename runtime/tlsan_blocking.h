//===-- tlsan_blocking.h - publishing what a thread waits on --------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// BlockingRegion is the RAII guard an interceptor wraps around a call that
// really waits: it publishes {kind, call, object, caller pc, start time} into
// the calling thread's shadow record, and clears it when the call returns.
// The leak pass reads it with a seqlock (Registry::Snapshot). Cost: a few
// plain stores and two release fences; no allocation, no lock, no syscall.
// A thread cancelled inside the call never runs the destructor: its record
// is finished then, and the classifier ignores blocking info of finished
// threads.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_BLOCKING_H
#define TLSAN_BLOCKING_H

#include "tlsan_internal.h"
#include "tlsan_leak.h"
#include "tlsan_rtl.h"

namespace __tlsan {

class BlockingRegion {
 public:
  TLSAN_ALWAYS_INLINE BlockingRegion(BlockingKind kind, u16 call, uptr object,
                                     uptr caller_pc) {
    record_ = CurrentContext()->record;
    if (!record_) return;
    BlockingInfo &b = record_->blocking;
    u32 seq = b.seq;
    AtomicStore(&b.seq, seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    AtomicStore(&b.kind, (u16)kind, __ATOMIC_RELAXED);
    AtomicStore(&b.call, call, __ATOMIC_RELAXED);
    AtomicStore(&b.object, object, __ATOMIC_RELAXED);
    AtomicStore(&b.caller_pc, caller_pc, __ATOMIC_RELAXED);
    AtomicStore(&b.since_ns, MonotonicNanoTime(), __ATOMIC_RELAXED);
    AtomicStore(&b.stack_id, 0u, __ATOMIC_RELAXED);
    AtomicStore(&b.seq, seq + 2, __ATOMIC_RELEASE);
  }
  TLSAN_ALWAYS_INLINE ~BlockingRegion() {
    if (!record_) return;
    BlockingInfo &b = record_->blocking;
    u32 seq = b.seq;
    AtomicStore(&b.seq, seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    AtomicStore(&b.kind, (u16)kBlockNone, __ATOMIC_RELAXED);
    AtomicStore(&b.seq, seq + 2, __ATOMIC_RELEASE);
  }
  BlockingRegion(const BlockingRegion &) = delete;
  BlockingRegion &operator=(const BlockingRegion &) = delete;

 private:
  ThreadRecord *record_;
};

}  // namespace __tlsan

#endif  // TLSAN_BLOCKING_H
