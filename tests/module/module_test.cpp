// module_test.cpp: `import tlsan;` touches every export once, against the
// real runtime, and checks that no macro of the C header leaks out.
#include <gtest/gtest.h>

#include <latch>
#include <thread>

import tlsan;

#ifdef SANITIZER_TLSAN_INTERFACE_H
#error "the module leaks the C header's macros"
#endif

TEST(ModuleTest, FindsALeakedThreadAsValues) {
  ASSERT_TRUE(tlsan::active());
  std::latch release(1), started(1);
  std::thread worker([&] {
    started.count_down();
    release.wait();
  });
  started.wait();
  tlsan::options opts;
  opts.symbolize = true;
  tlsan::result r = tlsan::find(opts);
  ASSERT_EQ(r.threads.size(), 1u);
  const tlsan::leaked_thread& t = r.threads[0];
  EXPECT_EQ(t.thread, "T" + std::to_string(t.id));
  EXPECT_GT(t.tid, 0);
  EXPECT_FALSE(t.detached);
  EXPECT_TRUE(t.state == "blocked" || t.state == "running") << t.state;
  EXPECT_FALSE(t.creation_stack.empty());
  bool names_this_test = false;
  for (const tlsan::frame& f : t.creation_stack)
    names_this_test |= f.file.find("module_test.cpp") != std::string::npos;
  EXPECT_TRUE(names_this_test);
  EXPECT_NE(r.report.find("ThreadLeakSanitizer"), std::string::npos);
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_FALSE(tlsan::verify_none({.max_retries = 0, .max_sleep_ms = 0}));
  release.count_down();
  worker.join();
  EXPECT_TRUE(static_cast<bool>(tlsan::find()));
  EXPECT_TRUE(tlsan::verify_none());
}
