// C: a leaked thread of a program built without debug info (-g0): its
// creating frame shows as module+offset, and the report says once, before
// SUMMARY, that file:line needs -g. Built with -g: file:line, no such line.
// RUN: %clang_tlsan -g0 %S/Inputs/mutex_held_by_main.c -o %t.nodebug
// RUN: %expect_exit 23 %t.nodebug 2>&1 | %FileCheck %s --check-prefix=NODEBUG
// RUN: %clang_tlsan %S/Inputs/mutex_held_by_main.c -o %t
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=DEBUG
// NODEBUG: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// NODEBUG: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main ({{.*}}.nodebug+0x{{[0-9a-f]+}}){{$}}
// NODEBUG: {{^}}file:line needs debug info: build with -g{{$}}
// NODEBUG-EMPTY:
// NODEBUG-NEXT: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// NODEBUG-NOT: debug info
// DEBUG: Thread T1 (tid={{[0-9]+}}, {{.*}}), created by main thread at:
// DEBUG: #{{[0-9]+}} 0x{{[0-9a-f]+}} in main {{.*}}mutex_held_by_main.c:20
// DEBUG-NOT: debug info
// DEBUG: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
