//===-- tlsan_symbolizer_process.cpp - llvm-symbolizer, addr2line ---------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_symbolizer_internal.h.
//
// The external-process protocol: finding the tool, starting and killing its
// children, one request and reply at a time.
//
// Subprocesses: started with posix_spawn (fork is intercepted) in their own
// process group, talking over a socketpair dup'ed onto their stdin and stdout
// (stderr is /dev/null, every other descriptor closed). Requests go out with
// send(MSG_NOSIGNAL), so a dead child is EPIPE, never SIGPIPE; no signal
// disposition of the program is touched. Each request (send + reply) must
// finish within timeout_ms (polled). A child that times out, hits EOF or
// answers something unparseable is killed (SIGKILL to its process group) and
// reaped at once, and the frames fall back to dladdr. LD_PRELOAD entries
// naming libtlsan are removed from the child's environment.
//
//   llvm-symbolizer: one child for all modules.
//     request  "<module>" 0x<off>\n
//     reply    (function\nfile:line:col\n)+\n
//   addr2line: one child per module (-a -f -C -i -e <module>).
//     request  0x<off>\n0xffffffffffffffff\n
//     reply    0x<off>\n(function\nfile:line\n)+0xffffffffffffffff\n??\n??:0\n
//
// addr2line -i ends an answer with nothing, so each address is followed by
// the dummy address 0xffffffffffffffff; with -a the answer of each address
// starts with its echo, and the echo of the dummy (never a real offset) ends
// the real answer unambiguously, inlined frames included.
//
// Leak pass only; not thread-safe, not async-signal-safe (posix_spawn,
// getenv).
//
//===----------------------------------------------------------------------===//
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tlsan_flags.h"
#include "tlsan_symbolizer_internal.h"
#include "tlsan_syscall_linux.h"

namespace __tlsan {

namespace {

constexpr uptr kMaxReplyBytes = 1 << 20;
constexpr uptr kMaxReplyLines = 512;
constexpr int kNewestLlvm = 25, kOldestLlvm = 14;
const char kDummyEcho[] = "0xffffffffffffffff";
#if defined(__x86_64__)
const char kDefaultArch[] = "--default-arch=x86_64";
#else
const char kDefaultArch[] = "--default-arch=arm64";
#endif

const char *const kBackendNames[] = {"none", "llvm-symbolizer", "addr2line",
                                     "dladdr"};

bool IsExecutableFile(const char *path) {
  struct stat st;
  return path && path[0] && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
         internal_access(path, X_OK) == 0;
}

bool LineIs(ReplyLine l, const char *s) {
  return l.n == internal_strlen(s) && internal_strncmp(l.p, s, l.n) == 0;
}

// 1: fd ready for `events`, 0: deadline passed, -1: poll failed.
int WaitFd(int fd, short events, u64 deadline) {
  for (;;) {
    u64 now = MonotonicNanoTime();
    if (now >= deadline) return 0;
    struct pollfd p = {fd, events, 0};
    int r = internal_poll(&p, 1, (int)((deadline - now + 999999) / 1000000));
    if (r == -EINTR || r == 0) continue;
    return r > 0 ? 1 : -1;
  }
}

// Reply framing: the length of the first complete reply in buf, or 0.
uptr LlvmReplyEnd(const char *buf, uptr n) {
  for (uptr i = 0; i < n; i++)
    if (buf[i] == '\n' && (i == 0 || buf[i - 1] == '\n')) return i + 1;
  return 0;
}

uptr Addr2lineReplyEnd(const char *buf, uptr n) {
  const uptr echo_len = sizeof(kDummyEcho) - 1;
  for (uptr i = 0; i + echo_len < n; i++) {
    if ((i > 0 && buf[i - 1] != '\n') ||
        internal_strncmp(buf + i, kDummyEcho, echo_len) != 0 ||
        buf[i + echo_len] != '\n')
      continue;
    int newlines = 0;  // the dummy's function and location lines
    for (uptr j = i + echo_len + 1; j < n; j++)
      if (buf[j] == '\n' && ++newlines == 2) return j + 1;
    return 0;
  }
  return 0;
}

bool Contains(const char *p, uptr n, const char *needle) {
  uptr len = internal_strlen(needle);
  for (uptr i = 0; i + len <= n; i++)
    if (internal_strncmp(p + i, needle, len) == 0) return true;
  return false;
}

uptr SplitLines(const char *buf, uptr n, ReplyLine *lines, uptr max) {
  uptr count = 0, start = 0;
  for (uptr i = 0; i < n; i++) {
    if (buf[i] != '\n') continue;
    if (count == max) return max + 1;
    lines[count++] = {buf + start, i - start};
    start = i + 1;
  }
  return count;
}

}  // namespace

const char *BackendName(Backend backend) {
  return kBackendNames[static_cast<int>(backend)];
}

SymbolizerProcess::~SymbolizerProcess() {
  Kill(&llvm_);
  for (int i = 0; i < kMaxAddr2lineChildren; i++) Kill(&addr2line_[i]);
}

Backend SymbolizerProcess::backend() const {
  if ((backend_ == Backend::kLlvm && llvm_.pid < 0) ||
      (backend_ == Backend::kAddr2line && addr2line_disabled_))
    return Backend::kDladdr;  // the tool failed; everything goes to dladdr now
  return backend_;
}

// ---- Finding the tool ------------------------------------------------------

const char *SymbolizerProcess::FindInPath(const char *name) {
  const char *path = getenv("PATH");
  char buf[4096];
  while (path && *path) {
    const char *end = path;
    while (*end && *end != ':') end++;
    int len = (int)(end - path);
    // An empty PATH element means the current directory.
    int n = snprintf(buf, sizeof(buf), "%.*s/%s", len ? len : 1,
                     len ? path : ".", name);
    if (n > 0 && (uptr)n < sizeof(buf) && IsExecutableFile(buf))
      return arena_->Copy(buf);
    path = *end ? end + 1 : end;
  }
  return nullptr;
}

// llvm-symbolizer on PATH, then its versioned names, then
// /usr/lib/llvm-*/bin; under secure execution never PATH: /usr/lib/llvm-*/bin
// and /usr/bin only.
const char *SymbolizerProcess::FindLlvmSymbolizer(bool secure) {
  char name[64];
  const char *tool = nullptr;
  if (!secure) {
    tool = FindInPath("llvm-symbolizer");
    for (int v = kNewestLlvm; !tool && v >= kOldestLlvm; v--) {
      snprintf(name, sizeof(name), "llvm-symbolizer-%d", v);
      tool = FindInPath(name);
    }
  }
  for (int v = kNewestLlvm; !tool && v >= kOldestLlvm; v--) {
    snprintf(name, sizeof(name), "/usr/lib/llvm-%d/bin/llvm-symbolizer", v);
    if (IsExecutableFile(name)) tool = arena_->Copy(name);
  }
  if (!tool && secure && IsExecutableFile("/usr/bin/llvm-symbolizer"))
    tool = arena_->Copy("/usr/bin/llvm-symbolizer");
  return tool;
}

Backend SymbolizerProcess::Discover(const char *external_path) {
  // Secure execution: PATH (the whole environment) is a less privileged
  // user's, and the tool would run with our privileges: only fixed system
  // locations (external_symbolizer_path is already reset by the flags).
  bool secure = SecureExecution();
  bool bad_external = false;
  if (external_path && external_path[0] && !secure) {
    if (IsExecutableFile(external_path)) {
      tool_ = arena_->Copy(external_path);
      const char *base = tool_;
      for (const char *p = tool_; *p; p++)
        if (*p == '/') base = p + 1;
      backend_ = internal_strstr(base, "addr2line") ? Backend::kAddr2line
                                                    : Backend::kLlvm;
      return backend_;
    }
    bad_external = true;
  }
  tool_ = FindLlvmSymbolizer(secure);
  backend_ = Backend::kLlvm;
  if (!tool_) {
    tool_ = !secure ? FindInPath("addr2line")
            : IsExecutableFile("/usr/bin/addr2line")
                ? arena_->Copy("/usr/bin/addr2line")
                : nullptr;
    backend_ = tool_ ? Backend::kAddr2line : Backend::kDladdr;
  }
  if (bad_external)
    Report("WARNING: ThreadLeakSanitizer: external_symbolizer_path '%s' is "
           "not executable; symbolizing with %s\n",
           external_path, BackendName(backend_));
  return backend_;
}

// ---- Children --------------------------------------------------------------

// The program's environment without libtlsan in LD_PRELOAD: the symbolizer
// must not run a leak pass of its own. Under secure execution, an empty one.
char **SymbolizerProcess::ChildEnv() {
  if (envp_) return envp_;
  if (SecureExecution()) {  // none of a less privileged user's variables
    envp_ = (char **)arena_->Alloc(sizeof(char *));
    envp_[0] = nullptr;
    return envp_;
  }
  uptr n = 0;
  while (environ && environ[n]) n++;
  envp_ = (char **)arena_->Alloc((n + 1) * sizeof(char *));
  uptr out = 0;
  for (uptr i = 0; i < n; i++) {
    const char *e = environ[i];
    if (internal_strncmp(e, "LD_PRELOAD=", 11) != 0 ||
        !internal_strstr(e, "tlsan")) {
      envp_[out++] = (char *)e;
      continue;
    }
    char *kept = arena_->Alloc(internal_strlen(e) + 1), *w = kept;
    internal_memcpy(w, e, 11);
    w += 11;
    for (const char *p = e + 11; *p;) {
      const char *end = p;
      while (*end && *end != ':' && *end != ' ') end++;
      if (end > p && !Contains(p, (uptr)(end - p), "libtlsan")) {
        if (w > kept + 11) *w++ = ':';
        internal_memcpy(w, p, (uptr)(end - p));
        w += end - p;
      }
      p = *end ? end + 1 : end;
    }
    *w = '\0';
    if (w > kept + 11) envp_[out++] = kept;
  }
  envp_[out] = nullptr;
  return envp_;
}

bool SymbolizerProcess::Spawn(const char *const *argv, Child *c) {
  c->pid = -1;
  c->fd = -1;
  int sv[2];
  // Both ends above 2 (internal_socketpair): with the program's stdout
  // closed, our end must not become fd 1, where the report goes.
  if (internal_socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return false;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);  // dup2 clears CLOEXEC
  posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 34)
  // Also the program's own descriptors that lack O_CLOEXEC.
  posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);  // so that Kill reaches grandchildren
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
  pid_t pid = -1;
  int err =
      posix_spawn(&pid, argv[0], &fa, &attr, (char *const *)argv, ChildEnv());
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&fa);
  internal_close(sv[1]);
  if (err != 0 || pid <= 0) {
    internal_close(sv[0]);
    return false;
  }
  c->pid = pid;
  c->fd = sv[0];
  return true;
}

void SymbolizerProcess::Kill(Child *c) {
  if (c->pid > 0) {  // fd is valid exactly while pid > 0
    internal_close(c->fd);
    // Our unreaped child's pid cannot be reused, so -pid is its group.
    internal_kill(-c->pid, SIGKILL);
    internal_kill(c->pid, SIGKILL);
    internal_wait4(c->pid, nullptr, 0);  // ECHILD if the program reaped it
  }
  c->pid = -1;
  c->fd = -1;
}

// Kills `c` and says once why its tool_ is no longer used.
void SymbolizerProcess::GiveUp(Child *c) {
  bool started = c->pid > 0;
  Kill(c);
  Report("WARNING: ThreadLeakSanitizer: symbolizer '%s' %s; symbolizing with "
         "dladdr\n",
         tool_,
         !started     ? "could not be started"
         : timed_out_ ? "timed out"
                      : "exited or gave an unreadable answer");
}

// Sends request_ before the deadline. False on timeout (timed_out_ set),
// EOF or error.
bool SymbolizerProcess::Send(Child *c, u64 deadline) {
  const char *s = request_.data();
  uptr left = request_.size();
  while (left > 0) {
    int r = WaitFd(c->fd, POLLOUT, deadline);
    if (r <= 0) {
      timed_out_ = r == 0;
      return false;
    }
    sptr w = internal_syscall6(SYS_sendto, c->fd, (uptr)s, left,
                               MSG_NOSIGNAL | MSG_DONTWAIT, 0, 0);
    if (w == -EINTR || w == -EAGAIN) continue;
    if (w <= 0) return false;
    s += w;
    left -= (uptr)w;
  }
  return true;
}

// Sends request_ and reads one complete reply into reply_, all within
// timeout_ms_. False on timeout, EOF, error, or bytes beyond the reply.
bool SymbolizerProcess::Exchange(Child *c,
                                 uptr (*reply_end)(const char *, uptr)) {
  u64 deadline = MonotonicNanoTime() + (u64)timeout_ms_ * 1000000;
  timed_out_ = false;
  if (!Send(c, deadline)) return false;
  reply_.Clear();
  char chunk[4096];
  for (;;) {
    int r = WaitFd(c->fd, POLLIN, deadline);
    if (r <= 0) {
      timed_out_ = r == 0;
      return false;
    }
    sptr got = internal_read(c->fd, chunk, sizeof(chunk));
    if (got == -EAGAIN) continue;
    if (got <= 0) return false;
    reply_.Append(chunk, (uptr)got);
    if (uptr end = reply_end(reply_.data(), reply_.size()))
      return end == reply_.size();  // more would mean we are out of step
    if (reply_.size() > kMaxReplyBytes) return false;
  }
}

// ---- The protocol ----------------------------------------------------------

// "file:line:column" (llvm-symbolizer) or "file:line[ (discriminator N)]"
// (addr2line; the line may be "?"). "??" files are unknown.
bool SymbolizerProcess::ParseLocation(ReplyLine loc, bool with_column,
                                      SymbolizedFrame *f) {
  const char *p = loc.p;
  uptr n = loc.n;
  if (!with_column && n > 0 && p[n - 1] == ')') {
    for (uptr i = n - 1; i > 0; i--)
      if (p[i - 1] == ' ' && p[i] == '(') {
        n = i - 1;
        break;
      }
  }
  int nums[2] = {0, 0};
  for (int k = with_column ? 1 : 0; k >= 0; k--) {
    uptr j = n;
    while (j > 0 && p[j - 1] >= '0' && p[j - 1] <= '9') j--;
    if (j == n && !with_column && n > 0 && p[n - 1] == '?') j = n - 1;
    if (j == n || j == 0 || p[j - 1] != ':') return false;
    for (uptr i = j; i < n && p[i] != '?' && nums[k] < 100000000; i++)
      nums[k] = nums[k] * 10 + (p[i] - '0');
    n = j - 1;
  }
  if (n == 0) return false;
  if (n == 2 && p[0] == '?' && p[1] == '?') return true;  // all unknown
  uptr strip = strip_prefix_ ? internal_strlen(strip_prefix_) : 0;
  if (strip > 0 && strip < n &&
      internal_strncmp(p, strip_prefix_, strip) == 0) {
    p += strip;
    n -= strip;
  }
  f->file = arena_->Copy(p, n);
  f->line = nums[0];
  f->column = nums[1];
  return true;
}

// lines = function, location pairs, innermost first. On false the caller
// drops what was appended.
bool SymbolizerProcess::EmitFrames(const ReplyLine *lines, uptr pairs,
                                   bool with_column,
                                   const SymbolizedFrame &base,
                                   ScratchArray<SymbolizedFrame> *out) {
  if (pairs == 0) return false;
  for (uptr k = 0; k < pairs; k++) {
    SymbolizedFrame &f = out->PushBack();
    f = base;
    ReplyLine fn = lines[2 * k];
    if (fn.n > 0 && !LineIs(fn, "??")) f.function = arena_->Copy(fn.p, fn.n);
    f.inlined = k + 1 < pairs;
    if (!ParseLocation(lines[2 * k + 1], with_column, &f)) return false;
  }
  return true;
}

// Starts llvm-symbolizer if needed and asks it `command` (""  for code,
// "DATA " for a variable) about module+offset. False when the child failed
// for good; else *n reply lines (0 when this exchange failed).
bool SymbolizerProcess::AskLlvm(const char *command, const Module &m,
                                uptr offset, ReplyLine *lines, uptr *n) {
  if (llvm_.pid == 0) {
    const char *argv[] = {tool_,        "--inlines",
                          "--demangle", "--functions=linkage",
                          kDefaultArch, nullptr};
    if (!Spawn(argv, &llvm_)) GiveUp(&llvm_);
  }
  if (llvm_.pid < 0) return false;
  request_.Clear();
  request_.Appendf("%s\"%s\" 0x%zx\n", command, m.path, (size_t)offset);
  *n = 0;
  if (Exchange(&llvm_, LlvmReplyEnd))
    *n = SplitLines(reply_.data(), reply_.size(), lines, kMaxReplyLines);
  return true;
}

bool SymbolizerProcess::QueryLlvm(const Module &m, uptr offset,
                                  const SymbolizedFrame &base,
                                  ScratchArray<SymbolizedFrame> *out) {
  ReplyLine lines[kMaxReplyLines + 1];
  uptr n = 0;
  if (!AskLlvm("", m, offset, lines, &n)) return false;
  // The last line is the terminating empty one.
  if (n < 3 || n > kMaxReplyLines || n % 2 != 1 ||
      !EmitFrames(lines, (n - 1) / 2, /*with_column=*/true, base, out)) {
    GiveUp(&llvm_);
    return false;
  }
  return true;
}

bool SymbolizerProcess::QueryData(const Module &m, uptr offset,
                                  const char **name, uptr *start_offset) {
  if (backend_ != Backend::kLlvm) return false;
  ReplyLine lines[kMaxReplyLines + 1];
  uptr n = 0;
  if (!AskLlvm("DATA ", m, offset, lines, &n)) return false;
  // "name\nstart size\n[file:line\n]\n"; "??" and "0 0" when unknown.
  if (n < 3 || lines[0].n == 0 || LineIs(lines[0], "??")) return false;
  uptr off = 0;
  const char *p = lines[1].p;
  for (uptr i = 0; i < lines[1].n && p[i] >= '0' && p[i] <= '9'; i++)
    off = off * 10 + (uptr)(p[i] - '0');
  if (off == 0) return false;
  *name = arena_->Copy(lines[0].p, lines[0].n);
  *start_offset = off;
  return true;
}

// The running child for module m, or a new one in the next slot (killing
// the slot's previous module's child).
SymbolizerProcess::Child *SymbolizerProcess::Addr2lineChild(const Module &m) {
  for (int i = 0; i < kMaxAddr2lineChildren; i++)
    if (addr2line_[i].module &&
        internal_strcmp(addr2line_[i].module, m.path) == 0)
      return &addr2line_[i];
  Child *c = &addr2line_[addr2line_next_];
  addr2line_next_ = (addr2line_next_ + 1) % kMaxAddr2lineChildren;
  Kill(c);
  c->module = m.path;
  const char *argv[] = {tool_, "-a", "-f", "-C", "-i", "-e", m.path, nullptr};
  Spawn(argv, c);
  return c;
}

bool SymbolizerProcess::QueryAddr2line(const Module &m, uptr offset,
                                       const SymbolizedFrame &base,
                                       ScratchArray<SymbolizedFrame> *out) {
  if (addr2line_disabled_) return false;
  Child *c = Addr2lineChild(m);
  if (c->pid < 0) return false;
  request_.Clear();
  request_.Appendf("0x%zx\n%s\n", (size_t)offset, kDummyEcho);
  ReplyLine lines[kMaxReplyLines + 1];
  uptr n = 0;
  if (Exchange(c, Addr2lineReplyEnd))
    n = SplitLines(reply_.data(), reply_.size(), lines, kMaxReplyLines);
  // echo, pairs..., dummy echo, "??", "??:0".
  if (n < 6 || n > kMaxReplyLines || n % 2 != 0 ||
      internal_strncmp(lines[0].p, "0x", 2) != 0 ||
      !LineIs(lines[n - 3], kDummyEcho) ||
      !EmitFrames(lines + 1, (n - 4) / 2, /*with_column=*/false, base, out)) {
    // c->module stays: this module goes to dladdr from now on. A timeout
    // stops addr2line for all modules, not to wait once per module.
    if (timed_out_) {
      GiveUp(c);
      addr2line_disabled_ = true;
    } else {
      Kill(c);
    }
    return false;
  }
  return true;
}

bool SymbolizerProcess::Query(const Module &m, uptr offset,
                              const SymbolizedFrame &base,
                              ScratchArray<SymbolizedFrame> *out) {
  if (!m.usable) return false;
  if (backend_ == Backend::kLlvm) return QueryLlvm(m, offset, base, out);
  if (backend_ == Backend::kAddr2line)
    return QueryAddr2line(m, offset, base, out);
  return false;
}

}  // namespace __tlsan
