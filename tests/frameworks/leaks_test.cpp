// leaks_test.cpp: one test case that leaks a thread named '<framework>-leak'
// (framework_test.h). Under the tlsan listener only Leaks.ForgottenWorker
// fails, naming the thread and its creation site (check_frameworks.py).
#include "framework_test.h"

TEST_CASE("Leaks.ForgottenWorker") {
  tlsan_test::start_forgotten_worker();
  CHECK(true);
}
