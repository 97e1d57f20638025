// A thread created on a fiber stack set up by hand (marl, boost.context):
// garbage outermost return address and rbp. The unwinder ends there instead
// of faulting in libgcc (SIGSEGV before); the stack ends at the fiber entry.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %run %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf back;

static void *leaker(void *arg) { return pthread_mutex_lock(&mu), arg; }

__attribute__((noinline)) static void spawn_leaker(void) {
  pthread_t t;
  pthread_create(&t, 0, leaker, 0);
  __asm__ volatile("" ::: "memory");  // not a tail call
}

__attribute__((noinline)) static void fiber_entry(void) {
  spawn_leaker();
  longjmp(back, 1);  // back to main's stack
}

int main(void) {
  pthread_mutex_lock(&mu);
  static _Alignas(16) uintptr_t stack[8192];
  uintptr_t *top = stack + 8192;
  *--top = 0xdeadbeef1234;  // the outermost return address
  if (!setjmp(back))
    __asm__ volatile("mov %0, %%rsp\n\tmov %2, %%rbp\n\tjmp *%1" ::"r"(top),
                     "r"(fiber_entry), "r"((uintptr_t)0x5eed0000) : "memory");
  return puts("back on the main stack") < 0;
}
// CHECK: back on the main stack
// CHECK: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// CHECK-NEXT: #0 {{.*}} in spawn_leaker {{.*}}fiber_garbage_return.c
// CHECK-NEXT: #1 {{.*}} in fiber_entry {{.*}}fiber_garbage_return.c
// CHECK-NEXT: {{^  [A-Z]}}
