//===-- tlsan_fork_linux.cpp - knowing a forked child without atfork ------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_fork_linux.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_fork_linux.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include "tlsan_syscall_linux.h"

#ifndef MADV_WIPEONFORK
#define MADV_WIPEONFORK 18
#endif

namespace __tlsan {

namespace {

volatile u32 *owned_word;  // on the wipe-on-fork page; 1 in the owner
int owner_pid;             // the fallback

}  // namespace

void InitializeForkDetection() {
  if (owned_word || owner_pid) return;
  void *page = internal_mmap(nullptr, 4096, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (internal_iserror((sptr)page)) page = nullptr;
  if (page && internal_iserror(internal_syscall6(SYS_madvise, (uptr)page, 4096,
                                                 MADV_WIPEONFORK))) {
    internal_munmap(page, 4096);
    page = nullptr;
  }
  owned_word = (volatile u32 *)page;
  MarkProcessOwned();
}

bool InNewProcess() {
  if (TLSAN_LIKELY(owned_word != nullptr)) return *owned_word == 0;
  return owner_pid != 0 && GetPid() != owner_pid;
}

void MarkProcessOwned() {
  if (owned_word)
    *owned_word = 1;
  else
    owner_pid = GetPid();
}

}  // namespace __tlsan
