// A library loaded with dlopen starts a thread that waits forever in read().
// Still loaded at exit: the creation stack names the library's function.
// Unloaded with dlclose (the thread, blocked in libc, never returns into it):
// its pcs are in no module; the leak is reported with bare addresses.
// RUN: %clangxx -DLIBRARY -shared -fPIC %s -o %t-lib.so
// RUN: %clangxx_tlsan %s -o %t -ldl
// RUN: %expect_exit 23 %t %t-lib.so keep 2>&1 | %FileCheck %s --check-prefixes=CHECK,KEEP
// RUN: %expect_exit 23 %t %t-lib.so close 2>&1 | %FileCheck %s --check-prefixes=CHECK,CLOSE
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>
#ifdef LIBRARY
static int started[2], never[2];
static void *reader(void *arg) {
  char c;
  write(started[1], "s", 1);
  read(never[0], &c, 1);  // nobody writes: waits forever
  return arg;
}
extern "C" void start_library_worker() {
  pthread_t t;
  char c;
  pipe(started), pipe(never);
  pthread_create(&t, nullptr, reader, nullptr);
  read(started[0], &c, 1);
}
#else
int main(int argc, char **argv) {
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) return 2;
  ((void (*)())dlsym(lib, "start_library_worker"))();
  if (strcmp(argv[2], "close") == 0) dlclose(lib);
  return 0;
}
#endif
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in read), created by main thread at:
// KEEP: in start_library_worker {{.*}}rel_dlopen_thread.cpp:25
// CLOSE-NOT: start_library_worker
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked
