//===-- report_writers_test.cpp - one model, three writers ----------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// One synthetic LeakSet (no threads) that holds every kind of verdict: a
// two-thread deadlock, a join on a running thread (a chain), a spinning
// thread, a finished one, and a foreign thread seen in a system call. The
// model stage (DescribeLeaks) words each thread once; the text, JSON and
// SARIF writers must each print it as golden output says
// (tests/unit/golden/leaks.{txt,json,sarif}), and every thread's sentence
// must appear, unchanged, in all three.
//
// A deliberate change of a format: rerun with TLSAN_UPDATE_GOLDEN=1, which
// rewrites the golden files, and review their diff.
//
//===----------------------------------------------------------------------===//
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "tlsan_leak_model.h"
#include "tlsan_report.h"
#include "tlsan_stack_depot.h"
#include "tlsan_syscall_linux.h"

using namespace __tlsan;

namespace {

LeakedThread Thread(u32 uid, const char *name, LeakState state) {
  LeakedThread l = {};
  l.thread.uid = uid;
  l.thread.tid = 1000 + (int)uid;
  l.thread.parent_uid = 0;
  l.thread.parent_tid = 1000;
  l.thread.status = state == kLeakFinished ? kFinished : kRunning;
  uptr pcs[] = {0x401000 + uid * 0x10, 0x402000};
  l.thread.creation_stack = StackDepotPut(pcs, 2);
  l.state = state;
  l.group = uid - 1;
  l.owner_uid = kUnknownUid;
  l.blocked_on.since_ms = -1;
  internal_strlcpy(l.name, name, sizeof(l.name));
  return l;
}

void BlockOn(LeakedThread *l, BlockingKind kind, const char *call, uptr object,
             u32 owner_uid, s64 since_ms) {
  l->state = kLeakBlocked;
  BlockedOn &b = l->blocked_on;
  b.kind = kind;
  b.call = call;
  b.object = object;
  b.has_object = true;
  b.from_interceptor = true;
  b.owner_tid = 1000 + (int)owner_uid;
  b.since_ms = since_ms;
  l->owner_uid = owner_uid;
  l->owner_leaked = true;
}

void MakeSet(LeakSet *out) {
  LeakSet &set = *out;
  set.kind = kCheckAtExit;
  LeakedThread a = Thread(1, "producer", kLeakBlocked);
  BlockOn(&a, kBlockMutex, "pthread_mutex_lock", 0x1000, 2, 40);
  LeakedThread b = Thread(2, "consumer", kLeakBlocked);
  BlockOn(&b, kBlockMutex, "pthread_mutex_lock", 0x2000, 1, 41);
  for (LeakedThread *l : {&a, &b}) {
    l->cause = kCauseDeadlock;
    l->cycle_size = 2;
  }
  a.cycle[0] = b.cycle[1] = 1001;
  a.cycle[1] = b.cycle[0] = 1002;
  LeakedThread joiner = Thread(3, "joiner", kLeakBlocked);
  BlockOn(&joiner, kBlockJoin, "pthread_join", 0x3000, 4, 7);
  joiner.cause = kCauseChain;
  LeakedThread spinner = Thread(4, "spinner", kLeakRunning);
  spinner.spinning = true;
  LeakedThread done = Thread(5, "", kLeakFinished);
  LeakedThread foreign = Thread(6, "", kLeakBlocked);
  foreign.foreign = true;
  foreign.thread.status |= kForeign;
  foreign.thread.creation_stack = 0;
  foreign.blocked_on.kind = kBlockFutex;
  foreign.blocked_on.call = "futex";
  foreign.blocked_on.object = 0x4000;
  foreign.blocked_on.has_object = true;
  for (const LeakedThread &l : {a, b, joiner, spinner, done, foreign})
    set.leaks.PushBack(l);
  set.groups = 6;
  set.deadlocked = 2;
  DescribeLeaks(&set);
}

// The writers' output with what is not part of the model made constant:
// the pid (4242), the working directory (/src), the executable (program).
std::string Written(void (*writer)(const LeakSet &, SymbolCache *,
                                   TextBuffer *)) {
  LeakSet set;
  MakeSet(&set);
  SymbolizerOptions options = {};  // symbolize=0: pcs only
  Symbolizer symbolizer(options);
  SymbolCache symbols(&symbolizer);
  // SARIF locates frameless results at the executable, relative to the
  // working directory (%SRCROOT%): written from the executable's directory,
  // that is its bare name, whatever directory the test runs in.
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  std::string exe(buf, n > 0 ? (size_t)n : 0);
  std::string dir = exe.substr(0, exe.rfind('/'));
  std::string name = exe.substr(exe.rfind('/') + 1);
  std::string cwd = getcwd(buf, sizeof(buf)) ? buf : "/";
  EXPECT_EQ(chdir(dir.c_str()), 0);
  TextBuffer out;
  writer(set, &symbols, &out);
  EXPECT_EQ(chdir(cwd.c_str()), 0);
  std::string s = out.data();
  auto replace_all = [&s](const std::string &from, const std::string &to) {
    for (size_t at; (at = s.find(from)) != std::string::npos;)
      s.replace(at, from.size(), to);
  };
  replace_all(dir + "/", "/src/");
  replace_all("\"uri\":\"" + name + "\"", "\"uri\":\"program\"");
  std::string pid = std::to_string(GetPid());
  replace_all("==" + pid + "==", "==4242==");
  replace_all("\"pid\":" + pid, "\"pid\":4242");
  return s;
}

TEST(ReportWritersTest, EachSentenceIsBuiltOnce) {
  LeakSet set;
  MakeSet(&set);
  EXPECT_STREQ(set.leaks[0].sentence,
               "blocked in pthread_mutex_lock on mutex 0x1000, held by "
               "thread T2 (tid=1002), for 40 ms");
  EXPECT_STREQ(set.leaks[2].sentence,
               "blocked in pthread_join on join 0x3000, waiting for thread "
               "T4 (tid=1004), for 7 ms");
  EXPECT_STREQ(set.leaks[3].sentence, "running, spinning on the CPU");
  EXPECT_STREQ(set.leaks[4].sentence, "finished, not joined");
  EXPECT_STREQ(set.leaks[5].sentence, "waiting in system call futex on 0x4000");
}

TEST(ReportWritersTest, EveryFormatSaysTheSameOfEveryThread) {
  LeakSet set;
  MakeSet(&set);
  std::string text = Written(WriteTextReport);
  std::string json = Written(WriteJsonReport);
  std::string sarif = Written(WriteSarifReport);
  for (uptr i = 0; i < set.leaks.size(); i++) {
    std::string sentence = set.leaks[i].sentence;
    ASSERT_FALSE(sentence.empty()) << i;
    EXPECT_NE(json.find("\"description\":\"" + sentence + "\""),
              std::string::npos)
        << sentence;
    EXPECT_NE(sarif.find("leaked: " + sentence), std::string::npos) << sentence;
    if (set.leaks[i].state != kLeakBlocked) continue;  // header line only
    std::string line = "  " + sentence + ".\n";
    line[2] = (char)(line[2] - 'a' + 'A');
    EXPECT_NE(text.find(line), std::string::npos) << line;
  }
}

// Compares `actual` with golden file `name`, or rewrites the file when
// TLSAN_UPDATE_GOLDEN=1.
void ExpectGolden(const std::string &actual, const char *name) {
  std::string path = std::string(TLSAN_GOLDEN_DIR) + "/" + name;
  const char *update = std::getenv("TLSAN_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(actual, golden.str()) << "differs from " << path;
}

TEST(ReportWritersTest, TextIsGolden) {
  ExpectGolden(Written(WriteTextReport), "leaks.txt");
}

TEST(ReportWritersTest, JsonIsGolden) {
  ExpectGolden(Written(WriteJsonReport), "leaks.json");
}

TEST(ReportWritersTest, SarifIsGolden) {
  ExpectGolden(Written(WriteSarifReport), "leaks.sarif");
}

}  // namespace
