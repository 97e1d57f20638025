//===-- tlsan_report.cpp - the text report --------------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_report.h.
//
// Shape (as tsan_report.cpp and lsan's PrintResults):
//
//   =================================================================
//   ==1234==ERROR: ThreadLeakSanitizer: 3 thread(s) leaked at exit
//
//   Thread T1 'worker' (tid=1236, blocked in futex), detached, created by
//   main thread at:
//       #0 0x55d1c0a1b2c3 in spawn_worker() /src/demo.cpp:12:5
//       #1 0x55d1c0a1b0d0 in main /src/demo.cpp:20:3
//
//     And 2 more similar thread leaks (T2, T3).
//
//   file:line needs debug info: build with -g     (only when a creating
//                                                  frame has no file:line)
//
//   SUMMARY: ThreadLeakSanitizer: 3 leaked thread(s): 3 blocked, 0 running,
//   0 finished
//
//===----------------------------------------------------------------------===//
#include "tlsan_report.h"

#include <dlfcn.h>

#include "tlsan_leak_model.h"

#include "tlsan_flags.h"
#include "tlsan_rtl.h"
#include "tlsan_scope.h"
#include "tlsan_sort.h"
#include "tlsan_stack_depot.h"
#include "tlsan_syscall_linux.h"

// Defined only by tlsan_preinit.cpp, which only libtlsan.a contains.
extern "C" __attribute__((weak, visibility("hidden")))
const int __tlsan_static_runtime;

namespace __tlsan {

namespace {

bool TlsanIsStaticRuntime() { return &__tlsan_static_runtime != nullptr; }

// tlsan's own frames (the main wrapper under main) are not the user's
// story: hide them by name (namespace __tlsan) and, for libtlsan.so, by
// module when frames are not symbolized.
bool IsRuntimeFrame(const SymbolizedFrame &f) {
  if (f.function) return internal_strncmp(f.function, "__tlsan::", 9) == 0;
  static const char *own_module;  // libtlsan.so's path; "" when static
  if (!own_module) {
    Dl_info self;
    own_module = "";
    if (!TlsanIsStaticRuntime() && dladdr((void *)&IsRuntimeFrame, &self) &&
        self.dli_fname)
      own_module = self.dli_fname;
  }
  return f.module && own_module[0] &&
         internal_strcmp(f.module, own_module) == 0;
}

}  // namespace

void SymbolCache::Get(u32 stack_id, const SymbolizedFrame **frames,
                      uptr *count) {
  for (uptr i = 0; i < entries_.size(); i++) {
    if (entries_[i].stack_id != stack_id) continue;
    *frames = frames_.data() + entries_[i].first;
    *count = entries_[i].count;
    return;
  }
  StackTrace st = StackDepotGet(stack_id);
  scratch_.Clear();
  if (st.size) symbolizer_->Symbolize(st.pcs, st.size, &scratch_);
  Entry &e = entries_.PushBack();
  e.stack_id = stack_id;
  e.first = (u32)frames_.size();
  for (uptr i = 0; i < scratch_.size(); i++)
    if (!IsRuntimeFrame(scratch_[i])) frames_.PushBack(scratch_[i]);
  e.count = (u32)(frames_.size() - e.first);
  *frames = frames_.data() + e.first;
  *count = e.count;
}

namespace {

bool StartsWith(const char *s, const char *prefix) {
  return internal_strncmp(s, prefix, internal_strlen(prefix)) == 0;
}

// "void std::__invoke_impl<...>(...)" -> "std::__invoke_impl<...>(...)": the
// qualified name starts after the last space outside brackets; "operator
// new" keeps its space.
const char *WithoutReturnType(const char *name) {
  int depth = 0;
  const char *cut = nullptr;
  for (const char *c = name; *c; c++) {
    if (*c == '(' || *c == '<' || *c == '[') depth++;
    if ((*c == ')' || *c == '>' || *c == ']') && depth > 0) depth--;
    if (*c == ' ' && depth == 0) cut = c;
  }
  if (!cut || !cut[1]) return name;
  if (cut - name >= 8 && internal_strncmp(cut - 8, "operator", 8) == 0)
    return name;
  return cut + 1;
}

// What grouping compares of one frame.
struct SourceFrame {
  const char *function;  // null unless function, file and line are known
  const char *file;
  int line;
  uptr pc;  // compared when the source is unknown
};
struct SourceStack {
  u32 stack_id;
  u64 hash;
  u32 first, count;  // in the SourceFrame array
  u32 canonical;     // index of the first equal SourceStack
};

u64 HashString(u64 h, const char *s) {
  for (; *s; s++) h = (h ^ (u8)*s) * 1099511628211ull;  // FNV-1a
  return h;
}

bool SameSource(const SourceFrame &a, const SourceFrame &b) {
  if (!a.function || !b.function)
    return !a.function && !b.function && a.pc == b.pc;
  return a.line == b.line && internal_strcmp(a.function, b.function) == 0 &&
         internal_strcmp(a.file, b.file) == 0;
}

// Appends stack `id`'s source frames and hash; its `canonical` is unset.
void AddSourceStack(u32 id, SymbolCache *symbols,
                    ScratchArray<SourceFrame> *frames,
                    ScratchArray<SourceStack> *stacks) {
  const SymbolizedFrame *f;
  uptr n;
  symbols->Get(id, &f, &n);
  SourceStack &st = stacks->PushBack();
  st.stack_id = id;
  st.first = (u32)frames->size();
  st.count = (u32)n;
  st.hash = 14695981039346656037ull ^ n;
  for (uptr j = 0; j < n; j++) {
    bool known = f[j].function && f[j].file && f[j].line > 0;
    frames->PushBack({known ? f[j].function : nullptr,
                      known ? f[j].file : nullptr, known ? f[j].line : 0,
                      f[j].pc});
    st.hash =
        known ? HashString(HashString(st.hash, f[j].function), f[j].file) * 31 +
                    (u64)f[j].line
              : (st.hash ^ f[j].pc) * 1099511628211ull;
  }
}

// The index of the first canonical stack before `i` with the same source
// frames as stacks[i], or i.
u32 FindEqualStack(const ScratchArray<SourceStack> &stacks,
                   const ScratchArray<SourceFrame> &frames, uptr i) {
  const SourceStack &st = stacks[i];
  for (uptr k = 0; k < i; k++) {
    const SourceStack &o = stacks[k];
    if (o.canonical != k || o.hash != st.hash || o.count != st.count) continue;
    uptr j = 0;
    while (j < st.count &&
           SameSource(frames[o.first + j], frames[st.first + j]))
      j++;
    if (j == st.count) return (u32)k;
  }
  return (u32)i;
}

}  // namespace

bool MergeSameSourceStacks(LeakSet *set, SymbolCache *symbols) {
  ScratchArray<u32> ids;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    const LeakedThread &l = set->leaks[i];
    if (!l.foreign && l.thread.creation_stack)
      ids.PushBack(l.thread.creation_stack);
  }
  Sort(ids.data(), ids.size());
  uptr distinct = 0;
  for (uptr i = 0; i < ids.size(); i++)
    if (distinct == 0 || ids[distinct - 1] != ids[i]) ids[distinct++] = ids[i];
  if (distinct < 2) return false;
  ScratchArray<SourceFrame> frames;
  ScratchArray<SourceStack> stacks;
  for (uptr i = 0; i < distinct; i++) {
    AddSourceStack(ids[i], symbols, &frames, &stacks);
    stacks[i].canonical = FindEqualStack(stacks, frames, i);
  }
  bool changed = false;
  for (uptr i = 0; i < set->leaks.size(); i++) {
    LeakedThread &l = set->leaks[i];
    if (l.foreign || !l.thread.creation_stack) continue;
    uptr lo = 0, hi = distinct;  // ids[0..distinct) is sorted
    while (hi - lo > 1) {
      uptr mid = (lo + hi) / 2;
      if (ids[mid] <= l.thread.creation_stack)
        lo = mid;
      else
        hi = mid;
    }
    u32 stack = stacks[stacks[lo].canonical].stack_id;
    if (l.group_stack != stack) changed = true;
    l.group_stack = stack;
  }
  return changed;
}

bool IsRuntimeLibraryFrame(const SymbolizedFrame &f) {
  if (f.module) {
    static const char *const kModules[] = {"/libstdc++.so",  "/libc++.so",
                                           "/libc++abi.so",  "/libc.so",
                                           "/libpthread.so", "/ld-linux"};
    for (const char *m : kModules)
      if (internal_strstr(f.module, m)) return true;
  }
  if (!f.function) return false;
  const char *name = WithoutReturnType(f.function);
  static const char *const kPrefixes[] = {
      "std::",     "__gnu_cxx::", "__cxxabiv1::", "__cxa_",         "pthread_",
      "__pthread", "thrd_",       "__libc_",      "__interceptor_", "__tlsan"};
  for (const char *p : kPrefixes)
    if (StartsWith(name, p)) return true;
  static const char *const kNames[] = {"start_thread", "clone", "clone3"};
  for (const char *n : kNames) {
    uptr len = internal_strlen(n);
    if (internal_strncmp(name, n, len) == 0 &&
        (name[len] == '\0' || name[len] == '('))
      return true;
  }
  return false;
}

uptr FirstProgramFrame(const SymbolizedFrame *frames, uptr n) {
  for (uptr i = 0; i < n; i++)
    if (!IsRuntimeLibraryFrame(frames[i])) return i;
  return n;
}

void RenumberGroups(LeakSet *set) {
  uptr n = set->leaks.size();
  u32 group = 0;
  for (uptr i = 0; i < n; i++) {
    if (i > 0 && set->leaks[i].group != set->leaks[i - 1].group) group++;
    set->leaks[i].group = group;
  }
  set->groups = n ? group + 1 : 0;
}

LeakCounts CountLeaks(const LeakSet &set) {
  LeakCounts c = {};
  for (uptr i = 0; i < set.leaks.size(); i++) {
    switch (set.leaks[i].state) {
      case kLeakBlocked: c.blocked++; break;
      case kLeakRunning: c.running++; break;
      case kLeakFinished: c.finished++; break;
    }
  }
  c.deadlocked = set.deadlocked;
  return c;
}

// The report's last line before SUMMARY when a thread's creating frame has
// no file:line (CreatorLacksLine); the GoogleTest listener says the same
// words next to the threads it lists (modules/tlsan_gtest.cpp).
static const char kNeedsDebugInfoHint[] =
    "file:line needs debug info: build with -g\n\n";

static void AppendCreator(const LeakedThread &l, TextBuffer *out) {
  const ThreadSnapshot &t = l.thread;
  if (t.parent_uid == 0)
    out->Append("main thread");
  else if (t.parent_uid == kUnknownUid)
    out->Appendf("thread tid=%d", t.parent_tid);
  else
    out->Appendf("thread T%u", t.parent_uid);
}

static void AppendFrames(const SymbolizedFrame *frames, uptr n,
                         TextBuffer *out) {
  for (uptr i = 0; i < n; i++) {
    const SymbolizedFrame &f = frames[i];
    out->Appendf("    #%zu 0x%zx", (size_t)i, (size_t)f.pc);
    if (f.function) out->Appendf(" in %s", f.function);
    // A file without a line (the symbol table's, no debug info) says less
    // than module+offset, which addr2line can map.
    if (f.file && f.line) {
      out->Appendf(" %s:%d", f.file, f.line);
      if (f.column) out->Appendf(":%d", f.column);
    } else if (f.module) {
      out->Appendf(" (%s+0x%zx)", f.module, (size_t)f.module_offset);
    } else if (f.file) {
      out->Appendf(" %s", f.file);
    }
    out->AppendChar('\n');
  }
}

static void AppendBlockedDetails(const LeakedThread &l, SymbolCache *symbols,
                                 TextBuffer *out) {
  const BlockedOn &b = l.blocked_on;
  // The sentence, as a line of its own: "  Blocked in ...".
  out->Append("  ");
  if (l.sentence && l.sentence[0]) {
    out->AppendChar((char)(l.sentence[0] - 'a' + 'A'));
    out->Append(l.sentence + 1);
  }
  out->Append(".\n");
  switch (l.cause) {
    case kCauseDeadlock:
      out->Append("  Deadlock: ");
      for (uptr i = 0; i < l.cycle_size; i++)
        out->Appendf("tid=%d -> ", l.cycle[i]);
      out->Appendf("tid=%d: each thread waits for a lock or thread the next "
                   "one holds; none can ever proceed.\n",
                   l.cycle[0]);
      break;
    case kCauseSelfDeadlock:
      out->Append("  Self-deadlock: it waits for a lock it holds itself.\n");
      break;
    case kCauseAbandoned:
      out->Append("  Abandoned: the holder is gone (finished or exited) "
                  "without releasing it.\n");
      break;
    case kCauseChain:
      out->Append("  It waits for a thread that is itself leaked (reported "
                  "here too).\n");
      break;
    case kCauseNone: break;
  }
  if (b.stack_id) {
    const SymbolizedFrame *frames;
    uptr n;
    symbols->Get(b.stack_id, &frames, &n);
    out->Append("  Waiting at:\n");
    AppendFrames(frames, n, out);
  }
}

// Whether the frame that created the thread (the first of the program's
// own, by FirstProgramFrame) was found in a module but without file:line:
// the program (or that library) was built without debug info.
static bool CreatorLacksLine(const SymbolizedFrame *frames, uptr n) {
  uptr i = FirstProgramFrame(frames, n);
  return i < n && frames[i].module && (!frames[i].file || !frames[i].line);
}

// Appends the group [first, end) of `set`; returns whether its creating
// frame lacks file:line (CreatorLacksLine).
static bool AppendGroup(const LeakSet &set, uptr first, uptr end,
                        SymbolCache *symbols, TextBuffer *out) {
  bool lacks_line = false;
  const LeakedThread &l = set.leaks[first];
  const ThreadSnapshot &t = l.thread;
  // The main thread is reported only as part of a deadlock.
  if (t.has(kMain))
    out->Append("Main thread");
  else
    out->Appendf("Thread T%u", t.uid);
  if (l.name[0]) out->Appendf(" '%s'", l.name);
  out->Appendf(" (tid=%d, ", t.tid);
  AppendStateDescription(l, out);
  out->Append(")");
  if (t.has(kDetached)) out->Append(", detached");
  if (l.scope) out->Appendf(", created during test %s", ScopeName(l.scope));
  if (t.has(kMain)) {
    out->Append(":\n");
  } else if (l.foreign) {
    out->Append(", of unknown origin: not created through pthread_create or "
                "thrd_create (started before tlsan, or by a raw clone); no "
                "creation stack.\n");
  } else {
    out->Append(", created by ");
    AppendCreator(l, out);
    out->Append(" at:\n");
    const SymbolizedFrame *frames;
    uptr n;
    symbols->Get(t.creation_stack, &frames, &n);
    if (n == 0) out->Append("    <empty stack>\n");
    AppendFrames(frames, n, out);
    lacks_line = CreatorLacksLine(frames, n);
  }
  if (l.state == kLeakBlocked) AppendBlockedDetails(l, symbols, out);
  if (l.state == kLeakRunning && l.blocked_on.stack_id) {
    const SymbolizedFrame *frames;
    uptr n;
    symbols->Get(l.blocked_on.stack_id, &frames, &n);
    out->Append("  Running at:\n");
    AppendFrames(frames, n, out);
  }
  uptr more = end - first - 1;
  if (more > 0) {
    out->Appendf("\n  And %zu more similar thread leak%s (", (size_t)more,
                 more == 1 ? "" : "s");
    uptr shown = 0;
    for (uptr i = first + 1; i < end && shown < 8; i++, shown++)
      out->Appendf("%sT%u", shown ? ", " : "", set.leaks[i].thread.uid);
    if (more > shown) out->Append(", ...");
    out->Append(").\n");
  }
  out->AppendChar('\n');
  return lacks_line;
}

void WriteTextReport(const LeakSet &set, SymbolCache *symbols,
                     TextBuffer *out) {
  uptr n = set.leaks.size();
  out->Append(
      "=================================================================\n");
  if (set.kind == kCheckDeadlock) {
    out->Appendf("==%d==ERROR: ThreadLeakSanitizer: deadlock of %u thread(s)",
                 GetPid(), (unsigned)set.cycle_size);
    if (set.scope) out->Appendf(" during test %s", ScopeName(set.scope));
    out->Appendf(": %s\n", set.cycle_note);
  } else if (set.kind == kCheckHang || set.kind == kCheckDump) {
    if (set.kind == kCheckHang)
      out->Appendf("==%d==ERROR: ThreadLeakSanitizer: hang: no thread has "
                   "made progress for %llu ms",
                   GetPid(), (unsigned long long)set.idle_ms);
    else
      out->Appendf("==%d==ThreadLeakSanitizer: thread dump on signal %d",
                   GetPid(), set.signal);
    if (set.scope) out->Appendf(" during test %s", ScopeName(set.scope));
    out->Appendf("; %zu thread(s):\n", (size_t)n);
  } else {
    const char *when = set.kind == kCheckOnDemand ? "" : " at exit";
    out->Appendf("==%d==ERROR: ThreadLeakSanitizer: %zu thread(s) leaked%s\n",
                 GetPid(), (size_t)n, when);
  }
  if (set.kind == kCheckExitStuck)
    out->Appendf("==%d==ERROR: ThreadLeakSanitizer: exit is stuck: %s\n",
                 GetPid(), set.stuck_note);
  out->AppendChar('\n');
  uptr max_groups = flags()->max_leaks > 0 ? (uptr)flags()->max_leaks : n;
  uptr groups_shown = 0;
  bool lacks_line = false;
  for (uptr first = 0; first < n;) {
    uptr end = first + 1;
    while (end < n && set.leaks[end].group == set.leaks[first].group) end++;
    if (groups_shown++ < max_groups)
      lacks_line |= AppendGroup(set, first, end, symbols, out);
    first = end;
  }
  if (groups_shown > max_groups)
    out->Appendf(
        "Omitted %zu more group(s) of leaked threads (max_leaks=%d).\n\n",
        (size_t)(groups_shown - max_groups), flags()->max_leaks);
  // Once per report: a creating frame shown as module+offset only.
  if (lacks_line) out->Append(kNeedsDebugInfoHint);
  if (set.kind == kCheckDeadlock) {
    out->Appendf("SUMMARY: ThreadLeakSanitizer: deadlock of %u thread(s)",
                 (unsigned)set.cycle_size);
    if (n > set.cycle_size)
      out->Appendf(", %zu more waiting on them", (size_t)(n - set.cycle_size));
    out->Append(".\n");
    return;
  }
  if (set.kind == kCheckHang || set.kind == kCheckDump) {
    LeakCounts h = CountLeaks(set);
    out->Appendf("SUMMARY: ThreadLeakSanitizer: %s: %zu thread(s): %zu "
                 "blocked, %zu running, %zu finished.\n",
                 set.kind == kCheckHang ? "hang" : "thread dump", (size_t)n,
                 (size_t)h.blocked, (size_t)h.running, (size_t)h.finished);
    return;
  }
  LeakCounts c = CountLeaks(set);
  out->Appendf("SUMMARY: ThreadLeakSanitizer: %zu leaked thread(s): %zu "
               "blocked, %zu running, %zu finished",
               (size_t)n, (size_t)c.blocked, (size_t)c.running,
               (size_t)c.finished);
  if (c.deadlocked) out->Appendf(", %zu deadlocked", (size_t)c.deadlocked);
  out->Append(".\n");
}

}  // namespace __tlsan
