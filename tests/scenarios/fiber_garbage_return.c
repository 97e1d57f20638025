// A thread created on a fiber stack set up by hand, as marl and
// boost.context do: the fiber's outermost return address is garbage (and so
// is rbp). The unwinder stops there instead of faulting (it used to hand the
// address to libgcc, which read the "code" at it: SIGSEGV); the creation
// stack ends with the fiber's entry function.
// RUN: %clang_tlsan %s -o %t && %expect_exit 23 %run %t 2>&1 | %FileCheck %s
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

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
  enum { kSize = 64 * 1024 };
  char *stack = mmap(0, kSize, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  uintptr_t *top = (uintptr_t *)(stack + kSize);
  *--top = 0xdeadbeef1234;  // the outermost return address
  if (!setjmp(back))
    __asm__ volatile("mov %0, %%rsp\n\tmov %2, %%rbp\n\tjmp *%1" ::"r"(top),
                     "r"(fiber_entry), "r"((uintptr_t)0x5eed0000) : "memory");
  puts("back on the main stack");
  return 0;
}
// CHECK: back on the main stack
// CHECK: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// CHECK-NEXT: #0 {{.*}} in spawn_leaker {{.*}}fiber_garbage_return.c
// CHECK-NEXT: #1 {{.*}} in fiber_entry {{.*}}fiber_garbage_return.c
// CHECK-NEXT: {{^  [A-Z]}}
