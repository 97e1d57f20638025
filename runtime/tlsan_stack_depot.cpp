//===-- tlsan_stack_depot.cpp - deduplicating, lock-free stack storage ---===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_stack_depot.h.
//
// Layout: a fixed array of bucket heads (ids) and one reserved region of
// 8-byte words. An entry is {next id, hash, size, pcs[size]}; its id is
// its word offset + 1. Insertion: search the bucket; if absent, bump-allocate
// and fill an entry, then CAS it in as the bucket's new head. If the CAS
// loses, entries that arrived meanwhile are searched again so a stack is
// stored once (a lost entry is left unused: rare, and bounded).
//
//===----------------------------------------------------------------------===//
#include "tlsan_stack_depot.h"

#include <sys/mman.h>

#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

constexpr u32 kBucketBits = 16;
constexpr u32 kBuckets = 1u << kBucketBits;
constexpr uptr kRegionBytes = 256ull << 20;  // reserved, backed on use
constexpr uptr kRegionWords = kRegionBytes / sizeof(u64);

struct Entry {
  u32 next;  // id of the next entry in the bucket, 0 = end
  u32 hash;
  u32 size;
  u32 padding;
  uptr pcs[1];  // size elements
};
constexpr uptr kHeaderWords = 2;  // next+hash, size+padding

u32 bucket_heads[kBuckets];
u64 *region;      // lazily reserved
u64 region_used;  // words handed out
u32 stacks_stored;

u64 *GetRegion() {
  u64 *r = AtomicLoad(&region);
  if (TLSAN_LIKELY(r)) return r;
  void *p = internal_mmap(nullptr, kRegionBytes, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (internal_iserror((sptr)p)) return nullptr;
  u64 *expected = nullptr;
  if (AtomicCas(&region, &expected, (u64 *)p)) return (u64 *)p;
  internal_munmap(p, kRegionBytes);
  return expected;
}

u32 Hash(const uptr *pcs, u32 size) {
  // MurmurHash2-style mixing of the pcs, as sanitizer_stackdepot does.
  const u32 m = 0x5bd1e995;
  u32 h = 0x9747b28c ^ (size * 8);
  for (u32 i = 0; i < size; i++) {
    u32 k = (u32)pcs[i] ^ (u32)(pcs[i] >> 32);
    k *= m;
    k ^= k >> 24;
    k *= m;
    h *= m;
    h ^= k;
  }
  h ^= h >> 13;
  h *= m;
  h ^= h >> 15;
  return h;
}

Entry *EntryAt(u64 *base, u32 id) { return (Entry *)(base + (id - 1)); }

bool Equal(const Entry *e, u32 hash, const uptr *pcs, u32 size) {
  if (e->hash != hash || e->size != size) return false;
  for (u32 i = 0; i < size; i++)
    if (e->pcs[i] != pcs[i]) return false;
  return true;
}

// Searches the chain from `id` up to (not including) `stop`.
u32 Find(u64 *base, u32 id, u32 stop, u32 hash, const uptr *pcs, u32 size) {
  for (; id != 0 && id != stop; id = AtomicLoad(&EntryAt(base, id)->next)) {
    if (Equal(EntryAt(base, id), hash, pcs, size)) return id;
  }
  return 0;
}

}  // namespace

u32 StackDepotPut(const uptr *pcs, u32 size) {
  if (size == 0) return 0;
  if (size > kMaxStackDepth) size = kMaxStackDepth;
  u64 *base = GetRegion();
  if (!base) return 0;
  u32 hash = Hash(pcs, size);
  u32 *head = &bucket_heads[hash & (kBuckets - 1)];
  u32 first = AtomicLoad(head);
  if (u32 id = Find(base, first, 0, hash, pcs, size)) return id;

  uptr words = kHeaderWords + size;
  u64 offset = AtomicAdd(&region_used, (u64)words, __ATOMIC_RELAXED);
  if (offset + words > kRegionWords) return 0;  // depot full
  u32 id = (u32)offset + 1;
  Entry *e = EntryAt(base, id);
  e->hash = hash;
  e->size = size;
  for (u32 i = 0; i < size; i++) e->pcs[i] = pcs[i];
  for (;;) {
    AtomicStore(&e->next, first, __ATOMIC_RELAXED);
    u32 expected = first;
    if (AtomicCas(head, &expected, id)) break;
    // Someone else inserted: did they insert our stack?
    if (u32 other = Find(base, expected, first, hash, pcs, size)) return other;
    first = expected;
  }
  AtomicAdd(&stacks_stored, 1u, __ATOMIC_RELAXED);
  return id;
}

StackTrace StackDepotGet(u32 id) {
  StackTrace st;
  u64 *base = AtomicLoad(&region);
  if (id == 0 || !base || id > AtomicLoad(&region_used)) return st;
  Entry *e = EntryAt(base, id);
  st.pcs = e->pcs;
  st.size = e->size;
  return st;
}

StackDepotStats StackDepotGetStats() {
  StackDepotStats s;
  s.stacks = AtomicLoad(&stacks_stored, __ATOMIC_RELAXED);
  s.bytes_used = AtomicLoad(&region_used, __ATOMIC_RELAXED) * sizeof(u64);
  return s;
}

}  // namespace __tlsan
