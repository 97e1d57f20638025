//===-- tlsan_registry.h - lock-free registry of shadow records ----------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// All ThreadRecords live here, in chunks of kChunkSize records that are
// mmap'd on first use and never unmapped, so a record pointer stays valid for
// the life of the process. Slots are claimed from a lock-free free list
// (Treiber stack with an ABA tag) or by bumping a high-water mark; released
// slots go back to the free list with their generation incremented. Memory is
// therefore bounded by the largest number of threads alive (or finished and
// unjoined) at once, whatever the churn.
//
// Contract:
//   * Claim/Publish/Release and the lifecycle calls are lock-free and
//     allocation-free (except the mmap of a new chunk, once per 256 records)
//     and may run concurrently from any threads.
//   * FindByHandle is O(records in use): it scans a compact array of handles.
//   * Snapshot copies every published record; a record that changes
//     generation while it is read is skipped (it was released).
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_REGISTRY_H
#define TLSAN_REGISTRY_H

#include "tlsan_buffer.h"
#include "tlsan_internal.h"
#include "tlsan_thread_record.h"

namespace __tlsan {

class Registry {
 public:
  static constexpr u32 kChunkSize = 256;
  static constexpr u32 kMaxChunks = 1024;  // 262,144 records at most

  // Takes a free slot; returns nullptr when the registry is full (the thread
  // then runs untracked). The slot is invisible to Snapshot until Publish.
  ThreadRecord *Claim();
  // Makes a claimed record visible with `status`; stores `handle` in the
  // lookup array.
  void Publish(ThreadRecord *r, u32 status);
  // Returns a claimed-but-never-published record (creation failed).
  void Unclaim(ThreadRecord *r);

  // The thread starts: sets tid, kCreated -> kRunning.
  void OnStart(ThreadRecord *r, int tid);
  // The thread left its start routine. Releases the record if it was
  // detached. Idempotent.
  void OnFinish(ThreadRecord *r);
  // pthread_detach succeeded. Releases the record if already finished.
  // False if the record no longer has `generation` (see FindByHandle).
  bool OnDetach(ThreadRecord *r, u32 generation);
  // A join succeeded: releases the record. False if the record no longer
  // has `generation` (see FindByHandle).
  bool OnJoin(ThreadRecord *r, u32 generation);
  // Sets / clears `flag` (kIgnored, kJoining...) if the record still has
  // `generation`.
  void SetFlag(ThreadRecord *r, u32 generation, u32 flag);
  void ClearFlag(ThreadRecord *r, u32 generation, u32 flag);
  // Stores the pthread_t if the record still has `generation` and no handle
  // yet. Both the creator (after pthread_create returns) and the new thread
  // (first thing it does) call it, so neither waits for the other; only the
  // thread itself (`is_self`) fills the lookup array, since it alone knows
  // the record cannot be released meanwhile.
  void SetHandle(ThreadRecord *r, u32 generation, uptr handle, bool is_self);

  // The live record whose pthread_t is `handle`, or nullptr. Its generation
  // at lookup time is stored in *generation. Beware: glibc reuses a
  // pthread_t as soon as a join returns, before the joiner has released its
  // record, so for an instant two live records can carry one handle; a
  // caller whose OnJoin/OnDetach then finds the record recycled looks again
  // (the join and detach interceptors do).
  // finished_only: only a record whose thread left its start routine.
  ThreadRecord *FindByHandle(uptr handle, u32 *generation,
                             bool finished_only = false);
  // The live record of kernel thread `tid`, or nullptr.
  ThreadRecord *FindByTid(int tid, u32 *generation);
  // The live record of thread T<uid>, or nullptr. Scans: not for hot paths.
  ThreadRecord *FindByUid(u32 uid, u32 *generation);
  // Whether a live record has no tid yet: its thread may be in the kernel
  // (in /proc) but has not run the start of its trampoline. Scans.
  bool HasUnstarted();
  // Whether the last released record of the tids that share `tid`'s slot
  // in a table of kReleasedTids was `tid`'s: a thread tlsan tracked, whose
  // kernel task may still be in /proc on its way out (a detached thread
  // releases its own record before glibc's exit path runs, which can wait
  // on locks). Forgotten only when tids wrap around by a multiple of the
  // table (16,384 tids allocated meanwhile).
  bool ReleasedTid(int tid) {
    return AtomicLoad(&released_tids_[(u32)tid % kReleasedTids],
                      __ATOMIC_RELAXED) == tid;
  }

  // The T<n> of a thread that is gone (its record released), remembered in
  // a ring of the last kGoneRing releases, so a report can still name the
  // holder of an abandoned lock. False if forgotten.
  bool FindGone(int tid, u32 *uid);

  // Appends a consistent copy of every published record to `out`.
  void Snapshot(ScratchArray<ThreadSnapshot> *out);
  // A consistent copy of one record, as Snapshot makes them; false if the
  // record is free or was released while it was read.
  bool SnapshotOne(ThreadRecord *r, ThreadSnapshot *out);

  // After fork(), in the child: keeps only `keep` (the forking thread's
  // record) and frees the rest. Single-threaded by construction.
  void ResetAfterFork(ThreadRecord *keep);

  struct Stats {
    uptr slots_mapped;  // records whose memory is mapped
    uptr slots_used;    // high-water mark of slots ever claimed
    uptr live;          // published, not released
    uptr bytes_mapped;
  };
  Stats GetStats();

  ThreadRecord *RecordAt(u32 index);
  u32 NextUid() { return AtomicAdd(&next_uid_, 1u, __ATOMIC_RELAXED); }

 private:
  struct Chunk {
    // Published records not yet released: Snapshot skips a chunk with none
    // (after a burst of threads, most chunks are empty).
    u32 live;
    uptr handles[kChunkSize];  // compact copy of each record's pthread_t
    ThreadRecord records[kChunkSize];
  };
  Chunk *GetOrMapChunk(u32 chunk_index);
  // The first live record `match` accepts (a scan; not for hot paths).
  template <typename Match>
  ThreadRecord *FindLive(Match match, u32 *generation);
  Chunk *ChunkOf(const ThreadRecord *r) {
    return chunks_[r->index / kChunkSize];
  }
  void Release(ThreadRecord *r, bool published = true);
  uptr *HandleSlot(u32 index) {
    return &chunks_[index / kChunkSize]->handles[index % kChunkSize];
  }

  Chunk *chunks_[kMaxChunks];
  u32 high_water_;  // slots [0, high_water_) have been handed out
  u64 free_head_;   // (aba tag << 32) | (index + 1); 0 = empty
  u32 next_uid_;    // T<n> numbering; 0 is taken by the main thread
  u64 handle_seq_;  // SetHandle's counter (ThreadRecord::handle_seq)
  static constexpr u32 kGoneRing = 1024;
  u64 gone_[kGoneRing];  // (tid << 32) | uid of released records
  u32 gone_next_;
  static constexpr u32 kReleasedTids = 16384;  // 64 KiB, touched as used
  int released_tids_[kReleasedTids];
};

// The process's registry: zero-initialized (in .bss), usable before any
// constructor runs. Inline: every interceptor's bookkeeping goes through it.
extern Registry registry_storage;
TLSAN_ALWAYS_INLINE Registry &registry() { return registry_storage; }

}  // namespace __tlsan

#endif  // TLSAN_REGISTRY_H
