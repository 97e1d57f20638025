// external_symbolizer_path names a program that never answers: the report
// comes within the symbolizer's timeout (5 s), with frames as module+offset,
// after one warning line; the program and its children are killed and
// reaped (no process of it is left behind).
// RUN: %clangxx_tlsan %S/Inputs/one_leaked_thread.cpp -o %t
// RUN: printf '#!/bin/sh\nwhile :; do sleep 1; done\n' > %t-hang-symbolizer
// RUN: chmod +x %t-hang-symbolizer
// RUN: env TLSAN_OPTIONS=external_symbolizer_path=%t-hang-symbolizer %expect_exit 23 timeout 30 %t 2>&1 | %FileCheck %s
// RUN: not pgrep -f %t-hang-symbolizer
// CHECK: WARNING: ThreadLeakSanitizer: symbolizer '{{.*}}-hang-symbolizer' timed out; symbolizing with dladdr
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in futex), detached, created by main thread at:
// CHECK: #{{[0-9]+}} 0x{{[0-9a-f]+}} {{.*}}({{.*}}rel_symbolizer_hangs.cpp.tmp+0x{{[0-9a-f]+}})
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
