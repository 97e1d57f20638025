// At -O2 `return pthread_create(...)` is a tail call: a jump that leaves no
// return address, so the creation stack would skip spawn() and point at its
// caller. With -fsanitize=thread-leak the compiler wrappers add
// -fno-optimize-sibling-calls: spawn() stays in the stack, with gcc and
// clang. (LD_PRELOAD users get what their build did: see README.)
// RUN: %clangxx_tlsan -O2 %s -o %t && %expect_exit 23 %run %t 2>&1 | %FileCheck %s
// RUN: %if gcc %{ %gxx_tlsan -O2 %s -o %t.gcc && %expect_exit 23 %run %t.gcc 2>&1 | %FileCheck %s %}
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *locker(void *arg) {
  pthread_mutex_lock(&mu);  // main holds it forever
  return arg;
}

__attribute__((noinline)) int spawn(pthread_t *t) {
  return pthread_create(t, nullptr, locker, nullptr);
}

int main() {
  pthread_mutex_lock(&mu);
  pthread_t t;
  return spawn(&t);
}
// CHECK: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// CHECK-NEXT: #0 {{.*}} in spawn(unsigned long*) {{.*}}opt_tail_call_create.cpp
// CHECK-NEXT: #1 {{.*}} in main {{.*}}opt_tail_call_create.cpp
