//===-- tlsan_report_sarif.cpp - the SARIF 2.1.0 report -------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_report.h.
//
// report_format=sarif: a SARIF 2.1.0 log on one line, for code-scanning
// dashboards (validated against the schema by tests/sarif/). One result per
// reported thread, its message the model's sentence, located at the
// program's frame that created it (the first creation frame outside the
// C/C++ runtime with a source file; else the module, else the executable:
// a result always has a location), with the creation stack (and the stack
// where it waits or runs) as SARIF stacks. One rule per kind of report:
// thread-leak, thread-deadlock, thread-hang, thread-dump.
//
// Paths: a source file under the working directory is a relative URI with
// uriBaseId %SRCROOT% (run.originalUriBaseIds names the directory), any
// other an absolute file:// URI; relative paths from debug info are taken
// from the working directory, and `.` and `..` are resolved, so no URI holds
// them. A process that reports more than once writes one log with one run
// per report (WriteToReportSink, tlsan_report_sink.h).
//
//===----------------------------------------------------------------------===//
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "tlsan_leak_model.h"
#include "tlsan_proc_linux.h"
#include "tlsan_report.h"
#include "tlsan_rtl.h"
#include "tlsan_scope.h"
#include "tlsan_syscall_linux.h"

#ifndef TLSAN_VERSION
#define TLSAN_VERSION "0.0.0"
#endif
#ifndef TLSAN_INFORMATION_URI
#define TLSAN_INFORMATION_URI "https://github.com/tlsan/tlsan"
#endif

namespace __tlsan {

namespace {

constexpr uptr kPathSize = 4096;

void AppendString(TextBuffer *out, const char *s) {
  out->AppendChar('"');
  out->AppendJsonEscaped(s ? s : "");
  out->AppendChar('"');
}

// RFC 3986: unreserved characters and '/' stay, every other byte is %XX.
void AppendUriPath(TextBuffer *out, const char *path) {
  for (const char *p = path; *p; p++) {
    char c = *p;
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                 c == '~' || c == '/' || c == '+' || c == '@' || c == ':';
    if (plain)
      out->AppendChar(c);
    else
      out->Appendf("%%%02X", (unsigned)(u8)c);
  }
}

// `path` made absolute (against `cwd` if relative) with `.`, `..` and
// repeated slashes resolved. False if it does not fit.
bool NormalizePath(const char *cwd, const char *path, char *out, uptr size) {
  char joined[kPathSize];
  int n = path[0] == '/' ? snprintf(joined, sizeof(joined), "%s", path)
                         : snprintf(joined, sizeof(joined), "%s/%s", cwd, path);
  if (n < 0 || (uptr)n >= sizeof(joined) || size < 2) return false;
  uptr len = 0;
  for (const char *p = joined; *p;) {
    while (*p == '/') p++;
    const char *seg = p;
    while (*p && *p != '/') p++;
    uptr seg_len = (uptr)(p - seg);
    if (seg_len == 0 || (seg_len == 1 && seg[0] == '.')) continue;
    if (seg_len == 2 && seg[0] == '.' && seg[1] == '.') {
      while (len > 0 && out[len - 1] != '/') len--;
      if (len > 0) len--;  // the slash before the dropped segment
      continue;
    }
    if (len + 1 + seg_len + 1 > size) return false;
    out[len++] = '/';
    internal_memcpy(out + len, seg, seg_len);
    len += seg_len;
  }
  if (len == 0) out[len++] = '/';
  out[len] = '\0';
  return true;
}

// Where relative URIs point from: the working directory at report time.
struct SourceRoot {
  char dir[kPathSize];  // absolute, no trailing slash; "" if unknown
  uptr len;
};

void GetSourceRoot(SourceRoot *root) {
  root->dir[0] = '\0';
  root->len = 0;
  sptr n = internal_syscall6(SYS_getcwd, (uptr)root->dir, sizeof(root->dir));
  if (internal_iserror(n) || root->dir[0] != '/') {
    root->dir[0] = '\0';
    return;
  }
  root->len = internal_strlen(root->dir);
  if (root->len == 1) root->len = 0, root->dir[0] = '\0';  // "/": no base
}

// An artifactLocation's members: "uri" (and "uriBaseId").
void AppendArtifact(TextBuffer *out, const char *path, const SourceRoot &root) {
  char abs[kPathSize];
  if (!NormalizePath(root.len ? root.dir : "/", path, abs, sizeof(abs))) {
    internal_strlcpy(abs, "/", sizeof(abs));
  }
  out->Append("\"artifactLocation\":{\"uri\":\"");
  if (root.len && internal_strncmp(abs, root.dir, root.len) == 0 &&
      abs[root.len] == '/') {
    AppendUriPath(out, abs + root.len + 1);
    out->Append("\",\"uriBaseId\":\"%SRCROOT%\"}");
  } else {
    out->Append("file://");
    AppendUriPath(out, abs);
    out->Append("\"}");
  }
}

// A location for frame `f`: its source line, else its module; the pc as
// the physical location's address when `with_address`.
void AppendLocation(TextBuffer *out, const SymbolizedFrame &f,
                    const SourceRoot &root, bool with_address) {
  out->Append("{\"physicalLocation\":{");
  bool any = false;
  if (f.file || f.module) {
    AppendArtifact(out, f.file ? f.file : f.module, root);
    any = true;
  }
  if (f.file && f.line) {
    out->Appendf(",\"region\":{\"startLine\":%d", f.line);
    if (f.column) out->Appendf(",\"startColumn\":%d", f.column);
    out->Append("}");
  }
  if (with_address || !any) {
    out->Appendf("%s\"address\":{\"absoluteAddress\":%zu", any ? "," : "",
                 (size_t)f.pc);
    if (!f.file && f.module)
      out->Appendf(",\"relativeAddress\":%zu", (size_t)f.module_offset);
    out->Append("}");
  }
  out->Append("}");
  if (f.function) {
    out->Append(",\"logicalLocations\":[{\"fullyQualifiedName\":");
    AppendString(out, f.function);
    out->Append("}]");
  }
  out->Append("}");
}

// The executable, for results no frame locates (foreign threads, stacks
// without symbols).
void AppendProgramLocation(TextBuffer *out, const SourceRoot &root) {
  char exe[kPathSize];
  ReadProgramPath(exe, sizeof(exe));
  out->Append("{\"physicalLocation\":{");
  AppendArtifact(out, exe[0] ? exe : "/proc/self/exe", root);
  out->Append("}}");
}

void AppendStack(TextBuffer *out, const char *what, const SymbolizedFrame *f,
                 uptr n, const SourceRoot &root) {
  out->Append("{\"message\":{\"text\":");
  AppendString(out, what);
  out->Append("},\"frames\":[");
  for (uptr i = 0; i < n; i++) {
    if (i) out->AppendChar(',');
    out->Append("{\"location\":");
    AppendLocation(out, f[i], root, /*with_address=*/true);
    out->AppendChar('}');
  }
  out->Append("]}");
}

const char *RuleId(const LeakSet &set, const LeakedThread &l) {
  if (set.kind == kCheckHang) return "thread-hang";
  if (set.kind == kCheckDump) return "thread-dump";
  bool deadlock = l.cause == kCauseDeadlock || l.cause == kCauseSelfDeadlock;
  return deadlock ? "thread-deadlock" : "thread-leak";
}

// The result's message: the thread, the model's sentence, its cause, its
// test. Every format prints the same sentence (tlsan_leak_model.h).
void AppendMessage(const LeakedThread &l, TextBuffer *out) {
  TextBuffer msg;
  msg.Appendf("Thread T%u", l.thread.uid);
  if (l.name[0]) msg.Appendf(" '%s'", l.name);
  msg.Appendf(" (tid=%d) leaked: %s", l.thread.tid,
              l.sentence ? l.sentence : "");
  if (const char *cause = WaitCauseName(l.cause)) msg.Appendf(" (%s)", cause);
  if (l.scope) msg.Appendf("; created during test %s", ScopeName(l.scope));
  msg.Append(".");
  out->Append("\"message\":{\"text\":");
  AppendString(out, msg.data());
  out->Append("}");
}

// The result's one location: where the program created the thread.
void AppendResultLocation(const SymbolizedFrame *frames, uptr n,
                          const SourceRoot &root, TextBuffer *out) {
  uptr at = n;
  for (uptr f = 0; f < n && at == n; f++)
    if (frames[f].file && !IsRuntimeLibraryFrame(frames[f])) at = f;
  if (at == n)
    for (uptr f = 0; f < n && at == n; f++)
      if (frames[f].module) at = f;
  if (at < n)
    AppendLocation(out, frames[at], root, /*with_address=*/false);
  else
    AppendProgramLocation(out, root);
}

// One result: the thread, its sentence, where it was created, its stacks.
void AppendSarifResult(const LeakSet &set, const LeakedThread &l,
                       SymbolCache *symbols, const SourceRoot &root,
                       TextBuffer *out) {
  out->Appendf("{\"ruleId\":\"%s\",\"level\":\"%s\",", RuleId(set, l),
               set.kind == kCheckDump ? "note" : "error");
  AppendMessage(l, out);
  const SymbolizedFrame *frames = nullptr;
  uptr n = 0;
  if (!l.foreign) symbols->Get(l.thread.creation_stack, &frames, &n);
  out->Append(",\"locations\":[");
  AppendResultLocation(frames, n, root, out);
  out->Append("],\"stacks\":[");
  AppendStack(out, "creation stack", frames, n, root);
  if (l.state != kLeakFinished && l.blocked_on.stack_id) {
    symbols->Get(l.blocked_on.stack_id, &frames, &n);
    out->AppendChar(',');
    AppendStack(out,
                l.state == kLeakBlocked ? "where it waits" : "where it runs",
                frames, n, root);
  }
  out->Appendf("],\"properties\":{\"tid\":%d,\"thread\":\"T%u\","
               "\"state\":\"%s\"",
               l.thread.tid, l.thread.uid, LeakStateName(l.state));
  if (l.scope) {  // the test it was created in, as the JSON report's "test"
    out->Append(",\"test\":");
    AppendString(out, ScopeName(l.scope));
  }
  out->Append("}}");
}

void AppendRule(TextBuffer *out, const char *id, const char *name,
                const char *text, const char *help, const char *level) {
  out->Appendf("{\"id\":\"%s\",\"name\":\"%s\",\"shortDescription\":"
               "{\"text\":\"%s\"},\"help\":{\"text\":\"%s\"},"
               "\"defaultConfiguration\":{\"level\":\"%s\"}}",
               id, name, text, help, level);
}

void AppendTool(TextBuffer *out) {
  out->Append("\"tool\":{\"driver\":{\"name\":\"ThreadLeakSanitizer\","
              "\"version\":\"" TLSAN_VERSION
              "\",\"informationUri\":\"" TLSAN_INFORMATION_URI
              "\",\"rules\":[");
  AppendRule(out, "thread-leak", "ThreadLeak",
             "A thread outlived its purpose: it is still blocked or running, "
             "or finished without being joined.",
             "Stop and join the thread before its owner goes away, detach it "
             "if it must outlive it, or suppress it (suppressions=).",
             "error");
  out->AppendChar(',');
  AppendRule(out, "thread-deadlock", "ThreadDeadlock",
             "The thread is part of a cycle of threads waiting on each "
             "other: none can ever proceed.",
             "Take the locks (or joins) of the cycle in one global order.",
             "error");
  out->AppendChar(',');
  AppendRule(out, "thread-hang", "ThreadHang",
             "No thread made progress for hang_timeout_ms.",
             "Find what the threads wait for in their 'where it waits' "
             "stacks.",
             "error");
  out->AppendChar(',');
  AppendRule(out, "thread-dump", "ThreadDump",
             "A thread's state, dumped on request (dump_signal).",
             "Informational: the program goes on.", "note");
  out->Append("]}}");
}

// The run's properties: which check, and what it says as a whole.
void AppendRunProperties(const LeakSet &set, TextBuffer *out) {
  out->Appendf(",\"properties\":{\"check\":\"%s\"", CheckKindName(set.kind));
  if (set.kind == kCheckExitStuck) {
    out->Append(",\"exit_stuck\":");
    AppendString(out, set.stuck_note);
  }
  if (set.kind == kCheckDeadlock) {
    out->Append(",\"cycle\":");
    AppendString(out, set.cycle_note);
  }
  if (set.kind == kCheckHang)
    out->Appendf(",\"idle_ms\":%llu", (unsigned long long)set.idle_ms);
  if (set.kind == kCheckDump) out->Appendf(",\"signal\":%d", set.signal);
  out->Append(",\"test\":");
  if (set.scope)
    AppendString(out, ScopeName(set.scope));
  else
    out->Append("null");
  out->AppendChar('}');
}

}  // namespace

void WriteSarifReport(const LeakSet &set, SymbolCache *symbols,
                      TextBuffer *out) {
  SourceRoot root;
  GetSourceRoot(&root);
  out->Append("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
              "\"version\":\"2.1.0\",\"runs\":[{");
  AppendTool(out);
  if (root.len) {
    out->Append(",\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":\"file://");
    AppendUriPath(out, root.dir);
    out->Append("/\"}}");
  }
  out->Append(",\"results\":[");
  for (uptr i = 0; i < set.leaks.size(); i++) {
    if (i) out->AppendChar(',');
    AppendSarifResult(set, set.leaks[i], symbols, root, out);
  }
  out->Append("]");
  AppendRunProperties(set, out);
  out->Append("}]}\n");
}

}  // namespace __tlsan
