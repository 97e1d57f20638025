//===-- tlsan_symbolizer_modules.cpp - which module holds a pc ------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_symbolizer_internal.h.
//
// The module map: dl_iterate_phdr lists the loaded objects; a pc belongs to
// the object whose PT_LOAD segment holds pc - 1; base = dlpi_addr; the main
// program's path is read from /proc/self/exe. The Symbolizer reads the list
// again once per Symbolize call when a pc is in no known module (a library
// dlopen'ed since).
//
// Leak pass only; not thread-safe, not async-signal-safe (dl_iterate_phdr
// takes the dynamic linker's lock).
//
//===----------------------------------------------------------------------===//
#include <fcntl.h>
#include <link.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tlsan_symbolizer_internal.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

int ModuleMap::Collect(struct dl_phdr_info *info, size_t, void *arg) {
  ModuleMap *map = (ModuleMap *)arg;
  const char *name = info->dlpi_name;
  char exe[4096];
  if (!name || !name[0]) {
    // Only the first object, the main program, is nameless by design.
    if (map->modules_.size() != 0) return 0;
    sptr n =
        internal_syscall6(SYS_readlinkat, (uptr)AT_FDCWD,
                          (uptr) "/proc/self/exe", (uptr)exe, sizeof(exe) - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    name = exe;
  }
  u32 index = (u32)map->modules_.size();
  Module &m = map->modules_.PushBack();
  m.path = map->arena_->Copy(name);
  m.base = info->dlpi_addr;
  m.usable = name[0] == '/' && !internal_strstr(name, "\"") &&
             !internal_strstr(name, "\n") && internal_access(name, R_OK) == 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    map->segments_.PushBack({lo, lo + ph.p_memsz, index});
  }
  return 0;
}

void ModuleMap::Load() {
  modules_.Clear();  // old paths stay in the arena for frames already out
  segments_.Clear();
  dl_iterate_phdr(Collect, this);
  loaded_ = true;
}

const Module *ModuleMap::Find(uptr pc) {
  if (pc == 0) return nullptr;
  for (uptr i = 0; i < segments_.size(); i++)
    if (pc - 1 >= segments_[i].lo && pc - 1 < segments_[i].hi)
      return &modules_[segments_[i].module];
  return nullptr;
}

}  // namespace __tlsan
