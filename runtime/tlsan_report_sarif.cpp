//===-- tlsan_report_sarif.cpp - the SARIF 2.1.0 report -------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_report.h.
//
// report_format=sarif: a SARIF 2.1.0 log on one line, for code-scanning
// dashboards. One result per leaked thread, located at the program's frame
// that created it (the first creation frame outside the C/C++ runtime with a
// source file), the blocked-on details in its message, the creation stack
// (and the stack where it waits) as SARIF stacks. Rules: thread-leak, and
// thread-deadlock for threads in a deadlock cycle.
//
//===----------------------------------------------------------------------===//
#include "tlsan_report.h"
#include "tlsan_rtl.h"
#include "tlsan_scope.h"

#ifndef TLSAN_VERSION
#define TLSAN_VERSION "0.0.0"
#endif

namespace __tlsan {

namespace {

void AppendString(TextBuffer *out, const char *s) {
  out->AppendChar('"');
  out->AppendJsonEscaped(s ? s : "");
  out->AppendChar('"');
}

void AppendUri(TextBuffer *out, const char *file) {
  out->Append(file[0] == '/' ? "\"file://" : "\"");
  out->AppendJsonEscaped(file);
  out->AppendChar('"');
}

void AppendLocation(TextBuffer *out, const SymbolizedFrame &f) {
  out->Append("{");
  if (f.file) {
    out->Append("\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    AppendUri(out, f.file);
    out->Append("}");
    if (f.line) {
      out->Appendf(",\"region\":{\"startLine\":%d", f.line);
      if (f.column) out->Appendf(",\"startColumn\":%d", f.column);
      out->Append("}");
    }
    out->Append("}");
  } else if (f.module) {
    out->Append("\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
    AppendUri(out, f.module);
    out->Appendf("},\"address\":{\"relativeAddress\":%zu}}",
                 (size_t)f.module_offset);
  }
  if (f.function) {
    out->Append(f.file || f.module ? "," : "");
    out->Append("\"logicalLocations\":[{\"fullyQualifiedName\":");
    AppendString(out, f.function);
    out->Append("}]");
  }
  out->Append("}");
}

void AppendStack(TextBuffer *out, const char *what, const SymbolizedFrame *f,
                 uptr n) {
  out->Append("{\"message\":{\"text\":");
  AppendString(out, what);
  out->Append("},\"frames\":[");
  for (uptr i = 0; i < n; i++) {
    if (i) out->AppendChar(',');
    out->Append("{\"location\":");
    AppendLocation(out, f[i]);
    out->Appendf(",\"address\":{\"absoluteAddress\":%zu}}", (size_t)f[i].pc);
  }
  out->Append("]}");
}

// One result: the thread, its sentence, where it was created, its stacks.
void AppendSarifResult(const LeakedThread &l, SymbolCache *symbols,
                       TextBuffer *out) {
  bool deadlock = l.cause == kCauseDeadlock || l.cause == kCauseSelfDeadlock;
  out->Appendf("{\"ruleId\":\"%s\",\"level\":\"error\",\"message\":{"
               "\"text\":",
               deadlock ? "thread-deadlock" : "thread-leak");
  TextBuffer msg;
  msg.Appendf("Thread T%u", l.thread.uid);
  if (l.name[0]) msg.Appendf(" '%s'", l.name);
  msg.Appendf(" (tid=%d) leaked: %s", l.thread.tid, l.sentence);
  if (const char *cause = WaitCauseName(l.cause)) msg.Appendf(" (%s)", cause);
  if (l.scope) msg.Appendf("; created during test %s", ScopeName(l.scope));
  msg.Append(".");
  AppendString(out, msg.data());
  out->Append("},\"locations\":[");
  const SymbolizedFrame *frames = nullptr;
  uptr n = 0;
  if (!l.foreign) symbols->Get(l.thread.creation_stack, &frames, &n);
  uptr at = n;
  for (uptr f = 0; f < n && at == n; f++)
    if (frames[f].file && !IsRuntimeLibraryFrame(frames[f])) at = f;
  if (at == n && n > 0) at = 0;
  if (at < n) AppendLocation(out, frames[at]);
  out->Append("],\"stacks\":[");
  AppendStack(out, "creation stack", frames, n);
  if (l.state != kLeakFinished && l.blocked_on.stack_id) {
    symbols->Get(l.blocked_on.stack_id, &frames, &n);
    out->AppendChar(',');
    AppendStack(out,
                l.state == kLeakBlocked ? "where it waits" : "where it runs",
                frames, n);
  }
  out->Appendf("],\"properties\":{\"tid\":%d,\"thread\":\"T%u\","
               "\"state\":\"%s\"}}",
               l.thread.tid, l.thread.uid, LeakStateName(l.state));
}

}  // namespace

void WriteSarifReport(const LeakSet &set, SymbolCache *symbols,
                      TextBuffer *out) {
  out->Append(
      "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
      "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
      "\"name\":\"ThreadLeakSanitizer\",\"version\":\"" TLSAN_VERSION "\","
      "\"rules\":["
      "{\"id\":\"thread-leak\",\"name\":\"ThreadLeak\",\"shortDescription\":"
      "{\"text\":\"A thread outlived its purpose: it is still blocked or "
      "running, or finished without being joined.\"},"
      "\"defaultConfiguration\":{\"level\":\"error\"}},"
      "{\"id\":\"thread-deadlock\",\"name\":\"ThreadDeadlock\","
      "\"shortDescription\":{\"text\":\"A leaked thread is part of a deadlock "
      "cycle.\"},\"defaultConfiguration\":{\"level\":\"error\"}}]}},"
      "\"results\":[");
  for (uptr i = 0; i < set.leaks.size(); i++) {
    if (i) out->AppendChar(',');
    AppendSarifResult(set.leaks[i], symbols, out);
  }
  out->Append("]");
  if (set.kind == kCheckDeadlock || set.kind == kCheckHang ||
      set.kind == kCheckDump) {
    out->Appendf(",\"properties\":{\"check\":\"%s\",\"cycle\":",
                 set.kind == kCheckDeadlock ? "deadlock"
                 : set.kind == kCheckHang   ? "hang"
                                            : "dump");
    AppendString(out, set.kind == kCheckDeadlock ? set.cycle_note : nullptr);
    out->Append(",\"test\":");
    if (set.scope)
      AppendString(out, ScopeName(set.scope));
    else
      out->Append("null");
    out->AppendChar('}');
  }
  out->Append("}]}\n");
}

}  // namespace __tlsan
