//===-- tlsan_unwind_cache.h - unwind rules cached by return address ------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// One packed Rule (tlsan_unwind_cfi.h) per return address, in a fixed-size,
// lock-free table: open addressing, slots claimed by CAS and never removed;
// when the probe window is full a rule is computed but not kept. A hit costs
// one hash probe and two loads; a miss parses the CFI (ComputeRule).
//
// Known limit: the cache is keyed by pc alone. If a library is dlclose'd and
// a different one later maps code at the same addresses, a stale rule can cut
// or garble the tail of a stack (the unwinders' bounds and mapping checks
// keep it from faulting).
//
// Contract: no allocation (128 KiB of .bss), no lock; thread-safe; a hit is
// async-signal-safe (a miss calls libgcc's _Unwind_Find_FDE). x86_64 only:
// elsewhere LookupRule always answers kRuleUnsupported.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_UNWIND_CACHE_H
#define TLSAN_UNWIND_CACHE_H

#include "tlsan_internal.h"
#include "tlsan_unwind_cfi.h"

namespace __tlsan {

// A rule packed into 64 bits (0 = no rule yet):
//   bits  0-1   kind (RuleKind)
//   bit   2     CFA is based on rbp (else rsp)
//   bit   3     rbp is saved at CFA + rbp_off (else unchanged)
//   bits  4-19  ra_off, signed: the return address is at CFA + ra_off
//   bits 20-35  rbp_off, signed
//   bits 36-63  cfa_off, signed: CFA = base register + cfa_off
// Rules whose offsets do not fit are kRuleUnsupported.
u64 PackRule(const Rule &r);
TLSAN_ALWAYS_INLINE u64 RuleKindOf(u64 packed) { return packed & 3; }
TLSAN_ALWAYS_INLINE bool RuleCfaIsRbp(u64 packed) { return packed & 4; }
TLSAN_ALWAYS_INLINE bool RuleRbpSaved(u64 packed) { return packed & 8; }
TLSAN_ALWAYS_INLINE sptr RuleRaOff(u64 packed) {
  return (int16_t)(packed >> 4);
}
TLSAN_ALWAYS_INLINE sptr RuleRbpOff(u64 packed) {
  return (int16_t)(packed >> 20);
}
TLSAN_ALWAYS_INLINE sptr RuleCfaOff(u64 packed) { return (s64)packed >> 36; }

namespace unwind_cache {

// 8192 slots of {pc, packed rule}. A slot's pc is claimed once by CAS and
// never changes; its rule is stored after. A reader that sees the pc but not
// yet the rule computes the rule itself.
constexpr uptr kSizeLog = 13;
constexpr uptr kSize = uptr(1) << kSizeLog;
constexpr uptr kMaxProbes = 16;

struct Slot {
  uptr pc;
  u64 rule;
};

extern Slot slots[kSize];

TLSAN_ALWAYS_INLINE uptr Hash(uptr pc) {
  return (uptr)(((u64)pc * 0x9E3779B97F4A7C15ull) >> (64 - kSizeLog));
}

// The miss path: computes the rule and caches it if a slot is free within
// kMaxProbes of the home slot.
u64 ComputeAndCache(uptr pc);

}  // namespace unwind_cache

// LookupRule: the packed rule for the frame whose pc is `pc`, from the cache
// or computed.
//
// Example:
//   u64 rule = LookupRule(pc);
//   if (RuleKindOf(rule) == kRuleStep) ...
TLSAN_ALWAYS_INLINE u64 LookupRule(uptr pc) {
#if defined(__x86_64__)
  using namespace unwind_cache;
  uptr h = Hash(pc);
  for (uptr i = 0; i < kMaxProbes; i++) {
    const Slot *s = &slots[(h + i) & (kSize - 1)];
    uptr key = AtomicLoad(&s->pc, __ATOMIC_ACQUIRE);
    if (TLSAN_LIKELY(key == pc)) {
      u64 rule = AtomicLoad(&s->rule, __ATOMIC_ACQUIRE);
      if (TLSAN_LIKELY(rule != 0)) return rule;
      break;
    }
    if (key == 0) break;
  }
  return ComputeAndCache(pc);
#else
  return kRuleUnsupported;
#endif
}

// Counts a capture that fell back to libgcc (for the statistics).
void CountSlowCapture();

}  // namespace __tlsan

#endif  // TLSAN_UNWIND_CACHE_H
