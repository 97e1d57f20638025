// C: a thread cancelled while blocked in read (an empty pipe), write (a full
// pipe), recv (a socket pair) or accept (a listening socket), one call per
// run, then joined: it ends with PTHREAD_CANCELED, nothing leaks, status 0.
// RUN: %clang_tlsan %s -o %t
// RUN: %expect_exit 0 %t read 2>&1 | %FileCheck %s -DCALL=read --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t write 2>&1 | %FileCheck %s -DCALL=write --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t recv 2>&1 | %FileCheck %s -DCALL=recv --implicit-check-not=ThreadLeakSanitizer
// RUN: %expect_exit 0 %t accept 2>&1 | %FileCheck %s -DCALL=accept --implicit-check-not=ThreadLeakSanitizer
// CHECK: [[CALL]]: cancelled
#define _GNU_SOURCE
#include "Inputs/cancel_blocked.h"
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static int empty[2], full[2], pair[2], listener;

static void block_in(const char *call) {
  char byte = 0;
  if (!strcmp(call, "read")) read(empty[0], &byte, 1);
  if (!strcmp(call, "write")) write(full[1], &byte, 1);
  if (!strcmp(call, "recv")) recv(pair[0], &byte, 1, 0);
  if (!strcmp(call, "accept")) accept(listener, 0, 0);
}

int main(int argc, char **argv) {
  struct sockaddr_un addr = {AF_UNIX, ""};  // abstract, unique per process
  snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1, "tlsan-%d", getpid());
  listener = socket(AF_UNIX, SOCK_STREAM, 0);
  if (argc < 2 || pipe(empty) || pipe(full) || socketpair(AF_UNIX, SOCK_STREAM, 0, pair) ||
      bind(listener, (struct sockaddr *)&addr, sizeof(addr)) || listen(listener, 1))
    return 2;
  fcntl(full[1], F_SETFL, O_NONBLOCK);  // fill it, then block on it
  while (write(full[1], "", 1) == 1) {
  }
  fcntl(full[1], F_SETFL, 0);
  cancel_blocked(argv[1]);
}
