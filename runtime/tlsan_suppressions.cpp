//===-- tlsan_suppressions.cpp - user and built-in suppressions -----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_suppressions.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_suppressions.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "tlsan_filters.h"
#include "tlsan_flags.h"
#include "tlsan_name_match.h"
#include "tlsan_proc_linux.h"
#include "tlsan_report.h"
#include "tlsan_stack_depot.h"
#include "tlsan_syscall_linux.h"

extern "C" __attribute__((weak)) const char *__tlsan_default_suppressions();

namespace __tlsan {

namespace {

enum ConditionType : u8 {
  kThread,
  kCreator,
  kBlocked,
  kName,
  kStart,
  kProc,
  kRunningIn,
};
const char *const kTypeNames[] = {"thread", "creator", "blocked", "name",
                                  "start",  "proc",    "running"};
constexpr int kTypeCount = sizeof(kTypeNames) / sizeof(kTypeNames[0]);

struct Condition {
  ConditionType type;
  u8 predicate;  // kProc: the RuntimePredicate
  const char *pattern;
};

constexpr uptr kMaxConditions = 4;

struct Suppression {
  Condition conditions[kMaxConditions];
  u8 count;
  bool builtin;      // a line of the built-in table
  const char *text;  // the line as written, for print_suppressions
  u32 hits;          // threads it matched
};

constexpr uptr kMaxSuppressions = 1024;
constexpr uptr kTextArenaSize = uptr(64) * 1024;
Suppression suppressions[kMaxSuppressions];
uptr suppression_count;
char text_arena[kTextArenaSize];
uptr text_used;

const char kBuiltinFilters[] =
#include "tlsan_builtin_filters.inc"
    ;

const char *CopyToArena(const char *s, uptr n) {
  if (text_used + n + 1 > kTextArenaSize) return nullptr;
  char *p = text_arena + text_used;
  internal_memcpy(p, s, n);
  p[n] = '\0';
  text_used += n + 1;
  return p;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

bool FrameMatches(const char *pattern, const SymbolizedFrame &f) {
  return (f.function && TemplateMatch(pattern, f.function)) ||
         (f.file && TemplateMatch(pattern, f.file)) ||
         (f.module && TemplateMatch(pattern, f.module));
}

// Whether any frame symbolized from the single pc `pc` matches. `pc` is a
// return address unless `entry` (a function's first instruction: the
// symbolizer looks up return addresses at pc - 1, so pass pc + 1).
bool PcMatches(const char *pattern, uptr pc, bool entry, SymbolCache *symbols) {
  if (!pc) return false;
  uptr lookup = entry ? pc + 1 : pc;
  u32 id = StackDepotPut(&lookup, 1);
  if (!id) return false;
  const SymbolizedFrame *frames;
  uptr n;
  symbols->Get(id, &frames, &n);
  for (uptr i = 0; i < n; i++)
    if (FrameMatches(pattern, frames[i])) return true;
  return false;
}

// The code a blocked leak waits in: the caller of the intercepted call, or
// the pc of the system call /proc showed.
uptr BlockedPc(const LeakedThread &l) {
  if (l.thread.blocking.kind && l.thread.blocking.caller_pc)
    return l.thread.blocking.caller_pc;
  return l.blocked_on.pc;
}

bool ConditionMatches(const Condition &c, const LeakedThread &l,
                      SymbolCache *symbols) {
  const SymbolizedFrame *frames;
  uptr n;
  switch (c.type) {
    case kName: return l.name[0] && TemplateMatch(c.pattern, l.name);
    case kThread:
      if (l.foreign) return false;
      symbols->Get(l.thread.creation_stack, &frames, &n);
      for (uptr i = 0; i < n; i++)
        if (FrameMatches(c.pattern, frames[i])) return true;
      return false;
    case kCreator:
      if (l.foreign) return false;
      symbols->Get(l.thread.creation_stack, &frames, &n);
      if (uptr i = FirstProgramFrame(frames, n); i < n)
        return FrameMatches(c.pattern, frames[i]);
      return false;
    case kBlocked: {
      if (l.state != kLeakBlocked) return false;
      if (l.blocked_on.stack_id) {
        symbols->Get(l.blocked_on.stack_id, &frames, &n);
        if (n > 0 && FrameMatches(c.pattern, frames[0])) return true;
      }
      return PcMatches(c.pattern, BlockedPc(l), /*entry=*/false, symbols);
    }
    case kStart:
      if (l.foreign) return false;
      return PcMatches(c.pattern, l.thread.start_routine, /*entry=*/true,
                       symbols);
    case kRunningIn:  // the top frame of its sampled stack ("Running at:")
      if (l.state != kLeakRunning || !l.blocked_on.stack_id) return false;
      symbols->Get(l.blocked_on.stack_id, &frames, &n);
      return n > 0 && FrameMatches(c.pattern, frames[0]);
    case kProc: {
      if (!l.foreign || l.thread.tid == 0) return false;
      TaskDir dir;
      return RuntimePredicateHolds(c.predicate, dir, l.thread.tid);
    }
  }
  return false;
}

bool LineMatches(const Suppression &s, const LeakedThread &l,
                 SymbolCache *symbols) {
  for (u8 i = 0; i < s.count; i++)
    if (!ConditionMatches(s.conditions[i], l, symbols)) return false;
  return true;
}

// Phase 1: what a condition is, from facts that need no symbols.
enum Verdict : u8 { kNo, kYes, kUndecided };

// The object file `pc` is in, or null.
const char *ModuleOf(uptr pc) {
  Dl_info info;
  if (!pc || !dladdr((void *)pc, &info) || !info.dli_fname) return nullptr;
  return info.dli_fname;
}

// A module-level look at a condition on code: yes when the module of `pc`
// matches (the symbolized frame would name the same module); else the
// function or file might still match after symbolization.
Verdict ModuleVerdict(const char *pattern, uptr pc) {
  const char *module = ModuleOf(pc);
  return module && TemplateMatch(pattern, module) ? kYes : kUndecided;
}

// Where a thread is parked, without classifying it: the caller of its
// published blocking call (unless it jumped out of it since), else the pc
// of the system call it is in, from /proc. 0 if neither.
uptr ParkedPc(const ThreadSnapshot &t, TaskDir *dir) {
  if (t.blocking.kind && t.blocking.caller_pc &&
      (u16)t.jumps == t.blocking.jumps)
    return t.blocking.caller_pc;
  if (t.tid == 0 || t.state() != kRunning) return 0;
  dir->Open();
  TaskSyscall sc;
  if (!ReadTaskSyscall(*dir, t.tid, &sc) || sc.running || sc.nr < 0) return 0;
  return sc.pc;
}

Verdict EarlyVerdict(const Condition &c, const ThreadSnapshot &t,
                     TaskDir *dir) {
  bool foreign = t.has(kForeign);
  switch (c.type) {
    case kName:
      if (!t.name[0]) return kUndecided;  // /proc comm, after classifying
      return TemplateMatch(c.pattern, t.name) ? kYes : kNo;
    case kThread:
    case kCreator: return foreign ? kNo : kUndecided;
    case kStart:
      if (foreign || !t.start_routine) return kNo;
      return ModuleVerdict(c.pattern, t.start_routine);
    case kBlocked: {
      uptr pc = ParkedPc(t, dir);
      return pc ? ModuleVerdict(c.pattern, pc) : kUndecided;
    }
    case kProc:
      if (!foreign || t.tid == 0) return kNo;
      dir->Open();
      return RuntimePredicateHolds(c.predicate, *dir, t.tid) ? kYes : kNo;
    case kRunningIn:  // its stack is sampled by the classifier
      return kUndecided;
  }
  return kUndecided;
}

// A path relative to the executable's directory, if that file exists.
bool ResolveNextToExecutable(const char *path, char *out, uptr size) {
  char exe[1024];
  if (!ReadProgramPath(exe, sizeof(exe))) return false;
  char *slash = nullptr;
  for (char *c = exe; *c; c++)
    if (*c == '/') slash = c;
  if (!slash) return false;
  *slash = '\0';
  snprintf(out, size, "%s/%s", exe, path);
  return internal_access(out, 4 /*R_OK*/) == 0;
}

}  // namespace

bool TemplateMatch(const char *pattern, const char *str) {
  // An unanchored end behaves as if the pattern had a `*` there.
  char glob[1024];
  uptr plen = internal_strlen(pattern), g = 0;
  bool anchor_start = plen > 0 && pattern[0] == '^';
  if (anchor_start) pattern++, plen--;
  bool anchor_end = plen > 0 && pattern[plen - 1] == '$';
  if (anchor_end) plen--;
  if (plen + 2 > sizeof(glob)) return false;
  if (!anchor_start) glob[g++] = '*';
  internal_memcpy(glob + g, pattern, plen);
  g += plen;
  if (!anchor_end) glob[g++] = '*';
  return GlobMatch(glob, g, str, internal_strlen(str));
}

namespace {

// Parses one condition `type:pattern` from [b, e) into `c`. False, with a
// message in `error`, when it is malformed.
bool ParseCondition(const char *b, const char *e, const char *source,
                    int line_no, Condition *c, char *error, uptr error_size) {
  const char *colon = b;
  while (colon < e && *colon != ':') colon++;
  if (colon == e) {
    snprintf(error, error_size, "%s:%d: expected 'type:pattern', got '%.*s'",
             source, line_no, (int)(e - b), b);
    return false;
  }
  int type = -1;
  for (int t = 0; t < kTypeCount; t++) {
    uptr len = internal_strlen(kTypeNames[t]);
    if ((uptr)(colon - b) == len &&
        internal_strncmp(b, kTypeNames[t], len) == 0)
      type = t;
  }
  if (type < 0) {
    snprintf(error, error_size,
             "%s:%d: unknown suppression type '%.*s' (expected thread, "
             "creator, blocked, running, name, start or proc)",
             source, line_no, (int)(colon - b), b);
    return false;
  }
  const char *pattern = colon + 1;
  while (pattern < e && IsSpace(*pattern)) pattern++;
  if (pattern == e) {
    snprintf(error, error_size, "%s:%d: empty pattern for type '%s'", source,
             line_no, kTypeNames[type]);
    return false;
  }
  c->type = (ConditionType)type;
  c->predicate = 0;
  if (type == kProc) {
    int found = -1;
    for (int p = 0; p < kRuntimePredicateCount; p++) {
      uptr len = internal_strlen(kRuntimePredicateNames[p]);
      if ((uptr)(e - pattern) == len &&
          internal_strncmp(pattern, kRuntimePredicateNames[p], len) == 0)
        found = p;
    }
    if (found < 0) {
      snprintf(error, error_size,
               "%s:%d: unknown proc predicate '%.*s' (expected "
               "glibc_timer_helper or glibc_request_helper)",
               source, line_no, (int)(e - pattern), pattern);
      return false;
    }
    c->predicate = (u8)found;
  }
  c->pattern = CopyToArena(pattern, (uptr)(e - pattern));
  if (!c->pattern) {
    snprintf(error, error_size,
             "%s:%d: suppressions too long (at most %zu "
             "bytes)",
             source, line_no, (size_t)kTextArenaSize);
    return false;
  }
  return true;
}

// The end of the condition that starts at `b`: the next " && " or `e`.
const char *ConditionEnd(const char *b, const char *e) {
  for (const char *p = b; p + 4 <= e; p++)
    if (p[0] == ' ' && p[1] == '&' && p[2] == '&' && p[3] == ' ') return p;
  return e;
}

// Trims a line's blanks and its comment: a line starting with '#', or
// from whitespace followed by '#'. Leaves b == e when nothing is left.
void TrimLine(const char **b_io, const char **e_io) {
  const char *b = *b_io, *e = *e_io;
  while (b < e && IsSpace(*b)) b++;
  if (b < e && *b == '#') e = b;
  for (const char *p = b + 1; p < e; p++)
    if (*p == '#' && IsSpace(p[-1])) {
      e = p;
      break;
    }
  while (e > b && IsSpace(e[-1])) e--;
  *b_io = b;
  *e_io = e;
}

// Parses the conditions of line [b, e), joined by " && ", into `s`.
bool ParseConditions(const char *b, const char *e, const char *source,
                     int line_no, Suppression *s, char *error,
                     uptr error_size) {
  for (const char *c = b;;) {
    const char *ce = ConditionEnd(c, e);
    const char *te = ce;
    while (te > c && IsSpace(te[-1])) te--;
    if (s->count == kMaxConditions) {
      snprintf(error, error_size,
               "%s:%d: more than %zu conditions joined by ' && '", source,
               line_no, (size_t)kMaxConditions);
      return false;
    }
    if (!ParseCondition(c, te, source, line_no, &s->conditions[s->count++],
                        error, error_size))
      return false;
    if (ce == e) return true;
    c = ce + 4;
    while (c < e && IsSpace(*c)) c++;
  }
}

}  // namespace

bool ParseSuppressions(const char *text, const char *source, char *error,
                       uptr error_size, bool builtin) {
  int line_no = 0;
  for (const char *line = text; line && *line;) {
    line_no++;
    const char *end = line;
    while (*end && *end != '\n') end++;
    const char *b = line, *e = end;
    line = *end ? end + 1 : end;
    TrimLine(&b, &e);
    if (b == e) continue;
    if (e - b >= 3 && e[-1] == '&' && e[-2] == '&' && IsSpace(e[-3])) {
      snprintf(error, error_size, "%s:%d: expected a condition after ' && '",
               source, line_no);
      return false;
    }
    if (suppression_count >= kMaxSuppressions) {
      snprintf(error, error_size, "%s:%d: too many suppressions (at most %zu)",
               source, line_no, (size_t)kMaxSuppressions);
      return false;
    }
    Suppression &s = suppressions[suppression_count];
    s.count = 0;
    s.builtin = builtin;
    s.hits = 0;
    if (!ParseConditions(b, e, source, line_no, &s, error, error_size))
      return false;
    s.text = CopyToArena(b, (uptr)(e - b));
    if (!s.text) {
      snprintf(error, error_size,
               "%s:%d: suppressions too long (at most %zu "
               "bytes)",
               source, line_no, (size_t)kTextArenaSize);
      return false;
    }
    suppression_count++;
  }
  return true;
}

const char *BuiltinFiltersText() { return kBuiltinFilters; }

bool InitializeSuppressions(char *error, uptr error_size) {
  if (flags()->builtin_filters &&
      !ParseSuppressions(kBuiltinFilters, "<built-in>", error, error_size,
                         /*builtin=*/true))
    return false;
  if (&__tlsan_default_suppressions && __tlsan_default_suppressions()) {
    if (!ParseSuppressions(__tlsan_default_suppressions(),
                           "__tlsan_default_suppressions()", error, error_size))
      return false;
  }
  const char *path = flags()->suppressions;
  if (!path[0]) return true;
  char resolved[2048];
  if (path[0] != '/' &&
      ResolveNextToExecutable(path, resolved, sizeof(resolved)))
    path = resolved;
  static char file_text[64 * 1024];
  int fd = internal_open(path, O_RDONLY);
  if (fd < 0) {
    snprintf(error, error_size, "cannot open suppressions file '%s' (error %d)",
             flags()->suppressions, -fd);
    return false;
  }
  sptr n = internal_read(fd, file_text, sizeof(file_text));
  internal_close(fd);
  if (n < 0 || (uptr)n >= sizeof(file_text)) {
    snprintf(error, error_size,
             n < 0 ? "cannot read suppressions file '%s'"
                   : "suppressions file '%s' is larger than 64 KiB",
             flags()->suppressions);
    return false;
  }
  file_text[n] = '\0';
  return ParseSuppressions(file_text, flags()->suppressions, error, error_size);
}

namespace {

// Which lines (bit i: line i < 64) a thread with start routine `start` may
// match: those without a `start:` condition, and those whose `start:`
// conditions all hold for it. Without `symbols` (phase 1): built-in lines
// only, by module; with them (phase 2): every line, as symbolized.
u64 StartMask(uptr start, EarlyMatchCache *cache, SymbolCache *symbols) {
  for (int e = 0; e < cache->used; e++)
    if (cache->start[e] == start) return cache->lines[e];
  ThreadSnapshot probe = {};
  probe.start_routine = start;
  if (!start) probe.status = kForeign;
  u64 mask = 0;
  for (uptr i = 0; i < suppression_count && i < 64; i++) {
    const Suppression &s = suppressions[i];
    bool ok = s.builtin || symbols;
    for (u8 c = 0; c < s.count && ok; c++) {
      const Condition &cond = s.conditions[c];
      if (cond.type != kStart) continue;
      ok = symbols ? start &&
                         PcMatches(cond.pattern, start, /*entry=*/true, symbols)
                   : EarlyVerdict(cond, probe, nullptr) == kYes;
    }
    if (ok) mask |= 1ull << i;
  }
  int e =
      cache->used < EarlyMatchCache::kEntries ? cache->used++ : cache->next++;
  cache->next %= EarlyMatchCache::kEntries;
  cache->start[e] = start;
  cache->lines[e] = mask;
  return mask;
}

// Whether line `i` matches `l`, its `start:` conditions being known to hold
// (bit i of `mask`) when i < 64.
bool LineMatchesGiven(uptr i, u64 mask, const LeakedThread &l,
                      SymbolCache *symbols) {
  const Suppression &s = suppressions[i];
  if (i >= 64) return LineMatches(s, l, symbols);
  if (!(mask & (1ull << i))) return false;
  for (u8 c = 0; c < s.count; c++)
    if (s.conditions[c].type != kStart &&
        !ConditionMatches(s.conditions[c], l, symbols))
      return false;
  return true;
}

}  // namespace

u32 MatchBuiltinEarly(const ThreadSnapshot &t, TaskDir *dir,
                      EarlyMatchCache *cache) {
  u64 mask = StartMask(t.has(kForeign) ? 0 : t.start_routine, cache,
                       /*symbols=*/nullptr);
  for (uptr i = 0; i < suppression_count; i++) {
    const Suppression &s = suppressions[i];
    if (!s.builtin || (i < 64 && !(mask & (1ull << i)))) continue;
    bool all = true;
    for (u8 c = 0; c < s.count && all; c++) {
      if (i < 64 && s.conditions[c].type == kStart) continue;  // in `mask`
      // kNo: cannot match; kUndecided: left to MarkSuppressions.
      all = EarlyVerdict(s.conditions[c], t, dir) == kYes;
    }
    if (all) return (u32)i + 1;
  }
  return 0;
}

void MarkSuppressions(LeakSet *set, SymbolCache *symbols) {
  if (suppression_count == 0) return;
  EarlyMatchCache starts;  // start routine -> lines its `start:` allows
  for (uptr i = 0; i < set->leaks.size(); i++) {
    LeakedThread &l = set->leaks[i];
    u64 mask =
        StartMask(l.foreign ? 0 : l.thread.start_routine, &starts, symbols);
    for (uptr s = 0; s < suppression_count && !l.suppression; s++)
      if (LineMatchesGiven(s, mask, l, symbols)) l.suppression = (u32)s + 1;
  }
}

uptr TakeSuppressed(LeakSet *set) {
  uptr kept = 0, removed = 0;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    const LeakedThread &l = set->leaks[i];
    if (l.suppression && l.suppression <= suppression_count) {
      AtomicAdd(&suppressions[l.suppression - 1].hits, 1u, __ATOMIC_RELAXED);
      removed++;
      continue;
    }
    if (kept != i) set->leaks[kept] = l;
    kept++;
  }
  if (removed == 0) return 0;
  set->leaks.Resize(kept);
  RenumberGroups(set);
  return removed;
}

bool PrintMatchedSuppressions(bool builtin) {
  bool any = false;
  for (uptr s = 0; s < suppression_count; s++) {
    if (suppressions[s].builtin != builtin) continue;
    u32 hits = AtomicLoad(&suppressions[s].hits, __ATOMIC_RELAXED);
    if (!hits) continue;
    if (!any)
      Printf("-----------------------------------------------------\n"
             "%s used:\n  threads pattern\n",
             builtin ? "Built-in filters (builtin_filters=1)" : "Suppressions");
    any = true;
    Printf("%9u %s\n", hits, suppressions[s].text);
  }
  if (any) Printf("-----------------------------------------------------\n");
  return any;
}

void TestOnlyResetSuppressions() {
  suppression_count = 0;
  text_used = 0;
}

}  // namespace __tlsan
