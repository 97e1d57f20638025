/* Shared by the link_shared_lib_* scenarios: a shared library whose one
 * function starts a thread that stays blocked on a barrier nobody else
 * reaches, so whoever loads the library leaks one thread (T1, created in
 * start_library_worker). */
#include <pthread.h>

static pthread_barrier_t started;

static void *stuck(void *arg) {
  pthread_barrier_wait(&started);
  pthread_barrier_wait(&started); /* nobody else comes */
  return arg;
}

void start_library_worker(void) {
  pthread_t t;
  pthread_barrier_init(&started, 0, 2);
  pthread_create(&t, 0, stuck, 0);
  pthread_barrier_wait(&started);
}
