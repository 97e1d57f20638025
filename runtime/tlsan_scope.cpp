//===-- tlsan_scope.cpp - named scopes (tests) threads are created in -----===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_scope.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_scope.h"

#include <sys/mman.h>

#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

constexpr u32 kMaxScopes = 65535;
constexpr uptr kScopeNameSize = 120;

struct ScopeEntry {
  u32 id;  // the id this slot currently holds (0: being written)
  u32 parent;
  char name[kScopeNameSize];
};

ScopeEntry *table;  // kMaxScopes entries, reserved on first use
u32 next_id;

ScopeEntry *Table() {
  ScopeEntry *t = AtomicLoad(&table);
  if (t) return t;
  void *p = internal_mmap(nullptr, sizeof(ScopeEntry) * kMaxScopes,
                          PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (internal_iserror((sptr)p)) return nullptr;
  ScopeEntry *expected = nullptr;
  if (AtomicCas(&table, &expected, (ScopeEntry *)p)) return (ScopeEntry *)p;
  internal_munmap(p, sizeof(ScopeEntry) * kMaxScopes);
  return expected;
}

ScopeEntry *Lookup(u32 id) {
  if (id == 0) return nullptr;
  ScopeEntry *t = Table();
  if (!t) return nullptr;
  ScopeEntry *e = &t[(id - 1) % kMaxScopes];
  return AtomicLoad(&e->id) == id ? e : nullptr;
}

}  // namespace

u32 ScopeBegin(const char *name, u32 parent) {
  ScopeEntry *t = Table();
  if (!t) return 0;
  u32 id = AtomicAdd(&next_id, 1u) + 1;
  if (id == 0) id = AtomicAdd(&next_id, 1u) + 1;  // wrapped: skip 0
  ScopeEntry *e = &t[(id - 1) % kMaxScopes];
  AtomicStore(&e->id, 0u);
  e->parent = parent;
  internal_strlcpy(e->name, name ? name : "", kScopeNameSize);
  AtomicStore(&e->id, id);
  return id;
}

const char *ScopeName(u32 id) {
  ScopeEntry *e = Lookup(id);
  return e ? e->name : "";
}

u32 ScopeParent(u32 id) {
  ScopeEntry *e = Lookup(id);
  return e ? e->parent : 0;
}

}  // namespace __tlsan
