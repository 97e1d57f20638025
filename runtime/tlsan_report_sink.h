//===-- tlsan_report_sink.h - where finished reports go -------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A report is built whole in memory, then handed here. log_path selects the
// sink: "stderr" (default), "stdout", or a path prefix P: the report is
// appended to P.<pid> (P ending with '/': the directory P, file
// tlsan.<pid>, tlsan.<pid>.sarif for SARIF) with one write (O_APPEND), so a
// file holds whole reports only (JSON Lines when report_format=json: one report
// per line; SARIF: one log whose runs are the reports). When the file cannot be
// opened or written (missing directory, no permission, full disk), the report
// goes to stderr after a line saying why. stdout/stderr buffers of the program
// (stdio) are flushed first, so nothing the program printed is lost or
// reordered after the report.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_REPORT_SINK_H
#define TLSAN_REPORT_SINK_H

#include "tlsan_internal.h"

namespace __tlsan {

// Whether `log_path` names stderr (the default: "", "stderr").
bool ReportSinkIsStderr(const char *log_path);

// Writes data[0..size) to the sink named by `log_path` (see above). Returns
// true if it reached the requested sink, false if it fell back to stderr.
// `sarif`: data is one SARIF log; a file keeps one log, each report adding
// its run to the one already there (on stderr/stdout logs follow each other).
bool WriteToReportSink(const char *log_path, const char *data, uptr size,
                       bool sarif = false);

}  // namespace __tlsan

#endif  // TLSAN_REPORT_SINK_H
