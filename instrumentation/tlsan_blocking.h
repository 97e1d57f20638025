//===-- tlsan_blocking.h - publishing what a thread waits on --------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// BlockingRegion is the RAII guard an interceptor wraps around a call that
// really waits: it publishes {kind, call, object, caller pc, frame, start
// time} into
// the calling thread's shadow record, and clears it when the call returns.
// The leak pass reads it with a seqlock (Registry::Snapshot). Cost: a few
// plain stores (release fences are free on x86) and an rdtsc; no
// allocation, no lock, no syscall.
// A thread cancelled inside the call never runs the destructor: its record
// is finished then, and the classifier ignores blocking info of finished
// threads. A thread that leaves the call by siglongjmp from a signal handler
// never runs it either and goes on running: the region records how many
// longjmps the thread had made (the longjmp interceptors count them), and
// for a region entered before a later jump the classifier checks that its
// frame is still on the thread's stack (RegionIsStale in
// tlsan_classifier.cpp), which is why `caller_pc` must be the interceptor's
// own __builtin_return_address(0): the word just above `frame` while the
// call is live.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_BLOCKING_H
#define TLSAN_BLOCKING_H

#include "tlsan_clock.h"
#include "tlsan_internal.h"
#include "tlsan_leak.h"
#include "tlsan_rtl.h"

namespace __tlsan {

class BlockingRegion {
 public:
  // `call` must be a string literal (it is kept by pointer). Must be
  // constructed directly in the interceptor (it is always inlined): it
  // records the interceptor's frame for the leak pass's stack unwinding.
  // Regions nest (a signal handler that blocks while its thread is already
  // blocked): the destructor restores the enclosing region.
  TLSAN_ALWAYS_INLINE BlockingRegion(BlockingKind kind, const char *call,
                                     uptr object, uptr caller_pc) {
    record_ = CurrentContext()->record;
    if (!record_) return;
    BlockingInfo &b = record_->blocking;
    saved_ = b;
    Publish(b, (u16)kind, call, object, caller_pc,
            (uptr)__builtin_frame_address(0), CheapTimestamp(),
            (u16)record_->jumps);
  }
  TLSAN_ALWAYS_INLINE ~BlockingRegion() {
    if (!record_) return;
    BlockingInfo &b = record_->blocking;
    Publish(b, saved_.kind, saved_.call, saved_.object, saved_.caller_pc,
            saved_.frame, saved_.since, saved_.jumps);
  }
  BlockingRegion(const BlockingRegion &) = delete;
  BlockingRegion &operator=(const BlockingRegion &) = delete;

 private:
  // A seqlock write: odd while the fields change.
  static TLSAN_ALWAYS_INLINE void Publish(BlockingInfo &b, u16 kind,
                                          const char *call, uptr object,
                                          uptr caller_pc, uptr frame, u64 since,
                                          u16 jumps) {
    u32 seq = b.seq;
    AtomicStore(&b.seq, seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    AtomicStore(&b.kind, kind, __ATOMIC_RELAXED);
    AtomicStore(&b.call, call, __ATOMIC_RELAXED);
    AtomicStore(&b.object, object, __ATOMIC_RELAXED);
    AtomicStore(&b.caller_pc, caller_pc, __ATOMIC_RELAXED);
    AtomicStore(&b.frame, frame, __ATOMIC_RELAXED);
    AtomicStore(&b.since, since, __ATOMIC_RELAXED);
    AtomicStore(&b.jumps, jumps, __ATOMIC_RELAXED);
    AtomicStore(&b.seq, seq + 2, __ATOMIC_RELEASE);
  }

  ThreadRecord *record_;
  BlockingInfo saved_;
};

}  // namespace __tlsan

#endif  // TLSAN_BLOCKING_H
