// -fsanitize=thread-leak with -fsanitize=thread (in either order, or as a
// list) is refused by the driver with one clear line, before compiling:
// ThreadSanitizer reports thread leaks itself.
// RUN: not %clangxx_tlsan -fsanitize=thread %s -o %t 2>&1 | %FileCheck %s
// RUN: not %clangxx_tlsan -fsanitize=address,thread -c %s -o %t.o 2>&1 | %FileCheck %s
// RUN: test ! -e %t && test ! -e %t.o
int main() { return 0; }
// CHECK: tlsan-c++: error: -fsanitize=thread-leak cannot be combined with -fsanitize=thread (ThreadSanitizer already reports thread leaks)
// CHECK-NOT: error
