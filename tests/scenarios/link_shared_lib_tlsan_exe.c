// A shared library built with -fsanitize=thread-leak links (its reference to
// __tlsan_version_mismatch_check_v1 stays undefined) and, linked into an
// executable built with the flag, binds to the executable's runtime: the
// thread it leaks is reported.
// RUN: %clang_tlsan -shared -fPIC %S/Inputs/library_worker.c -o %t-lib.so
// RUN: %clang_tlsan %s %t-lib.so -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
void start_library_worker(void);
int main(void) {
  start_library_worker();
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}{{.*}}), created by main thread at:
// CHECK: in start_library_worker
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
