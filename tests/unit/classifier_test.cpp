//===-- classifier_test.cpp - verdicts on leaked threads (tlsan_classifier)
//===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// ClassifyLeaks on synthetic leaks, no threads: FakeFacts stands for what
// the kernel says of each thread (/proc/self/task/<tid>/{stat,syscall,comm})
// and for the registry's record as it is now, and counts the samples of
// running threads instead of sending signals. The tids (600001...) belong
// to no thread. Objects the classifier reads (a held mutex's owner field,
// a poll array, a nanosleep's timespec, an interceptor's frame) are real
// memory of this test, as they would be in the waiting thread.
//
//===----------------------------------------------------------------------===//
#include "tlsan_classifier.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "tlsan_rtl.h"

using namespace __tlsan;

namespace {

constexpr int kTidA = 600001, kTidB = 600002;
constexpr u32 kSeq = 4;  // an even BlockingInfo::seq: written

struct FakeFacts {
  std::map<int, TaskStat> stat;
  std::map<int, TaskSyscall> syscall;
  std::map<int, std::string> comm;
  std::map<u32, RecordNow> records;  // by index; absent: no record
  std::vector<int> read;             // tids whose stat or syscall was read
  std::vector<int> sampled;
  u32 sample_id = 0;
  TaskDir dir{/*open=*/false};  // the wait graph's: "cannot tell" if gone

  static FakeFacts &Of(void *ctx) { return *static_cast<FakeFacts *>(ctx); }

  ClassifierSource Source() {
    ClassifierSource s;
    s.task_stat = [](int tid, TaskStat *st, void *ctx) {
      FakeFacts &f = Of(ctx);
      f.read.push_back(tid);
      auto it = f.stat.find(tid);
      if (it == f.stat.end()) return false;
      *st = it->second;
      return true;
    };
    s.task_syscall = [](int tid, TaskSyscall *sc, void *ctx) {
      FakeFacts &f = Of(ctx);
      f.read.push_back(tid);
      auto it = f.syscall.find(tid);
      if (it == f.syscall.end()) return false;
      *sc = it->second;
      return true;
    };
    s.task_comm = [](int tid, char *buf, uptr size, void *ctx) {
      FakeFacts &f = Of(ctx);
      auto it = f.comm.find(tid);
      if (it == f.comm.end()) return false;
      snprintf(buf, size, "%s", it->second.c_str());
      return true;
    };
    s.record_now = [](u32 index, RecordNow *now, void *ctx) {
      FakeFacts &f = Of(ctx);
      auto it = f.records.find(index);
      if (it == f.records.end()) return false;
      *now = it->second;
      return true;
    };
    s.sample_stack = [](int tid, uptr *, void *ctx) {
      FakeFacts &f = Of(ctx);
      f.sampled.push_back(tid);
      return f.sample_id;
    };
    s.dir = &dir;
    s.ctx = this;
    return s;
  }

  // The registry still holds `t` as snapshotted, in the same blocking call.
  void Unchanged(const ThreadSnapshot &t) {
    records[t.index] = {t.status, t.generation, t.blocking.seq};
  }
  void Sleeping(int tid, long nr, uptr arg0 = 0) {
    stat[tid] = {'S', 3, 0};
    TaskSyscall sc = {};
    sc.nr = nr;
    sc.args[0] = arg0;
    sc.pc = 0x401000;
    syscall[tid] = sc;
  }
};

ThreadSnapshot Thread(u32 uid, int tid, ThreadState state = kRunning) {
  ThreadSnapshot t = {};
  t.status = state;
  t.uid = uid;
  t.tid = tid;
  t.index = uid;
  t.generation = 3;
  t.creation_stack = 100 + uid;
  return t;
}

// A thread inside an intercepted blocking call, as BlockingRegion publishes
// it (no frame: nothing to unwind, nothing to find stale).
ThreadSnapshot InCall(u32 uid, int tid, BlockingKind kind, const char *call,
                      uptr object) {
  ThreadSnapshot t = Thread(uid, tid);
  t.blocking.seq = kSeq;
  t.blocking.kind = kind;
  t.blocking.call = call;
  t.blocking.object = object;
  return t;
}

class ClassifierTest : public ::testing::Test {
 protected:
  void Add(const ThreadSnapshot &t, u64 cpu_ticks_first = 0) {
    LeakedThread &l = set_.leaks.PushBack();
    l = {};
    l.thread = t;
    l.foreign = t.has(kForeign);
    l.cpu_ticks_first = cpu_ticks_first;
  }
  void Classify() { ClassifyLeaks(&set_, facts_.Source()); }
  // The leak of T<uid> (the classifier sorts the leaks into groups).
  const LeakedThread &Leak(u32 uid) {
    for (uptr i = 0; i < set_.leaks.size(); i++)
      if (set_.leaks[i].thread.uid == uid) return set_.leaks[i];
    ADD_FAILURE() << "no leak T" << uid;
    return set_.leaks[0];
  }
  FakeFacts facts_;
  LeakSet set_;
};

TEST_F(ClassifierTest, AFinishedRecordIsFinishedWithoutAskingProc) {
  ThreadSnapshot t = Thread(1, kTidA, kFinished);
  strcpy(t.name, "loader");
  Add(t);
  facts_.Sleeping(kTidA, SYS_futex, 0x1000);  // would say blocked
  Classify();
  ASSERT_EQ(set_.leaks.size(), 1u);
  EXPECT_EQ(Leak(1).state, kLeakFinished);
  EXPECT_STREQ(Leak(1).name, "loader");
  EXPECT_TRUE(facts_.read.empty());
}

TEST_F(ClassifierTest, AThreadWithNoTidYetIsRunningAndNotSampled) {
  Add(Thread(1, 0, kCreated));
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakRunning);
  EXPECT_TRUE(facts_.sampled.empty());
  EXPECT_TRUE(facts_.read.empty());
}

TEST_F(ClassifierTest, APublishedCallIsWhatItWaitsOnWithoutAskingProc) {
  int fd = 5;
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  Add(InCall(1, kTidA, kBlockCondvar, "pthread_cond_wait", (uptr)&cv));
  Add(InCall(2, kTidB, kBlockIo, "read", (uptr)fd));
  facts_.Sleeping(kTidA, SYS_futex, 0x1000);  // /proc agrees, unasked
  Classify();
  const LeakedThread &cond = Leak(1), &io = Leak(2);
  EXPECT_EQ(cond.state, kLeakBlocked);
  EXPECT_EQ(cond.blocked_on.kind, kBlockCondvar);
  EXPECT_STREQ(cond.blocked_on.call, "pthread_cond_wait");
  EXPECT_EQ(cond.blocked_on.object, (uptr)&cv);
  EXPECT_TRUE(cond.blocked_on.has_object);
  EXPECT_TRUE(cond.blocked_on.from_interceptor);
  EXPECT_EQ(cond.blocked_on.owner_tid, 0);  // a condvar has no owner
  EXPECT_EQ(io.state, kLeakBlocked);
  EXPECT_EQ(io.blocked_on.kind, kBlockIo);
  EXPECT_STREQ(io.blocked_on.call, "read");
  EXPECT_EQ(io.blocked_on.object, 5u);
  EXPECT_TRUE(facts_.read.empty());
  EXPECT_TRUE(facts_.sampled.empty());
}

TEST_F(ClassifierTest, AMutexWaitNamesTheOwnerTheMutexRecords) {
  // T1 waits for a mutex T2 holds; T2 waits on a condvar.
  pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
  mu.__data.__owner = kTidB;
  mu.__data.__lock = 1;
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  Add(InCall(1, kTidA, kBlockMutex, "pthread_mutex_lock", (uptr)&mu));
  Add(InCall(2, kTidB, kBlockCondvar, "pthread_cond_wait", (uptr)&cv));
  Classify();
  const LeakedThread &waiter = Leak(1);
  EXPECT_EQ(waiter.state, kLeakBlocked);
  EXPECT_EQ(waiter.blocked_on.kind, kBlockMutex);
  EXPECT_EQ(waiter.blocked_on.object, (uptr)&mu);
  EXPECT_EQ(waiter.blocked_on.owner_tid, kTidB);
  EXPECT_EQ(waiter.owner_uid, 2u);
  EXPECT_TRUE(waiter.owner_leaked);
  EXPECT_EQ(waiter.cause, kCauseChain);
  EXPECT_EQ(Leak(2).blocked_on.owner_tid, 0);
  // Unlocked since: no owner.
  mu.__data.__owner = 0;
  set_.leaks.Clear();
  Add(InCall(1, kTidA, kBlockMutex, "pthread_mutex_lock", (uptr)&mu));
  Classify();
  EXPECT_EQ(Leak(1).blocked_on.owner_tid, 0);
  EXPECT_EQ(Leak(1).owner_uid, kUnknownUid);
}

TEST_F(ClassifierTest, AJoinNamesTheJoinedThreadAsOwner) {
  // The joined thread is this test's (the main thread: tid == pid, T0).
  Add(InCall(1, kTidA, kBlockJoin, "pthread_join", (uptr)pthread_self()));
  Classify();
  const LeakedThread &l = Leak(1);
  EXPECT_EQ(l.state, kLeakBlocked);
  EXPECT_EQ(l.blocked_on.kind, kBlockJoin);
  EXPECT_EQ(l.blocked_on.owner_tid, getpid());
  EXPECT_EQ(l.owner_uid, 0u);
  EXPECT_FALSE(l.owner_leaked);
}

TEST_F(ClassifierTest, ASleepIsTheTimeItAskedForWhileStillInTheCall) {
  struct timespec req = {2, 500000};  // 2.0005 s: rounded up to 2001 ms
  ThreadSnapshot t = InCall(1, kTidA, kBlockSleep, "nanosleep", (uptr)&req);
  Add(t);
  facts_.Unchanged(t);
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
  EXPECT_EQ(Leak(1).blocked_on.kind, kBlockSleep);
  EXPECT_TRUE(Leak(1).blocked_on.has_object);
  EXPECT_EQ(Leak(1).blocked_on.object, 2001u);
}

TEST_F(ClassifierTest, ASleepLeftSinceTheSnapshotHasNoDuration) {
  // The record's blocking seq moved on: the timespec may be reused memory.
  struct timespec req = {2, 0};
  ThreadSnapshot t = InCall(1, kTidA, kBlockSleep, "nanosleep", (uptr)&req);
  Add(t);
  facts_.Unchanged(t);
  facts_.records[t.index].blocking_seq = kSeq + 2;
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
  EXPECT_FALSE(Leak(1).blocked_on.has_object);
  EXPECT_EQ(Leak(1).blocked_on.object, 0u);
}

TEST_F(ClassifierTest, APollWaitNamesItsDescriptorsFromTheSystemCall) {
  struct pollfd fds[3] = {{-1, POLLIN, 0}, {7, POLLIN, 0}, {9, POLLIN, 0}};
  ThreadSnapshot t = InCall(1, kTidA, kBlockIo, "poll", kObjectInSyscallArgs);
  Add(t);
  facts_.Unchanged(t);
  facts_.Sleeping(kTidA, SYS_poll, (uptr)fds);
  facts_.syscall[kTidA].args[1] = 3;
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
  EXPECT_STREQ(Leak(1).blocked_on.call, "poll");
  EXPECT_TRUE(Leak(1).blocked_on.has_object);
  EXPECT_EQ(Leak(1).blocked_on.object, 7u);  // the first fd >= 0
  EXPECT_EQ(Leak(1).blocked_on.fd_count, 2u);
}

TEST_F(ClassifierTest, APollWaitOutsideTheSystemCallHasNoDescriptors) {
  struct pollfd fds[1] = {{7, POLLIN, 0}};
  ThreadSnapshot t = InCall(1, kTidA, kBlockIo, "poll", kObjectInSyscallArgs);
  Add(t);
  facts_.Unchanged(t);
  facts_.Sleeping(kTidA, SYS_poll, (uptr)fds);
  facts_.syscall[kTidA].args[1] = 1;
  facts_.records[t.index].blocking_seq = kSeq + 2;  // left the call since
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
  EXPECT_FALSE(Leak(1).blocked_on.has_object);
  EXPECT_EQ(Leak(1).blocked_on.object, 0u);
  EXPECT_EQ(Leak(1).blocked_on.fd_count, 0u);
}

TEST_F(ClassifierTest, NoPublishedCallButAFutexSyscallIsBlockedOnTheFutex) {
  Add(Thread(1, kTidA));
  facts_.Sleeping(kTidA, SYS_futex, 0x7f0010);
  Classify();
  const LeakedThread &l = Leak(1);
  EXPECT_EQ(l.state, kLeakBlocked);
  EXPECT_EQ(l.blocked_on.kind, kBlockFutex);
  EXPECT_STREQ(l.blocked_on.call, "futex");
  EXPECT_EQ(l.blocked_on.object, 0x7f0010u);  // the futex word
  EXPECT_TRUE(l.blocked_on.has_object);
  EXPECT_FALSE(l.blocked_on.from_interceptor);
  EXPECT_EQ(l.blocked_on.pc, 0x401000u);
  EXPECT_EQ(l.cpu_ticks, 3u);
  EXPECT_TRUE(facts_.sampled.empty());
}

TEST_F(ClassifierTest, OtherSystemCallsNameTheirKind) {
  Add(Thread(1, kTidA));
  Add(Thread(2, kTidB));
  facts_.Sleeping(kTidA, SYS_read, 4);
  facts_.Sleeping(kTidB, SYS_nanosleep, 0x1234);
  Classify();
  EXPECT_EQ(Leak(1).blocked_on.kind, kBlockIo);
  EXPECT_STREQ(Leak(1).blocked_on.call, "read");
  EXPECT_EQ(Leak(1).blocked_on.object, 4u);  // the descriptor
  EXPECT_EQ(Leak(2).blocked_on.kind, kBlockSleep);
  EXPECT_FALSE(Leak(2).blocked_on.has_object);  // the timespec is no object
}

TEST_F(ClassifierTest, RunningStateIsRunningAndSampledOnce) {
  Add(Thread(1, kTidA), /*cpu_ticks_first=*/1 + 40);
  facts_.stat[kTidA] = {'R', 50, 0};
  facts_.sample_id = 77;
  Classify();
  const LeakedThread &l = Leak(1);
  EXPECT_EQ(l.state, kLeakRunning);
  EXPECT_TRUE(l.spinning);  // 40 ticks at the first look, 50 now
  EXPECT_EQ(l.cpu_ticks, 50u);
  EXPECT_EQ(l.blocked_on.stack_id, 77u);
  EXPECT_EQ(facts_.sampled, (std::vector<int>{kTidA}));
}

TEST_F(ClassifierTest, ARunnableThreadThatUsedNoCpuIsNotSpinning) {
  Add(Thread(1, kTidA), /*cpu_ticks_first=*/1 + 50);
  Add(Thread(2, kTidB));  // no first look
  facts_.stat[kTidA] = {'R', 50, 0};
  facts_.stat[kTidB] = {'R', 50, 0};
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakRunning);
  EXPECT_FALSE(Leak(1).spinning);
  EXPECT_FALSE(Leak(2).spinning);
}

TEST_F(ClassifierTest, SleepingOutsideASystemCallIsRunning) {
  Add(Thread(1, kTidA));
  Add(Thread(2, kTidB));
  facts_.Sleeping(kTidA, -1);  // a page fault: in the kernel, no call
  facts_.Sleeping(kTidB, SYS_futex);
  facts_.syscall[kTidB].running = true;  // woke up since its stat
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakRunning);
  EXPECT_EQ(Leak(2).state, kLeakRunning);
}

TEST_F(ClassifierTest, AStoppedThreadIsBlockedStopped) {
  Add(Thread(1, kTidA));
  facts_.Sleeping(kTidA, SYS_futex);
  facts_.stat[kTidA].state = 'T';
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
  EXPECT_EQ(Leak(1).blocked_on.kind, kBlockSyscall);
  EXPECT_STREQ(Leak(1).blocked_on.call, "stopped");
}

TEST_F(ClassifierTest, AThreadGoneFromProcIsFinished) {
  Add(Thread(1, kTidA));  // no stat: gone
  Add(Thread(2, kTidB));
  facts_.Sleeping(kTidB, SYS_futex);
  facts_.stat[kTidB].state = 'Z';  // a zombie: whatever its syscall says
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakFinished);
  EXPECT_EQ(Leak(2).state, kLeakFinished);
  // Gone between its stat and its syscall.
  set_.leaks.Clear();
  Add(Thread(3, kTidA));
  facts_.stat[kTidA] = {'S', 0, 0};
  Classify();
  EXPECT_EQ(Leak(3).state, kLeakFinished);
}

TEST_F(ClassifierTest, ARegionLeftByALongjmpIsStaleAndProcDecides) {
#if defined(__x86_64__)
  // The interceptor's frame: [saved rbp, return address]. A call made
  // after the thread jumped out overwrote the return address.
  uptr frame[2] = {0, 0x402222};
  ThreadSnapshot t =
      InCall(1, kTidA, kBlockMutex, "pthread_mutex_lock", 0x5000);
  t.blocking.frame = (uptr)frame;
  t.blocking.caller_pc = 0x401111;
  t.jumps = 1;  // one longjmp since it entered the region
  t.blocking.jumps = 0;
  Add(t);
  facts_.stat[kTidA] = {'R', 9, 0};
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakRunning);
  EXPECT_EQ(Leak(1).blocked_on.kind, kBlockNone);
  // The same, with the return address intact: still in the call.
  frame[1] = 0x401111;
  set_.leaks.Clear();
  Add(t);
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
  EXPECT_EQ(Leak(1).blocked_on.kind, kBlockMutex);
  // No longjmp since it entered: the frame is not even looked at.
  frame[1] = 0x402222;
  t.jumps = 0;
  set_.leaks.Clear();
  Add(t);
  Classify();
  EXPECT_EQ(Leak(1).state, kLeakBlocked);
#else
  GTEST_SKIP() << "the return-address check is x86_64's";
#endif
}

TEST_F(ClassifierTest, ARecordReleasedOrIgnoredSinceIsDropped) {
  ThreadSnapshot reused = Thread(1, kTidA, kFinished);
  ThreadSnapshot ignored = Thread(2, kTidB, kFinished);
  ThreadSnapshot detached = Thread(3, 0, kFinished);
  ThreadSnapshot kept = Thread(4, 0, kFinished);
  for (const ThreadSnapshot &t : {reused, ignored, detached, kept}) {
    Add(t);
    facts_.Unchanged(t);
  }
  facts_.records[1].generation += 1;  // released, the slot reused
  facts_.records[2].status |= kIgnored;
  facts_.records[3].status |= kDetached;  // finished and detached: gone
  Classify();
  ASSERT_EQ(set_.leaks.size(), 1u);
  EXPECT_EQ(set_.leaks[0].thread.uid, 4u);
}

TEST_F(ClassifierTest, ARunningThreadDetachedSinceStaysWithTheNewFlag) {
  ThreadSnapshot t = InCall(1, kTidA, kBlockIo, "read", 3);
  Add(t);
  facts_.Unchanged(t);
  facts_.records[1].status |= kDetached;
  Classify();
  ASSERT_EQ(set_.leaks.size(), 1u);
  EXPECT_TRUE(set_.leaks[0].thread.has(kDetached));
}

TEST_F(ClassifierTest, AForeignThreadIsNamedFromProcUnlessItIsTheProcess) {
  ThreadSnapshot a = Thread(1, kTidA), b = Thread(2, kTidB);
  a.status |= kForeign;
  b.status |= kForeign;
  Add(a);
  Add(b);
  facts_.Sleeping(kTidA, SYS_futex);
  facts_.Sleeping(kTidB, SYS_futex);
  facts_.comm[kTidA] = "io-worker";
  facts_.comm[kTidB] = ProcessName();  // inherited, not chosen
  Classify();
  EXPECT_STREQ(Leak(1).name, "io-worker");
  EXPECT_STREQ(Leak(2).name, "");
}

TEST_F(ClassifierTest, ThreadsFromOnePlaceInOneStateAreOneGroup) {
  pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
  ThreadSnapshot a =
      InCall(1, kTidA, kBlockCondvar, "pthread_cond_wait", (uptr)&cv);
  ThreadSnapshot b =
      InCall(2, kTidB, kBlockCondvar, "pthread_cond_wait", (uptr)&cv);
  ThreadSnapshot c = Thread(3, 0, kFinished);
  b.creation_stack = a.creation_stack;
  c.creation_stack = a.creation_stack;
  Add(c);
  Add(a);
  Add(b);
  Classify();
  EXPECT_EQ(set_.groups, 2u);
  EXPECT_EQ(Leak(1).group, Leak(2).group);
  EXPECT_NE(Leak(1).group, Leak(3).group);  // same place, another state
  EXPECT_EQ(Leak(1).group_stack, a.creation_stack);
}

}  // namespace
