// wait_words_test.cpp: the words for what a blocked thread waits on
// (tlsan_wait_words.h), on hand-made facts.
#include "tlsan_wait_words.h"

#include <gtest/gtest.h>
#include <time.h>
#include <unistd.h>

#include <string>

#include "tlsan_symbolizer.h"

using namespace __tlsan;

namespace {

std::string Words(const LeakedThread &l, const char *futex_name = nullptr) {
  TextBuffer out;
  AppendWaitWords(l, futex_name, &out);
  return out.data();
}

LeakedThread Blocked(BlockingKind kind, const char *call, uptr object) {
  LeakedThread l = {};
  l.state = kLeakBlocked;
  l.blocked_on.kind = kind;
  l.blocked_on.call = call;
  l.blocked_on.object = object;
  l.blocked_on.has_object = true;
  l.blocked_on.from_interceptor = true;
  return l;
}

const char *FutexName(std::initializer_list<const char *> names) {
  SymbolizedFrame frames[8] = {};
  uptr n = 0;
  for (const char *name : names) frames[n++].function = name;
  return NameFutexWaitFromFrames(frames, n);
}

TEST(WaitWords, SleepSaysHowLongItAsked) {
  EXPECT_EQ(Words(Blocked(kBlockSleep, "sleep", 1000 * 1000)),
            ", sleeping (asked for 1000 s)");
  EXPECT_EQ(Words(Blocked(kBlockSleep, "usleep", 1500)),
            ", sleeping (asked for 1500 ms)");
  LeakedThread unknown = Blocked(kBlockSleep, "clock_nanosleep", 0);
  unknown.blocked_on.has_object = false;
  EXPECT_EQ(Words(unknown), ", sleeping");
}

TEST(WaitWords, RequestedSleepReadsTheTimespec) {
  struct timespec req = {2, 500000};  // 2.0005 s: rounded up
  u64 ms = 0;
  EXPECT_TRUE(RequestedSleepMs("nanosleep", (uptr)&req, &ms));
  EXPECT_EQ(ms, 2001u);
  EXPECT_TRUE(RequestedSleepMs("sleep", 3000, &ms));
  EXPECT_EQ(ms, 3000u);
  EXPECT_FALSE(RequestedSleepMs("nanosleep", 0, &ms));  // absolute deadline
  EXPECT_FALSE(RequestedSleepMs("nanosleep", 8, &ms));  // unreadable
}

TEST(WaitWords, DescriptorsSayWhatTheyAre) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  EXPECT_EQ(Words(Blocked(kBlockIo, "read", (uptr)fds[0])),
            " on fd " + std::to_string(fds[0]) + " (pipe)");
  LeakedThread poll = Blocked(kBlockIo, "poll", (uptr)fds[1]);
  poll.blocked_on.fd_count = 3;
  EXPECT_EQ(Words(poll),
            " on fd " + std::to_string(fds[1]) + " (pipe), first of 3 fds");
  close(fds[0]);
  close(fds[1]);
  // A closed descriptor: only its number.
  EXPECT_EQ(Words(Blocked(kBlockIo, "read", (uptr)fds[0])),
            " on fd " + std::to_string(fds[0]));
  // msgrcv's object is a queue id, not a descriptor.
  EXPECT_EQ(Words(Blocked(kBlockIo, "msgrcv", 5)), " on io 0x5");
}

TEST(WaitWords, FutexNamedFromFrames) {
  EXPECT_STREQ(FutexName({"std::__atomic_wait_address<...>", "std::latch::wait() const"}),
               "std::latch");
  EXPECT_STREQ(FutexName({"std::__atomic_semaphore::_M_acquire()",
                          "std::counting_semaphore<4l>::acquire()"}),
               "std::counting_semaphore");
  EXPECT_STREQ(FutexName({"std::barrier<std::__empty_completion>::wait(...)"}),
               "std::barrier");
  EXPECT_STREQ(FutexName({"std::__future_base::_State_baseV2::wait()"}),
               "std::future::get");
  EXPECT_STREQ(FutexName({"std::__atomic_wait_address_v<int, ...>"}),
               "std::atomic::wait");
  EXPECT_STREQ(FutexName({"std::atomic<int>::wait(int, std::memory_order)"}),
               "std::atomic::wait");
  EXPECT_EQ(FutexName({"main", "worker::wait(int)"}), nullptr);
  EXPECT_EQ(FutexName({}), nullptr);
}

TEST(WaitWords, FutexWordsUseTheName) {
  LeakedThread l = Blocked(kBlockFutex, "futex", 0x1000);
  EXPECT_EQ(Words(l, "std::latch"), " on std::latch 0x1000");
  EXPECT_EQ(Words(l), " on futex 0x1000");
}

}  // namespace
