// A thread created on a makecontext/swapcontext fiber: the creation stack
// holds the fiber's frames up to glibc's __start_context, where the CFI
// says the stack ends; swapping back to main works as without tlsan.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %run %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <ucontext.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static ucontext_t main_ctx, fiber_ctx;

static void *leaker(void *arg) { return pthread_mutex_lock(&mu), arg; }

__attribute__((noinline)) static void spawn_leaker(void) {
  pthread_t t;
  pthread_create(&t, 0, leaker, 0);
  __asm__ volatile("" ::: "memory");  // not a tail call
}

static void fiber_main(void) { spawn_leaker(); __asm__ volatile(""); }

int main(void) {
  pthread_mutex_lock(&mu);
  getcontext(&fiber_ctx);
  static char stack[64 * 1024];
  fiber_ctx.uc_stack = (stack_t){.ss_sp = stack, .ss_size = sizeof(stack)};
  fiber_ctx.uc_link = &main_ctx;
  makecontext(&fiber_ctx, fiber_main, 0);
  swapcontext(&main_ctx, &fiber_ctx);
  puts("back from the fiber");
  return 0;
}
// CHECK: back from the fiber
// CHECK: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// CHECK-NEXT: #0 {{.*}} in spawn_leaker {{.*}}fiber_makecontext.c
// CHECK-NEXT: #1 {{.*}} in fiber_main {{.*}}fiber_makecontext.c
// CHECK-NOT: in main {{.*}}fiber_makecontext.c
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
