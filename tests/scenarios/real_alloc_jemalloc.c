// jemalloc (Debian libjemalloc2) preloaded before or after libtlsan.so, and
// linked: its initialization calls syscall(), which initializes tlsan under
// jemalloc's init lock; tlsan's initialization allocates nothing: no hang
// (lit's timeout), output unchanged, the leak still reported, alone (with
// background_thread:true, jemalloc's own 'jemalloc_bg_thd' is a built-in
// filter: real_alloc_jemalloc_background.c).
// REQUIRES: jemalloc
// RUN: %clang %s -o %t
// RUN: %expect_exit 23 env LD_PRELOAD=%libjemalloc:%libtlsan %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 env LD_PRELOAD=%libtlsan:%libjemalloc %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 env LD_PRELOAD=%libjemalloc:%libtlsan MALLOC_CONF=background_thread:true %t 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 env LD_PRELOAD=%libtlsan:%libjemalloc MALLOC_CONF=background_thread:true %t 2>&1 | %FileCheck %s
// RUN: %clang_tlsan %s -o %t.linked %libjemalloc
// RUN: %expect_exit 23 %t.linked 2>&1 | %FileCheck %s
// RUN: %expect_exit 23 env MALLOC_CONF=background_thread:true %t.linked 2>&1 | %FileCheck %s
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
// CHECK: in main {{.*}}real_alloc_jemalloc.c
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
