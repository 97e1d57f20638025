// Real library: GLib 2.74. A shared GThreadPool freed with
// g_thread_pool_free(pool, FALSE, TRUE) still leaves its idle thread in
// GLib's global pool of unused threads ('pool', parked in GLib's futex wait,
// up to 15 s), kept there on purpose for the next pool: filtered by the
// built-in filters; builtin_filters=0 shows it.
// REQUIRES: glib
// RUN: %clang_tlsan %s -o %t %glib
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=RAW
#include <glib.h>
#include <stdio.h>

static void job(gpointer data, gpointer done) { g_atomic_int_inc((gint *)done); }

int main(void) {
  gint done = 0;
  GThreadPool *pool = g_thread_pool_new(job, &done, 1, FALSE, NULL);
  g_thread_pool_push(pool, GINT_TO_POINTER(1), NULL);
  g_thread_pool_free(pool, FALSE, TRUE);  // waits for the job
  fprintf(stderr, "done %d\n", done);
  return 0;
}
// CHECK: done 1
// CHECK-NOT: ThreadLeakSanitizer
// RAW: done 1
// RAW: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// RAW: Thread T1 'pool' (tid={{[0-9]+}}, blocked in futex)
// RAW: in g_thread_pool_push
