//===-- tlsan_wait_graph.h - who waits for whom ---------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// The classifier's second step. For every leaked thread blocked on a mutex,
// a write-locked rwlock or a join, finds the owner: glibc keeps a mutex's
// owner tid in the mutex (__data.__owner) and a write-locked rwlock's in
// __data.__cur_writer (both in the public <bits/*thread*types.h> layouts),
// read without risk of faulting (SafeRead); a join's owner is the joined
// thread. The edges "waiter -> owner" form a wait-for graph, from which:
//   * deadlock cycles (two or more threads waiting on each other),
//   * self-deadlocks (a thread waiting on a lock it holds),
//   * abandoned locks (the owner is gone: finished or exited),
//   * chains (the owner is itself a leaked thread).
// Leak pass only.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_WAIT_GRAPH_H
#define TLSAN_WAIT_GRAPH_H

#include "tlsan_leak.h"
#include "tlsan_proc_linux.h"

namespace __tlsan {

// Fills blocked_on.owner_tid, owner_uid, owner_leaked, cause and cycle of
// every leak, and set->deadlocked. `dir` (/proc/self/task) tells an
// abandoned lock (its owner is gone) from a held one.
void AnalyzeWaitGraph(LeakSet *set, const TaskDir &dir);

// The tid that holds `object`, waited on by a wait of `kind`: a mutex's
// __owner, a write-locked rwlock's __cur_writer (read with SafeRead), a
// joined thread's tid; 0 when unknown or unowned. A finished join target
// holds nothing unless `finished_join_holds` (at exit it is still a leak's
// owner; while running, its join simply returns). Also used by the deadlock
// check while the program runs (tlsan_deadlock.cpp).
int HolderTid(BlockingKind kind, uptr object, bool finished_join_holds);

// Writes the graph in Graphviz DOT: leaked threads and the owners they
// wait on, cycle edges in red.
void WriteWaitGraphDot(const LeakSet &set, class TextBuffer *out);

}  // namespace __tlsan

#endif  // TLSAN_WAIT_GRAPH_H
