// The header the driver injects (sanitizer/tlsan_link_check.h) is clean in
// C with every warning an error, C89 to C2x, clang and gcc; the object
// refers to the check symbol; -M lists the header; and -Wl,--gc-sections
// does not drop the reference (the pointer is `retain`).
// RUN: echo 'int main(void) { return 0; }' > %t-89.c
// RUN: %clang_tlsan -std=c89 -Wall -Wextra -pedantic -Werror -c %t-89.c -o %t.o
// RUN: %clang_tlsan -std=c2x -Weverything -Werror -c %s -o %t.o
// RUN: nm %t.o | %FileCheck %s
// RUN: %clang_tlsan -M %s | %FileCheck %s --check-prefix=DEPS
// RUN: not %clang -Wl,--gc-sections %t.o -o %t 2>&1 | %FileCheck %s --check-prefix=GC
// RUN: %if gcc %{ %gcc_tlsan -std=c89 -Wall -Wextra -pedantic -Werror -c %t-89.c -o %t-gcc.o %}
// RUN: %if gcc %{ nm %t-gcc.o | %FileCheck %s %}
int main(void) { return 0; }
// CHECK: U __tlsan_version_mismatch_check_v1
// DEPS: sanitizer/tlsan_link_check.h
// GC: {{undefined reference to .|undefined symbol: }}__tlsan_version_mismatch_check_v1
