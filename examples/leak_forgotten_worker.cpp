// Demo: a worker waits on a condition variable that nobody will ever
// notify. tlsan reports it at exit: blocked, named, with its creation stack.
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <pthread.h>
#include <thread>

std::mutex mu;
std::condition_variable work_ready;
bool have_work = false;

void start_worker() {
  std::thread([] {
    pthread_setname_np(pthread_self(), "worker");
    std::unique_lock<std::mutex> lock(mu);
    work_ready.wait(lock, [] { return have_work; });
  }).detach();
}

int main() {
  start_worker();
  std::puts("main: done, but the worker is still waiting");
  return 0;
}
