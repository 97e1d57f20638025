//===-- tlsan_symbolizer_dladdr.cpp - the in-process fallback -------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_symbolizer_internal.h.
//
// What the Symbolizer uses when no external tool answers: the dynamic
// linker's view of exported symbols (dladdr1). No file, no line, no
// inlined frames.
//
// Leak pass only; not thread-safe, not async-signal-safe (dladdr1 takes the
// dynamic linker's lock).
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>
#include <link.h>

#include "tlsan_symbolizer_internal.h"

namespace __tlsan {

// Exported symbols only; the name is kept only when pc - 1 is inside the
// symbol (dladdr alone names the nearest preceding export). No demangler
// (__cxa_demangle is libstdc++'s): mangled names stay mangled.
void SymbolizeWithDladdr(StringArena *arena, SymbolizedFrame *f) {
  Dl_info info;
  const ElfW(Sym) *sym = nullptr;
  if (f->pc <= 1 ||
      !dladdr1((void *)(f->pc - 1), &info, (void **)&sym, RTLD_DL_SYMENT))
    return;
  if (!f->module && info.dli_fname && info.dli_fname[0])
    f->module = arena->Copy(info.dli_fname);
  uptr start = (uptr)info.dli_saddr;
  if (info.dli_sname && sym && f->pc - 1 >= start &&
      (sym->st_size == 0 || f->pc - 1 < start + sym->st_size))
    f->function = arena->Copy(info.dli_sname);
}

}  // namespace __tlsan
