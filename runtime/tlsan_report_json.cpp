//===-- tlsan_report_json.cpp - the JSON report ---------------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_report.h.
//
// One JSON document on one line per report (JSON Lines when a process
// reports more than once). The schema is documented in docs/json-report.md
// and is stable: fields are only ever added.
//
//===----------------------------------------------------------------------===//
#include "tlsan_leak_model.h"
#include "tlsan_report.h"
#include "tlsan_rtl.h"
#include "tlsan_scope.h"
#include "tlsan_syscall_linux.h"

#ifndef TLSAN_VERSION
#define TLSAN_VERSION "0.0.0"
#endif

namespace __tlsan {

namespace {

void AppendJsonString(TextBuffer *out, const char *s) {
  if (!s) {
    out->Append("null");
    return;
  }
  out->AppendChar('"');
  out->AppendJsonEscaped(s);
  out->AppendChar('"');
}

void AppendJsonFrames(TextBuffer *out, const SymbolizedFrame *frames, uptr n) {
  out->AppendChar('[');
  for (uptr i = 0; i < n; i++) {
    const SymbolizedFrame &f = frames[i];
    if (i) out->AppendChar(',');
    out->Appendf("{\"pc\":\"0x%zx\",\"function\":", (size_t)f.pc);
    AppendJsonString(out, f.function);
    out->Append(",\"file\":");
    AppendJsonString(out, f.file);
    if (f.line)
      out->Appendf(",\"line\":%d", f.line);
    else
      out->Append(",\"line\":null");
    out->Append(",\"module\":");
    AppendJsonString(out, f.module);
    out->AppendChar('}');
  }
  out->AppendChar(']');
}

// "blocked_on": what a blocked thread waits on, or null.
void AppendJsonBlockedOn(const LeakedThread &l, TextBuffer *out) {
  out->Append(",\"blocked_on\":");
  if (l.state == kLeakBlocked) {
    const BlockedOn &b = l.blocked_on;
    out->Appendf("{\"kind\":\"%s\",\"call\":", BlockingKindName(b.kind));
    AppendJsonString(out, b.call);
    if (b.has_object)
      out->Appendf(",\"object\":\"0x%zx\"", (size_t)b.object);
    else
      out->Append(",\"object\":null");
    if (b.has_object && b.fd_count)
      out->Appendf(",\"fd_count\":%u", b.fd_count);
    else
      out->Append(",\"fd_count\":null");
    if (b.owner_tid)
      out->Appendf(",\"owner_tid\":%d", b.owner_tid);
    else
      out->Append(",\"owner_tid\":null");
    if (b.owner_tid && l.owner_uid != kUnknownUid)
      out->Appendf(",\"owner_thread\":\"T%u\"", l.owner_uid);
    else
      out->Append(",\"owner_thread\":null");
    if (b.since_ms >= 0)
      out->Appendf(",\"since_ms\":%lld}", (long long)b.since_ms);
    else
      out->Append(",\"since_ms\":null}");
  } else {
    out->Append("null");
  }
}

// One element of "leaks".
void AppendJsonLeak(const LeakedThread &l, SymbolCache *symbols,
                    TextBuffer *out) {
  const ThreadSnapshot &t = l.thread;
  out->Appendf("{\"tid\":%d,\"thread\":\"T%u\",\"name\":", t.tid, t.uid);
  AppendJsonString(out, l.name[0] ? l.name : nullptr);
  out->Appendf(",\"state\":\"%s\",\"detached\":%s,\"foreign\":%s",
               LeakStateName(l.state), t.has(kDetached) ? "true" : "false",
               l.foreign ? "true" : "false");
  AppendJsonBlockedOn(l, out);
  if (l.cause == kCauseDeadlock || l.cause == kCauseSelfDeadlock) {
    out->Append(",\"deadlock\":[");
    for (uptr c = 0; c < l.cycle_size; c++)
      out->Appendf("%s%d", c ? "," : "", l.cycle[c]);
    out->AppendChar(']');
  } else {
    out->Append(",\"deadlock\":null");
  }
  out->Append(",\"cause\":");
  AppendJsonString(out, WaitCauseName(l.cause));
  out->Append(",\"description\":");
  AppendJsonString(out, l.sentence);
  out->Appendf(",\"spinning\":%s", l.spinning ? "true" : "false");
  if (l.foreign)
    out->Append(",\"created_by\":null");
  else
    out->Appendf(",\"created_by\":%d", t.parent_tid);
  out->Append(",\"test\":");
  AppendJsonString(out, l.scope ? ScopeName(l.scope) : nullptr);
  const SymbolizedFrame *frames = nullptr;
  uptr n = 0;
  if (!l.foreign) symbols->Get(t.creation_stack, &frames, &n);
  out->Append(",\"creation_stack\":");
  AppendJsonFrames(out, frames, n);
  n = 0;
  if (l.state != kLeakFinished && l.blocked_on.stack_id)
    symbols->Get(l.blocked_on.stack_id, &frames, &n);
  out->Append(",\"stack\":");
  AppendJsonFrames(out, frames, n);
  out->AppendChar('}');
}

}  // namespace

void WriteJsonReport(const LeakSet &set, SymbolCache *symbols,
                     TextBuffer *out) {
  out->Appendf("{\"tool\":\"ThreadLeakSanitizer\",\"version\":\"%s\","
               "\"pid\":%d,\"check\":\"%s\",\"exit_stuck\":",
               TLSAN_VERSION, GetPid(), CheckKindName(set.kind));
  AppendJsonString(out, set.kind == kCheckExitStuck ? set.stuck_note : nullptr);
  if (set.kind == kCheckDeadlock) {
    out->Append(",\"cycle\":");
    AppendJsonString(out, set.cycle_note);
    out->Append(",\"test\":");
    AppendJsonString(out, set.scope ? ScopeName(set.scope) : nullptr);
  }
  if (set.kind == kCheckHang || set.kind == kCheckDump) {
    if (set.kind == kCheckHang)
      out->Appendf(",\"idle_ms\":%llu", (unsigned long long)set.idle_ms);
    else
      out->Appendf(",\"signal\":%d", set.signal);
    out->Append(",\"test\":");
    AppendJsonString(out, set.scope ? ScopeName(set.scope) : nullptr);
  }
  out->Append(",\"leaks\":[");
  for (uptr i = 0; i < set.leaks.size(); i++) {
    if (i) out->AppendChar(',');
    AppendJsonLeak(set.leaks[i], symbols, out);
  }
  LeakCounts c = CountLeaks(set);
  out->Appendf("],\"summary\":{\"leaked\":%zu,\"blocked\":%zu,\"running\":%zu,"
               "\"finished\":%zu,\"deadlocked\":%zu}}\n",
               (size_t)set.leaks.size(), (size_t)c.blocked, (size_t)c.running,
               (size_t)c.finished, (size_t)c.deadlocked);
}

}  // namespace __tlsan
