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
  void Clear() { size_ = 0; if (data_) data_[0] = '\0'; }

  const char *data() const { return data_ ? data_ : ""; }
  uptr size() const { return size_; }

 private:
  void Reserve(uptr n);
  char *data_ = nullptr;
  uptr size_ = 0;
  uptr capacity_ = 0;
};

template <typename T>
class ScratchArray {
 public:
  ScratchArray() = default;
  ~ScratchArray() {
    if (data_) UnmapOrDie(data_, capacity_ * sizeof(T));
  }
  ScratchArray(const ScratchArray &) = delete;
  ScratchArray &operator=(const ScratchArray &) = delete;

  // Returns a zeroed slot at the end. T must be trivially constructible.
  T &PushBack() {
    if (size_ == capacity_) Grow();
    return data_[size_++];
  }
  void PushBack(const T &v) { PushBack() = v; }
  void Resize(uptr n) {
    while (capacity_ < n) Grow();
    size_ = n;
  }
  void Clear() {
    if (data_) internal_memset(data_, 0, size_ * sizeof(T));
    size_ = 0;
  }
  uptr size() const { return size_; }
  T *data() { return data_; }
  const T *data() const { return data_; }
  T &operator[](uptr i) { return data_[i]; }
  const T &operator[](uptr i) const { return data_[i]; }

 private:
  void Grow() {
    uptr new_capacity = capacity_ ? capacity_ * 2 : (4096 + sizeof(T) - 1) / sizeof(T);
    T *p = (T *)MmapOrDie(new_capacity * sizeof(T), "ScratchArray");
    if (data_) {
      internal_memcpy(p, data_, size_ * sizeof(T));
      UnmapOrDie(data_, capacity_ * sizeof(T));
    }
    data_ = p;
    capacity_ = new_capacity;
  }
  T *data_ = nullptr;
  uptr size_ = 0;
  uptr capacity_ = 0;
};

}  // namespace __tlsan

#endif  // TLSAN_BUFFER_H
