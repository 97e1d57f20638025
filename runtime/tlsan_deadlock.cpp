//===-- tlsan_deadlock.cpp - deadlocks found while the program runs ------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_deadlock.h.
//
// A check, top to bottom: snapshot the registry, walk the wait-for edges
// from the calling thread (FindCycle), compare with the previous check's
// cycle (stable: seen twice), look that no member runs (Confirm), then
// build the report model (a LeakSet of kind kCheckDeadlock: the cycle's
// threads and those waiting on them, classified by the classifier like any
// leak) and hand it to the writers.
//
//===----------------------------------------------------------------------===//
#include "tlsan_deadlock.h"

#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "tlsan_check.h"
#include "tlsan_classifier.h"
#include "tlsan_flags.h"
#include "tlsan_proc_linux.h"
#include "tlsan_registry.h"
#include "tlsan_report.h"
#include "tlsan_report_sink.h"
#include "tlsan_rtl.h"
#include "tlsan_symbolizer.h"
#include "tlsan_syscall_linux.h"
#include "tlsan_wait_graph.h"

namespace __tlsan {

bool deadlock_detection_on;

namespace {

bool abort_on_deadlock = true;
// One check at a time (a try-lock); a thread that finds it taken tries again
// after the confirmation interval.
int check_busy;
// abort: the first confirmed cycle's reporter owns the process's end.
int abort_claimed;
uptr reports_written;
uptr checks_run;
// deadlock_action=report: signatures of the cycles already reported.
static constexpr uptr kMaxReported = 256;
u64 reported[kMaxReported];
uptr reported_count;

bool CallIs(const char *call, const char *name) {
  return call && internal_strcmp(call, name) == 0;
}

// Whether the wait published in `t` is an edge of the wait-for graph: an
// untimed wait of a thread that is running its code (not finished), still
// inside the call (no longjmp since it entered it).
bool IsEdge(const ThreadSnapshot &t) {
  if (t.state() != kRunning || t.tid == 0) return false;
  if ((u16)t.jumps != t.blocking.jumps) return false;
  const char *call = t.blocking.call;
  switch (t.blocking.kind) {
    case kBlockMutex:
      return CallIs(call, "pthread_mutex_lock") || CallIs(call, "mtx_lock");
    case kBlockRwlock:
      return CallIs(call, "pthread_rwlock_rdlock") ||
             CallIs(call, "pthread_rwlock_wrlock");
    case kBlockJoin:
      return CallIs(call, "pthread_join") || CallIs(call, "thrd_join");
    default: return false;
  }
}

// The tid that holds what `t` waits on (IsEdge(t)), or 0 when unknown.
int EdgeOwner(const ThreadSnapshot &t) {
  return HolderTid((BlockingKind)t.blocking.kind, t.blocking.object,
                   /*finished_join_holds=*/false);
}

sptr FindTid(const ScratchArray<ThreadSnapshot> &snap, int tid) {
  for (uptr i = 0; i < snap.size(); i++)
    if (snap[i].tid == tid && snap[i].state() == kRunning) return (sptr)i;
  return -1;
}

struct Cycle {
  uptr size;
  // In wait order: member i waits for member i+1 (the last for the first).
  ThreadSnapshot member[kMaxCycle];
  int owner[kMaxCycle];
  u64 signature;  // order-independent: the same for every member
};

// The cycle of untimed waits through the calling thread (record `self`),
// or false. Reads only the records along the path (a lookup by tid each),
// not the whole registry: 10,000 blocked threads checking now and then
// stay cheap.
bool FindCycle(ThreadRecord *self, Cycle *c) {
  c->size = 0;
  c->signature = 0;
  ThreadSnapshot cur;
  if (!registry().SnapshotOne(self, &cur)) return false;
  int self_tid = cur.tid;
  while (c->size < kMaxCycle) {
    if (!IsEdge(cur)) return false;
    int owner = EdgeOwner(cur);
    if (owner == 0) return false;
    c->member[c->size] = cur;
    c->owner[c->size] = owner;
    c->size++;
    c->signature += HashMix(((u64)cur.index << 32 | cur.generation) ^
                            HashMix((u64)cur.blocking.seq << 32 | (u32)owner) ^
                            cur.blocking.object);
    if (owner == self_tid) return c->signature != 0;
    for (uptr i = 1; i < c->size; i++)
      if (c->member[i].tid == owner)
        return false;  // a cycle without us:
                       // its members report it
    u32 gen;
    ThreadRecord *r = registry().FindByTid(owner, &gen);
    if (!r || !registry().SnapshotOne(r, &cur) || cur.generation != gen ||
        cur.state() != kRunning)
      return false;
  }
  return false;
}

// Second look: no other member is on a CPU (a running holder is no cycle;
// one in its own check or between two slices is on a CPU for microseconds,
// and the next check looks again).
bool NoMemberRuns(const Cycle &c, int self_tid) {
  TaskDir dir;
  for (uptr i = 0; i < c.size; i++) {
    int tid = c.member[i].tid;
    if (tid == self_tid) continue;
    TaskStat st;
    if (!ReadTaskStat(dir, tid, &st) || st.state == 'R') return false;
  }
  return true;
}

// deadlock_action=report: true the first time `signature` is seen.
bool FirstReportOf(u64 signature) {
  for (uptr i = 0; i < reported_count; i++)
    if (reported[i] == signature) return false;
  if (reported_count < kMaxReported) reported[reported_count++] = signature;
  return true;
}

const char *KindWord(const BlockingInfo &b) {
  switch (b.kind) {
    case kBlockMutex: return "mutex";
    case kBlockRwlock: return "rwlock";
    default: return "join of";
  }
}

void AppendThreadName(const ThreadSnapshot &t, TextBuffer *out) {
  if (t.has(kMain))
    out->Append("main thread");
  else
    out->Appendf("T%u", t.uid);
  if (t.name[0]) out->Appendf(" '%s'", t.name);
}

// The mapping of /proc/self/maps that contains `addr`: [lo, hi) and its
// name ("[heap]", "[stack]", a path, or "" for anonymous memory).
struct Mapping {
  uptr lo, hi;
  char name[64];
};

bool ParseHex(const char **p, uptr *out) {
  uptr v = 0;
  const char *s = *p;
  for (; (*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'); s++)
    v = v * 16 + (uptr)(*s <= '9' ? *s - '0' : *s - 'a' + 10);
  bool any = s != *p;
  *p = s;
  *out = v;
  return any;
}

// Parses one /proc/self/maps line, "lo-hi perms offset dev inode   name";
// true (and *m filled) if its range holds `addr`.
bool MappingLineHolds(const char *line, uptr addr, Mapping *m) {
  const char *p = line;
  uptr lo, hi;
  if (!ParseHex(&p, &lo) || *p != '-') return false;
  p++;
  if (!ParseHex(&p, &hi) || addr < lo || addr >= hi) return false;
  m->lo = lo;
  m->hi = hi;
  for (int field = 0; field < 5 && *p; field++) {  // skip to the name
    while (*p == ' ') p++;
    while (*p && *p != ' ') p++;
  }
  while (*p == ' ') p++;
  internal_strlcpy(m->name, p, sizeof(m->name));
  return true;
}

bool FindMapping(uptr addr, Mapping *m) {
  int fd = internal_open("/proc/self/maps", O_RDONLY);
  if (fd < 0) return false;
  // Lines are read whole: a line longer than the buffer is skipped.
  char buf[8192];
  uptr have = 0;
  bool found = false;
  for (;;) {
    sptr r = internal_read(fd, buf + have, sizeof(buf) - 1 - have);
    if (r <= 0) break;
    have += (uptr)r;
    buf[have] = '\0';
    char *line = buf;
    for (char *nl = line; !found; line = ++nl) {
      while (*nl && *nl != '\n') nl++;
      if (!*nl) break;  // an incomplete line: read more first
      *nl = '\0';
      found = MappingLineHolds(line, addr, m);
    }
    if (found) break;
    uptr rest = have - (uptr)(line - buf);
    if (rest == have && have == sizeof(buf) - 1) rest = 0;  // overlong line
    for (uptr i = 0; i < rest; i++) buf[i] = buf[have - rest + i];  // left
    have = rest;
  }
  internal_close(fd);
  return found;
}

// The executable's path (/proc/self/exe); "" if unreadable. Reports only
// (one reporter at a time: check_busy).
const char *ProgramPath() {
  static char path[4096];
  ReadProgramPath(path, sizeof(path));
  return path;
}

// The loaded module whose segments (.data and .bss included) hold `addr`.
struct ModuleOf {
  uptr addr;
  const char *path;  // null: none
};

int FindModuleOf(struct dl_phdr_info *info, size_t, void *arg) {
  ModuleOf *m = (ModuleOf *)arg;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    uptr lo = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && m->addr >= lo && m->addr < lo + ph.p_memsz) {
      m->path = info->dlpi_name && info->dlpi_name[0] ? info->dlpi_name
                                                      : ProgramPath();
      return 1;
    }
  }
  return 0;
}

// Where the lock lives: a global or static variable (by name, when the
// symbolizer knows it), a thread's stack (the mapping that holds the top
// of its stack), the heap, or the module whose data it is in.
void AppendObjectPlace(uptr object, ScratchArray<ThreadSnapshot> &snap,
                       Symbolizer *symbolizer, TextBuffer *out) {
  const char *name = nullptr;
  uptr start = 0;
  if (symbolizer && symbolizer->SymbolizeData(object, &name, &start) && name) {
    out->Appendf(" ('%s'", name);
    if (object != start) out->Appendf("+%zu", (size_t)(object - start));
    out->Append(")");
    return;
  }
  ModuleOf mod = {object, nullptr};
  dl_iterate_phdr(FindModuleOf, &mod);
  if (mod.path) {
    const char *base = mod.path;
    for (const char *c = mod.path; *c; c++)
      if (*c == '/') base = c + 1;
    out->Appendf(" (in %s)", base[0] ? base : "the executable");
    return;
  }
  Mapping m;
  if (!FindMapping(object, &m)) return;
  for (uptr i = 0; i < snap.size(); i++) {
    const ThreadSnapshot &t = snap[i];
    if (t.stack_top && t.stack_top - 1 >= m.lo && t.stack_top - 1 < m.hi) {
      out->Append(" (on the stack of ");
      AppendThreadName(t, out);
      out->Append(")");
      return;
    }
  }
  out->Append(internal_strcmp(m.name, "[stack]") == 0 ? " (on a stack)"
                                                      : " (heap)");
}

// "T1 'left' -> mutex 0x... held by T2 'right' -> mutex 0x... held by T1"
// Starts with the member created first (the main thread, if it is one).
void DescribeCycle(const Cycle &c, ScratchArray<ThreadSnapshot> &snap,
                   Symbolizer *symbolizer, TextBuffer *out) {
  uptr first = 0;
  for (uptr i = 1; i < c.size; i++)
    if (c.member[i].uid < c.member[first].uid) first = i;
  AppendThreadName(c.member[first], out);
  for (uptr k = 0; k < c.size; k++) {
    uptr i = (first + k) % c.size;
    const ThreadSnapshot &t = c.member[i];
    const ThreadSnapshot &next = c.member[(i + 1) % c.size];
    if (t.blocking.kind == kBlockJoin) {
      out->Append(" -> join of ");
      AppendThreadName(next, out);
      continue;
    }
    out->Appendf(" -> %s 0x%zx", KindWord(t.blocking),
                 (size_t)t.blocking.object);
    AppendObjectPlace(t.blocking.object, snap, symbolizer, out);
    out->Append(t.blocking.kind == kBlockRwlock ? " write-held by "
                                                : " held by ");
    AppendThreadName(next, out);
  }
}

// Threads whose waits lead into the cycle (the main thread joining one of
// its members): their snapshot indices, appended to `chain`.
void FindChains(ScratchArray<ThreadSnapshot> &snap, const Cycle &c,
                ScratchArray<u32> *chain) {
  ScratchArray<u8> in;  // 1: cycle or chain
  in.Resize(snap.size());
  for (uptr i = 0; i < snap.size(); i++)
    for (uptr k = 0; k < c.size; k++)
      if (snap[i].index == c.member[k].index &&
          snap[i].generation == c.member[k].generation)
        in[i] = 1;
  ScratchArray<int> owner;
  owner.Resize(snap.size());
  for (uptr i = 0; i < snap.size(); i++)
    owner[i] = !in[i] && IsEdge(snap[i]) ? EdgeOwner(snap[i]) : 0;
  for (bool changed = true; changed;) {
    changed = false;
    for (uptr i = 0; i < snap.size(); i++) {
      if (in[i] || owner[i] == 0) continue;
      sptr j = FindTid(snap, owner[i]);
      if (j < 0 || !in[j]) continue;
      in[i] = 1;
      chain->PushBack((u32)i);
      changed = true;
    }
  }
}

// The report model of a confirmed cycle, written where reports go.
void ReportCycle(const Cycle &c) {
  ThreadContext *ctx = CurrentContext();
  ScratchArray<ThreadSnapshot> snap;
  registry().Snapshot(&snap);
  ScratchArray<u32> chain;
  FindChains(snap, c, &chain);
  LeakSet set;
  set.kind = kCheckDeadlock;
  for (uptr i = 0; i < c.size + chain.size(); i++) {
    const ThreadSnapshot &t =
        i < c.size ? c.member[i] : snap[chain[i - c.size]];
    LeakedThread &l = set.leaks.PushBack();
    l.thread = t;
    l.foreign = t.has(kForeign);
    l.scope = t.scope;
  }
  // The test that was running: the reporting thread's scope, else the main
  // thread's, else the one a member was created in.
  set.scope = ctx->scope;
  for (uptr i = 0; i < snap.size() && !set.scope; i++)
    if (snap[i].has(kMain)) set.scope = CurrentScopeOf(snap[i].handle);
  for (uptr i = 0; i < c.size && !set.scope; i++) set.scope = c.member[i].scope;
  ClassifyLeaks(&set);

  Symbolizer symbolizer(SymbolizerOptionsFromFlags());
  SymbolCache symbols(&symbolizer);
  {
    TextBuffer note;
    DescribeCycle(c, snap, flags()->symbolize ? &symbolizer : nullptr, &note);
    internal_strlcpy(set.cycle_note, note.data(), sizeof(set.cycle_note));
  }
  set.cycle_size = (u8)c.size;
  ReportClassifiedLeaks(&set, &symbols);
  AtomicAdd(&reports_written, (uptr)1);
}

}  // namespace

void InitializeDeadlockDetection() {
  deadlock_detection_on = flags()->detect_deadlocks && DetectLeaks();
  abort_on_deadlock = internal_strcmp(flags()->deadlock_action, "report") != 0;
}

uptr DeadlockCheckCount() { return AtomicLoad(&checks_run); }
uptr DeadlockReportCount() { return AtomicLoad(&reports_written); }

struct timespec DeadlockWatch::NextDeadline(clockid_t clock) {
  u64 check_ms = (u64)flags()->deadlock_check_ms;
  u64 ms;
  if (candidate_ || retry_soon_) {
    // Confirm a cycle (or look again after a busy check) soon: a fifth of
    // the interval, at most 100 ms.
    ms = check_ms / 5;
    if (ms > 100) ms = 100;
    if (ms == 0) ms = 1;
  } else {
    ms = check_ms << (checks_ < 6 ? checks_ : 6);
  }
  struct timespec now;
  clock_gettime(clock, &now);
  u64 ns = (u64)now.tv_nsec + (ms % 1000) * 1000000ull;
  now.tv_sec += (time_t)(ms / 1000 + ns / 1000000000ull);
  now.tv_nsec = (long)(ns % 1000000000ull);
  return now;
}

void DeadlockWatch::OnTimeout() {
  ThreadContext *ctx = CurrentContext();
  ThreadRecord *self = ctx->record;
  if (!self || ExitInProgress()) {
    checks_++;
    candidate_ = 0;
    return;
  }
  int expected = 0;
  retry_soon_ = !AtomicCas(&check_busy, &expected, 1);
  if (retry_soon_) return;  // another thread is checking
  int saved_errno = errno;
  ctx->in_runtime++;
  AtomicAdd(&checks_run, (uptr)1);
  // One check at a time (check_busy): the cycle (2.4 KiB) is static, off
  // the waiting thread's stack, which may be small.
  static Cycle c;
  u64 found = FindCycle(self, &c) ? c.signature : 0;
  bool report = false;
  if (found && found == candidate_ && NoMemberRuns(c, ctx->tid)) {
    if (abort_on_deadlock) {
      int none = 0;
      report = AtomicCas(&abort_claimed, &none, 1);
    } else {
      report = FirstReportOf(found);
    }
  }
  if (report) ReportCycle(c);
  candidate_ = report ? 0 : found;
  checks_++;
  ctx->in_runtime--;
  AtomicStore(&check_busy, 0);
  errno = saved_errno;
  // abort: the die path, as the sanitizers': no atexit handlers, no static
  // destructors, no stdio flush (they may need the locks the cycle holds).
  if (report && abort_on_deadlock) Die(flags()->exitcode);
}

}  // namespace __tlsan
