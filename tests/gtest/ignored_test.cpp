// ignored_test.cpp: the ignores given to tlsan::gtest::init() hold for the
// whole process, the at-exit check included; check_ignored.sh runs it.
//
// Background.LeaksItsThread leaks, on purpose, a thread created by
// app::(anonymous namespace)::Background::Start (LevelDB's shape: a
// process-wide thread started inside a test, and a creator in an anonymous
// namespace inside a namespace). main() ignores it with
// tlsan::ignore_creator("Background::Start"), unless its first argument is
// --no_ignore. The thread waits on a latch, never sleeps.
#include <gtest/gtest.h>
#include <tlsan/gtest.h>

#include <cstring>
#include <latch>
#include <thread>

namespace app {
namespace {

class Background {
 public:
  // Starts the thread and returns once it runs; it then waits forever on a
  // latch that is never counted down (both never freed).
  __attribute__((noinline)) static void Start() {
    struct Sync {
      std::latch started{1}, never{1};
    };
    Sync* sync = new Sync;
    std::thread([sync] {
      sync->started.count_down();
      sync->never.wait();
    }).detach();
    sync->started.wait();
  }
};

}  // namespace
}  // namespace app

TEST(Background, LeaksItsThread) { app::Background::Start(); }

int main(int argc, char** argv) {
  const bool ignore = !(argc > 1 && std::strcmp(argv[1], "--no_ignore") == 0);
  if (!ignore) {  // drop --no_ignore
    argv[1] = argv[0];
    ++argv;
    --argc;
  }
  if (ignore)
    tlsan::gtest::init(&argc, argv, tlsan::ignore_creator("Background::Start"));
  else
    tlsan::gtest::init(&argc, argv);
  return RUN_ALL_TESTS();
}
