//===-- tlsan_stack_depot.h - deduplicating, lock-free stack storage -----===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Creation stacks (and, later, blocking stacks) are stored once and named by
// a 32-bit id, so a shadow record carries 4 bytes instead of a stack, and
// threads created from the same place share one entry (which is also how the
// report groups them).
//
// Contract: Put and Get are lock-free and never call malloc; Put may run
// concurrently from any thread. Entries are never removed. Storage is one
// reserved region (MAP_NORESERVE) filled by an atomic bump pointer; only the
// pages actually used are backed by memory.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_STACK_DEPOT_H
#define TLSAN_STACK_DEPOT_H

#include "tlsan_internal.h"

namespace __tlsan {

static constexpr u32 kMaxStackDepth = 64;

struct StackTrace {
  const uptr *pcs = nullptr;  // return addresses, innermost first
  u32 size = 0;
};

// Stores pcs[0..size) (at most kMaxStackDepth) and returns its id; equal
// stacks get equal ids. Returns 0 for an empty stack or if the depot is full.
u32 StackDepotPut(const uptr *pcs, u32 size);
// The stack stored under `id` (empty for 0 or an unknown id).
StackTrace StackDepotGet(u32 id);

struct StackDepotStats {
  uptr stacks;      // distinct stacks stored
  uptr bytes_used;  // bytes of entries
};
StackDepotStats StackDepotGetStats();

}  // namespace __tlsan

#endif  // TLSAN_STACK_DEPOT_H
