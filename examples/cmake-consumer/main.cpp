// main.cpp: uses tlsan through its CMake package (tlsan::tlsan). Starts a
// thread, joins it, then asks the runtime for a leak check, which must find
// nothing. Exit status 0 when it does.
#include <sanitizer/tlsan_interface.h>

#include <cstdio>
#include <thread>

// tlsan::runtime compiles like -fsanitize=thread-leak: code can test for it.
#if !defined(__SANITIZE_THREAD_LEAK__) || __SANITIZE_THREAD_LEAK__ != 1
#error "tlsan::runtime must define __SANITIZE_THREAD_LEAK__=1"
#endif

int main() {
  std::thread worker([] {});
  worker.join();

  int leaks = __tlsan_do_recoverable_leak_check();
  std::printf("cmake-consumer: %d leaked thread(s)\n", leaks);
  return leaks == 0 ? 0 : 1;
}
