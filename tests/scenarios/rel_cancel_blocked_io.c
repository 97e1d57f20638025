// C: a thread cancelled while blocked in each intercepted call that is a
// cancellation point (semaphore, pipe and socket I/O, poll/select/epoll,
// sleeps, signal waits), then joined: every one ends with PTHREAD_CANCELED,
// nothing leaks, status 0. Cancellation skips the interceptors' cleanup, so
// their blocking regions stay published: that must not matter.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %t 2>&1 | %FileCheck %s --implicit-check-not=ThreadLeakSanitizer
// CHECK: cancelled 16 of 16
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

enum {
  kSemWait, kRead, kNanosleep, kRecv, kAccept, kPoll, kPpoll, kSelect,
  kPselect, kEpollWait, kWriteFullPipe, kClockNanosleep, kUsleep, kSigwait,
  kPause, kSigsuspend, kCases
};

static sem_t sem;
static int pipe_fds[2], full_pipe[2], sock_pair[2], listener, epoll_fd;
static volatile int tids[kCases];

static void *blocked(void *arg) {
  long c = (long)arg;
  char byte = 0;
  struct timespec year = {365 * 86400, 0};
  struct pollfd pfd = {pipe_fds[0], POLLIN, 0};
  struct epoll_event ev;
  fd_set set;
  sigset_t sigs;
  int sig;
  FD_ZERO(&set);
  FD_SET(pipe_fds[0], &set);
  tids[c] = gettid();
  switch (c) {
    case kSemWait: sem_wait(&sem); break;
    case kRead: read(pipe_fds[0], &byte, 1); break;
    case kNanosleep: nanosleep(&year, 0); break;
    case kRecv: recv(sock_pair[0], &byte, 1, 0); break;
    case kAccept: accept(listener, 0, 0); break;
    case kPoll: poll(&pfd, 1, -1); break;
    case kPpoll: ppoll(&pfd, 1, 0, 0); break;
    case kSelect: select(pipe_fds[0] + 1, &set, 0, 0, 0); break;
    case kPselect: pselect(pipe_fds[0] + 1, &set, 0, 0, 0, 0); break;
    case kEpollWait: epoll_wait(epoll_fd, &ev, 1, -1); break;
    case kWriteFullPipe: write(full_pipe[1], &byte, 1); break;
    case kClockNanosleep: clock_nanosleep(CLOCK_MONOTONIC, 0, &year, 0); break;
    case kUsleep: for (;;) usleep(999999); break;
    case kSigwait:
      sigemptyset(&sigs), sigaddset(&sigs, SIGUSR2);
      sigwait(&sigs, &sig);  // SIGUSR2 is blocked and never sent
      break;
    case kPause: pause(); break;
    case kSigsuspend: sigemptyset(&sigs), sigsuspend(&sigs); break;
  }
  return arg;
}

int main(void) {
  sigset_t usr2;
  sigemptyset(&usr2), sigaddset(&usr2, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &usr2, 0);  // inherited: for sigwait
  sem_init(&sem, 0, 0);
  if (pipe(pipe_fds) || pipe(full_pipe) ||
      socketpair(AF_UNIX, SOCK_STREAM, 0, sock_pair))
    return 2;
  fcntl(full_pipe[1], F_SETFL, O_NONBLOCK);  // fill it, then block on it
  for (char b = 0; write(full_pipe[1], &b, 1) == 1;) {
  }
  fcntl(full_pipe[1], F_SETFL, 0);
  struct sockaddr_un addr = {AF_UNIX, ""};  // abstract, unique per process
  snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1, "tlsan-%d", getpid());
  listener = socket(AF_UNIX, SOCK_STREAM, 0);
  if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
      listen(listener, 1))
    return 2;
  epoll_fd = epoll_create1(0);
  struct epoll_event ev = {EPOLLIN, {0}};
  epoll_ctl(epoll_fd, EPOLL_CTL_ADD, pipe_fds[0], &ev);

  pthread_t t[kCases];
  for (long c = 0; c < kCases; c++) {  // each asleep in its call ('S') first
    char path[64], state = 0;
    pthread_create(&t[c], 0, blocked, (void *)c);
    while (!tids[c]) sched_yield();
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tids[c]);
    for (FILE *f; state != 'S'; fclose(f))
      f = fopen(path, "r"), fscanf(f, "%*d (%*[^)]) %c", &state);
  }
  int cancelled = 0;
  for (int c = 0; c < kCases; c++) {
    void *ret = 0;
    pthread_cancel(t[c]), pthread_join(t[c], &ret);
    if (ret == PTHREAD_CANCELED)
      cancelled++;
    else
      printf("case %d: not cancelled\n", c);
  }
  printf("cancelled %d of %d\n", cancelled, kCases);
}
