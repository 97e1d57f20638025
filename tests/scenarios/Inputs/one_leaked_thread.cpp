// Shared by the scenarios whose subject is the report's way out (options,
// log_path, closed descriptors, secure execution, the symbolizer), not the
// program: one detached thread, started and then blocked forever on a
// latch when main returns. tlsan reports 1 leaked thread, status 23.
#include <latch>
#include <thread>

std::latch forever(1);

int main() {
  std::latch started(1);
  std::thread([&started] { started.count_down(); forever.wait(); }).detach();
  started.wait();
  return 0;
}
