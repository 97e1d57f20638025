// Demo: a thread pool whose threads finish but are never joined (their
// stacks are never freed), plus one reader stuck on a pipe. tlsan groups
// the identical pool threads into one entry.
#include <cstdio>
#include <pthread.h>
#include <unistd.h>

static int pipe_fds[2];

static void *task(void *) { return nullptr; }
static void *reader(void *) {
  char c;
  read(pipe_fds[0], &c, 1);  // nobody writes
  return nullptr;
}

void start_pool(int n) {
  for (int i = 0; i < n; ++i) {
    pthread_t t;
    pthread_create(&t, nullptr, task, nullptr);  // forgot pthread_join
  }
}

int main() {
  pipe(pipe_fds);
  start_pool(4);
  pthread_t r;
  pthread_create(&r, nullptr, reader, nullptr);
  std::puts("main: returning without joining");
  return 0;
}
