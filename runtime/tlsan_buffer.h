//===-- tlsan_buffer.h - mmap-backed growable buffers --------------------===//
//
// Part of ThreadLeakSanitizer (tlsan).
//
// TextBuffer collects a whole report before it is written, so that a report
// reaches its sink in one piece. ScratchArray<T> holds the leak pass's
// snapshots. Both take memory straight from mmap (never malloc: the program
// under test may be inside its allocator, or may have replaced it) and are
// meant for the leak pass and report writers only, never for hot paths.
// Not thread-safe: each instance belongs to one thread.
//
//===----------------------------------------------------------------------===//
#ifndef TLSAN_BUFFER_H
#define TLSAN_BUFFER_H

#include "tlsan_internal.h"

namespace __tlsan {

// Maps `size` bytes of zeroed memory, or dies with a message naming `what`.
void *MmapOrDie(uptr size, const char *what);
// Maps at least *size bytes, not zeroed, possibly a mapping that UnmapOrDie
// kept for reuse; sets *size to the mapping's size.
void *MapScratchOrDie(uptr *size, const char *what);
// Unmaps, or keeps a few small mappings for the next MapScratchOrDie or
// MmapOrDie (munmap is expensive in a multi-threaded process).
void UnmapOrDie(void *p, uptr size);

class TextBuffer {
 public:
  TextBuffer() = default;
  ~TextBuffer();
  TextBuffer(const TextBuffer &) = delete;
  TextBuffer &operator=(const TextBuffer &) = delete;

  void Append(const char *s);
  void Append(const char *s, uptr n);
  void AppendChar(char c) { Append(&c, 1); }
  void Appendf(const char *fmt, ...) TLSAN_PRINTF(2, 3);
  // Appends s as the contents of a JSON string literal (without quotes).
  void AppendJsonEscaped(const char *s);
  void Clear() {
    size_ = 0;
    if (data_) data_[0] = '\0';
  }

  const char *data() const { return data_ ? data_ : ""; }
  uptr size() const { return size_; }

 private:
  void Reserve(uptr n);
  char *data_ = nullptr;
  uptr size_ = 0;
  uptr capacity_ = 0;
};

// A growable array for the leak pass. The first ~1 KiB lives inline (on the
// caller's stack), so a pass over a few threads makes no system call: an
// munmap in a multi-threaded process costs a TLB shootdown on every core.
template <typename T>
class ScratchArray {
  // GrowTo relies on it: capacity_ * sizeof(T) rounds up to the mapping.
  static_assert(sizeof(T) <= 4096, "ScratchArray is for small records");

 public:
  ScratchArray() : data_(inline_ptr()), capacity_(kInlineCount) {}
  ~ScratchArray() {
    if (data_ != inline_ptr()) UnmapOrDie(data_, capacity_ * sizeof(T));
  }
  ScratchArray(const ScratchArray &) = delete;
  ScratchArray &operator=(const ScratchArray &) = delete;

  // Returns a zeroed slot at the end. T must be trivially constructible.
  T &PushBack() {
    if (size_ == capacity_) Grow();
    internal_memset(&data_[size_], 0, sizeof(T));
    return data_[size_++];
  }
  void PushBack(const T &v) { PushBack() = v; }
  void Resize(uptr n) {
    while (capacity_ < n) Grow();
    for (uptr i = size_; i < n; i++) internal_memset(&data_[i], 0, sizeof(T));
    size_ = n;
  }
  void Clear() { size_ = 0; }
  // Makes room for n elements at once (one mapping instead of doublings).
  void Reserve(uptr n) {
    if (n > capacity_) GrowTo(n);
  }
  uptr size() const { return size_; }
  T *data() { return data_; }
  const T *data() const { return data_; }
  T &operator[](uptr i) { return data_[i]; }
  const T &operator[](uptr i) const { return data_[i]; }

 private:
  static constexpr uptr kInlineCount = sizeof(T) >= 1024 ? 1 : 1024 / sizeof(T);
  T *inline_ptr() { return reinterpret_cast<T *>(inline_); }
  void Grow() { GrowTo(capacity_ * 2); }
  void GrowTo(uptr new_capacity) {
    uptr bytes = new_capacity * sizeof(T);
    T *p = (T *)MapScratchOrDie(&bytes, "ScratchArray");
    internal_memcpy(p, data_, size_ * sizeof(T));
    if (data_ != inline_ptr()) UnmapOrDie(data_, capacity_ * sizeof(T));
    data_ = p;
    // The whole mapping: capacity_ * sizeof(T) rounds up to its size again.
    capacity_ = bytes / sizeof(T);
  }
  alignas(T) char inline_[kInlineCount * sizeof(T)];
  T *data_;
  uptr size_ = 0;
  uptr capacity_;
};

}  // namespace __tlsan

#endif  // TLSAN_BUFFER_H
