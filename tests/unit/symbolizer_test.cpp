//===-- symbolizer_test.cpp - tests of tlsan_symbolizer.cpp ----------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Symbolizes pcs of this test with each backend (llvm-symbolizer, addr2line,
// dladdr, none) and with broken external symbolizers (garbage, early exit,
// hang), checking that nothing hangs, no child is left behind and no
// descriptor leaks into the child or out of the Symbolizer. Build with -g (and
// -O2 for the inlining test to be meaningful).
//
//===----------------------------------------------------------------------===//
#include "tlsan_symbolizer.h"

#include "tlsan_flags.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <deque>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace __tlsan;

extern "C" __attribute__((noinline)) int SymTestNoinlineFunction(int x) {
  asm volatile("" ::: "memory");
  return x * 7 + 1;
}

static volatile uptr g_zero = 0;

__attribute__((noinline)) static uptr CapturePc() {
  return (uptr)__builtin_return_address(0);
}

static inline __attribute__((always_inline)) uptr SymTestInlinedCallee() {
  return CapturePc() ^ g_zero;  // the xor keeps the call from being a tail call
}

__attribute__((noinline)) uptr SymTestOuterFunction() {
  return SymTestInlinedCallee() + g_zero;
}

namespace {

bool EndsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Str(const char *s) { return s ? s : "<null>"; }

std::vector<SymbolizedFrame> SymbolizeAll(const SymbolizerOptions &opts,
                                 const std::vector<uptr> &pcs,
                                 std::string *backend = nullptr) {
  Symbolizer sym(opts);
  ScratchArray<SymbolizedFrame> out;
  sym.Symbolize(pcs.data(), pcs.size(), &out);
  if (backend) *backend = sym.BackendName();
  std::vector<SymbolizedFrame> frames(out.data(), out.data() + out.size());
  // Strings die with the Symbolizer: keep only what tests compare, as copies.
  static std::deque<std::string> keep;  // push_back keeps elements in place
  for (auto &f : frames) {
    for (const char **s : {&f.function, &f.file, &f.module})
      if (*s) {
        keep.emplace_back(*s);
        *s = keep.back().c_str();
      }
  }
  return frames;
}

SymbolizerOptions Defaults() {
  SymbolizerOptions o;
  o.symbolize = true;
  o.external_path = "";
  o.strip_path_prefix = "";
  o.timeout_ms = 10000;
  return o;
}

void ExpectNoChildren() {
  errno = 0;
  EXPECT_EQ(-1, waitpid(-1, nullptr, WNOHANG));
  EXPECT_EQ(ECHILD, errno);
}

int CountOpenFds() {
  int n = 0;
  DIR *d = opendir("/proc/self/fd");
  while (dirent *e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n - 1;  // the DIR's own descriptor
}

class SymbolizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/tlsan_symbolizer_test.XXXXXX";
    ASSERT_NE(nullptr, mkdtemp(tmpl));
    dir_ = tmpl;
    fds_before_ = CountOpenFds();
  }
  void TearDown() override {
    ExpectNoChildren();
    EXPECT_EQ(fds_before_, CountOpenFds());
    std::string cmd = "rm -rf '" + dir_ + "'";
    (void)!system(cmd.c_str());
  }
  std::string Script(const std::string &name, const std::string &body) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    chmod(path.c_str(), 0755);
    return path;
  }
  std::string dir_;
  int fds_before_ = 0;
};

const SymbolizedFrame *Outermost(const std::vector<SymbolizedFrame> &frames,
                                 u32 index) {
  const SymbolizedFrame *last = nullptr;
  for (auto &f : frames)
    if (f.source_index == index) last = &f;
  return last;
}

void ExpectFunctionAndLine(const std::vector<SymbolizedFrame> &frames, uptr pc) {
  ASSERT_EQ(1u, frames.size());
  const SymbolizedFrame &f = frames[0];
  EXPECT_EQ(pc, f.pc);
  EXPECT_EQ(0u, f.source_index);
  EXPECT_FALSE(f.inlined);
  EXPECT_NE(std::string::npos,
            Str(f.function).find("SymTestNoinlineFunction"))
      << Str(f.function);
  EXPECT_TRUE(EndsWith(Str(f.file), "symbolizer_test.cpp")) << Str(f.file);
  EXPECT_GT(f.line, 0);
  ASSERT_NE(nullptr, f.module);
  Dl_info info;
  ASSERT_TRUE(dladdr((void *)(pc - 1), &info));
  EXPECT_EQ(pc - (uptr)info.dli_fbase, f.module_offset);
}

TEST_F(SymbolizerTest, LlvmSymbolizerFunctionFileLine) {
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  std::string backend;
  auto frames = SymbolizeAll(Defaults(), {pc}, &backend);
  EXPECT_EQ("llvm-symbolizer", backend);
  ExpectFunctionAndLine(frames, pc);
}

TEST_F(SymbolizerTest, Addr2lineFunctionFileLine) {
  if (access("/usr/bin/addr2line", X_OK) != 0) GTEST_SKIP();
  SymbolizerOptions o = Defaults();
  o.external_path = "/usr/bin/addr2line";
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  std::string backend;
  auto frames = SymbolizeAll(o, {pc}, &backend);
  EXPECT_EQ("addr2line", backend);
  ExpectFunctionAndLine(frames, pc);
}

void ExpectInlined(const std::vector<SymbolizedFrame> &frames, uptr pc) {
  ASSERT_GE(frames.size(), 1u);
  for (auto &f : frames) EXPECT_EQ(pc, f.pc);
  EXPECT_NE(std::string::npos,
            Str(frames.back().function).find("SymTestOuterFunction"));
  EXPECT_FALSE(frames.back().inlined);
#if defined(__OPTIMIZE__)
  // always_inline is honoured at every -O; its debug info only with -g.
  ASSERT_EQ(2u, frames.size());
  EXPECT_TRUE(frames[0].inlined);
  EXPECT_NE(std::string::npos,
            Str(frames[0].function).find("SymTestInlinedCallee"))
      << Str(frames[0].function);
  EXPECT_TRUE(EndsWith(Str(frames[0].file), "symbolizer_test.cpp"));
  EXPECT_GT(frames[0].line, 0);
#endif
}

TEST_F(SymbolizerTest, InlinedFramesLlvm) {
  uptr pc = SymTestOuterFunction();
  ExpectInlined(SymbolizeAll(Defaults(), {pc}), pc);
}

TEST_F(SymbolizerTest, InlinedFramesAddr2line) {
  if (access("/usr/bin/addr2line", X_OK) != 0) GTEST_SKIP();
  SymbolizerOptions o = Defaults();
  o.external_path = "/usr/bin/addr2line";
  uptr pc = SymTestOuterFunction();
  ExpectInlined(SymbolizeAll(o, {pc}), pc);
}

TEST_F(SymbolizerTest, ManyPcsKeepOrderAndSourceIndex) {
  uptr a = (uptr)&SymTestNoinlineFunction + 1;
  uptr b = SymTestOuterFunction();
  void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(nullptr, libc);
  uptr c = (uptr)dlsym(libc, "getenv") + 1;
  auto frames = SymbolizeAll(Defaults(), {a, 0, b, c, a});
  u32 expect_index = 0;
  for (auto &f : frames) {
    ASSERT_GE(f.source_index, expect_index);
    expect_index = f.source_index;
  }
  EXPECT_EQ(4u, frames.back().source_index);
  const SymbolizedFrame *zero = Outermost(frames, 1);
  ASSERT_NE(nullptr, zero);
  EXPECT_EQ(nullptr, zero->module);
  EXPECT_EQ(nullptr, zero->function);
  const SymbolizedFrame *getenv_frame = Outermost(frames, 3);
  ASSERT_NE(nullptr, getenv_frame);
  EXPECT_EQ("getenv", Str(getenv_frame->function));
  EXPECT_NE(std::string::npos, Str(getenv_frame->module).find("libc"));
  EXPECT_EQ(Str(Outermost(frames, 0)->function),
            Str(Outermost(frames, 4)->function));
}

TEST_F(SymbolizerTest, SymbolizeFalseGivesModuleAndOffset) {
  SymbolizerOptions o = Defaults();
  o.symbolize = false;
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  std::string backend;
  auto frames = SymbolizeAll(o, {pc}, &backend);
  EXPECT_EQ("none", backend);
  ASSERT_EQ(1u, frames.size());
  EXPECT_EQ(nullptr, frames[0].function);
  EXPECT_EQ(nullptr, frames[0].file);
  EXPECT_EQ(0, frames[0].line);
  ASSERT_NE(nullptr, frames[0].module);
  char exe[4096] = {};
  ASSERT_GT(readlink("/proc/self/exe", exe, sizeof(exe) - 1), 0);
  EXPECT_EQ(std::string(exe), frames[0].module);
  Dl_info info;
  ASSERT_TRUE(dladdr((void *)(pc - 1), &info));
  EXPECT_EQ(pc - (uptr)info.dli_fbase, frames[0].module_offset);
}

TEST_F(SymbolizerTest, StripPathPrefix) {
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  auto full = SymbolizeAll(Defaults(), {pc});
  ASSERT_EQ(1u, full.size());
  std::string file = Str(full[0].file);
  ASSERT_TRUE(EndsWith(file, "/symbolizer_test.cpp")) << file;
  std::string prefix = file.substr(0, file.size() - strlen("symbolizer_test.cpp"));
  SymbolizerOptions o = Defaults();
  o.strip_path_prefix = prefix.c_str();
  auto stripped = SymbolizeAll(o, {pc});
  ASSERT_EQ(1u, stripped.size());
  EXPECT_EQ("symbolizer_test.cpp", Str(stripped[0].file));
}

TEST_F(SymbolizerTest, MissingExternalPathWarnsAndDiscovers) {
  SymbolizerOptions o = Defaults();
  std::string bogus = dir_ + "/no-such-symbolizer";
  o.external_path = bogus.c_str();
  testing::internal::CaptureStderr();
  std::string backend;
  auto frames = SymbolizeAll(o, {(uptr)&SymTestNoinlineFunction + 1}, &backend);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(std::string::npos,
            err.find("WARNING: ThreadLeakSanitizer: external_symbolizer_path '" +
                     bogus + "' is not executable; symbolizing with "
                     "llvm-symbolizer"))
      << err;
  EXPECT_EQ("llvm-symbolizer", backend);
  ASSERT_EQ(1u, frames.size());
  EXPECT_NE(nullptr, frames[0].function);
}

// A broken external symbolizer: every frame still comes back (dladdr: no
// file), quickly, and the child is gone.
void ExpectFallback(const std::string &script, int timeout_ms,
                    double max_seconds) {
  SymbolizerOptions o = Defaults();
  o.external_path = script.c_str();
  o.timeout_ms = timeout_ms;
  void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(nullptr, libc);
  uptr getenv_pc = (uptr)dlsym(libc, "getenv") + 1;
  std::vector<uptr> pcs = {(uptr)&SymTestNoinlineFunction + 1, getenv_pc,
                           SymTestOuterFunction()};
  auto start = std::chrono::steady_clock::now();
  {
    Symbolizer sym(o);
    ScratchArray<SymbolizedFrame> out;
    sym.Symbolize(pcs.data(), pcs.size(), &out);
    double took = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(took, max_seconds);
    ExpectNoChildren();  // already killed and reaped, not only at the end
    EXPECT_EQ(std::string("dladdr"), sym.BackendName());
    ASSERT_EQ(3u, out.size());
    for (u32 i = 0; i < 3; i++) {
      EXPECT_EQ(i, out[i].source_index);
      EXPECT_EQ(pcs[i], out[i].pc);
      EXPECT_EQ(nullptr, out[i].file);
      EXPECT_NE(nullptr, out[i].module);
      if (out[i].function)
        EXPECT_EQ(std::string::npos, Str(out[i].function).find("garbage"));
    }
    EXPECT_EQ("getenv", Str(out[1].function));  // exported: dladdr knows it
    // Named only if the executable exports it (-rdynamic), never wrongly.
    if (out[0].function)
      EXPECT_EQ("SymTestNoinlineFunction", Str(out[0].function));
  }
  ExpectNoChildren();
}

TEST_F(SymbolizerTest, GarbageAnswerFallsBackToDladdr) {
  ExpectFallback(Script("garbage-symbolizer",
                        "while read l; do echo 'garbage line'; "
                        "echo 'more:garbage'; echo; done"),
                 5000, 3.0);
}

TEST_F(SymbolizerTest, BinaryJunkAndExitFallsBackToDladdr) {
  ExpectFallback(Script("junk-symbolizer",
                        "head -c 300 /dev/urandom; exit 3"),
                 5000, 3.0);
}

TEST_F(SymbolizerTest, UnterminatedAnswerFallsBackToDladdr) {
  ExpectFallback(Script("chatty-symbolizer",
                        "while read l; do echo garbage; done"),
                 300, 1.5);
}

TEST_F(SymbolizerTest, HangingSymbolizerTimesOut) {
  std::string marker = dir_ + "/grandchild.pid";
  ExpectFallback(Script("hanging-symbolizer",
                        "sleep 100 & echo $! > '" + marker + "'; wait"),
                 200, 1.0);
  // The whole process group was killed, the shell's child included.
  std::ifstream in(marker);
  int pid = 0;
  ASSERT_TRUE(in >> pid);
  // Gone, or a zombie of init (which need not reap in a container).
  auto running = [pid] {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    size_t paren = line.rfind(')');
    return paren + 2 < line.size() && line[paren + 2] != 'Z' &&
           line[paren + 2] != 'X';
  };
  for (int i = 0; i < 100 && running(); i++) usleep(10000);
  EXPECT_FALSE(running()) << "sleep " << pid << " survived";
}

TEST_F(SymbolizerTest, HangingAddr2lineTimesOut) {
  ExpectFallback(Script("fake-addr2line", "sleep 100"), 200, 1.0);
}

TEST_F(SymbolizerTest, ChildGetsOnlyStdinAndStdout) {
  const char *llvm = "/usr/lib/llvm-19/bin/llvm-symbolizer";
  if (access(llvm, X_OK) != 0) GTEST_SKIP();
  const int leaky = 77;  // a descriptor of the program without O_CLOEXEC
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_EQ(leaky, dup2(null_fd, leaky));
  close(null_fd);
  std::string fds = dir_ + "/fds";
  std::string wrapper =
      Script("wrapper", "ls /proc/self/fd > '" + fds + "'\nexec " + llvm + " \"$@\"");
  SymbolizerOptions o = Defaults();
  o.external_path = wrapper.c_str();
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  auto frames = SymbolizeAll(o, {pc});
  close(leaky);
  ExpectFunctionAndLine(frames, pc);
  std::ifstream in(fds);
  std::vector<int> seen;
  for (int fd; in >> fd;) seen.push_back(fd);
  // 0, 1, 2 and the one ls opened for /proc/self/fd.
  EXPECT_EQ(4u, seen.size());
  for (int fd : seen) EXPECT_NE(leaky, fd);
}

TEST_F(SymbolizerTest, ChildEnvironmentHasNoTlsanPreload) {
  const char *llvm = "/usr/lib/llvm-19/bin/llvm-symbolizer";
  if (access(llvm, X_OK) != 0) GTEST_SKIP();
  std::string env = dir_ + "/env";
  std::string wrapper = Script(
      "wrapper", "echo \"$LD_PRELOAD|$TLSAN_TEST_VAR\" > '" + env +
                     "'\nexec " + llvm + " \"$@\"");
  const char *old = getenv("LD_PRELOAD");
  std::string saved = old ? old : "";
  setenv("LD_PRELOAD", "/nonexistent/libtlsan.so libm.so.6", 1);
  setenv("TLSAN_TEST_VAR", "kept", 1);
  SymbolizerOptions o = Defaults();
  o.external_path = wrapper.c_str();
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  auto frames = SymbolizeAll(o, {pc});
  if (old) setenv("LD_PRELOAD", saved.c_str(), 1); else unsetenv("LD_PRELOAD");
  unsetenv("TLSAN_TEST_VAR");
  ExpectFunctionAndLine(frames, pc);
  std::ifstream in(env);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ("libm.so.6|kept", line);
}

// Secure execution (AT_SECURE, simulated): a symbolizer in PATH is never
// run (PATH is a less privileged user's); run normally, it is.
TEST_F(SymbolizerTest, SecureExecutionLooksUpNothingInPath) {
  std::string marker = dir_ + "/ran";
  Script("llvm-symbolizer", ": > '" + marker + "'; exit 1");  // no PATH
  Script("addr2line", ": > '" + marker + "'; exit 1");
  const char *old = getenv("PATH");
  std::string saved = old ? old : "";
  setenv("PATH", dir_.c_str(), 1);
  uptr pc = (uptr)&SymTestNoinlineFunction + 1;
  __tlsan::TestOnlySetSecureExecution(true);
  std::string backend;
  auto frames = SymbolizeAll(Defaults(), {pc}, &backend);
  __tlsan::TestOnlySetSecureExecution(false);
  EXPECT_NE(0, access(marker.c_str(), F_OK)) << "ran a PATH symbolizer";
  ASSERT_EQ(1u, frames.size());
  if (access("/usr/lib/llvm-19/bin/llvm-symbolizer", X_OK) == 0)
    EXPECT_EQ("llvm-symbolizer", backend);  // from its fixed location
  SymbolizeAll(Defaults(), {pc});  // ordinary execution: PATH is searched
  setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(0, access(marker.c_str(), F_OK));
}

TEST_F(SymbolizerTest, DladdrNamesAnExportedFunction) {
  // A tool that exits at once: dladdr is what is left.
  std::string fake = Script("not-a-symbolizer", "exit 1");
  void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(nullptr, libc);
  uptr pc = (uptr)dlsym(libc, "getenv") + 1;
  SymbolizerOptions o = Defaults();
  o.external_path = fake.c_str();
  auto frames = SymbolizeAll(o, {pc});
  ASSERT_EQ(1u, frames.size());
  EXPECT_EQ("getenv", Str(frames[0].function));
  EXPECT_NE(std::string::npos, Str(frames[0].module).find("libc"));
  EXPECT_EQ(nullptr, frames[0].file);
}

}  // namespace

// The deadlock report names a global lock by its variable: llvm-symbolizer's
// DATA query gives the variable containing an address and its start.
struct SymTestLockPair {
  long first;
  long second;
};
SymTestLockPair sym_test_global_locks = {1, 2};

TEST_F(SymbolizerTest, DataNamesTheGlobalContainingAnAddress) {
  Symbolizer sym(Defaults());
  ASSERT_STREQ("llvm-symbolizer", sym.BackendName());
  const char *name = nullptr;
  uptr start = 0;
  uptr second = (uptr)&sym_test_global_locks.second;
  ASSERT_TRUE(sym.SymbolizeData(second, &name, &start));
  EXPECT_STREQ("sym_test_global_locks", name);
  EXPECT_EQ((uptr)&sym_test_global_locks, start);
  // A stack address is no variable.
  long on_stack = 0;
  EXPECT_FALSE(sym.SymbolizeData((uptr)&on_stack, &name, &start));
}

TEST_F(SymbolizerTest, DataWithoutLlvmSymbolizerIsUnknown) {
  SymbolizerOptions o = Defaults();
  o.symbolize = false;
  Symbolizer sym(o);
  const char *name = nullptr;
  uptr start = 0;
  EXPECT_FALSE(sym.SymbolizeData((uptr)&sym_test_global_locks, &name, &start));
}
