//===-- tlsan_buffer.cpp - mmap-backed growable buffers ------------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_buffer.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_buffer.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/mman.h>

#include "tlsan_syscall_linux.h"

namespace __tlsan {

static uptr RoundUpToPage(uptr n) { return (n + 4095) & ~(uptr)4095; }

void *MmapOrDie(uptr size, const char *what) {
  size = RoundUpToPage(size);
  void *p = internal_mmap(nullptr, size, PROT_READ | PROT_WRITE,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (internal_iserror((sptr)p)) {
    Report("ERROR: ThreadLeakSanitizer failed to mmap %zu bytes for %s "
           "(error %d)\n",
           (size_t)size, what, (int)-(sptr)p);
    Die(1);
  }
  return p;
}

void UnmapOrDie(void *p, uptr size) {
  if (p) internal_munmap(p, RoundUpToPage(size));
}

TextBuffer::~TextBuffer() { UnmapOrDie(data_, capacity_); }

void TextBuffer::Reserve(uptr n) {
  if (n <= capacity_) return;
  uptr cap = capacity_ ? capacity_ : 4096;
  while (cap < n) cap *= 2;
  char *p = (char *)MmapOrDie(cap, "TextBuffer");
  if (data_) {
    internal_memcpy(p, data_, size_ + 1);
    UnmapOrDie(data_, capacity_);
  }
  data_ = p;
  capacity_ = RoundUpToPage(cap);
}

void TextBuffer::Append(const char *s, uptr n) {
  Reserve(size_ + n + 1);
  internal_memcpy(data_ + size_, s, n);
  size_ += n;
  data_[size_] = '\0';
}

void TextBuffer::Append(const char *s) { Append(s, internal_strlen(s)); }

void TextBuffer::Appendf(const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof(small), fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((uptr)n < sizeof(small)) {
    Append(small, (uptr)n);
    return;
  }
  Reserve(size_ + (uptr)n + 1);
  va_start(ap, fmt);
  vsnprintf(data_ + size_, (uptr)n + 1, fmt, ap);
  va_end(ap);
  size_ += (uptr)n;
}

void TextBuffer::AppendJsonEscaped(const char *s) {
  static const char kHex[] = "0123456789abcdef";
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
      case '"': Append("\\\""); break;
      case '\\': Append("\\\\"); break;
      case '\n': Append("\\n"); break;
      case '\r': Append("\\r"); break;
      case '\t': Append("\\t"); break;
      default:
        if (c < 0x20) {
          char esc[7] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15], 0};
          Append(esc, 6);
        } else {
          AppendChar((char)c);
        }
    }
  }
}

}  // namespace __tlsan
