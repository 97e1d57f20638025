// A C++20 module unit compiled by the driver: nothing may precede
// `export module`, so the driver leaves out the -include of
// tlsan_link_check.h and the unit compiles; its object carries no
// reference (the program's main(), never in a module unit, carries one).
// RUN: %clangxx_tlsan -x c++-module -fmodule-output=%t.pcm -c %s -o %t.o
// RUN: nm %t.o | %FileCheck %s
// RUN: %clangxx_tlsan --precompile -x c++-module %s -o %t-2.pcm
export module link_check_unit;

export int answer() { return 42; }
// CHECK-NOT: __tlsan_version_mismatch_check_v1
// CHECK: answer
// CHECK-NOT: __tlsan_version_mismatch_check_v1
