//===-- tlsan_suppressions.cpp - user and built-in suppressions -----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_suppressions.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_suppressions.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "tlsan_flags.h"
#include "tlsan_report.h"
#include "tlsan_stack_depot.h"
#include "tlsan_syscall_linux.h"

extern "C" __attribute__((weak)) const char *__tlsan_default_suppressions();

namespace __tlsan {

namespace {

enum SuppressionType : u8 { kThread, kCreator, kBlocked, kName };
const char *const kTypeNames[] = {"thread", "creator", "blocked", "name"};

struct Suppression {
  SuppressionType type;
  const char *pattern;
  u32 hits;
};

constexpr uptr kMaxSuppressions = 1024;
constexpr uptr kTextArenaSize = 64 * 1024;
Suppression suppressions[kMaxSuppressions];
uptr suppression_count;
char text_arena[kTextArenaSize];
uptr text_used;

const char *CopyToArena(const char *s, uptr n) {
  if (text_used + n + 1 > kTextArenaSize) return nullptr;
  char *p = text_arena + text_used;
  internal_memcpy(p, s, n);
  p[n] = '\0';
  text_used += n + 1;
  return p;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Glob match of pattern[0..plen) against the whole of s[0..slen): `*`
// matches any run of characters. Iterative, with one backtrack point.
bool GlobMatch(const char *p, uptr plen, const char *s, uptr slen) {
  uptr pi = 0, si = 0, star = (uptr)-1, mark = 0;
  while (si < slen) {
    if (pi < plen && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (pi < plen && p[pi] == s[si]) {
      pi++;
      si++;
    } else if (star != (uptr)-1) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < plen && p[pi] == '*') pi++;
  return pi == plen;
}

bool FrameMatches(const char *pattern, const SymbolizedFrame &f) {
  return (f.function && TemplateMatch(pattern, f.function)) ||
         (f.file && TemplateMatch(pattern, f.file)) ||
         (f.module && TemplateMatch(pattern, f.module));
}

bool Matches(const Suppression &s, const LeakedThread &l,
             SymbolCache *symbols) {
  const SymbolizedFrame *frames;
  uptr n;
  switch (s.type) {
    case kName:
      return l.name[0] && TemplateMatch(s.pattern, l.name);
    case kThread:
      if (l.foreign) return false;
      symbols->Get(l.thread.creation_stack, &frames, &n);
      for (uptr i = 0; i < n; i++)
        if (FrameMatches(s.pattern, frames[i])) return true;
      return false;
    case kCreator:
      if (l.foreign) return false;
      symbols->Get(l.thread.creation_stack, &frames, &n);
      if (uptr i = FirstProgramFrame(frames, n); i < n)
        return FrameMatches(s.pattern, frames[i]);
      return false;
    case kBlocked: {
      if (l.state != kLeakBlocked) return false;
      u32 id = l.blocked_on.stack_id;
      if (!id && l.thread.blocking.caller_pc)
        id = StackDepotPut(&l.thread.blocking.caller_pc, 1);
      if (!id) return false;
      symbols->Get(id, &frames, &n);
      return n > 0 && FrameMatches(s.pattern, frames[0]);
    }
  }
  return false;
}

// A path relative to the executable's directory, if that file exists.
bool ResolveNextToExecutable(const char *path, char *out, uptr size) {
  char exe[1024];
  sptr n = internal_syscall6(SYS_readlinkat, (uptr)AT_FDCWD,
                             (uptr)"/proc/self/exe", (uptr)exe,
                             sizeof(exe) - 1);
  if (n <= 0) return false;
  exe[n] = '\0';
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

bool ParseSuppressions(const char *text, const char *source, char *error,
                       uptr error_size) {
  int line_no = 0;
  for (const char *line = text; line && *line;) {
    line_no++;
    const char *end = line;
    while (*end && *end != '\n') end++;
    const char *b = line, *e = end;
    while (b < e && IsSpace(*b)) b++;
    while (e > b && IsSpace(e[-1])) e--;
    line = *end ? end + 1 : end;
    if (b == e || *b == '#') continue;
    const char *colon = b;
    while (colon < e && *colon != ':') colon++;
    if (colon == e) {
      snprintf(error, error_size,
               "%s:%d: expected 'type:pattern', got '%.*s'", source, line_no,
               (int)(e - b), b);
      return false;
    }
    int type = -1;
    for (int t = 0; t < 4; t++) {
      uptr len = internal_strlen(kTypeNames[t]);
      if ((uptr)(colon - b) == len && internal_strncmp(b, kTypeNames[t], len) == 0)
        type = t;
    }
    if (type < 0) {
      snprintf(error, error_size,
               "%s:%d: unknown suppression type '%.*s' (expected thread, "
               "creator, blocked or name)",
               source, line_no, (int)(colon - b), b);
      return false;
    }
    const char *pattern = colon + 1;
    while (pattern < e && IsSpace(*pattern)) pattern++;
    if (pattern == e) {
      snprintf(error, error_size, "%s:%d: empty pattern for type '%s'",
               source, line_no, kTypeNames[type]);
      return false;
    }
    const char *copy = CopyToArena(pattern, (uptr)(e - pattern));
    if (!copy || suppression_count >= kMaxSuppressions) {
      snprintf(error, error_size, "%s:%d: too many suppressions (at most %zu)",
               source, line_no, (size_t)kMaxSuppressions);
      return false;
    }
    suppressions[suppression_count++] = {(SuppressionType)type, copy, 0};
  }
  return true;
}

bool InitializeSuppressions(char *error, uptr error_size) {
  if (&__tlsan_default_suppressions && __tlsan_default_suppressions()) {
    if (!ParseSuppressions(__tlsan_default_suppressions(),
                           "__tlsan_default_suppressions()", error, error_size))
      return false;
  }
  const char *path = flags()->suppressions;
  if (!path[0]) return true;
  char resolved[2048];
  if (path[0] != '/' && ResolveNextToExecutable(path, resolved, sizeof(resolved)))
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

uptr ApplySuppressions(LeakSet *set, SymbolCache *symbols) {
  if (suppression_count == 0) return 0;
  uptr kept = 0, removed = 0;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    const LeakedThread &l = set->leaks[i];
    bool suppressed = false;
    for (uptr s = 0; s < suppression_count && !suppressed; s++) {
      if (Matches(suppressions[s], l, symbols)) {
        AtomicAdd(&suppressions[s].hits, 1u, __ATOMIC_RELAXED);
        suppressed = true;
      }
    }
    if (suppressed) {
      removed++;
      continue;
    }
    set->leaks[kept++] = l;
  }
  set->leaks.Resize(kept);
  RenumberGroups(set);
  return removed;
}

void PrintMatchedSuppressions() {
  bool any = false;
  for (uptr s = 0; s < suppression_count; s++) {
    u32 hits = AtomicLoad(&suppressions[s].hits, __ATOMIC_RELAXED);
    if (!hits) continue;
    if (!any) Printf("-----------------------------------------------------\n"
                     "Suppressions used:\n  count pattern\n");
    any = true;
    Printf("%7u %s:%s\n", hits, kTypeNames[suppressions[s].type],
           suppressions[s].pattern);
  }
  if (any) Printf("-----------------------------------------------------\n");
}

void TestOnlyResetSuppressions() {
  suppression_count = 0;
  text_used = 0;
}

}  // namespace __tlsan
