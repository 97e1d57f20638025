// A thread the program starts with g_thread_new from a GTask callback runs
// GLib's thread proxy and waits in GLib's futex (g_cond_wait), like GLib's
// own pool threads, but it is the program's ('worker'): reported, alone,
// while GTask's 'pool' and 'gmain' threads are filtered.
// REQUIRES: glib
// RUN: %clang_tlsan %s -o %t %glib
// RUN: %expect_exit 23 %t 2>&1 | %FileCheck %s
#include <gio/gio.h>

static GMutex mutex;
static GCond never;

static gpointer worker(gpointer data) {
  g_mutex_lock(&mutex);
  for (;;) g_cond_wait(&never, &mutex);  // nobody signals it
  return NULL;
}

static void work(GTask *task, gpointer source, gpointer data, GCancellable *c) {
  g_thread_unref(g_thread_new("worker", worker, NULL));
  g_task_return_int(task, 0);
}

int main(void) {
  GTask *task = g_task_new(NULL, NULL, NULL, NULL);
  g_task_run_in_thread_sync(task, work);
  g_object_unref(task);
  return 0;
}
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T3 'worker' (tid={{[0-9]+}}, blocked in futex)
// CHECK: in g_thread_new
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
