// A shared library built with -fsanitize=thread-leak, dlopen'ed by a program
// built without it: under LD_PRELOAD=libtlsan.so it loads and its leaked
// thread is reported; without the runtime dlopen fails, naming the symbol
// (so it never runs unchecked). Built with the flag, the program exports the
// symbol (--dynamic-list) and loads it.
// RUN: %clang_tlsan -shared -fPIC %S/Inputs/library_worker.c -o %t-lib.so
// RUN: %clang_tlsan %s -o %t-tlsan -ldl
// RUN: %expect_exit 23 %t-tlsan %t-lib.so 2>&1 | %FileCheck %s
// RUN: %clang %s -o %t -ldl
// RUN: env LD_PRELOAD=%libtlsan %expect_exit 23 %t %t-lib.so 2>&1 | %FileCheck %s
// RUN: %expect_exit 1 %t %t-lib.so 2>&1 | %FileCheck %s --check-prefix=NORT
#include <dlfcn.h>
#include <stdio.h>
int main(int argc, char **argv) {
  void *lib = dlopen(argv[argc - 1], RTLD_NOW);
  if (!lib) return printf("dlopen: %s\n", dlerror()), 1;
  ((void (*)(void))dlsym(lib, "start_library_worker"))();
  return 0;
}
// CHECK: Thread T1 (tid={{[0-9]+}}{{.*}}), created by main thread at:
// CHECK: in start_library_worker
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// NORT: dlopen: {{.*}}-lib.so: undefined symbol: __tlsan_version_mismatch_check_v1
