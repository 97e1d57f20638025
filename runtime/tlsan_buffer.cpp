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

// Mappings released by the leak pass and the report writers are kept for
// the next check, a few of them: in a multi-threaded process each munmap
// costs an inter-processor interrupt on every core that runs one of its
// threads (a TLB shootdown), and each fresh page a fault. With 100 threads
// alive this was most of a per-test check's 490 us. Bounded: kCacheSlots
// mappings of at most kMaxCachedBytes each. Lock-free: a slot is taken by
// exchanging it with 0; a cached region keeps its size in its first word.
namespace {
constexpr uptr kCacheSlots = 8;
constexpr uptr kMaxCachedBytes = 4u << 20;
uptr cached_maps[kCacheSlots];

// A cached mapping of `*size` to `max_size` bytes, its size in *size.
void *TakeCached(uptr *size, uptr max_size) {
  for (uptr i = 0; i < kCacheSlots; i++) {
    if (!AtomicLoad(&cached_maps[i], __ATOMIC_RELAXED)) continue;
    uptr p = AtomicExchange(&cached_maps[i], (uptr)0);
    if (!p) continue;
    uptr cached_size = *(uptr *)p;
    if (cached_size >= *size && cached_size <= max_size) {
      *size = cached_size;
      return (void *)p;
    }
    uptr expected = 0;  // not this size: put it back (or drop it)
    if (!AtomicCas(&cached_maps[i], &expected, p))
      internal_munmap((void *)p, cached_size);
  }
  return nullptr;
}

bool PutCached(void *p, uptr size) {
  if (size > kMaxCachedBytes) return false;
  *(uptr *)p = size;
  for (uptr i = 0; i < kCacheSlots; i++) {
    uptr expected = 0;
    if (AtomicCas(&cached_maps[i], &expected, (uptr)p)) return true;
  }
  return false;
}
}  // namespace

static void *MapFresh(uptr size, const char *what) {
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

void *MapScratchOrDie(uptr *size, const char *what) {
  *size = RoundUpToPage(*size);
  // Not absurdly more than asked for: a big mapping stays for a big need.
  if (void *p = TakeCached(size, *size * 4)) return p;
  return MapFresh(*size, what);
}

void *MmapOrDie(uptr size, const char *what) {
  size = RoundUpToPage(size);
  // Exactly the size: the caller unmaps `size` bytes.
  if (void *p = TakeCached(&size, size)) {
    internal_memset(p, 0, size);
    return p;
  }
  return MapFresh(size, what);
}

void UnmapOrDie(void *p, uptr size) {
  if (!p) return;
  size = RoundUpToPage(size);
  if (!PutCached(p, size)) internal_munmap(p, size);
}

TextBuffer::~TextBuffer() { UnmapOrDie(data_, capacity_); }

void TextBuffer::Reserve(uptr n) {
  if (n <= capacity_) return;
  uptr cap = capacity_ ? capacity_ : 4096;
  while (cap < n) cap *= 2;
  char *p = (char *)MapScratchOrDie(&cap, "TextBuffer");
  if (data_) {
    internal_memcpy(p, data_, size_ + 1);
    UnmapOrDie(data_, capacity_);
  }
  data_ = p;
  capacity_ = cap;
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
