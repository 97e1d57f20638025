// The main thread write-locks a rwlock, then joins a thread that waits to
// read it: a cycle through a rwlock writer and a join.
// RUN: %clang_tlsan %s -o %t
// RUN: env %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <semaphore.h>

static pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
static sem_t started;

static void *reader(void *arg) {
  sem_post(&started);
  pthread_rwlock_rdlock(&table_lock); /* write-held by main */
  pthread_rwlock_unlock(&table_lock);
  return arg;
}

int main(void) {
  pthread_t t;
  sem_init(&started, 0, 0);
  pthread_rwlock_wrlock(&table_lock);
  pthread_create(&t, 0, reader, 0);
  sem_wait(&started);
  pthread_join(t, 0);
  pthread_rwlock_unlock(&table_lock);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: deadlock of 2 thread(s): {{.*}}rwlock 0x{{[0-9a-f]+}} ('table_lock') write-held by main thread
// CHECK-DAG: Thread T1 (tid={{[0-9]+}}, blocked in pthread_rwlock_rdlock)
// CHECK-DAG: Main thread (tid={{[0-9]+}}, blocked in pthread_join):
// CHECK: SUMMARY: ThreadLeakSanitizer: deadlock of 2 thread(s).
