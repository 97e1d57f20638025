//===-- tlsan_symbolizer.cpp - pcs to function, file and line ------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_symbolizer.h.
//
// Called by the report writers in the leak pass only; not thread-safe (one
// Symbolizer per report), not async-signal-safe. Everything it keeps (the
// Impl, module paths, names) lives in mmap'd memory and is unmapped by
// ~Symbolizer.
//
// For each pc: the module map (tlsan_symbolizer_modules.cpp) names its
// module and offset; the external tool (tlsan_symbolizer_process.cpp) turns
// those into frames; when it cannot, dladdr (tlsan_symbolizer_dladdr.cpp)
// names the exported symbol. The parts: tlsan_symbolizer_internal.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_symbolizer.h"

#include <new>  // placement new only (inline, no libstdc++ symbol)

#include "tlsan_symbolizer_internal.h"

namespace __tlsan {

namespace {
constexpr int kDefaultTimeoutMs = 10000;
constexpr uptr kArenaChunk = 64 << 10;

const char *CopyOrNull(StringArena *arena, const char *s) {
  return s && s[0] ? arena->Copy(s) : nullptr;
}

}  // namespace

char *StringArena::Alloc(uptr n) {
  n = (n + 7) & ~(uptr)7;  // keeps every block pointer-aligned
  if (n > left_) {
    uptr size = n > kArenaChunk ? n : kArenaChunk;
    chunks_.PushBack({(char *)MmapOrDie(size, "symbolizer strings"), size});
    next_ = chunks_[chunks_.size() - 1].p;
    left_ = size;
  }
  char *p = next_;
  next_ += n;
  left_ -= n;
  return p;
}

const char *StringArena::Copy(const char *s, uptr n) {
  char *p = Alloc(n + 1);
  internal_memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

const char *StringArena::Copy(const char *s) {
  return Copy(s, internal_strlen(s));
}

void StringArena::Release() {
  for (uptr i = 0; i < chunks_.size(); i++)
    UnmapOrDie(chunks_[i].p, chunks_[i].size);
  chunks_.Clear();
  next_ = nullptr;
  left_ = 0;
}

// Members are built in order (the arena first) and destroyed in reverse:
// the children are killed and reaped first, the arena's strings unmapped
// last.
struct Symbolizer::Impl {
  explicit Impl(const SymbolizerOptions &options)
      : modules(&arena),
        process(&arena, CopyOrNull(&arena, options.strip_path_prefix),
                options.timeout_ms > 0 ? options.timeout_ms
                                       : kDefaultTimeoutMs) {}
  ~Impl() { arena.Release(); }

  StringArena arena;
  ModuleMap modules;
  SymbolizerProcess process;
};

Symbolizer::Symbolizer(const SymbolizerOptions &options) {
  impl_ = new (MmapOrDie(sizeof(Impl), "Symbolizer")) Impl(options);
  if (options.symbolize) impl_->process.Discover(options.external_path);
}

Symbolizer::~Symbolizer() {
  impl_->~Impl();
  UnmapOrDie(impl_, sizeof(Impl));
}

void Symbolizer::Symbolize(const uptr *pcs, uptr n,
                           ScratchArray<SymbolizedFrame> *out) {
  Impl *im = impl_;
  if (!im->modules.loaded()) im->modules.Load();
  bool reloaded = false;
  for (uptr i = 0; i < n; i++) {
    SymbolizedFrame base = {};
    base.pc = pcs[i];
    base.source_index = (u32)i;
    const Module *m = im->modules.Find(pcs[i]);
    if (!m && !reloaded && pcs[i] != 0) {  // a library dlopen'ed since
      reloaded = true;
      im->modules.Load();
      m = im->modules.Find(pcs[i]);
    }
    if (m) {
      base.module = m->path;
      base.module_offset = pcs[i] - m->base;
    }
    if (!m || im->process.backend() == Backend::kNone) {
      out->PushBack(base);
      continue;
    }
    uptr start = out->size();
    uptr offset = pcs[i] - 1 - m->base;  // the call, not the return address
    if (im->process.Query(*m, offset, base, out)) continue;
    out->Resize(start);
    SymbolizedFrame &f = out->PushBack();
    f = base;
    SymbolizeWithDladdr(&im->arena, &f);
  }
}

bool Symbolizer::SymbolizeData(uptr addr, const char **name, uptr *start) {
  Impl *im = impl_;
  if (!im->modules.loaded()) im->modules.Load();
  // Find looks up pc - 1 (a return address): pass addr + 1.
  const Module *m = im->modules.Find(addr + 1);
  if (!m || !m->usable) return false;
  uptr offset = 0;
  if (!im->process.QueryData(*m, addr - m->base, name, &offset)) return false;
  *start = m->base + offset;
  return true;
}

const char *Symbolizer::BackendName() const {
  return __tlsan::BackendName(impl_->process.backend());
}

}  // namespace __tlsan
