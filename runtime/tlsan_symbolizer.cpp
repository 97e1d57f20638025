//===-- tlsan_symbolizer.cpp - pcs to function, file and line ------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_symbolizer.h.
//
// Called by the report writers in the leak pass only; not thread-safe (one
// Symbolizer per report), not async-signal-safe (posix_spawn, dladdr,
// dl_iterate_phdr, getenv). Everything it keeps (the Impl, module paths,
// names) lives in mmap'd memory and is unmapped by ~Symbolizer.
//
// Modules: dl_iterate_phdr; a pc belongs to the object whose PT_LOAD segment
// holds pc - 1; base = dlpi_addr; the main program's path is read from
// /proc/self/exe. The list is read again once per Symbolize call when a pc is
// in no known module (a library dlopen'ed since).
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
//   backend          one request               reply
//   llvm-symbolizer  "<module>" 0x<off>\n       (function\nfile:line:col\n)+\n
//   addr2line        0x<off>\n0xfff..f\n        0x<off>\n(function\nfile:line\n)+
//                    (one child per module,     0xffffffffffffffff\n??\n??:0\n
//                     -a -f -C -i -e <module>)
//
// addr2line -i ends an answer with nothing, so each address is followed by
// the dummy address 0xffffffffffffffff; with -a the answer of each address
// starts with its echo, and the echo of the dummy (never a real offset) ends
// the real answer unambiguously, inlined frames included.
//
//===----------------------------------------------------------------------===//
#include "tlsan_symbolizer.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <new>  // placement new only (inline, no libstdc++ symbol)

#include "tlsan_flags.h"
#include "tlsan_syscall_linux.h"

extern char **environ;

namespace __tlsan {

namespace {

constexpr int kDefaultTimeoutMs = 10000;
constexpr uptr kMaxReplyBytes = 1 << 20;
constexpr uptr kMaxReplyLines = 512;
constexpr int kMaxAddr2lineChildren = 16;
constexpr int kNewestLlvm = 25, kOldestLlvm = 14;
constexpr uptr kArenaChunk = 64 << 10;
const char kDummyEcho[] = "0xffffffffffffffff";
#if defined(__x86_64__)
const char kDefaultArch[] = "--default-arch=x86_64";
#else
const char kDefaultArch[] = "--default-arch=arm64";
#endif

enum Backend { kNone, kLlvm, kAddr2line, kDladdr };
const char *const kBackendNames[] = {"none", "llvm-symbolizer", "addr2line",
                                     "dladdr"};

struct Module {
  const char *path;
  uptr base;
  bool usable;  // an absolute, readable path a tool can open and we can quote
};
struct Segment { uptr lo, hi; u32 module; };
struct Chunk { char *p; uptr size; };
struct Line { const char *p; uptr n; };
struct Child {
  int pid;  // 0: not started, > 0: running (fd valid), -1: failed for good
  int fd;
  const char *module;  // addr2line only
};

bool IsExecutableFile(const char *path) {
  struct stat st;
  return path && path[0] && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
         internal_access(path, X_OK) == 0;
}

bool LineIs(Line l, const char *s) {
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

uptr SplitLines(const char *buf, uptr n, Line *lines, uptr max) {
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

struct Symbolizer::Impl {
  Backend backend = kNone;
  const char *tool = nullptr;  // the subprocess' executable
  const char *strip_prefix = nullptr;
  int timeout_ms = kDefaultTimeoutMs;
  bool modules_loaded = false;
  bool timed_out = false;  // set by Exchange when the deadline passed
  bool addr2line_disabled = false;
  Child llvm = {0, -1, nullptr};
  Child addr2line[kMaxAddr2lineChildren] = {};
  int addr2line_next = 0;
  char **envp = nullptr;
  ScratchArray<Module> modules;
  ScratchArray<Segment> segments;
  ScratchArray<Chunk> chunks;
  char *arena = nullptr;
  uptr arena_left = 0;
  TextBuffer request, reply;

  char *Alloc(uptr n) {
    n = (n + 7) & ~(uptr)7;  // keeps every block pointer-aligned
    if (n > arena_left) {
      uptr size = n > kArenaChunk ? n : kArenaChunk;
      chunks.PushBack({(char *)MmapOrDie(size, "symbolizer strings"), size});
      arena = chunks[chunks.size() - 1].p;
      arena_left = size;
    }
    char *p = arena;
    arena += n;
    arena_left -= n;
    return p;
  }
  const char *Copy(const char *s, uptr n) {
    char *p = Alloc(n + 1);
    internal_memcpy(p, s, n);
    p[n] = '\0';
    return p;
  }
  const char *Copy(const char *s) { return Copy(s, internal_strlen(s)); }

  void Discover(const char *external_path);
  const char *FindInPath(const char *name);
  void LoadModules();
  static int CollectModule(struct dl_phdr_info *info, size_t, void *arg);
  const Module *FindModule(uptr pc);
  char **ChildEnv();
  bool Spawn(const char *const *argv, Child *c);
  void Kill(Child *c);
  void GiveUp(Child *c);
  bool Exchange(Child *c, uptr (*reply_end)(const char *, uptr));
  bool QueryLlvm(const Module &m, uptr offset, const SymbolizedFrame &base,
                 ScratchArray<SymbolizedFrame> *out);
  bool QueryAddr2line(const Module &m, uptr offset,
                      const SymbolizedFrame &base,
                      ScratchArray<SymbolizedFrame> *out);
  bool EmitFrames(const Line *lines, uptr pairs, bool with_column,
                  const SymbolizedFrame &base,
                  ScratchArray<SymbolizedFrame> *out);
  bool ParseLocation(Line loc, bool with_column, SymbolizedFrame *f);
  void Dladdr(SymbolizedFrame *f);
};

const char *Symbolizer::Impl::FindInPath(const char *name) {
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
      return Copy(buf);
    path = *end ? end + 1 : end;
  }
  return nullptr;
}

void Symbolizer::Impl::Discover(const char *external_path) {
  // Secure execution: PATH (the whole environment) is a less privileged
  // user's, and the tool would run with our privileges: only fixed system
  // locations (external_symbolizer_path is already reset by the flags).
  bool secure = SecureExecution();
  bool bad_external = false;
  if (external_path && external_path[0] && !secure) {
    if (IsExecutableFile(external_path)) {
      tool = Copy(external_path);
      const char *base = tool;
      for (const char *p = tool; *p; p++)
        if (*p == '/') base = p + 1;
      backend = internal_strstr(base, "addr2line") ? kAddr2line : kLlvm;
      return;
    }
    bad_external = true;
  }
  char name[64];
  if (!secure) {
    tool = FindInPath("llvm-symbolizer");
    for (int v = kNewestLlvm; !tool && v >= kOldestLlvm; v--) {
      snprintf(name, sizeof(name), "llvm-symbolizer-%d", v);
      tool = FindInPath(name);
    }
  }
  for (int v = kNewestLlvm; !tool && v >= kOldestLlvm; v--) {
    snprintf(name, sizeof(name), "/usr/lib/llvm-%d/bin/llvm-symbolizer", v);
    if (IsExecutableFile(name)) tool = Copy(name);
  }
  if (!tool && secure && IsExecutableFile("/usr/bin/llvm-symbolizer"))
    tool = Copy("/usr/bin/llvm-symbolizer");
  backend = kLlvm;
  if (!tool) {
    tool = !secure                                   ? FindInPath("addr2line")
           : IsExecutableFile("/usr/bin/addr2line") ? Copy("/usr/bin/addr2line")
                                                    : nullptr;
    backend = tool ? kAddr2line : kDladdr;
  }
  if (bad_external)
    Report("WARNING: ThreadLeakSanitizer: external_symbolizer_path '%s' is "
           "not executable; symbolizing with %s\n",
           external_path, kBackendNames[backend]);
}

int Symbolizer::Impl::CollectModule(struct dl_phdr_info *info, size_t,
                                    void *arg) {
  Impl *impl = (Impl *)arg;
  const char *name = info->dlpi_name;
  char exe[4096];
  if (!name || !name[0]) {
    // Only the first object, the main program, is nameless by design.
    if (impl->modules.size() != 0) return 0;
    sptr n = internal_syscall6(SYS_readlinkat, (uptr)AT_FDCWD,
                               (uptr) "/proc/self/exe", (uptr)exe,
                               sizeof(exe) - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    name = exe;
  }
  u32 index = (u32)impl->modules.size();
  Module &m = impl->modules.PushBack();
  m.path = impl->Copy(name);
  m.base = info->dlpi_addr;
  m.usable = name[0] == '/' && !internal_strstr(name, "\"") &&
             !internal_strstr(name, "\n") && internal_access(name, R_OK) == 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    impl->segments.PushBack({lo, lo + ph.p_memsz, index});
  }
  return 0;
}

void Symbolizer::Impl::LoadModules() {
  modules.Clear();  // old paths stay in the arena for frames already out
  segments.Clear();
  dl_iterate_phdr(CollectModule, this);
  modules_loaded = true;
}

const Module *Symbolizer::Impl::FindModule(uptr pc) {
  if (pc == 0) return nullptr;
  for (uptr i = 0; i < segments.size(); i++)
    if (pc - 1 >= segments[i].lo && pc - 1 < segments[i].hi)
      return &modules[segments[i].module];
  return nullptr;
}

// The program's environment without libtlsan in LD_PRELOAD: the symbolizer
// must not run a leak pass of its own. Under secure execution, an empty one.
char **Symbolizer::Impl::ChildEnv() {
  if (envp) return envp;
  if (SecureExecution()) {  // none of a less privileged user's variables
    envp = (char **)Alloc(sizeof(char *));
    envp[0] = nullptr;
    return envp;
  }
  uptr n = 0;
  while (environ && environ[n]) n++;
  envp = (char **)Alloc((n + 1) * sizeof(char *));
  uptr out = 0;
  for (uptr i = 0; i < n; i++) {
    const char *e = environ[i];
    if (internal_strncmp(e, "LD_PRELOAD=", 11) != 0 ||
        !internal_strstr(e, "tlsan")) {
      envp[out++] = (char *)e;
      continue;
    }
    char *kept = Alloc(internal_strlen(e) + 1), *w = kept;
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
    if (w > kept + 11) envp[out++] = kept;
  }
  envp[out] = nullptr;
  return envp;
}

bool Symbolizer::Impl::Spawn(const char *const *argv, Child *c) {
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
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
  pid_t pid = -1;
  int err = posix_spawn(&pid, argv[0], &fa, &attr, (char *const *)argv,
                        ChildEnv());
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

void Symbolizer::Impl::Kill(Child *c) {
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

// Kills `c` and says once why its tool is no longer used.
void Symbolizer::Impl::GiveUp(Child *c) {
  bool started = c->pid > 0;
  Kill(c);
  Report("WARNING: ThreadLeakSanitizer: symbolizer '%s' %s; symbolizing with "
         "dladdr\n", tool, !started ? "could not be started"
                           : timed_out ? "timed out"
                                       : "exited or gave an unreadable answer");
}

// Sends `request` and reads one complete reply into `reply`, all within
// timeout_ms. False on timeout, EOF, error, or bytes beyond the reply.
bool Symbolizer::Impl::Exchange(Child *c,
                                uptr (*reply_end)(const char *, uptr)) {
  u64 deadline = MonotonicNanoTime() + (u64)timeout_ms * 1000000;
  timed_out = false;
  const char *s = request.data();
  uptr left = request.size();
  while (left > 0) {
    int r = WaitFd(c->fd, POLLOUT, deadline);
    if (r <= 0) {
      timed_out = r == 0;
      return false;
    }
    sptr w = internal_syscall6(SYS_sendto, c->fd, (uptr)s, left,
                               MSG_NOSIGNAL | MSG_DONTWAIT, 0, 0);
    if (w == -EINTR || w == -EAGAIN) continue;
    if (w <= 0) return false;
    s += w;
    left -= (uptr)w;
  }
  reply.Clear();
  char chunk[4096];
  for (;;) {
    int r = WaitFd(c->fd, POLLIN, deadline);
    if (r <= 0) {
      timed_out = r == 0;
      return false;
    }
    sptr got = internal_read(c->fd, chunk, sizeof(chunk));
    if (got == -EAGAIN) continue;
    if (got <= 0) return false;
    reply.Append(chunk, (uptr)got);
    if (uptr end = reply_end(reply.data(), reply.size()))
      return end == reply.size();  // more would mean we are out of step
    if (reply.size() > kMaxReplyBytes) return false;
  }
}

// "file:line:column" (llvm-symbolizer) or "file:line[ (discriminator N)]"
// (addr2line; the line may be "?"). "??" files are unknown.
bool Symbolizer::Impl::ParseLocation(Line loc, bool with_column,
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
  uptr strip = strip_prefix ? internal_strlen(strip_prefix) : 0;
  if (strip > 0 && strip < n && internal_strncmp(p, strip_prefix, strip) == 0) {
    p += strip;
    n -= strip;
  }
  f->file = Copy(p, n);
  f->line = nums[0];
  f->column = nums[1];
  return true;
}

// lines = function, location pairs, innermost first. On false the caller
// drops what was appended.
bool Symbolizer::Impl::EmitFrames(const Line *lines, uptr pairs,
                                  bool with_column,
                                  const SymbolizedFrame &base,
                                  ScratchArray<SymbolizedFrame> *out) {
  if (pairs == 0) return false;
  for (uptr k = 0; k < pairs; k++) {
    SymbolizedFrame &f = out->PushBack();
    f = base;
    Line fn = lines[2 * k];
    if (fn.n > 0 && !LineIs(fn, "??")) f.function = Copy(fn.p, fn.n);
    f.inlined = k + 1 < pairs;
    if (!ParseLocation(lines[2 * k + 1], with_column, &f)) return false;
  }
  return true;
}

bool Symbolizer::Impl::QueryLlvm(const Module &m, uptr offset,
                                 const SymbolizedFrame &base,
                                 ScratchArray<SymbolizedFrame> *out) {
  if (llvm.pid == 0) {
    const char *argv[] = {tool, "--inlines", "--demangle",
                          "--functions=linkage", kDefaultArch, nullptr};
    if (!Spawn(argv, &llvm)) GiveUp(&llvm);
  }
  if (llvm.pid < 0) return false;
  request.Clear();
  request.Appendf("\"%s\" 0x%zx\n", m.path, (size_t)offset);
  Line lines[kMaxReplyLines + 1];
  uptr n = 0;
  if (Exchange(&llvm, LlvmReplyEnd))
    n = SplitLines(reply.data(), reply.size(), lines, kMaxReplyLines);
  // The last line is the terminating empty one.
  if (n < 3 || n > kMaxReplyLines || n % 2 != 1 ||
      !EmitFrames(lines, (n - 1) / 2, /*with_column=*/true, base, out)) {
    GiveUp(&llvm);
    return false;
  }
  return true;
}

bool Symbolizer::Impl::QueryAddr2line(const Module &m, uptr offset,
                                      const SymbolizedFrame &base,
                                      ScratchArray<SymbolizedFrame> *out) {
  if (addr2line_disabled) return false;
  Child *c = nullptr;
  for (int i = 0; i < kMaxAddr2lineChildren && !c; i++)
    if (addr2line[i].module && internal_strcmp(addr2line[i].module, m.path) == 0)
      c = &addr2line[i];
  if (!c) {
    c = &addr2line[addr2line_next];
    addr2line_next = (addr2line_next + 1) % kMaxAddr2lineChildren;
    Kill(c);  // the slot's previous module, if any
    c->module = m.path;
    const char *argv[] = {tool, "-a", "-f", "-C", "-i", "-e", m.path, nullptr};
    Spawn(argv, c);
  }
  if (c->pid < 0) return false;
  request.Clear();
  request.Appendf("0x%zx\n%s\n", (size_t)offset, kDummyEcho);
  Line lines[kMaxReplyLines + 1];
  uptr n = 0;
  if (Exchange(c, Addr2lineReplyEnd))
    n = SplitLines(reply.data(), reply.size(), lines, kMaxReplyLines);
  // echo, pairs..., dummy echo, "??", "??:0".
  if (n < 6 || n > kMaxReplyLines || n % 2 != 0 ||
      internal_strncmp(lines[0].p, "0x", 2) != 0 ||
      !LineIs(lines[n - 3], kDummyEcho) ||
      !EmitFrames(lines + 1, (n - 4) / 2, /*with_column=*/false, base, out)) {
    // c->module stays: this module goes to dladdr from now on. A timeout
    // stops addr2line for all modules, not to wait once per module.
    if (timed_out) {
      GiveUp(c);
      addr2line_disabled = true;
    } else {
      Kill(c);
    }
    return false;
  }
  return true;
}

// Exported symbols only; the name is kept only when pc - 1 is inside the
// symbol (dladdr alone names the nearest preceding export). No demangler
// (__cxa_demangle is libstdc++'s): mangled names stay mangled.
void Symbolizer::Impl::Dladdr(SymbolizedFrame *f) {
  Dl_info info;
  const ElfW(Sym) *sym = nullptr;
  if (f->pc <= 1 ||
      !dladdr1((void *)(f->pc - 1), &info, (void **)&sym, RTLD_DL_SYMENT))
    return;
  if (!f->module && info.dli_fname && info.dli_fname[0])
    f->module = Copy(info.dli_fname);
  uptr start = (uptr)info.dli_saddr;
  if (info.dli_sname && sym && f->pc - 1 >= start &&
      (sym->st_size == 0 || f->pc - 1 < start + sym->st_size))
    f->function = Copy(info.dli_sname);
}

Symbolizer::Symbolizer(const SymbolizerOptions &options) {
  impl_ = new (MmapOrDie(sizeof(Impl), "Symbolizer")) Impl();
  if (options.timeout_ms > 0) impl_->timeout_ms = options.timeout_ms;
  if (options.strip_path_prefix && options.strip_path_prefix[0])
    impl_->strip_prefix = impl_->Copy(options.strip_path_prefix);
  if (options.symbolize) impl_->Discover(options.external_path);
}

Symbolizer::~Symbolizer() {
  impl_->Kill(&impl_->llvm);
  for (int i = 0; i < kMaxAddr2lineChildren; i++)
    impl_->Kill(&impl_->addr2line[i]);
  for (uptr i = 0; i < impl_->chunks.size(); i++)
    UnmapOrDie(impl_->chunks[i].p, impl_->chunks[i].size);
  impl_->~Impl();
  UnmapOrDie(impl_, sizeof(Impl));
}

void Symbolizer::Symbolize(const uptr *pcs, uptr n,
                           ScratchArray<SymbolizedFrame> *out) {
  Impl *im = impl_;
  if (!im->modules_loaded) im->LoadModules();
  bool reloaded = false;
  for (uptr i = 0; i < n; i++) {
    SymbolizedFrame base = {};
    base.pc = pcs[i];
    base.source_index = (u32)i;
    const Module *m = im->FindModule(pcs[i]);
    if (!m && !reloaded && pcs[i] != 0) {
      reloaded = true;
      im->LoadModules();
      m = im->FindModule(pcs[i]);
    }
    if (m) {
      base.module = m->path;
      base.module_offset = pcs[i] - m->base;
    }
    if (!m || im->backend == kNone) {
      out->PushBack(base);
      continue;
    }
    uptr start = out->size();
    uptr offset = pcs[i] - 1 - m->base;  // the call, not the return address
    bool ok = false;
    if (m->usable && im->backend == kLlvm)
      ok = im->QueryLlvm(*m, offset, base, out);
    else if (m->usable && im->backend == kAddr2line)
      ok = im->QueryAddr2line(*m, offset, base, out);
    if (ok) continue;
    out->Resize(start);
    SymbolizedFrame &f = out->PushBack();
    f = base;
    im->Dladdr(&f);
  }
}

bool Symbolizer::SymbolizeData(uptr addr, const char **name, uptr *start) {
  Impl *im = impl_;
  if (im->backend != kLlvm) return false;
  if (!im->modules_loaded) im->LoadModules();
  // FindModule looks up pc - 1 (a return address): pass addr + 1.
  const Module *m = im->FindModule(addr + 1);
  if (!m || !m->usable) return false;
  if (im->llvm.pid == 0) {
    const char *argv[] = {im->tool, "--inlines", "--demangle",
                          "--functions=linkage", kDefaultArch, nullptr};
    if (!im->Spawn(argv, &im->llvm)) im->GiveUp(&im->llvm);
  }
  if (im->llvm.pid < 0) return false;
  im->request.Clear();
  im->request.Appendf("DATA \"%s\" 0x%zx\n", m->path, (size_t)(addr - m->base));
  Line lines[kMaxReplyLines + 1];
  uptr n = 0;
  if (im->Exchange(&im->llvm, LlvmReplyEnd))
    n = SplitLines(im->reply.data(), im->reply.size(), lines, kMaxReplyLines);
  // "name\nstart size\n[file:line\n]\n"; "??" and "0 0" when unknown.
  if (n < 3 || lines[0].n == 0 || LineIs(lines[0], "??")) return false;
  uptr off = 0;
  const char *p = lines[1].p;
  for (uptr i = 0; i < lines[1].n && p[i] >= '0' && p[i] <= '9'; i++)
    off = off * 10 + (uptr)(p[i] - '0');
  if (off == 0) return false;
  *name = im->Copy(lines[0].p, lines[0].n);
  *start = m->base + off;
  return true;
}

const char *Symbolizer::BackendName() const {
  Backend b = impl_->backend;
  if ((b == kLlvm && impl_->llvm.pid < 0) ||
      (b == kAddr2line && impl_->addr2line_disabled))
    b = kDladdr;  // the tool failed; everything goes to dladdr now
  return kBackendNames[b];
}

}  // namespace __tlsan
