// Real library: GIO 2.74's GDBus. The first GDBusConnection (here a
// peer-to-peer one over a socketpair: no bus daemon, no network) starts
// GDBus's shared worker thread 'gdbus', which GLib never stops (its unref is
// a TODO in gdbusprivate.c), and GLib's 'gmain' worker-context thread: both
// built-in filters; builtin_filters=0 shows both, parked in poll.
// REQUIRES: glib
// RUN: %clang_tlsan %s -o %t %glib
// RUN: %expect_exit 0 %t 2>&1 | %FileCheck %s
// RUN: env TLSAN_OPTIONS=builtin_filters=0 %expect_exit 23 %t 2>&1 | %FileCheck %s --check-prefix=RAW
#include <gio/gio.h>
#include <stdio.h>
#include <sys/socket.h>

int main(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) return 2;
  GSocket *s = g_socket_new_from_fd(sv[0], NULL);
  GSocketConnection *sc = g_socket_connection_factory_create_connection(s);
  // Nobody answers at sv[1]: process no message, so nothing waits on it.
  GDBusConnection *c = g_dbus_connection_new_sync(
      G_IO_STREAM(sc), NULL, G_DBUS_CONNECTION_FLAGS_DELAY_MESSAGE_PROCESSING,
      NULL, NULL, NULL);
  fprintf(stderr, "connection: %d\n", c != NULL);
  return 0;
}
// CHECK: connection: 1
// CHECK-NOT: ThreadLeakSanitizer
// RAW: ERROR: ThreadLeakSanitizer: 2 thread(s) leaked at exit
// RAW-DAG: 'gmain' (tid={{[0-9]+}}, blocked in poll)
// RAW-DAG: 'gdbus' (tid={{[0-9]+}}, blocked in poll)
