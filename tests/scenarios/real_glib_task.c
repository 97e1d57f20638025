// Real library: GLib/GIO 2.74. g_task_run_in_thread runs the work in GTask's
// shared thread pool ('pool', parked in GLib's futex wait for the next task)
// and starts GLib's worker context thread ('gmain', iterating forever in
// poll). GLib keeps both for the life of the process, with no API to stop
// them: the built-in filters skip them, one thread each; builtin_filters=0
// shows both.
// REQUIRES: glib
// RUN: %clang_tlsan %s -o %t %glib
// RUN: env TLSAN_OPTIONS=verbosity=1 %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=RAW
#include <gio/gio.h>
#include <stdio.h>

static void work(GTask *task, gpointer source, gpointer data, GCancellable *c) {
  g_task_return_int(task, 42);
}

int main(void) {
  GTask *task = g_task_new(NULL, NULL, NULL, NULL);
  g_task_run_in_thread_sync(task, work);
  fprintf(stderr, "result %d\n", (int)g_task_propagate_int(task, NULL));
  g_object_unref(task);
  return 0;
}
// CHECK: result 42
// CHECK-NOT: ERROR: ThreadLeakSanitizer
// CHECK: Built-in filters (builtin_filters=1) used:
// CHECK-DAG: {{^ +}}1 start:libglib-2.0.so && name:^gmain$ && blocked:libglib-2.0.so
// CHECK-DAG: {{^ +}}1 start:libglib-2.0.so && name:^pool && blocked:libglib-2.0.so
// CHECK: leak check done: 0 leaked thread(s)
// RAW: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// RAW-DAG: 'gmain' (tid={{[0-9]+}}, blocked in poll)
// RAW-DAG: 'pool' (tid={{[0-9]+}}, blocked in futex)
