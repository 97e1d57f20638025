// A dlopen'ed library starts a thread that waits forever in read(). Loaded at
// exit: the creation stack names the library's function. Unloaded (dlclose;
// the thread, asleep in libc, never returns into it): bare addresses.
// RUN: %clangxx -DLIBRARY -shared -fPIC %s -o %t-lib.so
// RUN: %clangxx_tlsan %s -o %t -ldl
// RUN: %expect_exit 23 %t %t-lib.so keep 2>&1 | %FileCheck %s --check-prefixes=CHECK,KEEP
// RUN: %expect_exit 23 %t %t-lib.so close 2>&1 | %FileCheck %s --check-prefixes=CHECK,CLOSE
#include "Inputs/proc_wait.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
#ifdef LIBRARY
static int never[2];
static volatile int tid;
static void *reader(void *arg) {
  char c;
  tid = gettid();
  read(never[0], &c, 1);  // nobody writes: waits forever
  return arg;
}
extern "C" void start_library_worker() {
  pthread_t t;
  pipe(never), pthread_create(&t, nullptr, reader, nullptr);
  wait_asleep(wait_for_tid(&tid));  // asleep in read(), in libc
}
#else
int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  ((void (*)())dlsym(lib, "start_library_worker"))();
  if (argv[2][0] == 'c') dlclose(lib);  // "close"
}
#endif
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in read), created by main thread at:
// KEEP: in start_library_worker {{.*}}rel_dlopen_thread.cpp:24
// CLOSE-NOT: start_library_worker
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked
