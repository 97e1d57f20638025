//===-- tlsan_stack_trace.cpp - capture the current thread's stack --------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_stack_trace.h.
//
// Layout: FrameCollector applies the skip_until_pc rule to the frames either
// unwinder produces; the x86_64 fast path (rule cache, CFI interpreter,
// FastUnwind) comes next; CaptureStack tries it and falls back to
// _Unwind_Backtrace.
//
//===----------------------------------------------------------------------===//
#include "tlsan_stack_trace.h"

#include <unwind.h>

#include "tlsan_stack_depot.h"
#include "tlsan_syscall_linux.h"
#include "tlsan_buffer.h"

#if defined(__x86_64__)
// libgcc's FDE lookup (unwind-dw2-fde.h; exported by libgcc_s.so.1 and
// libgcc_eh.a). Returns the FDE (its length field) covering pc, or null.
struct dwarf_eh_bases {
  void *tbase;
  void *dbase;
  void *func;
};
extern "C" const void *_Unwind_Find_FDE(void *pc, struct dwarf_eh_bases *bases);
#endif

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

_Unwind_Reason_Code UnwindCallback(struct _Unwind_Context *ctx, void *arg) {
  uptr pc = (uptr)_Unwind_GetIP(ctx);
  if (pc == 0) return _URC_END_OF_STACK;
  return ((FrameCollector *)arg)->Add(pc) ? _URC_NO_REASON
                                          : _URC_END_OF_STACK;
}

#if defined(__x86_64__)

//===-- Unwind rules and their cache --------------------------------------===//

// A rule packed into 64 bits (0 = no rule yet):
//   bits  0-1   kind (RuleKind)
//   bit   2     CFA is based on rbp (else rsp)
//   bit   3     rbp is saved at CFA + rbp_off (else unchanged)
//   bits  4-19  ra_off, signed: the return address is at CFA + ra_off
//   bits 20-35  rbp_off, signed
//   bits 36-63  cfa_off, signed: CFA = base register + cfa_off
enum RuleKind : u64 {
  kRuleStep = 1,         // unwind through this frame with the rule
  kRuleEnd = 2,          // outermost frame (return address undefined)
  kRuleUnsupported = 3,  // use the slow path
};

struct Rule {
  u64 kind;
  bool cfa_is_rbp;
  bool rbp_saved;
  s64 cfa_off;
  s64 ra_off;
  s64 rbp_off;
};

constexpr s64 kMaxCfaOff = (s64(1) << 27) - 1;
constexpr s64 kMaxSlotOff = (s64(1) << 15) - 1;

TLSAN_ALWAYS_INLINE bool Fits(s64 v, s64 max) {
  return v >= -max - 1 && v <= max;
}

u64 PackRule(const Rule &r) {
  if (r.kind != kRuleStep) return r.kind;
  if (!Fits(r.cfa_off, kMaxCfaOff) || !Fits(r.ra_off, kMaxSlotOff) ||
      !Fits(r.rbp_off, kMaxSlotOff))
    return kRuleUnsupported;
  return kRuleStep | (u64)r.cfa_is_rbp << 2 | (u64)r.rbp_saved << 3 |
         ((u64)r.ra_off & 0xffff) << 4 | ((u64)r.rbp_off & 0xffff) << 20 |
         (u64)r.cfa_off << 36;
}

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

// The cache: 8192 slots of {pc, packed rule}, 128 KiB of .bss. A slot's pc is
// claimed once by CAS and never changes; its rule is stored after. A reader
// that sees the pc but not yet the rule computes the rule itself.
constexpr uptr kCacheSizeLog = 13;
constexpr uptr kCacheSize = uptr(1) << kCacheSizeLog;
constexpr uptr kMaxProbes = 16;

struct CacheSlot {
  uptr pc;
  u64 rule;
};

alignas(64) CacheSlot cache_slots[kCacheSize];
uptr rules_computed;  // statistics, relaxed; touched on misses only
uptr slow_captures;

//===-- CFI interpretation ------------------------------------------------===//

// DWARF x86_64 register numbers.
constexpr u64 kRegRbp = 6;
constexpr u64 kRegRsp = 7;
constexpr u64 kRegRa = 16;

enum : u8 {
  DW_EH_PE_absptr = 0x00,
  DW_EH_PE_uleb128 = 0x01,
  DW_EH_PE_udata2 = 0x02,
  DW_EH_PE_udata4 = 0x03,
  DW_EH_PE_udata8 = 0x04,
  DW_EH_PE_sleb128 = 0x09,
  DW_EH_PE_sdata2 = 0x0a,
  DW_EH_PE_sdata4 = 0x0b,
  DW_EH_PE_sdata8 = 0x0c,
  DW_EH_PE_pcrel = 0x10,
  DW_EH_PE_textrel = 0x20,
  DW_EH_PE_datarel = 0x30,
  DW_EH_PE_funcrel = 0x40,
  DW_EH_PE_aligned = 0x50,
  DW_EH_PE_indirect = 0x80,
  DW_EH_PE_omit = 0xff,
};

enum : u8 {
  DW_CFA_nop = 0x00,
  DW_CFA_set_loc = 0x01,
  DW_CFA_advance_loc1 = 0x02,
  DW_CFA_advance_loc2 = 0x03,
  DW_CFA_advance_loc4 = 0x04,
  DW_CFA_offset_extended = 0x05,
  DW_CFA_restore_extended = 0x06,
  DW_CFA_undefined = 0x07,
  DW_CFA_same_value = 0x08,
  DW_CFA_register = 0x09,
  DW_CFA_remember_state = 0x0a,
  DW_CFA_restore_state = 0x0b,
  DW_CFA_def_cfa = 0x0c,
  DW_CFA_def_cfa_register = 0x0d,
  DW_CFA_def_cfa_offset = 0x0e,
  DW_CFA_def_cfa_expression = 0x0f,
  DW_CFA_expression = 0x10,
  DW_CFA_offset_extended_sf = 0x11,
  DW_CFA_def_cfa_sf = 0x12,
  DW_CFA_def_cfa_offset_sf = 0x13,
  DW_CFA_val_offset = 0x14,
  DW_CFA_val_offset_sf = 0x15,
  DW_CFA_val_expression = 0x16,
  DW_CFA_GNU_args_size = 0x2e,
  DW_CFA_GNU_negative_offset_extended = 0x2f,
  // High two bits, operand in the low six.
  DW_CFA_advance_loc = 0x40,
  DW_CFA_offset = 0x80,
  DW_CFA_restore = 0xc0,
};

// Bounds-checked reader of CIE/FDE bytes; `ok` drops to false on overrun.
struct ByteReader {
  const u8 *p;
  const u8 *end;
  bool ok;

  u8 U8() {
    if (p >= end) return Fail();
    return *p++;
  }
  u64 Fixed(uptr n) {
    if ((uptr)(end - p) < n) return Fail();
    u64 v = 0;
    for (uptr i = 0; i < n; i++) v |= (u64)p[i] << (8 * i);
    p += n;
    return v;
  }
  u64 Uleb() {
    u64 v = 0;
    u32 shift = 0;
    for (;;) {
      if (p >= end) return Fail();
      u8 b = *p++;
      if (shift < 64) v |= (u64)(b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) return v;
    }
  }
  s64 Sleb() {
    u64 v = 0;
    u32 shift = 0;
    u8 b;
    do {
      if (p >= end) return (s64)Fail();
      b = *p++;
      if (shift < 64) v |= (u64)(b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    if (shift < 64 && (b & 0x40)) v |= ~u64(0) << shift;
    return (s64)v;
  }
  void Skip(u64 n) {
    if ((u64)(end - p) < n) {
      Fail();
      return;
    }
    p += n;
  }
  u64 Fail() {
    ok = false;
    p = end;
    return 0;
  }
};

// Reads a DW_EH_PE-encoded pointer. With `apply`, adds the base its
// application bits name (pcrel, textrel, datarel, funcrel), as libgcc's
// read_encoded_value_with_base does; without, returns the raw value (enough
// to skip it). Indirect values are refused (only DW_CFA_set_loc applies).
bool ReadEncoded(ByteReader *r, u8 enc, const dwarf_eh_bases &bases,
                 bool apply, uptr *out) {
  *out = 0;
  if (enc == DW_EH_PE_omit) return true;
  const u8 *start = r->p;
  if ((enc & 0x70) == DW_EH_PE_aligned) {
    uptr a = ((uptr)r->p + sizeof(uptr) - 1) & ~(sizeof(uptr) - 1);
    if (a > (uptr)r->end) return r->Fail(), false;
    r->p = (const u8 *)a;
    *out = (uptr)r->Fixed(sizeof(uptr));
    return r->ok;
  }
  u64 v;
  switch (enc & 0x0f) {
    case DW_EH_PE_absptr: v = r->Fixed(sizeof(uptr)); break;
    case DW_EH_PE_uleb128: v = r->Uleb(); break;
    case DW_EH_PE_udata2: v = r->Fixed(2); break;
    case DW_EH_PE_udata4: v = r->Fixed(4); break;
    case DW_EH_PE_udata8: v = r->Fixed(8); break;
    case DW_EH_PE_sleb128: v = (u64)r->Sleb(); break;
    case DW_EH_PE_sdata2: v = (u64)(s64)(int16_t)r->Fixed(2); break;
    case DW_EH_PE_sdata4: v = (u64)(s64)(s32)r->Fixed(4); break;
    case DW_EH_PE_sdata8: v = r->Fixed(8); break;
    default: return false;
  }
  if (!r->ok) return false;
  if (apply && v != 0) {
    switch (enc & 0x70) {
      case DW_EH_PE_absptr: break;
      case DW_EH_PE_pcrel: v += (uptr)start; break;
      case DW_EH_PE_textrel: v += (uptr)bases.tbase; break;
      case DW_EH_PE_datarel: v += (uptr)bases.dbase; break;
      case DW_EH_PE_funcrel: v += (uptr)bases.func; break;
      default: return false;
    }
    if (enc & DW_EH_PE_indirect) return false;
  }
  *out = (uptr)v;
  return true;
}

// How a register is recovered in the caller. Only rbp, rsp and the return
// address column are tracked; rules for other registers are parsed and
// dropped.
enum RegKind : u8 {
  kRegSame,       // unchanged (initial state, DW_CFA_same_value)
  kRegUndefined,  // DW_CFA_undefined
  kRegAtCfa,      // saved at CFA + off
  kRegOther,      // register, expression, val_*: not supported
};

struct RegRule {
  RegKind kind;
  s64 off;
};

enum CfaKind : u8 { kCfaUnset, kCfaRegOffset, kCfaExpression };

struct Row {
  CfaKind cfa_kind;
  u64 cfa_reg;
  s64 cfa_off;
  RegRule rbp, rsp, ra;
};

constexpr u32 kMaxRememberedRows = 8;

struct CfiContext {
  dwarf_eh_bases bases;
  u64 code_align;
  s64 data_align;
  u8 fde_enc;
  uptr target;        // instructions apply while loc < target (the pc)
  uptr loc;
  Row row;
  Row initial;        // the row after the CIE program (DW_CFA_restore)
  Row stack[kMaxRememberedRows];
  u32 depth;
};

RegRule *Tracked(Row *row, u64 reg) {
  if (reg == kRegRbp) return &row->rbp;
  if (reg == kRegRsp) return &row->rsp;
  if (reg == kRegRa) return &row->ra;
  return nullptr;
}

void SetReg(Row *row, u64 reg, RegKind kind, s64 off) {
  if (RegRule *r = Tracked(row, reg)) {
    r->kind = kind;
    r->off = off;
  }
}

// Runs the CFA program [r.p, r.end) until loc reaches ctx->target. Returns
// false on malformed input or an opcode the fast path does not take.
bool RunCfaProgram(ByteReader r, CfiContext *ctx) {
  Row *row = &ctx->row;
  while (r.p < r.end && ctx->loc < ctx->target) {
    u8 op = r.U8();
    u8 low = op & 0x3f;
    switch (op & 0xc0) {
      case DW_CFA_advance_loc:
        ctx->loc += low * ctx->code_align;
        continue;
      case DW_CFA_offset:
        SetReg(row, low, kRegAtCfa, (s64)r.Uleb() * ctx->data_align);
        continue;
      case DW_CFA_restore:
        if (RegRule *reg = Tracked(row, low))
          *reg = *Tracked(&ctx->initial, low);
        continue;
    }
    u64 reg;
    switch (op) {
      case DW_CFA_nop:
        break;
      case DW_CFA_set_loc: {
        uptr loc;
        if (!ReadEncoded(&r, ctx->fde_enc, ctx->bases, true, &loc))
          return false;
        ctx->loc = loc;
        break;
      }
      case DW_CFA_advance_loc1:
        ctx->loc += r.Fixed(1) * ctx->code_align;
        break;
      case DW_CFA_advance_loc2:
        ctx->loc += r.Fixed(2) * ctx->code_align;
        break;
      case DW_CFA_advance_loc4:
        ctx->loc += r.Fixed(4) * ctx->code_align;
        break;
      case DW_CFA_offset_extended:
        reg = r.Uleb();
        SetReg(row, reg, kRegAtCfa, (s64)r.Uleb() * ctx->data_align);
        break;
      case DW_CFA_offset_extended_sf:
        reg = r.Uleb();
        SetReg(row, reg, kRegAtCfa, r.Sleb() * ctx->data_align);
        break;
      case DW_CFA_GNU_negative_offset_extended:
        reg = r.Uleb();
        SetReg(row, reg, kRegAtCfa, -(s64)r.Uleb() * ctx->data_align);
        break;
      case DW_CFA_restore_extended:
        reg = r.Uleb();
        if (RegRule *rr = Tracked(row, reg)) *rr = *Tracked(&ctx->initial, reg);
        break;
      case DW_CFA_undefined:
        SetReg(row, r.Uleb(), kRegUndefined, 0);
        break;
      case DW_CFA_same_value:
        SetReg(row, r.Uleb(), kRegSame, 0);
        break;
      case DW_CFA_register:
        reg = r.Uleb();
        r.Uleb();
        SetReg(row, reg, kRegOther, 0);
        break;
      case DW_CFA_val_offset:
        reg = r.Uleb();
        r.Uleb();
        SetReg(row, reg, kRegOther, 0);
        break;
      case DW_CFA_val_offset_sf:
        reg = r.Uleb();
        r.Sleb();
        SetReg(row, reg, kRegOther, 0);
        break;
      case DW_CFA_expression:
      case DW_CFA_val_expression:
        reg = r.Uleb();
        r.Skip(r.Uleb());
        SetReg(row, reg, kRegOther, 0);
        break;
      case DW_CFA_remember_state:
        if (ctx->depth == kMaxRememberedRows) return false;
        ctx->stack[ctx->depth++] = *row;
        break;
      case DW_CFA_restore_state:
        if (ctx->depth == 0) return false;
        *row = ctx->stack[--ctx->depth];
        break;
      case DW_CFA_def_cfa:
        row->cfa_reg = r.Uleb();
        row->cfa_off = (s64)r.Uleb();
        row->cfa_kind = kCfaRegOffset;
        break;
      case DW_CFA_def_cfa_sf:
        row->cfa_reg = r.Uleb();
        row->cfa_off = r.Sleb() * ctx->data_align;
        row->cfa_kind = kCfaRegOffset;
        break;
      case DW_CFA_def_cfa_register:
        row->cfa_reg = r.Uleb();
        row->cfa_kind = kCfaRegOffset;
        break;
      case DW_CFA_def_cfa_offset:
        // Like libgcc: the offset changes, the kind deliberately does not.
        row->cfa_off = (s64)r.Uleb();
        break;
      case DW_CFA_def_cfa_offset_sf:
        row->cfa_off = r.Sleb() * ctx->data_align;
        break;
      case DW_CFA_def_cfa_expression:
        r.Skip(r.Uleb());
        row->cfa_kind = kCfaExpression;
        break;
      case DW_CFA_GNU_args_size:
        r.Uleb();
        break;
      default:
        return false;  // DW_CFA_GNU_window_save, vendor opcodes...
    }
    if (!r.ok) return false;
  }
  return r.ok;
}

// Parses the FDE that covers pc (a return address, or a pc just after an
// instruction) and its CIE, runs their programs, and turns the row for pc-1
// into a Rule.
TLSAN_NOINLINE Rule ComputeRule(uptr pc) {
  Rule unsupported = {kRuleUnsupported, false, false, 0, 0, 0};
  CfiContext ctx;
  const u8 *fde = (const u8 *)_Unwind_Find_FDE((void *)(pc - 1), &ctx.bases);
  // No FDE: libgcc then looks for a sigreturn trampoline by its code bytes or
  // ends the stack; the slow path decides.
  if (!fde) return unsupported;

  // FDE header: length, CIE pointer (32-bit .eh_frame format only, as in
  // libgcc).
  u32 fde_len = (u32)ByteReader{fde, fde + 4, true}.Fixed(4);
  if (fde_len == 0 || fde_len == 0xffffffffu) return unsupported;
  ByteReader fr = {fde + 4, fde + 4 + fde_len, true};
  const u8 *cie_ptr_field = fr.p;
  u32 cie_delta = (u32)fr.Fixed(4);
  if (!fr.ok || cie_delta == 0) return unsupported;
  const u8 *cie = cie_ptr_field - cie_delta;

  // CIE: length, id, version, augmentation, alignment factors, RA column.
  u32 cie_len = (u32)ByteReader{cie, cie + 4, true}.Fixed(4);
  if (cie_len == 0 || cie_len == 0xffffffffu) return unsupported;
  ByteReader cr = {cie + 4, cie + 4 + cie_len, true};
  if (cr.Fixed(4) != 0) return unsupported;  // CIE id
  u8 version = cr.U8();
  if (version != 1 && version != 3) return unsupported;
  const char *aug = (const char *)cr.p;
  while (cr.ok && cr.U8() != 0) {
  }
  if (!cr.ok) return unsupported;
  if (aug[0] != '\0' && aug[0] != 'z') return unsupported;  // "eh", ...
  ctx.code_align = cr.Uleb();
  ctx.data_align = cr.Sleb();
  u64 ra_column = version == 1 ? cr.U8() : cr.Uleb();
  if (!cr.ok || ra_column != kRegRa) return unsupported;
  ctx.fde_enc = DW_EH_PE_absptr;
  bool saw_z = aug[0] == 'z';
  if (saw_z) {
    u64 aug_len = cr.Uleb();
    if (!cr.ok || (u64)(cr.end - cr.p) < aug_len) return unsupported;
    const u8 *aug_end = cr.p + aug_len;
    ByteReader ar = {cr.p, aug_end, true};
    for (const char *a = aug + 1; *a; a++) {
      uptr ignored;
      switch (*a) {
        case 'L': ar.U8(); break;
        case 'R': ctx.fde_enc = ar.U8(); break;
        case 'P':
          if (!ReadEncoded(&ar, ar.U8(), ctx.bases, false, &ignored))
            return unsupported;
          break;
        default: return unsupported;  // 'S' (signal frame), 'B', 'G'...
      }
      if (!ar.ok) return unsupported;
    }
    cr.p = aug_end;
  }

  // FDE: pc_begin, pc_range (libgcc already decoded pc_begin into
  // bases.func), augmentation data, then the program.
  uptr ignored;
  if (!ReadEncoded(&fr, ctx.fde_enc, ctx.bases, false, &ignored) ||
      !ReadEncoded(&fr, ctx.fde_enc & 0x0f, ctx.bases, false, &ignored))
    return unsupported;
  if (saw_z) fr.Skip(fr.Uleb());
  if (!fr.ok) return unsupported;

  ctx.target = pc;
  ctx.loc = (uptr)ctx.bases.func;
  ctx.depth = 0;
  internal_memset(&ctx.row, 0, sizeof(ctx.row));  // kCfaUnset, all kRegSame
  ctx.initial = ctx.row;
  if (!RunCfaProgram(cr, &ctx)) return unsupported;
  ctx.initial = ctx.row;
  ctx.depth = 0;
  if (!RunCfaProgram(fr, &ctx)) return unsupported;

  const Row &row = ctx.row;
  if (row.cfa_kind != kCfaRegOffset) return unsupported;
  if (row.cfa_reg != kRegRsp && row.cfa_reg != kRegRbp) return unsupported;
  // rsp is the CFA in the caller unless a rule says otherwise.
  if (row.rsp.kind != kRegSame && row.rsp.kind != kRegUndefined)
    return unsupported;
  Rule rule = {kRuleStep, row.cfa_reg == kRegRbp, false, row.cfa_off, 0, 0};
  switch (row.ra.kind) {
    case kRegUndefined: rule.kind = kRuleEnd; return rule;
    case kRegAtCfa: rule.ra_off = row.ra.off; break;
    default: return unsupported;
  }
  switch (row.rbp.kind) {
    case kRegSame:
    case kRegUndefined:  // libgcc treats it as unchanged, too
      break;
    case kRegAtCfa:
      rule.rbp_saved = true;
      rule.rbp_off = row.rbp.off;
      break;
    default: return unsupported;
  }
  return rule;
}

TLSAN_ALWAYS_INLINE uptr CacheHash(uptr pc) {
  return (uptr)(((u64)pc * 0x9E3779B97F4A7C15ull) >> (64 - kCacheSizeLog));
}

// The miss path of LookupRule: computes the rule and caches it if a slot is
// free within kMaxProbes of the home slot.
TLSAN_NOINLINE u64 ComputeAndCacheRule(uptr pc) {
  uptr h = CacheHash(pc);
  CacheSlot *free_slot = nullptr;
  for (uptr i = 0; i < kMaxProbes; i++) {
    CacheSlot *s = &cache_slots[(h + i) & (kCacheSize - 1)];
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

// The packed rule for pc, from the cache or computed.
TLSAN_ALWAYS_INLINE u64 LookupRule(uptr pc) {
  uptr h = CacheHash(pc);
  for (uptr i = 0; i < kMaxProbes; i++) {
    const CacheSlot *s = &cache_slots[(h + i) & (kCacheSize - 1)];
    uptr key = AtomicLoad(&s->pc, __ATOMIC_ACQUIRE);
    if (TLSAN_LIKELY(key == pc)) {
      u64 rule = AtomicLoad(&s->rule, __ATOMIC_ACQUIRE);
      if (TLSAN_LIKELY(rule != 0)) return rule;
      break;
    }
    if (key == 0) break;
  }
  return ComputeAndCacheRule(pc);
}

// Every stack read is 8-aligned and within [lo, hi).
TLSAN_ALWAYS_INLINE bool SlotInBounds(uptr addr, uptr lo, uptr hi) {
  return (addr & 7) == 0 && addr >= lo && addr <= hi - sizeof(uptr);
}

constexpr uptr kMaxStackSpan = uptr(64) << 20;

// Unwinds from the register state (pc, sp, bp) of CaptureStack's frame,
// feeding frames to col until it is full or the stack ends. Returns false
// if the slow path must redo the capture.
bool FastUnwind(FrameCollector *col, uptr pc, uptr sp, uptr bp) {
  const uptr hi = sp + kMaxStackSpan < sp ? ~uptr(0) : sp + kMaxStackSpan;
  for (;;) {
    if (pc == 0) return true;
    if (!col->Add(pc)) return true;
    u64 rule = LookupRule(pc);
    u64 kind = RuleKindOf(rule);
    if (kind == kRuleEnd) return true;
    if (TLSAN_UNLIKELY(kind != kRuleStep)) return false;
    uptr cfa = (RuleCfaIsRbp(rule) ? bp : sp) + RuleCfaOff(rule);
    // The stack grows down: each caller's frame is above its callee's.
    if (TLSAN_UNLIKELY(cfa <= sp || cfa > hi)) return false;
    uptr ra_at = cfa + RuleRaOff(rule);
    if (TLSAN_UNLIKELY(!SlotInBounds(ra_at, sp, hi))) return false;
    if (RuleRbpSaved(rule)) {
      uptr bp_at = cfa + RuleRbpOff(rule);
      if (TLSAN_UNLIKELY(!SlotInBounds(bp_at, sp, hi))) return false;
      bp = *(const uptr *)bp_at;
    }
    pc = *(const uptr *)ra_at;
    sp = cfa;
  }
}

#endif  // __x86_64__

}  // namespace

u32 CaptureStackFromContext(uptr pc, uptr sp, uptr bp, uptr *pcs,
                            u32 max_depth) {
#if defined(__x86_64__)
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  FrameCollector col(pcs, max_depth, 0);
  // Unlike CaptureStack, the first frame is the interrupted pc itself; an
  // unsupported rule just ends the stack (no libgcc from a signal handler).
  FastUnwind(&col, pc, sp, bp);
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
  uptr bp, pc, sp = frame + 16;
  u32 n = 0;
  if (!Read(frame, &bp) || !Read(frame + 8, &pc)) return 0;
  while (pc != 0 && n < max_depth) {
    pcs[n++] = pc;
    u64 rule = LookupRule(pc);
    if (RuleKindOf(rule) != kRuleStep) break;  // the end, or unsupported
    uptr cfa = (RuleCfaIsRbp(rule) ? bp : sp) + RuleCfaOff(rule);
    if (cfa <= sp || cfa > frame + kMaxStackSpan) break;
    if (RuleRbpSaved(rule) && !Read(cfa + RuleRbpOff(rule), &bp)) break;
    if (!Read(cfa + RuleRaOff(rule), &pc)) break;
    sp = cfa;
  }
  return n;
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
  __asm__ volatile(
      "leaq 0(%%rip), %0\n\t"
      "movq %%rsp, %1\n\t"
      "movq %%rbp, %2"
      : "=&r"(pc), "=&r"(sp), "=&r"(bp));
  if (TLSAN_LIKELY(FastUnwind(&col, pc, sp, bp))) return col.Finish();
  AtomicAdd(&slow_captures, (uptr)1, __ATOMIC_RELAXED);
  col.Reset();
#endif
  // Called from here so that, as on the fast path, frame 0 is ours.
  _Unwind_Backtrace(UnwindCallback, &col);
  return col.Finish();
}

TLSAN_NOINLINE u32 TestOnlyCaptureStackSlow(uptr *pcs, u32 max_depth,
                                            uptr skip_until_pc) {
  if (max_depth == 0) return 0;
  if (max_depth > kMaxStackDepth) max_depth = kMaxStackDepth;
  FrameCollector col(pcs, max_depth, skip_until_pc);
  _Unwind_Backtrace(UnwindCallback, &col);
  return col.Finish();
}

TLSAN_NOINLINE u32 CaptureStackToDepot(u32 max_depth, uptr skip_until_pc) {
  uptr pcs[kMaxStackDepth];
  u32 n = CaptureStack(pcs, max_depth, skip_until_pc);
  return StackDepotPut(pcs, n);
}

UnwindCacheStats TestOnlyUnwindCacheStats() {
  UnwindCacheStats st = {0, 0, 0};
#if defined(__x86_64__)
  for (uptr i = 0; i < kCacheSize; i++)
    if (AtomicLoad(&cache_slots[i].pc, __ATOMIC_RELAXED)) st.cached_pcs++;
  st.rules_computed = AtomicLoad(&rules_computed, __ATOMIC_RELAXED);
  st.slow_captures = AtomicLoad(&slow_captures, __ATOMIC_RELAXED);
#endif
  return st;
}

void TestOnlyResetUnwindCache() {
#if defined(__x86_64__)
  for (uptr i = 0; i < kCacheSize; i++) {
    AtomicStore(&cache_slots[i].rule, (u64)0, __ATOMIC_RELAXED);
    AtomicStore(&cache_slots[i].pc, (uptr)0, __ATOMIC_RELEASE);
  }
  AtomicStore(&rules_computed, (uptr)0, __ATOMIC_RELAXED);
  AtomicStore(&slow_captures, (uptr)0, __ATOMIC_RELAXED);
#endif
}

}  // namespace __tlsan
