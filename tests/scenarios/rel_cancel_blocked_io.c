// C: threads cancelled while blocked in sem_wait, read and nanosleep, then
// joined: nothing leaks, status 0. Cancellation skips the interceptors'
// cleanup, so their blocking regions stay published: that must not matter.
// RUN: %clang_tlsan %s -o %t && %expect_exit 0 %t 2>&1 | %FileCheck %s --implicit-check-not=ThreadLeakSanitizer
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

static sem_t sem;
static int fds[2], cancelled;
static volatile int tids[3];
static void *blocked(void *arg) {
  long i = (long)arg;
  tids[i] = gettid();
  if (i == 0) sem_wait(&sem);
  if (i == 1) read(fds[0], &(char){0}, 1);
  if (i == 2) nanosleep(&(struct timespec){365 * 86400, 0}, 0);
  return arg;
}

int main(void) {
  pthread_t t[3];
  sem_init(&sem, 0, 0), pipe(fds);
  for (long i = 0; i < 3; i++) {  /* each asleep in its call ('S') first */
    char path[64], state = 0;
    pthread_create(&t[i], 0, blocked, (void *)i);
    while (!tids[i]) sched_yield();
    snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tids[i]);
    for (FILE *f; state != 'S'; fclose(f))
      f = fopen(path, "r"), fscanf(f, "%*d (%*[^)]) %c", &state);
  }
  for (int i = 0; i < 3; i++) {
    void *ret = 0;
    pthread_cancel(t[i]), pthread_join(t[i], &ret), cancelled += ret == PTHREAD_CANCELED;
  }
  printf("cancelled=%d\n", cancelled);
}
// CHECK: cancelled=3
