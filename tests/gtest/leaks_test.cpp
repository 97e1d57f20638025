// leaks_test.cpp: tests that leak threads on purpose, under the tlsan.gtest
// listener. check_listener.sh runs them and knows which must fail:
//
//   | test                                   | leaks                    | expected       |
//   |----------------------------------------|--------------------------|----------------|
//   | Leaks.ForgottenWorker                  | 'leak-worker'            | FAILED         |
//   | Leaks.CleanAfterLeak                   | nothing                  | OK             |
//   | Leaks.GrandchildThread                 | 'grandchild', created by | FAILED         |
//   |                                        | a thread of the test     |                |
//   | FailedTest.FailsAndLeaks               | 'failed-worker', and     | FAILED, once   |
//   |                                        | fails by itself          |                |
//   | Ignored.LeakIgnoredByName              | 'ignored-worker'         | FAILED; OK     |
//   |                                        |                          | with ignore_name |
//   | SuiteStopsItsThread.*                  | nothing (stopped in      | OK             |
//   |                                        | TearDownTestSuite)       |                |
//   | SuiteLeaksItsThread.*                  | 'suite-leaked', from     | tests OK,      |
//   |                                        | SetUpTestSuite           | suite FAILED   |
//   | Counts/ParamLeaks.MaybeLeaks/1         | 'param-worker'           | FAILED (/0 OK) |
//   | TypedLeaks/1.LeaksForLong              | 'typed-worker'           | FAILED (/0 OK) |
//   | ListenerDeathTest.*                    | in the child only        | OK             |
//
// A global environment keeps a 'background' thread alive during every
// test: it belongs to no test. Threads wait on latches, never sleep.
#include <gtest/gtest.h>

#include <pthread.h>

#include <cstdlib>
#include <latch>
#include <thread>
#include <type_traits>

namespace {

// Never counted down, never destroyed: threads that wait on it leak.
std::latch& never() {
  static std::latch* latch = new std::latch(1);
  return *latch;
}

// Starts a thread named `name` that waits forever; returns once it runs.
__attribute__((noinline)) void start_forgotten_worker(const char* name) {
  std::latch started(1);
  std::thread([&started, name] {
    pthread_setname_np(pthread_self(), name);
    started.count_down();
    never().wait();
  }).detach();
  started.wait();
}

// A thread that waits until stopped.
class Worker {
 public:
  explicit Worker(const char* name)
      : thread_([this, name] {
          pthread_setname_np(pthread_self(), name);
          stop_.wait();
        }) {}
  ~Worker() {
    stop_.count_down();
    thread_.join();
  }

 private:
  std::latch stop_{1};
  std::thread thread_;
};

class BackgroundThread : public testing::Environment {
 public:
  void SetUp() override { worker_ = new Worker("background"); }
  void TearDown() override { delete worker_; }

 private:
  Worker* worker_ = nullptr;
};

testing::Environment* const background =
    testing::AddGlobalTestEnvironment(new BackgroundThread);

}  // namespace

TEST(Leaks, ForgottenWorker) { start_forgotten_worker("leak-worker"); }

TEST(Leaks, CleanAfterLeak) {
  std::thread t([] {});
  t.join();
}

TEST(Leaks, GrandchildThread) {
  std::latch started(1);
  std::thread parent([&started] {
    std::thread([&started] {
      pthread_setname_np(pthread_self(), "grandchild");
      started.count_down();
      never().wait();
    }).detach();
  });
  parent.join();
  started.wait();
}

TEST(FailedTest, FailsAndLeaks) {
  start_forgotten_worker("failed-worker");
  ADD_FAILURE() << "this test fails on purpose";
}

TEST(Ignored, LeakIgnoredByName) { start_forgotten_worker("ignored-worker"); }

class SuiteStopsItsThread : public testing::Test {
 protected:
  static void SetUpTestSuite() { worker_ = new Worker("suite-stopped"); }
  static void TearDownTestSuite() {
    delete worker_;
    worker_ = nullptr;
  }
  static Worker* worker_;
};
Worker* SuiteStopsItsThread::worker_ = nullptr;

TEST_F(SuiteStopsItsThread, UsesTheSuiteThread) { EXPECT_NE(worker_, nullptr); }

class SuiteLeaksItsThread : public testing::Test {
 protected:
  static void SetUpTestSuite() { start_forgotten_worker("suite-leaked"); }
};

TEST_F(SuiteLeaksItsThread, UsesTheSuiteThread) { SUCCEED(); }
TEST_F(SuiteLeaksItsThread, AlsoPasses) { SUCCEED(); }

class ParamLeaks : public testing::TestWithParam<int> {};

TEST_P(ParamLeaks, MaybeLeaks) {
  if (GetParam() == 1) {
    start_forgotten_worker("param-worker");
  } else {
    std::thread t([] {});
    t.join();
  }
}
INSTANTIATE_TEST_SUITE_P(Counts, ParamLeaks, testing::Values(0, 1));

template <class T>
class TypedLeaks : public testing::Test {};
using LeakTypes = testing::Types<int, long>;
TYPED_TEST_SUITE(TypedLeaks, LeakTypes);

TYPED_TEST(TypedLeaks, LeaksForLong) {
  if (std::is_same_v<TypeParam, long>) start_forgotten_worker("typed-worker");
}

// The child leaks a thread and exits with status 0: the status must stay 0
// (the listener ignores the child's threads).
TEST(ListenerDeathTest, ChildThatLeaksExitsWithItsOwnStatus) {
  EXPECT_EXIT(
      {
        start_forgotten_worker("death-child");
        std::exit(0);
      },
      testing::ExitedWithCode(0), "");
}

TEST(ListenerDeathTest, ChildDies) { EXPECT_DEATH(std::abort(), ""); }

// tlsan::gtest::init() removed --tlsan_gtest before GoogleTest saw argv.
TEST(Flags, TlsanFlagIsRemovedFromArgv) {
  for (const std::string& arg : testing::internal::GetArgvs())
    EXPECT_NE(arg.rfind("--tlsan_gtest", 0), 0u) << arg;
}
