// module_main.cpp: uses the C++ module through the CMake package
// (tlsan::tlsan). Starts a thread and checks while it runs (one leak, with
// its creator), joins it, then verifies that nothing leaked. Exit status 0
// when both checks say so.
#include <cstdio>
#include <latch>
#include <thread>

import tlsan;

int main() {
  std::latch release(1);
  std::thread worker([&] { release.wait(); });
  tlsan::result running = tlsan::find(tlsan::max_retries(0));
  std::printf("consumer_module: %zu thread(s) while the worker runs: %s\n",
              running.threads.size(),
              running.threads.empty() ? "-" : running.threads[0].summary().c_str());
  release.count_down();
  worker.join();
  bool clean = tlsan::verify_none();
  std::printf("consumer_module: %s after join\n", clean ? "clean" : "LEAKED");
  return running.threads.size() == 1 && clean ? 0 : 1;
}
