//===-- tlsan_symbolizer.h - pcs to function, file and line ---------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Only the report writers call this, in the leak pass, never while a thread is
// being created or blocks. Strategy, as in sanitizer_common:
//   1. llvm-symbolizer run as a subprocess speaking its pipe protocol
//      ("\"<module>\" 0x<offset>\n" in; "function\nfile:line:column\n" per
//      inlined frame then an empty line out), with demangling and inlining;
//      flags: external_symbolizer_path, else llvm-symbolizer on PATH, then
//      versioned names and /usr/lib/llvm-*/bin; under secure execution
//      (AT_SECURE) never PATH: /usr/lib/llvm-*/bin, /usr/bin only, and the
//      child gets an empty environment;
//   2. addr2line (-f -C -i -e <module>) when no llvm-symbolizer is found, or
//      external_symbolizer_path names an addr2line;
//   3. dladdr (exported symbols only, demangled when possible without
//      libstdc++: the mangled name is kept otherwise);
//   symbolize=0: module and offset only.
// Every request has a deadline; the child gets only its socket (no
// inherited descriptors) and is killed and reaped before Symbolizer is gone.
// Not thread-safe: one Symbolizer per report.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SYMBOLIZER_H
#define TLSAN_SYMBOLIZER_H

#include "tlsan_buffer.h"
#include "tlsan_internal.h"

namespace __tlsan {

struct SymbolizedFrame {
  uptr pc;               // the address as captured (a return address)
  const char *function;  // demangled name, or nullptr when unknown
  const char *file;      // source file (strip_path_prefix applied), or null
  int line;              // 0 when unknown
  int column;            // 0 when unknown
  const char *module;    // path of the containing object, or nullptr
  uptr module_offset;    // pc - module load base
  u32 source_index;      // index of the pc in the input this frame came from
  bool inlined;          // an inlined frame (all but the last frame of a pc)
};

struct SymbolizerOptions {
  bool symbolize;                 // flags()->symbolize
  const char *external_path;      // flags()->external_symbolizer_path
  const char *strip_path_prefix;  // flags()->strip_path_prefix
  int timeout_ms;                 // deadline per request (<= 0: 10 s)
};

class Symbolizer {
 public:
  explicit Symbolizer(const SymbolizerOptions &options);
  ~Symbolizer();
  Symbolizer(const Symbolizer &) = delete;
  Symbolizer &operator=(const Symbolizer &) = delete;

  // Appends the frames of pcs[0..n) to `out`, one or more per pc (inlined
  // frames expand), in order. Return addresses are looked up at pc - 1 so
  // that the line is the call's, not the next statement's. Strings stay valid
  // until the Symbolizer is destroyed. Never fails: what cannot be resolved
  // keeps module+offset, or only the pc.
  void Symbolize(const uptr *pcs, uptr n, ScratchArray<SymbolizedFrame> *out);

  // The global or static variable that contains `addr` (llvm-symbolizer's
  // DATA query): its name and start address. False when unknown (another
  // backend, a heap or stack address, a stripped module). The name stays
  // valid until the Symbolizer is destroyed.
  bool SymbolizeData(uptr addr, const char **name, uptr *start);

  // Which backend is in use: "llvm-symbolizer", "addr2line", "dladdr",
  // "none". For tests and verbosity output.
  const char *BackendName() const;

 private:
  struct Impl;
  Impl *impl_;
};

}  // namespace __tlsan

#endif  // TLSAN_SYMBOLIZER_H
