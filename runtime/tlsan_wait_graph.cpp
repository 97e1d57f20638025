//===-- tlsan_wait_graph.cpp - who waits for whom -------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_wait_graph.h.
//
// Every node has at most one outgoing edge (a thread waits on one thing), so
// cycles are found by walking each path once, colouring nodes with the walk
// that reached them: meeting the current walk's colour closes a cycle.
//
//===----------------------------------------------------------------------===//
#include "tlsan_wait_graph.h"

#include <pthread.h>
#include <stddef.h>

#include "tlsan_buffer.h"
#include "tlsan_registry.h"
#include "tlsan_sort.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

const char *WaitCauseName(WaitCause c) {
  switch (c) {
    case kCauseNone: return nullptr;
    case kCauseDeadlock: return "deadlock";
    case kCauseSelfDeadlock: return "self_deadlock";
    case kCauseAbandoned: return "abandoned";
    case kCauseChain: return "chain";
  }
  return nullptr;
}

namespace {

bool StartsWith(const char *s, const char *prefix) {
  return s && internal_strncmp(s, prefix, internal_strlen(prefix)) == 0;
}

// The tid holding what `l` waits on, or 0 when unknown or unowned.
int OwnerTid(const LeakedThread &l) {
  const BlockedOn &b = l.blocked_on;
  if (l.state != kLeakBlocked || !b.from_interceptor || !b.has_object) return 0;
  // Spin locks (kind mutex) are a bare int with no owner.
  if (b.kind == kBlockMutex && !StartsWith(b.call, "pthread_mutex_") &&
      !StartsWith(b.call, "mtx_"))
    return 0;
  return HolderTid(b.kind, b.object, /*finished_join_holds=*/true);
}

}  // namespace

int HolderTid(BlockingKind kind, uptr object, bool finished_join_holds) {
  int owner = 0;
  switch (kind) {
    case kBlockMutex:
      // pthread_mutex_t and glibc's C11 mtx_t share the layout.
      if (!SafeRead(object + offsetof(pthread_mutex_t, __data.__owner), &owner,
                    sizeof(owner)))
        return 0;
      break;
    case kBlockRwlock:
      // Only a writer is a single owner; readers are not recorded.
      if (!SafeRead(object + offsetof(pthread_rwlock_t, __data.__cur_writer),
                    &owner, sizeof(owner)))
        return 0;
      break;
    case kBlockJoin: {
      u32 gen;
      ThreadRecord *target = registry().FindByHandle(object, &gen);
      if (!target) return 0;
      if (!finished_join_holds &&
          (AtomicLoad(&target->status) & kStateMask) != kRunning)
        return 0;
      owner = AtomicLoad(&target->tid, __ATOMIC_RELAXED);
      break;
    }
    default: return 0;
  }
  // glibc marks a robust mutex whose owner died unrecoverable with INT_MAX.
  return owner > 0 && owner != 0x7fffffff ? owner : 0;
}

namespace {

struct TidIndex {
  int tid;
  u32 index;
  bool operator<(const TidIndex &o) const { return tid < o.tid; }
};

sptr FindLeak(const ScratchArray<TidIndex> &by_tid, int tid) {
  uptr lo = 0, hi = by_tid.size();
  while (lo < hi) {
    uptr mid = lo + (hi - lo) / 2;
    if (by_tid[mid].tid < tid)
      lo = mid + 1;
    else if (by_tid[mid].tid > tid)
      hi = mid;
    else
      return by_tid[mid].index;
  }
  return -1;
}

}  // namespace

namespace {

// The edge out of set->leaks[i]: the index of its leaked owner, or -1. Fills
// its owner fields and, for a self-deadlock or an abandoned lock, its cause.
sptr ResolveOwner(LeakSet *set, uptr i, const ScratchArray<TidIndex> &by_tid,
                  const TaskDir &dir, int pid) {
  LeakedThread &l = set->leaks[i];
  int owner = OwnerTid(l);
  if (owner == 0) return -1;
  l.blocked_on.owner_tid = owner;
  if (owner == l.thread.tid) {
    l.cause = kCauseSelfDeadlock;
    l.owner_uid = l.thread.uid;
    l.cycle_size = 1;
    l.cycle[0] = owner;
    set->deadlocked++;
    return -1;
  }
  sptr j = FindLeak(by_tid, owner);
  if (j >= 0) {
    l.owner_leaked = true;
    l.owner_uid = set->leaks[j].thread.uid;
    return j;
  }
  u32 gen;
  if (owner == pid) {
    l.owner_uid = 0;  // the main thread holds it
  } else if (ThreadRecord *r = registry().FindByTid(owner, &gen)) {
    l.owner_uid = r->uid;
    if ((AtomicLoad(&r->status) & kStateMask) == kFinished)
      l.cause = kCauseAbandoned;
  } else {
    u32 uid;
    if (registry().FindGone(owner, &uid)) l.owner_uid = uid;
  }
  if (!TaskExists(dir, owner)) l.cause = kCauseAbandoned;
  return -1;
}

// Marks every member of the cycle through `i` (next[] walks it).
void MarkCycle(LeakSet *set, const ScratchArray<sptr> &next, sptr i) {
  int members[kMaxCycle];
  uptr size = 0;
  sptr k = i;
  do {
    if (size < kMaxCycle) members[size++] = set->leaks[k].thread.tid;
    k = next[k];
  } while (k != i);
  uptr pos = 0;
  k = i;
  do {
    LeakedThread &m = set->leaks[k];
    m.cause = kCauseDeadlock;
    m.cycle_size = (u8)size;
    for (uptr c = 0; c < size; c++) m.cycle[c] = members[(pos + c) % size];
    set->deadlocked++;
    pos++;
    k = next[k];
  } while (k != i);
}

// Walks each path once, colouring nodes with the walk that reached them:
// meeting the current walk's colour closes a new cycle.
void FindCycles(LeakSet *set, const ScratchArray<sptr> &next) {
  uptr n = set->leaks.size();
  ScratchArray<u32> colour;  // 0: unvisited; else the walk that visited it
  colour.Resize(n);
  for (uptr start = 0; start < n; start++) {
    if (colour[start] || next[start] < 0) continue;
    u32 walk = (u32)start + 1;
    sptr i = (sptr)start;
    while (i >= 0 && colour[i] == 0) {
      colour[i] = walk;
      i = next[i];
    }
    if (i >= 0 && colour[i] == walk) MarkCycle(set, next, i);
  }
}

}  // namespace

void AnalyzeWaitGraph(LeakSet *set, const TaskDir &dir) {
  uptr n = set->leaks.size();
  set->deadlocked = 0;
  ScratchArray<TidIndex> by_tid;
  for (uptr i = 0; i < n; i++) {
    LeakedThread &l = set->leaks[i];
    l.owner_uid = kUnknownUid;
    l.cause = kCauseNone;
    l.cycle_size = 0;
    if (l.thread.tid) by_tid.PushBack({l.thread.tid, (u32)i});
  }
  Sort(by_tid.data(), by_tid.size());

  // Edges: next[i] = index of the leaked owner, or -1.
  ScratchArray<sptr> next;
  next.Resize(n);
  int pid = GetPid();
  for (uptr i = 0; i < n; i++) next[i] = ResolveOwner(set, i, by_tid, dir, pid);
  FindCycles(set, next);
  // Whoever waits on a leaked thread without being in a cycle is a chain.
  for (uptr i = 0; i < n; i++) {
    LeakedThread &l = set->leaks[i];
    if (next[i] >= 0 && l.cause == kCauseNone) l.cause = kCauseChain;
  }
}

void WriteWaitGraphDot(const LeakSet &set, TextBuffer *out) {
  out->Append("digraph tlsan_wait_for {\n  rankdir=LR;\n"
              "  node [shape=box, fontname=\"monospace\"];\n");
  int pid = GetPid();
  for (uptr i = 0; i < set.leaks.size(); i++) {
    const LeakedThread &l = set.leaks[i];
    out->Appendf("  \"tid%d\" [label=\"T%u", l.thread.tid, l.thread.uid);
    if (l.name[0]) {
      out->Append(" '");
      out->AppendJsonEscaped(l.name);
      out->Append("'");
    }
    out->Appendf("\\ntid=%d\\n%s", l.thread.tid, LeakStateName(l.state));
    if (l.state == kLeakBlocked && l.blocked_on.call)
      out->Appendf(" in %s", l.blocked_on.call);
    out->Appendf("\"%s];\n",
                 l.cause == kCauseDeadlock || l.cause == kCauseSelfDeadlock
                     ? ", color=red"
                     : "");
  }
  for (uptr i = 0; i < set.leaks.size(); i++) {
    const LeakedThread &l = set.leaks[i];
    int owner = l.blocked_on.owner_tid;
    if (!owner) continue;
    if (!l.owner_leaked && owner != l.thread.tid) {
      out->Appendf("  \"tid%d\" [label=\"%s\\ntid=%d\", style=dashed];\n",
                   owner,
                   owner == pid                 ? "main thread"
                   : l.cause == kCauseAbandoned ? "gone (abandoned lock)"
                                                : "not leaked",
                   owner);
    }
    out->Appendf("  \"tid%d\" -> \"tid%d\" [label=\"%s 0x%zx\"%s];\n",
                 l.thread.tid, owner, BlockingKindName(l.blocked_on.kind),
                 (size_t)l.blocked_on.object,
                 l.cause == kCauseDeadlock || l.cause == kCauseSelfDeadlock
                     ? ", color=red"
                     : "");
  }
  out->Append("}\n");
}

}  // namespace __tlsan
