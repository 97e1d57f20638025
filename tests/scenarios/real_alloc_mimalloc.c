// mimalloc (Debian libmimalloc2.0) preloaded before or after libtlsan.so, and
// linked: whatever the allocator calls while it initializes (syscall, pthread
// functions) may initialize tlsan, which allocates nothing; the program
// neither hangs (lit's timeout) nor changes its output, and its leaked thread
// is still reported. See real_alloc_jemalloc.c.
// REQUIRES: mimalloc
// RUN: %clang %s -o %t
// RUN: %expect_exit 23 env LD_PRELOAD=%libmimalloc:%libtlsan %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 env LD_PRELOAD=%libtlsan:%libmimalloc %t 2>&1 | %FileCheck %s
// RUN: %clang_tlsan %s -o %t.linked %libmimalloc
// RUN: %expect_exit 23 %t.linked 2>&1 | %FileCheck %s
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>  // main holds mu forever: the leaker waits

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *leaker(void *arg) { return pthread_mutex_lock(&mu), arg; }

int main(void) {
  char *text = strdup("allocated by the preloaded malloc");
  printf("%s\n", text);
  fflush(stdout);
  free(text);
  pthread_mutex_lock(&mu);
  pthread_t t;
  pthread_create(&t, 0, leaker, 0);
  pthread_setname_np(t, "leaker");
  return 0;
}
// CHECK: allocated by the preloaded malloc
// CHECK: Thread T{{[0-9]+}} 'leaker' (tid={{[0-9]+}}, {{blocked in pthread_mutex_lock|running}}), created by main thread at:
// CHECK: in main {{.*}}real_alloc_mimalloc.c
// CHECK: SUMMARY: ThreadLeakSanitizer:
