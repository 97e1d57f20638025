//===-- tlsan_unwind_cfi.cpp - DWARF call frame information (x86_64) ------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_unwind_cfi.h.
//
// A reader of .eh_frame CIEs and FDEs (the subset libgcc's unwind-dw2.c
// reads for x86_64), with every read bounds-checked, and an interpreter of
// their programs that tracks only rbp, rsp and the return address column.
//
//===----------------------------------------------------------------------===//
#include "tlsan_unwind_cfi.h"

#if defined(__x86_64__)

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

// libgcc's FDE lookup (unwind-dw2-fde.h; exported by libgcc_s.so.1 and
// libgcc_eh.a). Returns the FDE (its length field) covering pc, or null.
struct dwarf_eh_bases {
  void *tbase;
  void *dbase;
  void *func;
};
extern "C" const void *_Unwind_Find_FDE(void *pc, struct dwarf_eh_bases *bases);

namespace __tlsan {

namespace {

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
bool ReadEncoded(ByteReader *r, u8 enc, const dwarf_eh_bases &bases, bool apply,
                 uptr *out) {
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
  uptr target;  // instructions apply while loc < target (the pc)
  uptr loc;
  Row row;
  Row initial;  // the row after the CIE program (DW_CFA_restore)
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

// The opcodes whose operand is in the low six bits. True if `op` was one.
bool RunPackedOp(u8 op, ByteReader *r, CfiContext *ctx) {
  u8 low = op & 0x3f;
  Row *row = &ctx->row;
  switch (op & 0xc0) {
    case DW_CFA_advance_loc: ctx->loc += low * ctx->code_align; return true;
    case DW_CFA_offset:
      SetReg(row, low, kRegAtCfa, (s64)r->Uleb() * ctx->data_align);
      return true;
    case DW_CFA_restore:
      if (RegRule *reg = Tracked(row, low)) *reg = *Tracked(&ctx->initial, low);
      return true;
    default: return false;
  }
}

// Location and register opcodes. Returns 1 if handled, 0 if not one of
// them, -1 on malformed input.
int RunRegisterOp(u8 op, ByteReader *r, CfiContext *ctx) {
  Row *row = &ctx->row;
  u64 reg;
  switch (op) {
    case DW_CFA_nop: return 1;
    case DW_CFA_set_loc: {
      uptr loc;
      if (!ReadEncoded(r, ctx->fde_enc, ctx->bases, true, &loc)) return -1;
      ctx->loc = loc;
      return 1;
    }
    case DW_CFA_advance_loc1:
      ctx->loc += r->Fixed(1) * ctx->code_align;
      return 1;
    case DW_CFA_advance_loc2:
      ctx->loc += r->Fixed(2) * ctx->code_align;
      return 1;
    case DW_CFA_advance_loc4:
      ctx->loc += r->Fixed(4) * ctx->code_align;
      return 1;
    case DW_CFA_offset_extended:
      reg = r->Uleb();
      SetReg(row, reg, kRegAtCfa, (s64)r->Uleb() * ctx->data_align);
      return 1;
    case DW_CFA_offset_extended_sf:
      reg = r->Uleb();
      SetReg(row, reg, kRegAtCfa, r->Sleb() * ctx->data_align);
      return 1;
    case DW_CFA_GNU_negative_offset_extended:
      reg = r->Uleb();
      SetReg(row, reg, kRegAtCfa, -(s64)r->Uleb() * ctx->data_align);
      return 1;
    case DW_CFA_restore_extended:
      reg = r->Uleb();
      if (RegRule *rr = Tracked(row, reg)) *rr = *Tracked(&ctx->initial, reg);
      return 1;
    case DW_CFA_undefined: SetReg(row, r->Uleb(), kRegUndefined, 0); return 1;
    case DW_CFA_same_value: SetReg(row, r->Uleb(), kRegSame, 0); return 1;
    case DW_CFA_register:
    case DW_CFA_val_offset:
      reg = r->Uleb();
      r->Uleb();
      SetReg(row, reg, kRegOther, 0);
      return 1;
    case DW_CFA_val_offset_sf:
      reg = r->Uleb();
      r->Sleb();
      SetReg(row, reg, kRegOther, 0);
      return 1;
    case DW_CFA_expression:
    case DW_CFA_val_expression:
      reg = r->Uleb();
      r->Skip(r->Uleb());
      SetReg(row, reg, kRegOther, 0);
      return 1;
    default: return 0;
  }
}

// CFA and state opcodes. Returns false on malformed input or an opcode the
// fast path does not take (DW_CFA_GNU_window_save, vendor opcodes...).
bool RunCfaOp(u8 op, ByteReader *r, CfiContext *ctx) {
  Row *row = &ctx->row;
  switch (op) {
    case DW_CFA_remember_state:
      if (ctx->depth == kMaxRememberedRows) return false;
      ctx->stack[ctx->depth++] = *row;
      return true;
    case DW_CFA_restore_state:
      if (ctx->depth == 0) return false;
      *row = ctx->stack[--ctx->depth];
      return true;
    case DW_CFA_def_cfa:
      row->cfa_reg = r->Uleb();
      row->cfa_off = (s64)r->Uleb();
      row->cfa_kind = kCfaRegOffset;
      return true;
    case DW_CFA_def_cfa_sf:
      row->cfa_reg = r->Uleb();
      row->cfa_off = r->Sleb() * ctx->data_align;
      row->cfa_kind = kCfaRegOffset;
      return true;
    case DW_CFA_def_cfa_register:
      row->cfa_reg = r->Uleb();
      row->cfa_kind = kCfaRegOffset;
      return true;
    case DW_CFA_def_cfa_offset:
      // Like libgcc: the offset changes, the kind deliberately does not.
      row->cfa_off = (s64)r->Uleb();
      return true;
    case DW_CFA_def_cfa_offset_sf:
      row->cfa_off = r->Sleb() * ctx->data_align;
      return true;
    case DW_CFA_def_cfa_expression:
      r->Skip(r->Uleb());
      row->cfa_kind = kCfaExpression;
      return true;
    case DW_CFA_GNU_args_size: r->Uleb(); return true;
    default: return false;
  }
}

// Runs the CFA program [r.p, r.end) until loc reaches ctx->target. Returns
// false on malformed input or an opcode the fast path does not take.
bool RunCfaProgram(ByteReader r, CfiContext *ctx) {
  while (r.p < r.end && ctx->loc < ctx->target) {
    u8 op = r.U8();
    if (RunPackedOp(op, &r, ctx)) continue;
    int handled = RunRegisterOp(op, &r, ctx);
    if (handled < 0) return false;
    if (handled == 0 && !RunCfaOp(op, &r, ctx)) return false;
    if (!r.ok) return false;
  }
  return r.ok;
}

// Reads an FDE's or CIE's length and returns the reader over its body.
bool OpenEntry(const u8 *entry, ByteReader *out) {
  u32 len = (u32)ByteReader{entry, entry + 4, true}.Fixed(4);
  // 64-bit DWARF (0xffffffff) does not occur in .eh_frame (nor in libgcc).
  if (len == 0 || len == 0xffffffffu) return false;
  *out = {entry + 4, entry + 4 + len, true};
  return true;
}

// The CIE's augmentation data ("z" strings only): the FDE pointer encoding.
bool ParseAugmentation(const char *aug, ByteReader *cr, CfiContext *ctx) {
  u64 aug_len = cr->Uleb();
  if (!cr->ok || (u64)(cr->end - cr->p) < aug_len) return false;
  const u8 *aug_end = cr->p + aug_len;
  ByteReader ar = {cr->p, aug_end, true};
  for (const char *a = aug + 1; *a; a++) {
    uptr ignored;
    switch (*a) {
      case 'L': ar.U8(); break;
      case 'R': ctx->fde_enc = ar.U8(); break;
      case 'P':
        if (!ReadEncoded(&ar, ar.U8(), ctx->bases, false, &ignored))
          return false;
        break;
      default: return false;  // 'S' (signal frame), 'B', 'G'...
    }
    if (!ar.ok) return false;
  }
  cr->p = aug_end;
  return true;
}

// CIE: id, version, augmentation, alignment factors, RA column, then its
// augmentation data; leaves *cr on the initial instructions.
bool ParseCie(ByteReader *cr, CfiContext *ctx, bool *saw_z) {
  if (cr->Fixed(4) != 0) return false;  // CIE id
  u8 version = cr->U8();
  if (version != 1 && version != 3) return false;
  const char *aug = (const char *)cr->p;
  while (cr->ok && cr->U8() != 0) {
  }
  if (!cr->ok) return false;
  if (aug[0] != '\0' && aug[0] != 'z') return false;  // "eh", ...
  ctx->code_align = cr->Uleb();
  ctx->data_align = cr->Sleb();
  u64 ra_column = version == 1 ? cr->U8() : cr->Uleb();
  if (!cr->ok || ra_column != kRegRa) return false;
  ctx->fde_enc = DW_EH_PE_absptr;
  *saw_z = aug[0] == 'z';
  return !*saw_z || ParseAugmentation(aug, cr, ctx);
}

// The row both programs leave for ctx->target, as a Rule.
Rule RowToRule(const Row &row) {
  Rule unsupported = {kRuleUnsupported, false, false, 0, 0, 0};
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

}  // namespace

// Parses the FDE that covers pc (a return address, or a pc just after an
// instruction) and its CIE, runs their programs, and turns the row for pc-1
// into a Rule.
Rule ComputeRule(uptr pc) {
  Rule unsupported = {kRuleUnsupported, false, false, 0, 0, 0};
  CfiContext ctx;
  const u8 *fde = (const u8 *)_Unwind_Find_FDE((void *)(pc - 1), &ctx.bases);
  // No FDE: libgcc then looks for a sigreturn trampoline by its code bytes or
  // ends the stack; the slow path decides (if pc is code at all).
  ByteReader fr, cr;
  if (!fde || !OpenEntry(fde, &fr)) return unsupported;
  // FDE: CIE pointer (32-bit .eh_frame format only, as in libgcc).
  const u8 *cie_ptr_field = fr.p;
  u32 cie_delta = (u32)fr.Fixed(4);
  if (!fr.ok || cie_delta == 0) return unsupported;
  bool saw_z;
  if (!OpenEntry(cie_ptr_field - cie_delta, &cr) ||
      !ParseCie(&cr, &ctx, &saw_z))
    return unsupported;
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
  return RowToRule(ctx.row);
}

// The object's program headers are read from its ELF header, at the start
// of its first mapping (p_offset 0, as every linker lays it out).
bool PcIsCode(uptr pc) {
  struct dl_find_object obj;
  if (_dl_find_object((void *)(pc - 1), &obj) != 0) return false;
  auto *ehdr = (const ElfW(Ehdr) *)obj.dlfo_map_start;
  if (internal_strncmp((const char *)ehdr->e_ident, ELFMAG, SELFMAG) != 0 ||
      ehdr->e_phentsize != sizeof(ElfW(Phdr)))
    return true;  // cannot tell: let the caller treat it as code
  auto *phdr = (const ElfW(Phdr) *)((uptr)ehdr + ehdr->e_phoff);
  uptr bias = obj.dlfo_link_map->l_addr;
  for (u32 i = 0; i < ehdr->e_phnum; i++) {
    if (phdr[i].p_type != PT_LOAD || !(phdr[i].p_flags & PF_X)) continue;
    uptr start = bias + phdr[i].p_vaddr;
    if (pc - 1 >= start && pc - 1 - start < phdr[i].p_memsz) return true;
  }
  return false;
}

}  // namespace __tlsan

#else  // !__x86_64__

namespace __tlsan {
Rule ComputeRule(uptr) { return {kRuleUnsupported, false, false, 0, 0, 0}; }
bool PcIsCode(uptr) { return true; }
}  // namespace __tlsan

#endif  // __x86_64__
