//===-- tlsan_registry.cpp - lock-free registry of shadow records --------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_registry.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_registry.h"

#include "tlsan_buffer.h"

namespace __tlsan {

Registry registry_storage;  // zero-initialized: no constructor runs

Registry::Chunk *Registry::GetOrMapChunk(u32 chunk_index) {
  Chunk *c = AtomicLoad(&chunks_[chunk_index]);
  if (TLSAN_LIKELY(c)) return c;
  Chunk *fresh = (Chunk *)MmapOrDie(sizeof(Chunk), "thread registry");
  for (u32 i = 0; i < kChunkSize; i++)
    fresh->records[i].index = chunk_index * kChunkSize + i;
  Chunk *expected = nullptr;
  if (AtomicCas(&chunks_[chunk_index], &expected, fresh)) return fresh;
  UnmapOrDie(fresh, sizeof(Chunk));  // another thread mapped it first
  return expected;
}

ThreadRecord *Registry::RecordAt(u32 index) {
  Chunk *c = AtomicLoad(&chunks_[index / kChunkSize]);
  return c ? &c->records[index % kChunkSize] : nullptr;
}

ThreadRecord *Registry::Claim() {
  // Free list first: slots recycled from joined or detached threads.
  u64 head = AtomicLoad(&free_head_);
  while (head & 0xffffffffu) {
    u32 index = (u32)(head & 0xffffffffu) - 1;
    ThreadRecord *r = RecordAt(index);
    u64 next = (head & ~0xffffffffull) + (1ull << 32) +
               AtomicLoad(&r->next_free, __ATOMIC_RELAXED);
    if (AtomicCas(&free_head_, &head, next)) return r;
  }
  // Then a never-used slot.
  u32 index = AtomicAdd(&high_water_, 1u);
  if (index >= kChunkSize * kMaxChunks) {
    AtomicAdd(&high_water_, (u32)-1);
    return nullptr;
  }
  return &GetOrMapChunk(index / kChunkSize)->records[index % kChunkSize];
}

void Registry::Publish(ThreadRecord *r, u32 status) {
  AtomicStore(HandleSlot(r->index), HandleOf(r->handle), __ATOMIC_RELAXED);
  AtomicAdd(&ChunkOf(r)->live, 1u);
  AtomicStore(&r->status, status, __ATOMIC_RELEASE);
}

void Registry::Unclaim(ThreadRecord *r) { Release(r, /*published=*/false); }

void Registry::Release(ThreadRecord *r, bool published) {
  if (int tid = AtomicLoad(&r->tid, __ATOMIC_RELAXED)) {
    u32 slot = AtomicAdd(&gone_next_, 1u, __ATOMIC_RELAXED) % kGoneRing;
    AtomicStore(&gone_[slot], ((u64)(u32)tid << 32) | r->uid, __ATOMIC_RELAXED);
    AtomicStore(&released_tids_[(u32)tid % kReleasedTids], tid,
                __ATOMIC_RELAXED);
  }
  AtomicStore(HandleSlot(r->index), (uptr)0, __ATOMIC_RELAXED);
  AtomicAdd(&r->generation, 1u, __ATOMIC_RELEASE);
  AtomicStore(&r->status, (u32)kFree, __ATOMIC_RELEASE);
  if (published) AtomicAdd(&ChunkOf(r)->live, (u32)-1);
  u64 head = AtomicLoad(&free_head_);
  for (;;) {
    AtomicStore(&r->next_free, (u32)(head & 0xffffffffu), __ATOMIC_RELAXED);
    u64 next = (head & ~0xffffffffull) + (1ull << 32) + (r->index + 1);
    if (AtomicCas(&free_head_, &head, next)) return;
  }
}

void Registry::OnStart(ThreadRecord *r, int tid) {
  AtomicStore(&r->tid, tid, __ATOMIC_RELAXED);
  u32 s = AtomicLoad(&r->status);
  while ((s & kStateMask) == kCreated &&
         !AtomicCas(&r->status, &s, (s & ~(u32)kStateMask) | kRunning)) {
  }
}

void Registry::OnFinish(ThreadRecord *r) {
  u32 s = AtomicLoad(&r->status);
  for (;;) {
    u32 state = s & kStateMask;
    if (state == kFinished || state == kFree) return;
    if (AtomicCas(&r->status, &s, (s & ~(u32)kStateMask) | kFinished)) break;
  }
  // We made it finished: if it was detached, nobody will join it.
  if (s & kDetached) Release(r);
}

bool Registry::OnDetach(ThreadRecord *r, u32 generation) {
  u32 s = AtomicLoad(&r->status);
  for (;;) {
    if (AtomicLoad(&r->generation) != generation) return false;
    if ((s & kStateMask) == kFree || (s & kDetached)) return false;
    if (AtomicCas(&r->status, &s, s | kDetached)) break;
  }
  // We made it detached: if it had already finished, release it now.
  if ((s & kStateMask) == kFinished) Release(r);
  return true;
}

bool Registry::OnJoin(ThreadRecord *r, u32 generation) {
  u32 s = AtomicLoad(&r->status);
  for (;;) {
    if (AtomicLoad(&r->generation) != generation) return false;
    if ((s & kStateMask) == kFree || (s & kJoined)) return false;
    if (AtomicCas(&r->status, &s, s | kJoined)) break;
  }
  Release(r);
  return true;
}

void Registry::SetFlag(ThreadRecord *r, u32 generation, u32 flag) {
  u32 s = AtomicLoad(&r->status);
  for (;;) {
    if (AtomicLoad(&r->generation) != generation) return;
    if ((s & kStateMask) == kFree) return;
    if (AtomicCas(&r->status, &s, s | flag)) return;
  }
}

void Registry::ClearFlag(ThreadRecord *r, u32 generation, u32 flag) {
  u32 s = AtomicLoad(&r->status);
  for (;;) {
    if (AtomicLoad(&r->generation) != generation) return;
    if ((s & kStateMask) == kFree || !(s & flag)) return;
    if (AtomicCas(&r->status, &s, s & ~flag)) return;
  }
}

void Registry::SetHandle(ThreadRecord *r, u32 generation, uptr handle,
                         bool is_self) {
  uptr expected = PackHandle(generation, 0);
  // Numbered after pthread_create handed `handle` to this thread: an older
  // thread with the same handle stored it earlier (at the latest when it
  // started, before it could end and free the handle).
  u64 seq = AtomicAdd(&handle_seq_, (u64)1, __ATOMIC_RELAXED) + 1;
  if (AtomicCas(&r->handle, &expected, PackHandle(generation, handle)))
    AtomicStore(&r->handle_seq, seq, __ATOMIC_RELAXED);
  if (is_self) AtomicStore(HandleSlot(r->index), handle, __ATOMIC_RELEASE);
}

ThreadRecord *Registry::FindByHandle(uptr handle, u32 *generation,
                                     bool finished_only) {
  if (handle == 0) return nullptr;
  u32 used = AtomicLoad(&high_water_);
  if (used > kChunkSize * kMaxChunks) used = kChunkSize * kMaxChunks;
  // glibc reuses a pthread_t as soon as a join returns, before the joiner
  // has released the old record: for an instant two live records carry the
  // handle. The one whose handle was stored last is the thread that has it
  // now (not the highest T<n>: T<n> is taken before pthread_create runs).
  ThreadRecord *best = nullptr;
  u32 best_gen = 0;
  u64 best_seq = 0;
  auto consider = [&](ThreadRecord *r) {
    u32 gen = AtomicLoad(&r->generation);
    u32 state = AtomicLoad(&r->status) & kStateMask;
    if (state == kFree || (finished_only && state != kFinished)) return;
    if (HandleOf(AtomicLoad(&r->handle)) != handle) return;
    u64 seq = AtomicLoad(&r->handle_seq, __ATOMIC_RELAXED);
    if (best && seq < best_seq) return;
    best = r;
    best_gen = gen;
    best_seq = seq;
  };
  // A thread that has not started yet has its handle only in its record
  // (its creator stored it; the thread fills its slot of the compact array
  // before it leaves kCreated), so look at those records first, then the
  // compact array.
  for (u32 i = 0; i < used; i++) {
    ThreadRecord *r = RecordAt(i);
    if (r && (AtomicLoad(&r->status) & kStateMask) == kCreated) consider(r);
  }
  for (u32 c = 0; c * kChunkSize < used; c++) {
    Chunk *chunk = AtomicLoad(&chunks_[c]);
    if (!chunk) continue;
    for (u32 i = 0; i < kChunkSize; i++)
      if (AtomicLoad(&chunk->handles[i], __ATOMIC_RELAXED) == handle)
        consider(&chunk->records[i]);
  }
  if (best) *generation = best_gen;
  return best;
}

template <typename Match>
ThreadRecord *Registry::FindLive(Match match, u32 *generation) {
  u32 used = AtomicLoad(&high_water_);
  for (u32 i = 0; i < used; i++) {
    ThreadRecord *r = RecordAt(i);
    if (!r) continue;
    u32 gen = AtomicLoad(&r->generation);
    if ((AtomicLoad(&r->status) & kStateMask) == kFree) continue;
    if (!match(r)) continue;
    *generation = gen;
    return r;
  }
  return nullptr;
}

ThreadRecord *Registry::FindByTid(int tid, u32 *generation) {
  return FindLive(
      [tid](ThreadRecord *r) {
        return AtomicLoad(&r->tid, __ATOMIC_RELAXED) == tid;
      },
      generation);
}

ThreadRecord *Registry::FindByUid(u32 uid, u32 *generation) {
  return FindLive(
      [uid](ThreadRecord *r) {
        return AtomicLoad(&r->uid, __ATOMIC_RELAXED) == uid;
      },
      generation);
}

bool Registry::HasUnstarted() {
  u32 generation;
  return FindLive(
             [](ThreadRecord *r) {
               return AtomicLoad(&r->tid, __ATOMIC_RELAXED) == 0;
             },
             &generation) != nullptr;
}

bool Registry::FindGone(int tid, u32 *uid) {
  // Newest first: a reused tid then names its latest thread.
  u32 next = AtomicLoad(&gone_next_, __ATOMIC_RELAXED);
  for (u32 k = 1; k <= kGoneRing && k <= next; k++) {
    u64 e = AtomicLoad(&gone_[(next - k) % kGoneRing], __ATOMIC_RELAXED);
    if ((int)(e >> 32) == tid) {
      *uid = (u32)e;
      return true;
    }
  }
  return false;
}

void Registry::Snapshot(ScratchArray<ThreadSnapshot> *out) {
  u32 used = AtomicLoad(&high_water_);
  if (used > kChunkSize * kMaxChunks) used = kChunkSize * kMaxChunks;
  uptr live = 0;  // one mapping of the right size rather than doublings
  for (u32 c = 0; c * kChunkSize < used; c++)
    if (Chunk *chunk = AtomicLoad(&chunks_[c]))
      live += AtomicLoad(&chunk->live);
  out->Reserve(out->size() + live + 8);
  for (u32 i = 0; i < used; i++) {
    if (i % kChunkSize == 0) {
      Chunk *chunk = AtomicLoad(&chunks_[i / kChunkSize]);
      if (!chunk || AtomicLoad(&chunk->live) == 0) {
        i += kChunkSize - 1;
        continue;
      }
    }
    ThreadRecord *r = RecordAt(i);
    if (!r) continue;
    ThreadSnapshot &s = out->PushBack();
    if (!SnapshotOne(r, &s)) out->Resize(out->size() - 1);
  }
}

bool Registry::SnapshotOne(ThreadRecord *r, ThreadSnapshot *out) {
  ThreadSnapshot &s = *out;
  internal_memset(&s.blocking, 0, sizeof(s.blocking));
  u32 gen = AtomicLoad(&r->generation);
  u32 status = AtomicLoad(&r->status);
  if ((status & kStateMask) == kFree) return false;
  s.status = status;
  s.generation = gen;
  s.uid = r->uid;
  s.tid = AtomicLoad(&r->tid, __ATOMIC_RELAXED);
  s.handle = HandleOf(AtomicLoad(&r->handle, __ATOMIC_RELAXED));
  s.index = r->index;
  s.creation_stack = r->creation_stack;
  s.parent_uid = r->parent_uid;
  s.parent_tid = r->parent_tid;
  s.scope = r->scope;
  s.create_ns = r->create_ns;
  s.finish_ns = AtomicLoad(&r->finish_ns, __ATOMIC_RELAXED);
  s.stack_top = AtomicLoad(&r->stack_top, __ATOMIC_RELAXED);
  s.jumps = AtomicLoad(&r->jumps, __ATOMIC_RELAXED);
  s.start_routine = (uptr)r->start_routine;
  for (uptr k = 0; k < kThreadNameSize; k++)
    s.name[k] = __atomic_load_n(&r->name[k], __ATOMIC_RELAXED);
  s.name[kThreadNameSize - 1] = '\0';
  // Blocking info: seqlock read, give up after a few tries (the thread is
  // entering or leaving a blocking call right now; it is not stuck there).
  for (int attempt = 0; attempt < 4; attempt++) {
    u32 seq = AtomicLoad(&r->blocking.seq);
    if (seq & 1) continue;
    s.blocking.kind = AtomicLoad(&r->blocking.kind, __ATOMIC_RELAXED);
    s.blocking.call = AtomicLoad(&r->blocking.call, __ATOMIC_RELAXED);
    s.blocking.object = AtomicLoad(&r->blocking.object, __ATOMIC_RELAXED);
    s.blocking.caller_pc = AtomicLoad(&r->blocking.caller_pc, __ATOMIC_RELAXED);
    s.blocking.frame = AtomicLoad(&r->blocking.frame, __ATOMIC_RELAXED);
    s.blocking.since = AtomicLoad(&r->blocking.since, __ATOMIC_RELAXED);
    s.blocking.jumps = AtomicLoad(&r->blocking.jumps, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    s.blocking.seq = seq;
    if (AtomicLoad(&r->blocking.seq, __ATOMIC_RELAXED) == seq) break;
    internal_memset(&s.blocking, 0, sizeof(s.blocking));
  }
  s.status = AtomicLoad(&r->status);  // latest flags (joined/detached)
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  // Released while we read it?
  return AtomicLoad(&r->generation) == gen && s.state() != kFree;
}

void Registry::ResetAfterFork(ThreadRecord *keep) {
  free_head_ = 0;
  for (u32 c = 0; c < kMaxChunks; c++)
    if (chunks_[c]) chunks_[c]->live = 0;
  if (keep) ChunkOf(keep)->live = 1;
  u32 used = high_water_;
  for (u32 i = used; i-- > 0;) {
    ThreadRecord *r = RecordAt(i);
    if (!r || r == keep) continue;
    if ((r->status & kStateMask) == kFree) {
      // Rebuild the free list from scratch below.
      r->next_free = (u32)(free_head_ & 0xffffffffu);
      free_head_ = r->index + 1;
      continue;
    }
    r->generation++;
    r->status = kFree;
    *HandleSlot(i) = 0;
    r->next_free = (u32)(free_head_ & 0xffffffffu);
    free_head_ = r->index + 1;
  }
}

Registry::Stats Registry::GetStats() {
  Stats st = {};
  u32 used = AtomicLoad(&high_water_);
  st.slots_used = used;
  for (u32 c = 0; c < kMaxChunks; c++) {
    if (!AtomicLoad(&chunks_[c])) continue;
    st.slots_mapped += kChunkSize;
    st.bytes_mapped += (sizeof(Chunk) + 4095) & ~(uptr)4095;
  }
  for (u32 i = 0; i < used; i++) {
    ThreadRecord *r = RecordAt(i);
    if (r && (AtomicLoad(&r->status) & kStateMask) != kFree) st.live++;
  }
  return st;
}

}  // namespace __tlsan
