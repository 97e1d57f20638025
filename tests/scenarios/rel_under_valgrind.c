// C: a leaking program built with tlsan, run under valgrind (memcheck):
// tlsan's report still appears, exit status 23, and valgrind finds no error
// (it would exit 99). Valgrind 3.19 cannot read clang-19's DWARF 5, which
// libtlsan.a carries too: -gdwarf-4, and no debug info linked in (tlsan then
// symbolizes from the symbol table).
// RUN: %clang_tlsan -gdwarf-4 -Wl,--strip-debug %S/Inputs/mutex_held_by_main.c -o %t
// RUN: %expect_exit 23 valgrind -q --error-exitcode=99 %t 2>&1 | %FileCheck %s
// CHECK-NOT: {{^==[0-9]+== }}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, {{blocked in pthread_mutex_lock|running}}), created by main thread at:
// CHECK: in main (
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// CHECK-NOT: {{^==[0-9]+== }}
