// io_benchmark.cpp: the I/O and sleep calls tlsan intercepts, on descriptors
// that are ready, so that the call returns at once and the BlockingRegion
// (a few stores and an rdtsc) is all tlsan adds. Target: a ready pipe
// read within 5% of plain.
// Built as io_plain, io_tlsan and io_tsan; compare them in one run,
// interleaved.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

// One iteration: write one byte into a pipe, read it back (neither blocks).
static void BM_PipeWriteRead(benchmark::State& state) {
  int fds[2];
  if (pipe(fds) != 0) return state.SkipWithError("pipe failed");
  char c = 'x';
  for (auto _ : state) {
    benchmark::DoNotOptimize(write(fds[1], &c, 1));
    benchmark::DoNotOptimize(read(fds[0], &c, 1));
  }
  close(fds[0]);
  close(fds[1]);
}
BENCHMARK(BM_PipeWriteRead);

// The cheapest read there is: the interceptor's share is largest here.
static void BM_ReadDevZero(benchmark::State& state) {
  int fd = open("/dev/zero", O_RDONLY);
  if (fd < 0) return state.SkipWithError("open /dev/zero failed");
  char c;
  for (auto _ : state) benchmark::DoNotOptimize(read(fd, &c, 1));
  close(fd);
}
BENCHMARK(BM_ReadDevZero);

// poll on a pipe that holds a byte, timeout 0.
static void BM_PollReady(benchmark::State& state) {
  int fds[2];
  if (pipe(fds) != 0) return state.SkipWithError("pipe failed");
  if (write(fds[1], "x", 1) != 1) return state.SkipWithError("write failed");
  struct pollfd p = {fds[0], POLLIN, 0};
  for (auto _ : state) benchmark::DoNotOptimize(poll(&p, 1, 0));
  close(fds[0]);
  close(fds[1]);
}
BENCHMARK(BM_PollReady);

// epoll_wait on an instance whose one (level-triggered) pipe is readable,
// timeout 0.
static void BM_EpollWaitReady(benchmark::State& state) {
  int fds[2];
  if (pipe(fds) != 0) return state.SkipWithError("pipe failed");
  if (write(fds[1], "x", 1) != 1) return state.SkipWithError("write failed");
  int ep = epoll_create1(0);
  struct epoll_event ev = {};
  ev.events = EPOLLIN;
  ev.data.fd = fds[0];
  epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
  struct epoll_event out[4];
  for (auto _ : state) benchmark::DoNotOptimize(epoll_wait(ep, out, 4, 0));
  close(ep);
  close(fds[0]);
  close(fds[1]);
}
BENCHMARK(BM_EpollWaitReady);

// nanosleep of zero: a system call that returns at once. (A zero
// std::this_thread::sleep_for returns before calling anything, so it is not
// measured.)
static void BM_NanosleepZero(benchmark::State& state) {
  struct timespec zero = {0, 0};
  for (auto _ : state) benchmark::DoNotOptimize(nanosleep(&zero, nullptr));
}
BENCHMARK(BM_NanosleepZero);

BENCHMARK_MAIN();
