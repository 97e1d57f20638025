// LD_PRELOAD on a C++ binary built without tlsan that joins everything,
// including pool threads joined by a static destructor after main returns
// (as spdlog's and libuv's pools do): no report, exit 0.
// RUN: %clangxx %s -o %t
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 0 %t 2>&1 | %FileCheck %s --allow-empty
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

struct Pool {
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  std::vector<std::thread> workers;
  Pool() {
    for (int i = 0; i < 4; ++i)
      workers.emplace_back([this] {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [this] { return stop; });
      });
  }
  ~Pool() {
    { std::lock_guard<std::mutex> lock(mu); stop = true; }
    cv.notify_all();
    for (std::thread &t : workers) t.join();
  }
};
Pool global_pool;  // joined during exit(), after main returns

int main() { return 0; }
// CHECK-NOT: ThreadLeakSanitizer
