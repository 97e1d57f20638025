//===-- tlsan_symbolizer_internal.h - the symbolizer's parts --------------===//
//
// Part of ThreadLeakSanitizer (tlsan). Included only by the symbolizer's own
// files; the rest of the runtime uses tlsan_symbolizer.h.
//
// The Symbolizer (tlsan_symbolizer.cpp) is three parts, each in its file:
//
//   | part                 | file                          | answers          |
//   |----------------------|-------------------------------|------------------|
//   | module map           | tlsan_symbolizer_modules.cpp  | pc -> module,    |
//   |                      |                               | offset           |
//   | external process     | tlsan_symbolizer_process.cpp  | module, offset ->|
//   | (llvm-symbolizer,    |                               | function, file,  |
//   |  addr2line)          |                               | line, inlines    |
//   | in-process fallback  | tlsan_symbolizer_dladdr.cpp   | pc -> exported   |
//   | (dladdr)             |                               | symbol           |
//
// All of them keep their strings in one StringArena (tlsan_symbolizer.cpp),
// owned by the Symbolizer: frames handed out stay valid until it is gone.
// Same contract as the Symbolizer: leak pass only, not thread-safe, not
// async-signal-safe.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SYMBOLIZER_INTERNAL_H
#define TLSAN_SYMBOLIZER_INTERNAL_H

#include "tlsan_buffer.h"
#include "tlsan_internal.h"
#include "tlsan_symbolizer.h"

struct dl_phdr_info;

namespace __tlsan {

// Strings copied out of replies, /proc and the dynamic linker: mmap'd
// chunks, freed all at once by Release. Never moves what it handed out.
class StringArena {
 public:
  StringArena() = default;
  StringArena(const StringArena &) = delete;
  StringArena &operator=(const StringArena &) = delete;

  char *Alloc(uptr n);                      // pointer-aligned
  const char *Copy(const char *s, uptr n);  // s[0..n) and a '\0'
  const char *Copy(const char *s);
  void Release();

 private:
  struct Chunk {
    char *p;
    uptr size;
  };
  ScratchArray<Chunk> chunks_;
  char *next_ = nullptr;
  uptr left_ = 0;
};

// ---- Module map (tlsan_symbolizer_modules.cpp) ----------------------------

struct Module {
  const char *path;
  uptr base;    // load base: module offset = pc - base
  bool usable;  // an absolute, readable path a tool can open and we can quote
};

// The loaded objects, from dl_iterate_phdr: a pc belongs to the object
// whose PT_LOAD segment holds pc - 1. The main program's path is read from
// /proc/self/exe.
class ModuleMap {
 public:
  explicit ModuleMap(StringArena *arena) : arena_(arena) {}
  ModuleMap(const ModuleMap &) = delete;
  ModuleMap &operator=(const ModuleMap &) = delete;

  // Reads the list again (old paths stay in the arena for frames already
  // handed out).
  void Load();
  bool loaded() const { return loaded_; }
  // The module holding pc - 1, or nullptr (also for pc 0).
  const Module *Find(uptr pc);

 private:
  struct Segment {
    uptr lo, hi;
    u32 module;
  };
  static int Collect(struct dl_phdr_info *info, size_t size, void *arg);

  StringArena *arena_;
  ScratchArray<Module> modules_;
  ScratchArray<Segment> segments_;
  bool loaded_ = false;
};

// ---- External process (tlsan_symbolizer_process.cpp) ----------------------

enum class Backend : u8 { kNone, kLlvm, kAddr2line, kDladdr };

// One line of a tool's reply, without its '\n'.
struct ReplyLine {
  const char *p;
  uptr n;
};
const char *BackendName(Backend backend);

// The external tool and its children: finds llvm-symbolizer or addr2line,
// starts them on demand, speaks their pipe protocol, kills them when they
// fail or when the Symbolizer is destroyed.
class SymbolizerProcess {
 public:
  SymbolizerProcess(StringArena *arena, const char *strip_prefix,
                    int timeout_ms)
      : arena_(arena), strip_prefix_(strip_prefix), timeout_ms_(timeout_ms) {}
  ~SymbolizerProcess();  // kills and reaps every child
  SymbolizerProcess(const SymbolizerProcess &) = delete;
  SymbolizerProcess &operator=(const SymbolizerProcess &) = delete;

  // Chooses the tool: external_path (when executable), else llvm-symbolizer,
  // else addr2line; kDladdr when there is none. Warns once when
  // external_path is set but not executable.
  Backend Discover(const char *external_path);

  // Appends the frames of module+offset (inlined ones first) to `out`, each
  // a copy of `base` with function, file, line and column filled in. False
  // when the tool cannot answer: the caller drops what was appended.
  bool Query(const Module &m, uptr offset, const SymbolizedFrame &base,
             ScratchArray<SymbolizedFrame> *out);

  // The global or static variable at module+offset (llvm-symbolizer's DATA
  // query): its name (in the arena) and its start offset in the module.
  // False when the tool is not llvm-symbolizer or does not know.
  bool QueryData(const Module &m, uptr offset, const char **name,
                 uptr *start_offset);

  // The backend in use, kDladdr once the tool has failed for good.
  Backend backend() const;

 private:
  struct Child {
    int pid;  // 0: not started, > 0: running (fd valid), -1: failed for good
    int fd;
    const char *module;  // addr2line only
  };
  static constexpr int kMaxAddr2lineChildren = 16;

  const char *FindInPath(const char *name);
  const char *FindLlvmSymbolizer(bool secure);
  char **ChildEnv();
  bool Spawn(const char *const *argv, Child *c);
  void Kill(Child *c);
  void GiveUp(Child *c);
  bool Send(Child *c, u64 deadline);
  bool Exchange(Child *c, uptr (*reply_end)(const char *, uptr));
  bool AskLlvm(const char *command, const Module &m, uptr offset,
               ReplyLine *lines, uptr *n);
  bool QueryLlvm(const Module &m, uptr offset, const SymbolizedFrame &base,
                 ScratchArray<SymbolizedFrame> *out);
  bool QueryAddr2line(const Module &m, uptr offset, const SymbolizedFrame &base,
                      ScratchArray<SymbolizedFrame> *out);
  Child *Addr2lineChild(const Module &m);
  bool EmitFrames(const ReplyLine *lines, uptr pairs, bool with_column,
                  const SymbolizedFrame &base,
                  ScratchArray<SymbolizedFrame> *out);
  bool ParseLocation(ReplyLine loc, bool with_column, SymbolizedFrame *f);

  StringArena *arena_;
  const char *strip_prefix_;
  int timeout_ms_;
  Backend backend_ = Backend::kNone;
  const char *tool_ = nullptr;  // the children's executable
  bool timed_out_ = false;      // set by Exchange when the deadline passed
  bool addr2line_disabled_ = false;
  Child llvm_ = {0, -1, nullptr};
  Child addr2line_[kMaxAddr2lineChildren] = {};
  int addr2line_next_ = 0;
  char **envp_ = nullptr;
  TextBuffer request_, reply_;
};

// ---- In-process fallback (tlsan_symbolizer_dladdr.cpp) --------------------

// Fills f->function (and f->module when unknown) from the dynamic symbol
// table through dladdr: exported symbols only, mangled names stay mangled.
void SymbolizeWithDladdr(StringArena *arena, SymbolizedFrame *f);

}  // namespace __tlsan

#endif  // TLSAN_SYMBOLIZER_INTERNAL_H
