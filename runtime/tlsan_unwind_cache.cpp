//===-- tlsan_unwind_cache.cpp - unwind rules cached by return address ----===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_unwind_cache.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_unwind_cache.h"

#include "tlsan_stack_trace.h"

namespace __tlsan {

namespace {

constexpr s64 kMaxCfaOff = (s64(1) << 27) - 1;
constexpr s64 kMaxSlotOff = (s64(1) << 15) - 1;

bool Fits(s64 v, s64 max) { return v >= -max - 1 && v <= max; }

uptr rules_computed;  // statistics, relaxed; touched on misses only
uptr slow_captures;

}  // namespace

u64 PackRule(const Rule &r) {
  if (r.kind != kRuleStep) return r.kind;
  if (!Fits(r.cfa_off, kMaxCfaOff) || !Fits(r.ra_off, kMaxSlotOff) ||
      !Fits(r.rbp_off, kMaxSlotOff))
    return kRuleUnsupported;
  return kRuleStep | (u64)r.cfa_is_rbp << 2 | (u64)r.rbp_saved << 3 |
         ((u64)r.ra_off & 0xffff) << 4 | ((u64)r.rbp_off & 0xffff) << 20 |
         (u64)r.cfa_off << 36;
}

namespace unwind_cache {

alignas(64) Slot slots[kSize];

TLSAN_NOINLINE u64 ComputeAndCache(uptr pc) {
  uptr h = Hash(pc);
  Slot *free_slot = nullptr;
  for (uptr i = 0; i < kMaxProbes; i++) {
    Slot *s = &slots[(h + i) & (kSize - 1)];
    uptr key = AtomicLoad(&s->pc, __ATOMIC_ACQUIRE);
    if (key == pc) break;  // being inserted by another thread: do not insert
    if (key == 0) {
      free_slot = s;
      break;
    }
  }
  AtomicAdd(&rules_computed, (uptr)1, __ATOMIC_RELAXED);
  u64 rule = PackRule(ComputeRule(pc));
  if (free_slot) {
    uptr expected = 0;
    if (AtomicCas(&free_slot->pc, &expected, pc))
      AtomicStore(&free_slot->rule, rule, __ATOMIC_RELEASE);
    // Lost the slot: keep the computed rule; a later miss may insert it.
  }
  return rule;
}

}  // namespace unwind_cache

void CountSlowCapture() {
  AtomicAdd(&slow_captures, (uptr)1, __ATOMIC_RELAXED);
}

UnwindCacheStats TestOnlyUnwindCacheStats() {
  UnwindCacheStats st = {0, 0, 0};
#if defined(__x86_64__)
  for (uptr i = 0; i < unwind_cache::kSize; i++)
    if (AtomicLoad(&unwind_cache::slots[i].pc, __ATOMIC_RELAXED))
      st.cached_pcs++;
  st.rules_computed = AtomicLoad(&rules_computed, __ATOMIC_RELAXED);
  st.slow_captures = AtomicLoad(&slow_captures, __ATOMIC_RELAXED);
#endif
  return st;
}

void TestOnlyResetUnwindCache() {
#if defined(__x86_64__)
  for (uptr i = 0; i < unwind_cache::kSize; i++) {
    AtomicStore(&unwind_cache::slots[i].rule, (u64)0, __ATOMIC_RELAXED);
    AtomicStore(&unwind_cache::slots[i].pc, (uptr)0, __ATOMIC_RELEASE);
  }
  AtomicStore(&rules_computed, (uptr)0, __ATOMIC_RELAXED);
  AtomicStore(&slow_captures, (uptr)0, __ATOMIC_RELAXED);
#endif
}

}  // namespace __tlsan
