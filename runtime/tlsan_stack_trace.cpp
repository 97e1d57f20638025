//===-- tlsan_stack_trace.cpp - the unwinders -----------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_stack_trace.h.
//
// Layout: FrameCollector applies the skip_until_pc rule to the frames any
// unwinder produces; Step is the one step from a frame to its caller, with
// a cached rule (tlsan_unwind_cache.h), over a Memory that says what may be
// read; Walk repeats it. The memories: LocalStack (this thread's stack,
// read in place once known to be mapped) and BlockedStackUnwinder (another
// thread's, copied with SafeRead). CaptureStack walks the local stack and,
// for a frame whose rule only libgcc knows, redoes the capture with
// _Unwind_Backtrace behind a guard that checks each caller before libgcc
// looks at it.
//
//===----------------------------------------------------------------------===//
#include "tlsan_stack_trace.h"

#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unwind.h>

#include "tlsan_buffer.h"
#include "tlsan_stack_depot.h"
#include "tlsan_syscall_linux.h"
#include "tlsan_unwind_cache.h"
#include "tlsan_unwind_cfi.h"

namespace __tlsan {

namespace {

// A frame whose pc is skip_until_pc must show among the first
// kSkipWindow + 1 frames (CaptureStack's own is frame 0).
constexpr u32 kSkipWindow = 8;

// Receives the frames, innermost first (frame 0 is CaptureStack's own), and
// keeps those the skip_until_pc rule of the header keeps.
class FrameCollector {
 public:
  FrameCollector(uptr *pcs, u32 max_depth, uptr skip_until_pc)
      : pcs_(pcs), max_depth_(max_depth), skip_until_pc_(skip_until_pc) {
    Reset();
  }

  void Reset() {
    size_ = 0;
    frames_seen_ = 0;
    skipping_ = skip_until_pc_ != 0;
  }

  // Returns false when no more frames are wanted.
  TLSAN_ALWAYS_INLINE bool Add(uptr pc) {
    frames_seen_++;
    if (skipping_) {
      if (pc == skip_until_pc_) {
        // The interceptor's caller: the first frame we keep.
        skipping_ = false;
        pcs_[size_++] = pc;
        return size_ < max_depth_;
      }
      if (frames_seen_ <= kSkipWindow) {
        head_[frames_seen_ - 1] = pc;
        return true;
      }
      // The marker did not show (tail call, or no unwind info for the
      // interceptor): keep everything but CaptureStack's own frame.
      skipping_ = false;
      for (u32 i = 1; i < kSkipWindow && size_ < max_depth_; i++)
        pcs_[size_++] = head_[i];
      if (size_ >= max_depth_) return false;
    }
    pcs_[size_++] = pc;
    return size_ < max_depth_;
  }

  // Takes back the frame just added (it was not a frame after all: a
  // return address in no code).
  void DropLast() {
    if (frames_seen_ == 0) return;
    frames_seen_--;
    if (!skipping_ && size_ > 0) size_--;
  }

  // Call when the stack has ended (or Add returned false). Returns the count.
  u32 Finish() {
    if (skipping_) {
      // The stack ended before the marker (at most kSkipWindow frames).
      skipping_ = false;
      for (u32 i = 1; i < frames_seen_ && size_ < max_depth_; i++)
        pcs_[size_++] = head_[i];
    }
    return size_;
  }

 private:
  uptr *pcs_;
  u32 max_depth_;
  u32 size_;
  uptr skip_until_pc_;
  u32 frames_seen_;
  bool skipping_;
  uptr head_[kSkipWindow];  // the first frames, while skipping
};

// A frame's registers, as far as the unwinders follow them.
struct Regs {
  uptr pc;
  uptr sp;  // the CFA of its callee
  uptr bp;
};

constexpr uptr kMaxStackSpan = uptr(64) << 20;

// One step from a frame to its caller with a kRuleStep rule. Memory
// provides Read(addr, &value) (false: not readable) and limit() (no CFA
// above it). Every slot read is at or above the frame's sp, and the CFA must
// grow, so a walk ends. False: the stack cannot be followed further.
template <typename Memory>
TLSAN_ALWAYS_INLINE bool Step(u64 rule, Regs *r, Memory *mem) {
  uptr cfa = (RuleCfaIsRbp(rule) ? r->bp : r->sp) + RuleCfaOff(rule);
  // The stack grows down: each caller's frame is above its callee's.
  if (TLSAN_UNLIKELY(cfa <= r->sp || cfa > mem->limit())) return false;
  uptr bp = r->bp;
  if (RuleRbpSaved(rule)) {
    uptr at = cfa + RuleRbpOff(rule);
    if (TLSAN_UNLIKELY(at < r->sp || !mem->Read(at, &bp))) return false;
  }
  uptr at = cfa + RuleRaOff(rule), pc;
  if (TLSAN_UNLIKELY(at < r->sp || !mem->Read(at, &pc))) return false;
  r->pc = pc;
  r->sp = cfa;
  r->bp = bp;
  return true;
}

enum WalkEnd {
  kWalkDone,         // the stack ended, or the collector is full
  kWalkUnsupported,  // a frame only libgcc can step through
};

// Feeds frames to col from r until the stack ends, col is full, or a rule
// is unsupported. A return address in no code (a fiber's garbage outermost
// return address) is not a frame: it ends the stack, and is dropped.
template <typename Memory>
TLSAN_ALWAYS_INLINE WalkEnd Walk(FrameCollector *col, Regs r, Memory *mem) {
  for (;;) {
    if (r.pc == 0) return kWalkDone;
    // The last frame wanted is not checked for being code: it is the
    // return address of a frame with a CFI rule, so only the outermost frame
    // of a fiber stack, exactly max_depth deep, could be garbage (it would
    // show as an unsymbolized address; nothing reads there).
    if (!col->Add(r.pc)) return kWalkDone;
    u64 rule = LookupRule(r.pc);
    u64 kind = RuleKindOf(rule);
    if (TLSAN_UNLIKELY(kind == kRuleUnsupported)) {
      if (PcIsCode(r.pc)) return kWalkUnsupported;
      col->DropLast();
      return kWalkDone;
    }
    if (kind == kRuleEnd) return kWalkDone;
    if (TLSAN_UNLIKELY(!Step(rule, &r, mem))) return kWalkDone;
  }
}

// Whether the 8 bytes at `addr` can be read, without reading them in user
// space: rt_sigprocmask copies the new mask in (EFAULT if it cannot) before
// it checks `how`, and an invalid `how` changes nothing (EINVAL). One system
// call; async-signal-safe; needs no pid (unlike process_vm_readv, right
// after a raw fork too).
bool Readable(uptr addr) {
  return internal_syscall6(SYS_rt_sigprocmask, ~uptr(0), addr, 0, 8) != -EFAULT;
}

constexpr uptr kPage = 4096;
constexpr uptr kMaxProbedPages = 16;

// The calling thread's stack, read in place where it is known to be mapped:
// [lo_, hi_) grows page by page, each page checked with Readable once. A
// thread keeps what it learnt (one packed word of initial-exec TLS, written
// whole, so a signal handler's capture in between cannot tear it) for its
// next capture from the same stack.
class LocalStack {
 public:
  enum Mode {
    kThisStack,  // reads above sp, up to kMaxStackSpan; cached per thread
    kAnywhere,   // any address (libgcc's frames may switch stacks)
  };

  LocalStack(uptr sp, Mode mode, bool sp_is_mapped);
  ~LocalStack();
  TLSAN_ALWAYS_INLINE uptr limit() const { return limit_; }
  TLSAN_ALWAYS_INLINE bool Read(uptr addr, uptr *value) {
    if (TLSAN_LIKELY((addr & 7) == 0 && addr >= lo_ && addr < hi_)) {
      *value = *(const uptr *)addr;
      return true;
    }
    return ReadSlow(addr, value);
  }

 private:
  bool ReadSlow(uptr addr, uptr *value);
  Mode mode_;
  bool grown_ = false;  // ReadSlow checked more pages
  uptr lo_, hi_, limit_;
  u64 learnt_;  // the cached word, as found
};

__thread u64 known_stack __attribute__((tls_model("initial-exec")));

// Packed: first page number << 20 | pages (addresses below 2^56).
constexpr u64 kPagesBits = 20;

LocalStack::LocalStack(uptr sp, Mode mode, bool sp_is_mapped)
    : mode_(mode), lo_(sp), hi_(sp), learnt_(0) {
  limit_ = mode == kAnywhere || sp + kMaxStackSpan < sp ? ~uptr(0)
                                                        : sp + kMaxStackSpan;
  // The page holding sp is mapped: the capturing frame runs on it.
  if (sp_is_mapped) hi_ = (sp | (kPage - 1)) + 1;
  if (mode == kAnywhere) return;
  learnt_ = known_stack;
  uptr lo = (uptr)(learnt_ >> kPagesBits) * kPage;
  uptr hi = lo + (uptr)(learnt_ & ((1u << kPagesBits) - 1)) * kPage;
  if (sp >= lo && sp < hi && hi > hi_) hi_ = hi;
}

LocalStack::~LocalStack() {
  if (mode_ == kAnywhere || !grown_) return;
  uptr lo = lo_ & ~(kPage - 1);
  u64 pages = (hi_ - lo) / kPage;
  if (pages == 0 || pages >= (1u << kPagesBits) || (lo >> 56) != 0) return;
  u64 word = (u64)(lo / kPage) << kPagesBits | pages;
  if (word != learnt_) known_stack = word;
}

TLSAN_NOINLINE bool LocalStack::ReadSlow(uptr addr, uptr *value) {
  if ((addr & 7) != 0 || addr > limit_ - sizeof(uptr)) return false;
  uptr page = addr & ~(kPage - 1);
  if (addr >= lo_ && page <= hi_ + kMaxProbedPages * kPage) {
    for (; hi_ <= page; hi_ += kPage)
      if (!Readable(hi_)) return false;
    grown_ = true;
  } else {
    // Far from what is known (a frame with a large array, another stack):
    // that one page, on its own.
    if (!Readable(page)) return false;
    if (mode_ == kAnywhere) lo_ = page, hi_ = page + kPage;
  }
  *value = *(const uptr *)addr;
  return true;
}

// The slow path: libgcc's _Unwind_Backtrace, which understands every frame
// (signal frames, CFA expressions) but faults on a return address that is
// not code (it reads the code bytes there, looking for a sigreturn
// trampoline) or on a frame whose registers lead off the stack. Before
// libgcc looks at a caller, the guard steps to it with tlsan's own rule,
// where there is one, through checked reads, and ends the stack if the
// caller is not code. Frames only libgcc can step (a signal trampoline, a
// CFA expression) are its word, as is a frame interrupted by a signal.
struct GuardedBacktrace {
  FrameCollector *col;
  LocalStack *memory;
};

_Unwind_Reason_Code GuardedCallback(struct _Unwind_Context *ctx, void *arg) {
  auto *g = (GuardedBacktrace *)arg;
  int interrupted = 0;
  uptr pc = (uptr)_Unwind_GetIPInfo(ctx, &interrupted);
  if (pc == 0 || !g->col->Add(pc)) return _URC_END_OF_STACK;
  if (interrupted) return _URC_NO_REASON;
  u64 rule = LookupRule(pc);
  if (RuleKindOf(rule) == kRuleEnd) return _URC_END_OF_STACK;
  if (RuleKindOf(rule) != kRuleStep) return _URC_NO_REASON;
  // libgcc's CFA in this callback is the callee's: this frame's sp.
  Regs next = {pc, (uptr)_Unwind_GetCFA(ctx), (uptr)_Unwind_GetGR(ctx, 6)};
  if (!Step(rule, &next, g->memory)) return _URC_END_OF_STACK;
  // A caller with an FDE is code (and its rule is cached for the next call).
  if (next.pc == 0 || RuleKindOf(LookupRule(next.pc)) != kRuleUnsupported ||
      PcIsCode(next.pc))
    return _URC_NO_REASON;
  return _URC_END_OF_STACK;
}

}  // namespace

u32 CaptureStackFromContext(uptr pc, uptr sp, uptr bp, uptr *pcs,
                            u32 max_depth) {
#if defined(__x86_64__)
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  FrameCollector col(pcs, max_depth, 0);
  // Unlike CaptureStack, the first frame is the interrupted pc itself; an
  // unsupported rule just ends the stack (no libgcc from a signal handler).
  // Nothing is known about the interrupted stack yet: every page is checked.
  LocalStack stack(sp, LocalStack::kThisStack, /*sp_is_mapped=*/false);
  Walk(&col, Regs{pc, sp, bp}, &stack);
  return col.Finish();
#else
  return 0;
#endif
}

// Another thread's stack, copied on demand in chunks with SafeRead (the
// thread may wake up and even exit while we read: nothing can fault, and a
// changed stack is caught by the caller's seqlock check).
BlockedStackUnwinder::BlockedStackUnwinder() : buf_(nullptr) {}

BlockedStackUnwinder::~BlockedStackUnwinder() {
  if (buf_) UnmapOrDie(buf_, kBufferSize);
}

bool BlockedStackUnwinder::Read(uptr addr, uptr *value) {
  if (!buf_) buf_ = (char *)MmapOrDie(kBufferSize, "blocked stack unwinder");
  if ((addr & 7) != 0 || addr < base_) return false;
  uptr off = addr - base_;
  while (off + sizeof(uptr) > copied_) {
    // Up to the end of the page: each read then pins one page (the first
    // one, from the interceptor's frame, is often all the stack there is).
    uptr from = base_ + copied_;
    uptr n = ((from + kChunk) & ~(kChunk - 1)) - from;
    if (copied_ + n > kBufferSize) return false;
    if (!SafeRead(from, buf_ + copied_, n)) return false;
    copied_ += n;
  }
  internal_memcpy(value, buf_ + off, sizeof(uptr));
  return true;
}

u32 BlockedStackUnwinder::Unwind(uptr frame, uptr *pcs, u32 max_depth) {
#if defined(__x86_64__)
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  if (frame == 0 || max_depth == 0) return 0;
  base_ = frame;
  copied_ = 0;
  // The interceptor's frame record: [frame] is the caller's rbp, [frame+8]
  // the return address into the caller, whose rsp is frame+16.
  Regs r = {0, frame + 16, 0};
  if (!Read(frame, &r.bp) || !Read(frame + 8, &r.pc)) return 0;
  FrameCollector col(pcs, max_depth, 0);
  Walk(&col, r, this);  // an unsupported rule ends it: no libgcc here
  return col.Finish();
#else
  return 0;
#endif
}

TLSAN_NOINLINE u32 CaptureStack(uptr *pcs, u32 max_depth, uptr skip_until_pc) {
  if (max_depth == 0) return 0;
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  FrameCollector col(pcs, max_depth, skip_until_pc);
#if defined(__x86_64__)
  // This frame's registers. pc is the address after the lea; the rule for
  // pc-1 (the lea) holds for the three instructions.
  uptr pc, sp, bp;
  __asm__ volatile("leaq 0(%%rip), %0\n\t"
                   "movq %%rsp, %1\n\t"
                   "movq %%rbp, %2"
                   : "=&r"(pc), "=&r"(sp), "=&r"(bp));
  {
    LocalStack stack(sp, LocalStack::kThisStack, /*sp_is_mapped=*/true);
    if (TLSAN_LIKELY(Walk(&col, Regs{pc, sp, bp}, &stack) == kWalkDone))
      return col.Finish();
  }
  CountSlowCapture();
  col.Reset();
#endif
  // Called from here so that, as on the fast path, frame 0 is ours.
  LocalStack memory((uptr)__builtin_frame_address(0), LocalStack::kAnywhere,
                    /*sp_is_mapped=*/true);
  GuardedBacktrace guarded = {&col, &memory};
  _Unwind_Backtrace(GuardedCallback, &guarded);
  return col.Finish();
}

TLSAN_NOINLINE u32 TestOnlyCaptureStackSlow(uptr *pcs, u32 max_depth,
                                            uptr skip_until_pc) {
  if (max_depth == 0) return 0;
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  FrameCollector col(pcs, max_depth, skip_until_pc);
  LocalStack memory((uptr)__builtin_frame_address(0), LocalStack::kAnywhere,
                    /*sp_is_mapped=*/true);
  GuardedBacktrace guarded = {&col, &memory};
  _Unwind_Backtrace(GuardedCallback, &guarded);
  return col.Finish();
}

TLSAN_NOINLINE u32 CaptureStackToDepot(u32 max_depth, uptr skip_until_pc) {
  uptr pcs[kMaxStackDepth];
  u32 n = CaptureStack(pcs, max_depth, skip_until_pc);
  return StackDepotPut(pcs, n);
}

}  // namespace __tlsan
