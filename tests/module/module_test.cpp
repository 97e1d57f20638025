// module_test.cpp: `import tlsan;` touches every export once, against the
// real runtime, and checks that no macro of the C header leaks out.
//
// Threads are ordered with condition variables and latches, never sleeps: a
// Poller's thread is known to wait in pthread_cond_wait once
// wait_until_blocked() returns (it released the mutex inside the wait).
#include <gtest/gtest.h>

#include <pthread.h>

#include <chrono>
#include <cstdlib>
#include <condition_variable>
#include <functional>
#include <latch>
#include <mutex>
#include <regex>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

import tlsan;

#ifdef SANITIZER_TLSAN_INTERFACE_H
#error "the module leaks the C header's macros"
#endif

namespace {

// A worker that waits on a condition variable until shut down.
struct Poller {
  std::mutex mu;
  std::condition_variable wake, ready;
  bool stop = false, waiting = false;
  std::thread thread;

  void loop() {
    pthread_setname_np(pthread_self(), "io-poller");
    std::unique_lock<std::mutex> lock(mu);
    waiting = true;
    ready.notify_all();
    wake.wait(lock, [&] { return stop; });
  }
  void wait_until_blocked() {
    std::unique_lock<std::mutex> lock(mu);
    ready.wait(lock, [&] { return waiting; });
  }
  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stop = true;
    }
    wake.notify_all();
    thread.join();
  }
};

__attribute__((noinline)) void start_poller(Poller& p) {
  p.thread = std::thread([&p] { p.loop(); });
  p.wait_until_blocked();
}

}  // namespace

// LevelDB's shape: the class that starts the thread is in an anonymous
// namespace inside a namespace, so its methods demangle as
// "leveldb_like::(anonymous namespace)::PosixEnv::Schedule(...)".
namespace leveldb_like {
namespace {
class PosixEnv {
 public:
  __attribute__((noinline)) void Schedule(std::function<void()> work) {
    thread_ = std::thread(std::move(work));
  }
  void Join() { thread_.join(); }

 private:
  std::thread thread_;
};
}  // namespace
}  // namespace leveldb_like

TEST(ModuleTest, ValuesHaveDefaults) {
  tlsan::frame f;
  tlsan::blocked_on b;
  tlsan::leaked_thread t;
  tlsan::result r;
  EXPECT_EQ(f.line, 0);
  EXPECT_FALSE(b.since.has_value());
  EXPECT_EQ(t.top_function(), "");
  EXPECT_FALSE(t.creator().has_value());
  EXPECT_NE(t.summary().find("created by an unknown function"),
            std::string::npos);
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(tlsan::to_string(tlsan::thread_state::blocked), "blocked");
  EXPECT_EQ(tlsan::to_string(tlsan::thread_state::running), "running");
  EXPECT_EQ(tlsan::to_string(tlsan::thread_state::finished), "finished");
}

TEST(ModuleTest, FindsALeakedThreadAsValues) {
  ASSERT_TRUE(tlsan::active());
  Poller p;
  start_poller(p);
  tlsan::result r = tlsan::find(tlsan::max_retries(0));
  ASSERT_EQ(r.threads.size(), 1u) << r.report;
  const tlsan::leaked_thread& t = r.threads[0];
  EXPECT_EQ(t.thread, "T" + std::to_string(t.id));
  EXPECT_GT(t.tid, 0);
  EXPECT_EQ(t.name.value_or(""), "io-poller");
  EXPECT_FALSE(t.detached);
  EXPECT_FALSE(t.foreign);
  EXPECT_GT(t.created_by, 0);
  EXPECT_EQ(t.created_by_id, 0u);  // the main thread
  EXPECT_FALSE(t.test.has_value());
  EXPECT_TRUE(t.deadlock.empty());
  EXPECT_FALSE(t.cause.has_value());
  EXPECT_FALSE(t.spinning);
  ASSERT_EQ(t.state, tlsan::thread_state::blocked);
  ASSERT_TRUE(t.blocked.has_value());
  EXPECT_EQ(t.blocked->kind, "condvar");
  EXPECT_EQ(t.blocked->call, "pthread_cond_wait");
  EXPECT_NE(t.blocked->object, 0u);
  ASSERT_FALSE(t.stack.empty());
  EXPECT_NE(t.top_function().find("condition_variable::wait"),
            std::string::npos) << t.top_function();
  ASSERT_FALSE(t.creation_stack.empty());
  bool names_this_file = false;
  for (const tlsan::frame& f : t.creation_stack)
    names_this_file |= f.file.find("module_test.cpp") != std::string::npos;
  EXPECT_TRUE(names_this_file);
  std::optional<tlsan::frame> creator = t.creator();
  ASSERT_TRUE(creator.has_value());
  EXPECT_NE(creator->function.find("start_poller"), std::string::npos)
      << creator->function;
  EXPECT_NE(creator->file.find("module_test.cpp"), std::string::npos);
  EXPECT_GT(creator->line, 0);
  EXPECT_NE(creator->pc, 0u);
  EXPECT_FALSE(creator->module.empty());
  std::string summary = t.summary();
  EXPECT_NE(summary.find(t.thread + " 'io-poller'"), std::string::npos)
      << summary;
  // The runtime's sentence, as every report format prints it.
  EXPECT_NE(summary.find(", blocked in pthread_cond_wait on condvar 0x"),
            std::string::npos) << summary;
  EXPECT_NE(summary.find(t.description), std::string::npos) << summary;
  EXPECT_NE(summary.find("created by"), std::string::npos) << summary;
  EXPECT_NE(r.report.find("ThreadLeakSanitizer"), std::string::npos);
  EXPECT_FALSE(static_cast<bool>(r));
  p.shutdown();
  EXPECT_TRUE(static_cast<bool>(tlsan::find()));
}

TEST(ModuleTest, IgnoreOptionsMatchTheirPart) {
  Poller p;
  start_poller(p);
  auto leaks = [](const auto&... opts) {
    return tlsan::find(tlsan::max_retries(0), opts...).threads.size();
  };
  EXPECT_EQ(leaks(), 1u);
  // Top function: where it blocks, as written in the source or as the
  // first frame (a std:: template, matched without its arguments).
  EXPECT_EQ(leaks(tlsan::ignore_top_function("{anonymous}::Poller::loop")), 1u);
  EXPECT_EQ(leaks(tlsan::ignore_top_function("(anonymous namespace)::Poller::loop")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_top_function("std::condition_variable::wait")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_top_function("start_poller")), 1u);
  // Any function of either stack.
  EXPECT_EQ(leaks(tlsan::ignore_any_function("(anonymous namespace)::start_poller")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_any_function("no_such_function")), 1u);
  // Creator: the first frame that is not std::/libstdc++/libc.
  EXPECT_EQ(leaks(tlsan::ignore_creator("(anonymous namespace)::start_poller(Poller&)")), 1u);
  EXPECT_EQ(leaks(tlsan::ignore_creator("(anonymous namespace)::start_poller((anonymous namespace)::Poller&)")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_creator("(anonymous namespace)::start_poller")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_creator("std::thread::thread")), 1u);
  // Name, as a glob.
  EXPECT_EQ(leaks(tlsan::ignore_name("io-*")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_name("io")), 1u);
  EXPECT_EQ(leaks(tlsan::ignore_name("*poll*")), 0u);
  // A predicate.
  EXPECT_EQ(leaks(tlsan::ignore_if([](const tlsan::leaked_thread& t) {
              return t.state == tlsan::thread_state::blocked;
            })),
            0u);
  // Without symbols, frames have no function names.
  tlsan::result plain = tlsan::find(tlsan::max_retries(0), tlsan::symbolize(false));
  ASSERT_EQ(plain.threads.size(), 1u);
  EXPECT_TRUE(plain.threads[0].creation_stack.at(0).function.empty());
  // Retries and sleeps, and options held in a container.
  EXPECT_EQ(tlsan::find(tlsan::max_retries(2),
                        tlsan::max_sleep(std::chrono::milliseconds(1)))
                .threads.size(),
            1u);
  const std::vector<tlsan::option> opts{tlsan::max_retries(0),
                                        tlsan::ignore_name("io-*")};
  EXPECT_TRUE(static_cast<bool>(tlsan::find(std::span(opts))));
  p.shutdown();
}

TEST(ModuleTest, IgnoreCreatorMatchesAtANamespaceBoundary) {
  leveldb_like::PosixEnv env;
  std::latch started(1), release(1);
  env.Schedule([&] {
    started.count_down();
    release.wait();
  });
  started.wait();
  auto leaks = [](const auto&... opts) {
    return tlsan::find(tlsan::max_retries(0), opts...).threads.size();
  };
  ASSERT_EQ(leaks(), 1u);
  std::optional<tlsan::frame> creator =
      tlsan::find(tlsan::max_retries(0)).threads.at(0).creator();
  ASSERT_TRUE(creator.has_value());
  EXPECT_EQ(creator->function.rfind(
                "leveldb_like::(anonymous namespace)::PosixEnv::Schedule(", 0),
            0u)
      << creator->function;
  // Leading namespaces may be left out, at a `::` boundary.
  EXPECT_EQ(leaks(tlsan::ignore_creator("PosixEnv::Schedule")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_creator("Schedule")), 0u);
  EXPECT_EQ(leaks(tlsan::ignore_creator(
                "leveldb_like::(anonymous namespace)::PosixEnv::Schedule")),
            0u);
  EXPECT_EQ(leaks(tlsan::ignore_any_function("PosixEnv::Schedule")), 0u);
  // Never inside a name, nor with a namespace left out in the middle.
  EXPECT_EQ(leaks(tlsan::ignore_creator("Env::Schedule")), 1u);
  EXPECT_EQ(leaks(tlsan::ignore_creator("Sched")), 1u);
  EXPECT_EQ(leaks(tlsan::ignore_creator("leveldb_like::PosixEnv::Schedule")),
            1u);
  release.count_down();
  env.Join();
}

TEST(ModuleTest, MisuseIsRefused) {
  EXPECT_THROW((void)tlsan::max_retries(-1), std::invalid_argument);
  EXPECT_THROW((void)tlsan::max_sleep(std::chrono::milliseconds(-1)),
               std::invalid_argument);
  EXPECT_THROW((void)tlsan::ignore_name(""), std::invalid_argument);
  EXPECT_THROW((void)tlsan::ignore_top_function(""), std::invalid_argument);
  EXPECT_THROW((void)tlsan::exit_on_leak(0), std::invalid_argument);
  EXPECT_THROW((void)tlsan::cleanup(nullptr), std::invalid_argument);
  EXPECT_THROW((void)tlsan::ignore_if(nullptr), std::invalid_argument);
  // A predicate's exception comes out of the check.
  Poller p;
  start_poller(p);
  EXPECT_THROW((void)tlsan::find(tlsan::max_retries(0),
                           tlsan::ignore_if([](const tlsan::leaked_thread&) -> bool {
                             throw std::runtime_error("predicate");
                           })),
               std::runtime_error);
  p.shutdown();
}

// The what() of each refusal says what and why, in the form of the
// runtime's flag errors.
std::string refusal(void (*misuse)()) {
  try {
    misuse();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(not refused)";
}

TEST(ModuleTest, MisuseSaysWhatAndWhy) {
  EXPECT_EQ(refusal([] { (void)tlsan::max_retries(-1); }),
            "invalid value for option tlsan::max_retries: '-1' (expected 0 "
            "or more)");
  EXPECT_EQ(refusal([] {
              (void)tlsan::max_sleep(std::chrono::milliseconds(-5));
            }),
            "invalid value for option tlsan::max_sleep: '-5 ms' (expected 0 "
            "ms or more)");
  EXPECT_EQ(refusal([] { (void)tlsan::ignore_name(""); }),
            "invalid value for option tlsan::ignore_name: '' (expected a "
            "non-empty pattern)");
  EXPECT_EQ(refusal([] { (void)tlsan::ignore_creator(""); }),
            "invalid value for option tlsan::ignore_creator: '' (expected a "
            "non-empty pattern)");
  EXPECT_EQ(refusal([] { (void)tlsan::exit_on_leak(256); }),
            "invalid value for option tlsan::exit_on_leak: '256' (expected a "
            "status from 1 to 255)");
  EXPECT_EQ(refusal([] { (void)tlsan::cleanup(nullptr); }),
            "invalid value for option tlsan::cleanup: an empty std::function "
            "(expected a function)");
  EXPECT_EQ(refusal([] { (void)tlsan::ignore_if(nullptr); }),
            "invalid value for option tlsan::ignore_if: an empty "
            "std::function (expected a predicate)");
}

// A scope whose check fails at its end (a filter throws) says so in one
// error line, in the runtime's form, and the program goes on.
TEST(ModuleTest, ScopeWhoseCheckFailsSaysSo) {
  std::latch release(1);
  std::thread leaked;
  int status = -1;
  testing::internal::CaptureStderr();
  {
    tlsan::scope s(
        "ModuleTest.Failing",
        std::vector<tlsan::option>{
            tlsan::max_retries(0),
            tlsan::ignore_if([](const tlsan::leaked_thread&) -> bool {
              throw std::runtime_error("the filter fails on purpose");
            })},
        std::vector<tlsan::verify_option>{
            tlsan::cleanup([&](int st) { status = st; })});
    leaked = std::thread([&] { release.wait(); });
  }
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_TRUE(std::regex_search(
      err, std::regex("(^|\n)==[0-9]+==ERROR: ThreadLeakSanitizer: the leak "
                      "check of scope 'ModuleTest\\.Failing' failed: the "
                      "filter fails on purpose\n")))
      << err;
  EXPECT_EQ(status, -1);  // the check did not finish: no verdict
  release.count_down();
  leaked.join();
}

TEST(ModuleTest, IgnoreCurrentTakesASnapshot) {
  Poller before;
  start_poller(before);
  tlsan::option existing = tlsan::ignore_current();
  EXPECT_TRUE(static_cast<bool>(tlsan::find(existing)));
  std::latch release(1);
  std::thread after([&] { release.wait(); });
  tlsan::result r = tlsan::find(existing, tlsan::max_retries(0));
  EXPECT_EQ(r.threads.size(), 1u);
  release.count_down();
  after.join();
  before.shutdown();
}

TEST(ModuleTest, VerifyNoneReturnsOrCallsCleanup) {
  Poller p;
  start_poller(p);
  EXPECT_FALSE(tlsan::verify_none(tlsan::max_retries(0)));
  int status = -1;
  EXPECT_FALSE(tlsan::verify_none(tlsan::max_retries(0),
                                  tlsan::cleanup([&](int s) { status = s; })));
  // The runtime's exitcode flag; tests/module/CMakeLists.txt also runs this
  // test under TLSAN_OPTIONS=exitcode=42 with TLSAN_TEST_EXITCODE=42.
  const char* want_env = std::getenv("TLSAN_TEST_EXITCODE");
  const int want = want_env ? std::atoi(want_env) : 23;
  EXPECT_EQ(status, want);
  EXPECT_FALSE(tlsan::verify_none(tlsan::max_retries(0), tlsan::exit_on_leak(),
                                  tlsan::cleanup([&](int s) { status = s; })));
  EXPECT_EQ(status, want);
  EXPECT_FALSE(tlsan::verify_none(tlsan::max_retries(0), tlsan::exit_on_leak(5),
                                  tlsan::cleanup([&](int s) { status = s; })));
  EXPECT_EQ(status, 5);
  p.shutdown();
  EXPECT_TRUE(tlsan::verify_none(tlsan::cleanup([&](int s) { status = s; })));
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(tlsan::verify_none());
}

TEST(ModuleTestDeathTest, VerifyNoneExitsOnLeak) {
  // Fork-based death test: the child has only the threads it creates.
  EXPECT_EXIT(
      {
        Poller p;
        start_poller(p);
        tlsan::verify_none(tlsan::max_retries(0), tlsan::exit_on_leak(7));
      },
      testing::ExitedWithCode(7), "ThreadLeakSanitizer");
}

TEST(ModuleTest, ScopeSeesOnlyItsThreadsAndTheirChildren) {
  Poller background;  // created before the scope: never the scope's
  start_poller(background);
  int status = -1;
  {
    tlsan::scope s("ModuleTest.Scope", tlsan::max_retries(0),
                   tlsan::cleanup([&](int st) { status = st; }));
    ASSERT_NE(s.id(), 0u);
    EXPECT_EQ(s.name(), "ModuleTest.Scope");
    std::latch release(1), started(2);
    std::thread child([&] {
      std::thread grandchild([&] {
        started.count_down();
        release.wait();
      });
      started.count_down();
      grandchild.join();
    });
    started.wait();
    tlsan::result r = s.find();
    ASSERT_EQ(r.threads.size(), 2u) << r.report;
    for (const tlsan::leaked_thread& t : r.threads)
      EXPECT_EQ(t.test.value_or(""), "ModuleTest.Scope");
    EXPECT_NE(r.report.find("created during test ModuleTest.Scope"),
              std::string::npos) << r.report;
    release.count_down();
    child.join();
  }  // checks: nothing left
  EXPECT_EQ(status, 0);
  {
    std::latch release(1);
    std::thread leaked;
    {
      const std::vector<tlsan::option> checks{tlsan::max_retries(0)};
      const std::vector<tlsan::verify_option> ends{
          tlsan::cleanup([&](int st) { status = st; })};
      tlsan::scope s("ModuleTest.Leaks", checks, ends);
      leaked = std::thread([&] { release.wait(); });
    }  // checks: the thread is still there
    EXPECT_EQ(status, 23);
    release.count_down();
    leaked.join();
  }
  {
    status = -1;
    std::latch release(1);
    std::thread leaked;
    {
      tlsan::scope s("ModuleTest.Dismissed",
                     tlsan::cleanup([&](int st) { status = st; }));
      leaked = std::thread([&] { release.wait(); });
      s.dismiss();
    }
    EXPECT_EQ(status, -1);
    release.count_down();
    leaked.join();
  }
  background.shutdown();
}
