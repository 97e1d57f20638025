//===-- tlsan_unwind_cfi.h - DWARF call frame information (x86_64) --------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Turns the .eh_frame program that covers a return address into one
// unwind Rule, the only kind of step the cached unwinder takes ("CFA =
// rsp|rbp + off; return address at CFA+k; rbp unchanged or at CFA+m"), and
// says whether an address is code at all. Everything else the CFI can say
// (a CFA by expression: PLT stubs, stack-realigning functions; signal
// frames 'S'; other registers' rules...) is kRuleUnsupported, which sends
// the capture to libgcc (tlsan_stack_trace.cpp).
//
// Contract: no allocation, no lock of tlsan's; the FDE lookup is libgcc's
// _Unwind_Find_FDE (lock-free through glibc's _dl_find_object), the code
// check glibc's _dl_find_object. Thread-safe. Reads only the loaded objects'
// .eh_frame and headers, never the stack. Called by the unwind cache on a
// miss (tlsan_unwind_cache.h).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_UNWIND_CFI_H
#define TLSAN_UNWIND_CFI_H

#include "tlsan_internal.h"

namespace __tlsan {

enum RuleKind : u64 {
  kRuleStep = 1,         // unwind through this frame with the rule
  kRuleEnd = 2,          // outermost frame (return address undefined)
  kRuleUnsupported = 3,  // not expressible as a Rule: libgcc's business
};

// How to go from a frame, whose registers are (pc, sp, bp), to its caller:
//   cfa = (cfa_is_rbp ? bp : sp) + cfa_off
//   caller pc = *(cfa + ra_off); caller sp = cfa
//   caller bp = rbp_saved ? *(cfa + rbp_off) : bp
struct Rule {
  u64 kind;
  bool cfa_is_rbp;
  bool rbp_saved;
  s64 cfa_off;
  s64 ra_off;
  s64 rbp_off;
};

// ComputeRule: the rule for the frame whose pc is `pc` (a return address:
// the row that holds is the one for pc-1). kRuleUnsupported when there is
// no FDE or the FDE says something a Rule cannot. x86_64 only.
//
// Example:
//   Rule r = ComputeRule(return_address);
//   if (r.kind == kRuleStep) ...
Rule ComputeRule(uptr pc);

// PcIsCode: whether `pc` (a return address: pc-1 is checked) lies in an
// executable segment of a loaded object. False for addresses in no object
// (garbage, JIT code without unwind info), data, or gaps between segments.
// Lock-free (glibc's _dl_find_object) and async-signal-safe; reads only
// the object's program headers.
//
// Example:
//   if (!PcIsCode(pc)) return;  // a fiber's garbage return address
bool PcIsCode(uptr pc);

}  // namespace __tlsan

#endif  // TLSAN_UNWIND_CFI_H
