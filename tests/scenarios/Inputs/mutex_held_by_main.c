/* Shared by the C scenarios whose subject is the report's form (no debug
 * info, valgrind), not the program: one thread, T1, blocked in
 * pthread_mutex_lock on a mutex main holds when it returns. tlsan reports 1
 * leaked thread created in main (at line 20), status 23. */
#include <pthread.h>

static pthread_barrier_t ready;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locker(void *arg) {
  pthread_barrier_wait(&ready);
  pthread_mutex_lock(&mu); /* main holds it until the end */
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_mutex_lock(&mu);
  pthread_barrier_init(&ready, 0, 2);
  pthread_create(&t, 0, locker, 0);
  pthread_barrier_wait(&ready);
  return 0;
}
