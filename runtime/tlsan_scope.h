//===-- tlsan_scope.h - named scopes (tests) threads are created in -------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// A scope is opened on a thread (a test, or a tlsan::scope guard); the
// threads created while it is open inherit its id into their shadow record
// (ThreadRecord::scope), and so do the threads they create. Scope ids index
// a fixed table of names; ids are never reused within 65,535 scopes (later
// ones wrap around and reuse the oldest slot). Begin/End are lock-free.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_SCOPE_H
#define TLSAN_SCOPE_H

#include "tlsan_internal.h"

namespace __tlsan {

// Opens a scope named `name` nested in `parent` (0: none); returns its id.
u32 ScopeBegin(const char *name, u32 parent);
// The scope's name ("" for 0 or an unknown id) and parent.
const char *ScopeName(u32 id);
u32 ScopeParent(u32 id);

}  // namespace __tlsan

#endif  // TLSAN_SCOPE_H
