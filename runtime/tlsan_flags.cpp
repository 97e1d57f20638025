//===-- tlsan_flags.cpp - the runtime's flag parser -----------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_flags.h.
//
// Parses ASAN_OPTIONS-style strings: name=value pairs separated by any run
// of ':' ',' ' ' '\t' '\r' '\n'; a value may be quoted with "..." or '...'.
// Built-ins: include=FILE, include_if_exists=FILE (%b: executable basename,
// %p: pid). Every other name comes from tlsan_flags.inc.
//
// Secure execution (setuid/setgid/file capabilities: getauxval(AT_SECURE)):
// the environment belongs to a less privileged user, so, as the dynamic
// loader does with LD_PRELOAD, flags that name files or programs
// (kPathFlags) are reset to their defaults after parsing and
// include/include_if_exists read nothing; one warning line names what was
// ignored.
//
// Contract: InitializeFlags() runs once, single-threaded, possibly from
// .preinit_array: so no malloc, no libstdc++, no getenv (environ is scanned
// directly). String values live in a static arena (64 KiB, never freed;
// TestOnlyResetFlagStorage empties it for tests); include files are read
// into an mmap'd buffer per nesting level, so the recursion keeps small
// stack frames. Not thread-safe; not async-signal-safe (uses snprintf).
//
//===----------------------------------------------------------------------===//
#include "tlsan_flags.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "tlsan_proc_linux.h"
#include "tlsan_syscall_linux.h"

extern char **environ;

// The program may define this to supply defaults (overridden by
// TLSAN_OPTIONS). Weak: null when the program does not define it.
TLSAN_WEAK const char *__tlsan_default_options();

namespace __tlsan {

Flags tlsan_flags_dont_use_directly;  // Zero-initialized; no constructor.

void Flags::SetDefaults() {
#define TLSAN_FLAG(Type, Name, DefaultValue, Description) Name = DefaultValue;
#include "tlsan_flags.inc"
#undef TLSAN_FLAG
}

namespace {

enum FlagType { kBool, kInt, kString };
constexpr FlagType TypeOf(bool *) { return kBool; }
constexpr FlagType TypeOf(int *) { return kInt; }
constexpr FlagType TypeOf(const char **) { return kString; }

struct FlagDesc {
  const char *name;
  FlagType type;
  uptr offset;
  const char *description;
};

constexpr FlagDesc kFlagTable[] = {
#define TLSAN_FLAG(Type, Name, DefaultValue, Description)                      \
  {#Name, TypeOf((Type *)nullptr), offsetof(Flags, Name), Description},
#include "tlsan_flags.inc"
#undef TLSAN_FLAG
};

// Value constraints: the one place that lists what each flag accepts.
// Int flags not listed here accept any int.
struct IntRange {
  uptr offset;
  int lo, hi;
};
constexpr IntRange kIntRanges[] = {
    {offsetof(Flags, exitcode), 0, 255},
    {offsetof(Flags, creation_stack_depth), 1, 64},
    {offsetof(Flags, max_retries), 0, INT_MAX},
    {offsetof(Flags, max_sleep_ms), 0, INT_MAX},
    {offsetof(Flags, max_leaks), 0, INT_MAX},
    {offsetof(Flags, exit_join_timeout_ms), 0, INT_MAX},
    {offsetof(Flags, deadlock_check_ms), 1, INT_MAX},
    {offsetof(Flags, hang_timeout_ms), 0, INT_MAX},
    {offsetof(Flags, dump_signal), 0, 64},
};

// Enumerated string flags. To accept SARIF, add "sarif" here.
constexpr const char *kReportFormats[] = {"text", "json", "sarif", nullptr};
constexpr const char *kDeadlockActions[] = {"abort", "report", nullptr};
struct StringChoices {
  uptr offset;
  const char *const *values;  // nullptr-terminated
};
constexpr StringChoices kStringChoices[] = {
    {offsetof(Flags, report_format), kReportFormats},
    {offsetof(Flags, deadlock_action), kDeadlockActions},
};

constexpr int kMaxIncludeDepth = 10;
constexpr uptr kMaxIncludeFileSize = 64 << 10;
constexpr uptr kPathMax = 4096;
// One mapping per include level: expanded path, then the file's contents.
constexpr uptr kIncludeMapSize = kPathMax + kMaxIncludeFileSize + 4096;
constexpr int kValueShown = 200;  // Longest value quoted in a message.

// String values; never freed (flags keep pointing into it).
constexpr uptr kArenaSize = 64 << 10;
char string_arena[kArenaSize];
uptr string_arena_used;

// Flags that name a file or a program: ignored under secure execution.
constexpr uptr kPathFlags[] = {
    offsetof(Flags, log_path),
    offsetof(Flags, suppressions),
    offsetof(Flags, external_symbolizer_path),
    offsetof(Flags, wait_graph),
};

// -1: ask the kernel (AT_SECURE); 0/1: TestOnlySetSecureExecution.
int secure_override = -1;
// include/include_if_exists seen and skipped under secure execution.
bool include_refused, include_if_exists_refused;

constexpr int kMaxUnknownFlags = 20;
constexpr uptr kMaxUnknownNameLen = 64;
char unknown_names[kMaxUnknownFlags][kMaxUnknownNameLen];
int unknown_count;

struct Parser {
  Flags *f;
  char *error;
  uptr error_size;
};

bool IsSeparator(char c) {
  return c == ':' || c == ',' || c == ' ' || c == '\t' || c == '\n' ||
         c == '\r';
}

bool Equals(const char *s, uptr n, const char *lit) {
  return internal_strncmp(s, lit, n) == 0 && lit[n] == '\0';
}

const char *ErrnoName(int e) {
  switch (e) {
    case ENOENT: return "No such file or directory";
    case EACCES: return "Permission denied";
    case EISDIR: return "Is a directory";
    case ENOTDIR: return "Not a directory";
    case ELOOP: return "Too many levels of symbolic links";
    case ENAMETOOLONG: return "File name too long";
    default: return nullptr;
  }
}

TLSAN_PRINTF(2, 3) bool Fail(Parser *p, const char *fmt, ...) {
  if (p->error && p->error_size) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, p->error_size, fmt, ap);
    va_end(ap);
  }
  return false;
}

bool FailErrno(Parser *p, const char *what, const char *flag, const char *path,
               int err, const char *source) {
  const char *name = ErrnoName(err);
  char num[32];
  snprintf(num, sizeof(num), "error %d", err);
  return Fail(p,
              "cannot %s file of flag '%s' in %s: '%s': %s (expected a "
              "readable file)",
              what, flag, source, path, name ? name : num);
}

void AddUnknown(const char *name, uptr n) {
  if (unknown_count < kMaxUnknownFlags) {
    if (n >= kMaxUnknownNameLen) n = kMaxUnknownNameLen - 1;
    internal_memcpy(unknown_names[unknown_count], name, n);
    unknown_names[unknown_count][n] = '\0';
  }
  if (unknown_count < INT_MAX) unknown_count++;
}

// The declared flag closest to a misspelled name: at most 2 edits, and
// fewer than half the name's letters; null if none is that close.
const char *ClosestFlag(const char *name) {
  const char *best = nullptr;
  uptr best_d = 3;
  uptr limit = internal_strlen(name) / 2;
  for (const FlagDesc &d : kFlagTable) {
    uptr dist = internal_edit_distance(name, d.name);
    if (dist >= best_d || dist > limit) continue;
    best = d.name;
    best_d = dist;
  }
  return best;
}

bool ParseInt(const char *s, uptr n, int *out) {
  uptr i = 0;
  bool neg = n > 0 && s[0] == '-';
  if (neg) i++;
  if (i == n) return false;
  s64 v = 0;
  for (; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
    if (v > (s64)INT_MAX + 1) return false;
  }
  if (neg) v = -v;
  if (v < INT_MIN || v > INT_MAX) return false;
  *out = (int)v;
  return true;
}

bool SetFlag(Parser *p, const FlagDesc &d, const char *value, uptr n,
             const char *source) {
  char *field = (char *)p->f + d.offset;
  int shown = n > (uptr)kValueShown ? kValueShown : (int)n;
  if (d.type == kBool) {
    bool v;
    if (Equals(value, n, "1") || Equals(value, n, "true") ||
        Equals(value, n, "yes")) {
      v = true;
    } else if (Equals(value, n, "0") || Equals(value, n, "false") ||
               Equals(value, n, "no")) {
      v = false;
    } else {
      return Fail(p,
                  "invalid value for bool flag '%s' in %s: '%.*s' (expected "
                  "0, 1, true, false, yes or no)",
                  d.name, source, shown, value);
    }
    *(bool *)field = v;
    return true;
  }
  if (d.type == kInt) {
    int lo = INT_MIN, hi = INT_MAX, v;
    for (const IntRange &r : kIntRanges)
      if (r.offset == d.offset) lo = r.lo, hi = r.hi;
    if (!ParseInt(value, n, &v) || v < lo || v > hi)
      return Fail(p,
                  "invalid value for int flag '%s' in %s: '%.*s' (expected "
                  "an integer from %d to %d)",
                  d.name, source, shown, value, lo, hi);
    *(int *)field = v;
    return true;
  }
  for (const StringChoices &c : kStringChoices) {
    if (c.offset != d.offset) continue;
    bool ok = false;
    char list[128] = "";
    for (const char *const *v = c.values; *v; v++) {
      ok |= Equals(value, n, *v);
      uptr len = internal_strlen(list);
      snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "", *v);
    }
    if (!ok)
      return Fail(p,
                  "invalid value for flag '%s' in %s: '%.*s' (expected one "
                  "of: %s)",
                  d.name, source, shown, value, list);
  }
  if (n + 1 > kArenaSize - string_arena_used)
    return Fail(p,
                "no room for the value of string flag '%s' in %s: '%.*s' "
                "(expected all string values to fit in %zu bytes)",
                d.name, source, shown, value, (size_t)kArenaSize);
  char *copy = string_arena + string_arena_used;
  internal_memcpy(copy, value, n);
  copy[n] = '\0';
  string_arena_used += n + 1;
  *(const char **)field = copy;
  return true;
}

bool ParseBuffer(Parser *p, const char *s, const char *source, int depth);

// Expands %b (executable basename) and %p (pid) in the include path.
// `scratch` (kPathMax bytes) is used to read /proc/self/exe.
bool ExpandPath(const char *in, uptr n, char *out, char *scratch) {
  uptr o = 0;
  for (uptr i = 0; i < n; i++) {
    char tmp[24];
    const char *sub = nullptr;
    if (in[i] == '%' && i + 1 < n && in[i + 1] == 'b') {
      ReadProgramPath(scratch, kPathMax);
      sub = scratch;
      for (const char *c = scratch; *c; c++)
        if (*c == '/') sub = c + 1;
    } else if (in[i] == '%' && i + 1 < n && in[i + 1] == 'p') {
      snprintf(tmp, sizeof(tmp), "%d", GetPid());
      sub = tmp;
    }
    if (sub) {
      i++;
      for (; *sub; sub++) {
        if (o + 1 >= kPathMax) return false;
        out[o++] = *sub;
      }
    } else {
      if (o + 1 >= kPathMax) return false;
      out[o++] = in[i];
    }
  }
  out[o] = '\0';
  return true;
}

// Reads the open include file `fd` (named `path`) into `text` (room for
// kMaxIncludeFileSize + 1 bytes) and parses it at `depth`+1.
bool ParseIncludedFile(Parser *p, int fd, const char *flag, const char *path,
                       char *text, const char *source, int depth) {
  uptr total = 0;
  sptr r;
  for (;;) {
    r = internal_read(fd, text + total, kMaxIncludeFileSize + 1 - total);
    if (r <= 0) break;
    total += (uptr)r;
    if (total > kMaxIncludeFileSize) break;
  }
  if (r < 0) return FailErrno(p, "read", flag, path, (int)-r, source);
  if (total > kMaxIncludeFileSize)
    return Fail(p,
                "include file of flag '%s' in %s is too large: '%s' "
                "(expected at most %zu bytes)",
                flag, source, path, (size_t)kMaxIncludeFileSize);
  text[total] = '\0';
  return ParseBuffer(p, text, path, depth + 1);
}

// Reads the file named by value[0..n) and parses it at `depth`+1.
bool Include(Parser *p, const char *flag, const char *value, uptr n,
             bool ignore_missing, const char *source, int depth) {
  int shown = n > (uptr)kValueShown ? kValueShown : (int)n;
  if (depth >= kMaxIncludeDepth)
    return Fail(p,
                "include depth limit exceeded by flag '%s' in %s: '%.*s' "
                "(expected at most %d nested includes)",
                flag, source, shown, value, kMaxIncludeDepth);
  void *mem = internal_mmap(nullptr, kIncludeMapSize, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (internal_iserror((sptr)mem))
    return Fail(p, "cannot map a buffer for flag '%s' in %s: '%.*s'", flag,
                source, shown, value);
  char *path = (char *)mem;
  char *text = path + kPathMax;
  bool ok = false;
  if (!ExpandPath(value, n, path, text)) {
    Fail(p,
         "path too long in flag '%s' in %s: '%.*s' (expected at most %zu "
         "bytes after %%b/%%p expansion)",
         flag, source, shown, value, (size_t)kPathMax - 1);
  } else {
    int fd = internal_open(path, O_RDONLY);
    if (fd < 0) {
      ok = ignore_missing && (fd == -ENOENT || fd == -ENOTDIR);
      if (!ok) FailErrno(p, "open", flag, path, -fd, source);
    } else {
      ok = ParseIncludedFile(p, fd, flag, path, text, source, depth);
      internal_close(fd);
    }
  }
  internal_munmap(mem, kIncludeMapSize);
  return ok;
}

bool ApplyFlag(Parser *p, const char *name, uptr name_len, const char *value,
               uptr value_len, const char *source, int depth) {
  bool include = Equals(name, name_len, "include");
  bool include_if_exists = Equals(name, name_len, "include_if_exists");
  if ((include || include_if_exists) && SecureExecution()) {
    // Never open a file the (less privileged) environment names.
    (include ? include_refused : include_if_exists_refused) = true;
    return true;
  }
  if (include)
    return Include(p, "include", value, value_len, false, source, depth);
  if (include_if_exists)
    return Include(p, "include_if_exists", value, value_len, true, source,
                   depth);
  for (const FlagDesc &d : kFlagTable)
    if (Equals(name, name_len, d.name))
      return SetFlag(p, d, value, value_len, source);
  AddUnknown(name, name_len);
  return true;
}

// Scans the value after a flag's '=' (*s points at the '='): quoted with
// ' or ", or up to the next separator. Advances *s past it.
bool ScanValue(Parser *p, const char **s_io, const char *name, int shown,
               const char *source, const char **value_out, uptr *len_out) {
  const char *s = *s_io + 1;
  const char *value = s;
  if (*s == '"' || *s == '\'') {
    char quote = *s++;
    value = s;
    while (*s && *s != quote) s++;
    if (!*s)
      return Fail(
          p,
          "unterminated quote in value of flag '%.*s' in %s: "
          "'%.*s' (expected a closing %c)",
          shown, name, source,
          (int)(s - value + 1 > kValueShown ? kValueShown : s - value + 1),
          value - 1, quote);
    *len_out = (uptr)(s++ - value);
  } else {
    while (*s && !IsSeparator(*s)) s++;
    *len_out = (uptr)(s - value);
  }
  *value_out = value;
  *s_io = s;
  return true;
}

bool ParseBuffer(Parser *p, const char *s, const char *source, int depth) {
  for (;;) {
    while (IsSeparator(*s)) s++;
    if (!*s) return true;
    const char *name = s;
    while (*s && *s != '=' && !IsSeparator(*s)) s++;
    uptr name_len = (uptr)(s - name);
    int shown = name_len > (uptr)kValueShown ? kValueShown : (int)name_len;
    if (*s != '=')
      return Fail(p,
                  "missing '=' after flag '%.*s' in %s (expected "
                  "name=value)",
                  shown, name, source);
    if (name_len == 0) {
      const char *e = s + 1;
      while (*e && !IsSeparator(*e)) e++;
      return Fail(p, "empty flag name in %s: '%.*s' (expected name=value)",
                  source, (int)(e - s > kValueShown ? kValueShown : e - s), s);
    }
    const char *value;
    uptr value_len;
    if (!ScanValue(p, &s, name, shown, source, &value, &value_len))
      return false;
    if (!ApplyFlag(p, name, name_len, value, value_len, source, depth))
      return false;
  }
}

const char *FindEnv(const char *name) {
  uptr n = internal_strlen(name);
  // At .preinit_array time libc has not set environ yet; the static
  // runtime then passes the environment it was given (tlsan_preinit.cpp).
  char **env = environ ? environ : InitialEnvironment();
  for (char **e = env; e && *e; e++)
    if (internal_strncmp(*e, name, n) == 0 && (*e)[n] == '=') return *e + n + 1;
  return nullptr;
}

const FlagDesc *FindFlagByOffset(uptr offset) {
  for (const FlagDesc &d : kFlagTable)
    if (d.offset == offset) return &d;
  return nullptr;
}

// Secure execution: resets the flags of kPathFlags that differ from their
// defaults and prints one line naming them and the refused includes.
void IgnorePathFlagsIfSecure(Flags *f) {
  if (!SecureExecution()) return;
  Flags defaults;
  defaults.SetDefaults();
  char names[256] = "";
  uptr len = 0;
  auto add = [&](const char *name) {
    int n = snprintf(names + len, sizeof(names) - len, "%s%s", len ? ", " : "",
                     name);
    if (n > 0) len += (uptr)n;
    if (len >= sizeof(names)) len = sizeof(names) - 1;
  };
  for (uptr offset : kPathFlags) {
    const char **value = (const char **)((char *)f + offset);
    const char *def = *(const char **)((char *)&defaults + offset);
    if (internal_strcmp(*value, def) == 0) continue;
    *value = def;
    add(FindFlagByOffset(offset)->name);
  }
  if (include_refused) add("include");
  if (include_if_exists_refused) add("include_if_exists");
  include_refused = include_if_exists_refused = false;
  if (len)
    Report("WARNING: ThreadLeakSanitizer: secure execution (setuid, setgid "
           "or capabilities): ignoring flags that name files or programs: "
           "%s\n",
           names);
}

void ParseOrDie(const char *options, const char *source) {
  char error[512];
  if (!options ||
      ParseFlagsString(flags(), options, source, error, sizeof(error)))
    return;
  Report("ERROR: ThreadLeakSanitizer: %s\n", error);
  Die(1);
}

}  // namespace

bool ParseFlagsString(Flags *f, const char *options, const char *source,
                      char *error, uptr error_size) {
  Parser p = {f, error, error_size};
  if (error && error_size) error[0] = '\0';
  return ParseBuffer(&p, options ? options : "", source, 0);
}

static char **initial_environment;
void SetInitialEnvironment(char **envp) { initial_environment = envp; }
char **InitialEnvironment() { return initial_environment; }

void InitializeFlags() {
  Flags *f = flags();
  f->SetDefaults();
  unknown_count = 0;
  include_refused = include_if_exists_refused = false;
  if (&__tlsan_default_options)
    ParseOrDie(__tlsan_default_options(), "__tlsan_default_options()");
  ParseOrDie(FindEnv("TLSAN_OPTIONS"), "TLSAN_OPTIONS");
  if (unknown_count) {
    Report("WARNING: ThreadLeakSanitizer: found %d unrecognized flag(s):\n",
           unknown_count);
    for (int i = 0; i < unknown_count && i < kMaxUnknownFlags; i++) {
      const char *guess = ClosestFlag(unknown_names[i]);
      if (guess)
        Report("    %s (did you mean '%s'?)\n", unknown_names[i], guess);
      else
        Report("    %s\n", unknown_names[i]);
    }
    unknown_count = 0;
  }
  IgnorePathFlagsIfSecure(f);
  if (f->help) PrintFlagDescriptions();
}

bool SecureExecution() {
  if (secure_override >= 0) return secure_override != 0;
  return getauxval(AT_SECURE) != 0;
}

void TestOnlySetSecureExecution(bool secure) {
  secure_override = secure ? 1 : 0;
}

void TestOnlyResetFlagStorage() {
  Flags defaults;
  defaults.SetDefaults();
  for (const FlagDesc &d : kFlagTable) {
    if (d.type != kString) continue;
    const char **field = (const char **)((char *)flags() + d.offset);
    if (*field >= string_arena && *field < string_arena + kArenaSize)
      *field = *(const char *const *)((const char *)&defaults + d.offset);
  }
  string_arena_used = 0;
}

void PrintFlagDescriptions() {
  const Flags *f = flags();
  Printf("Available flags for ThreadLeakSanitizer:\n");
  for (const FlagDesc &d : kFlagTable) {
    const char *field = (const char *)f + d.offset;
    Printf("\t%s\n\t\t- %s (Current Value: ", d.name, d.description);
    if (d.type == kBool)
      Printf("%s", *(const bool *)field ? "true" : "false");
    else if (d.type == kInt)
      Printf("%d", *(const int *)field);
    else if (const char *v = *(const char *const *)field)
      Printf("\"%s\"", v);
    Printf(")\n");
  }
  Printf("\tinclude\n\t\t- Read more flags from this file (%%b: executable "
         "name, %%p: pid).\n");
  Printf("\tinclude_if_exists\n\t\t- Like include, but a missing file is "
         "not an error.\n");
}

}  // namespace __tlsan
