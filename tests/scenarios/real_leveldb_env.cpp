// Real library: LevelDB 1.23 (Debian's libleveldb-dev). A database opened,
// written (enough to trigger a compaction) and closed properly with `delete db`.
// LevelDB's Env::Default() is a never-destroyed singleton (SingletonEnv) whose
// background compaction thread is started on the first Schedule() and
// detached, on purpose, for the life of the process. tlsan reports it by
// default: detached, blocked in pthread_cond_wait (PosixEnv::BackgroundThreadMain
// waiting for work), created from libleveldb.so (Debian's build hides the
// internal symbols; only the exported leveldb::DB::Put is named). Not a bug
// of this program; see docs/real-world.md for why it is not a built-in filter
// and the suppression to use.
// RUN: %clangxx_tlsan %s -lleveldb -o %t
// RUN: rm -rf %t.db && %expect_exit 23 %t %t.db 2>&1 | %FileCheck %s
// RUN: rm -rf %t.db %t.log.*
// RUN: env TLSAN_OPTIONS=report_format=json:log_path=%t.log %expect_exit 23 %t %t.db
// RUN: %json %t.log 'len(leaks) == 1 and (l := leaks[0])["detached"] and l["state"] == "blocked" and l["blocked_on"]["call"] == "pthread_cond_wait" and any(f["module"].endswith("libleveldb.so.1d") for f in l["creation_stack"]) and any(f["function"] == "main" for f in l["creation_stack"]) and any((f["function"] or "").startswith("leveldb::DB::Put") for f in l["creation_stack"])'
// RUN: rm -rf %t.db && echo "thread:libleveldb.so" > %t.supp
// RUN: env TLSAN_OPTIONS=suppressions=%t.supp %expect_exit 0 %t %t.db
#include <leveldb/db.h>
#include <cstdio>
#include <string>

int main(int, char **argv) {
  leveldb::DB *db;
  leveldb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = 64 << 10;  // small: compactions start early
  leveldb::Status s = leveldb::DB::Open(options, argv[1], &db);
  if (!s.ok()) return 1;
  for (int i = 0; i < 5000; ++i)
    db->Put(leveldb::WriteOptions(), "k" + std::to_string(i), std::string(100, 'v'));
  delete db;  // closed correctly
  puts("closed");
  return 0;
}
// CHECK: closed
// CHECK: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// CHECK: Thread T1 (tid={{[0-9]+}}, blocked in pthread_cond_wait), detached, created by main thread at:
// CHECK: libleveldb.so
// CHECK: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s): 1 blocked, 0 running, 0 finished.
