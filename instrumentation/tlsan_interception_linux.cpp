//===-- tlsan_interception_linux.cpp - resolving real functions -----------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_interception.h.
//
// Resolution may run inside a malloc implementation's own initialization
// (jemalloc calls syscall() while holding its init lock; tlsan's syscall
// interceptor then initializes tlsan). So nothing here may call malloc:
// glibc's dlsym/dlvsym allocate only when the lookup FAILS (the error
// string for dlerror, elf/dl-exception.c and dlfcn/dlerror.c), so every
// lookup is first checked against the loaded objects' dynamic symbol
// tables, walked here with dl_iterate_phdr (which takes only ld.so's
// recursive load lock, never a malloc lock), and dlsym is asked only for
// symbols that are there. dladdr does not allocate either.
//
//===----------------------------------------------------------------------===//
#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include "tlsan_interception.h"

namespace __tlsan {

namespace {

// The tables of one object's dynamic symbols, relocated.
struct DynamicSymbols {
  const ElfW(Sym) *symtab = nullptr;
  const char *strtab = nullptr;
  const u32 *gnu_hash = nullptr;
  const u32 *sysv_hash = nullptr;
  const ElfW(Half) *versym = nullptr;
  const ElfW(Verdef) *verdef = nullptr;
};

// ld.so relocates the d_ptr entries of writable dynamic sections in place,
// not those of read-only ones (the vDSO): relocate what still looks like a
// link-time address.
uptr Relocated(uptr base, uptr ptr) { return ptr < base ? ptr + base : ptr; }

bool ReadDynamic(const dl_phdr_info *info, DynamicSymbols *out) {
  const ElfW(Dyn) *dyn = nullptr;
  for (int i = 0; i < info->dlpi_phnum; i++)
    if (info->dlpi_phdr[i].p_type == PT_DYNAMIC)
      dyn = (const ElfW(Dyn) *)(info->dlpi_addr + info->dlpi_phdr[i].p_vaddr);
  if (!dyn) return false;
  uptr base = info->dlpi_addr;
  for (; dyn->d_tag != DT_NULL; dyn++) {
    uptr p = Relocated(base, dyn->d_un.d_ptr);
    switch (dyn->d_tag) {
      case DT_SYMTAB: out->symtab = (const ElfW(Sym) *)p; break;
      case DT_STRTAB: out->strtab = (const char *)p; break;
      case DT_GNU_HASH: out->gnu_hash = (const u32 *)p; break;
      case DT_HASH: out->sysv_hash = (const u32 *)p; break;
      case DT_VERSYM: out->versym = (const ElfW(Half) *)p; break;
      case DT_VERDEF: out->verdef = (const ElfW(Verdef) *)p; break;
      default: break;
    }
  }
  return out->symtab && out->strtab && (out->gnu_hash || out->sysv_hash);
}

// The name of version index `ndx` in the object's version definitions.
const char *VersionName(const DynamicSymbols &d, u32 ndx) {
  const ElfW(Verdef) *vd = d.verdef;
  while (vd) {
    if (vd->vd_ndx == ndx) {
      auto *aux = (const ElfW(Verdaux) *)((const char *)vd + vd->vd_aux);
      return d.strtab + aux->vda_name;
    }
    if (!vd->vd_next) break;
    vd = (const ElfW(Verdef) *)((const char *)vd + vd->vd_next);
  }
  return nullptr;
}

// Whether symbol `index` is a definition dlsym (version == nullptr) or
// dlvsym(version) would return, by glibc's rules (elf/dl-lookup.c
// check_match): defined, of a type lookups see, and for dlsym not a hidden
// (non-default) version.
bool Matches(const DynamicSymbols &d, u32 index, const char *version) {
  const ElfW(Sym) &s = d.symtab[index];
  if (s.st_shndx == SHN_UNDEF ||
      (s.st_value == 0 && ELF64_ST_TYPE(s.st_info) != STT_TLS))
    return false;
  unsigned bind = ELF64_ST_BIND(s.st_info);
  if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
    return false;
  if (!d.versym) return version == nullptr;
  u32 ndx = d.versym[index] & 0x7fff;
  if (!version) return (d.versym[index] & 0x8000) == 0 || ndx < 2;
  const char *name = VersionName(d, ndx);
  return name && internal_strcmp(name, version) == 0;
}

u32 GnuHash(const char *name) {
  u32 h = 5381;
  for (const unsigned char *c = (const unsigned char *)name; *c; c++)
    h = h * 33 + *c;
  return h;
}

u32 SysvHash(const char *name) {
  u32 h = 0;
  for (const unsigned char *c = (const unsigned char *)name; *c; c++) {
    h = (h << 4) + *c;
    u32 g = h & 0xf0000000;
    if (g) h ^= g >> 24;
    h &= ~g;
  }
  return h;
}

bool LookUpGnu(const DynamicSymbols &d, const char *name, const char *version) {
  const u32 *h = d.gnu_hash;
  u32 nbuckets = h[0], symoffset = h[1], bloom_size = h[2], shift = h[3];
  if (nbuckets == 0 || bloom_size == 0) return false;
  auto *bloom = (const ElfW(Addr) *)(h + 4);
  const u32 *buckets = (const u32 *)(bloom + bloom_size);
  const u32 *chain = buckets + nbuckets;
  const u32 bits = sizeof(ElfW(Addr)) * 8;
  u32 hash = GnuHash(name);
  ElfW(Addr) word = bloom[(hash / bits) % bloom_size];
  ElfW(Addr) mask = ((ElfW(Addr))1 << (hash % bits)) |
                    ((ElfW(Addr))1 << ((hash >> shift) % bits));
  if ((word & mask) != mask) return false;
  u32 index = buckets[hash % nbuckets];
  if (index < symoffset) return false;
  for (;; index++) {
    u32 entry = chain[index - symoffset];
    if ((entry | 1) == (hash | 1) &&
        internal_strcmp(d.strtab + d.symtab[index].st_name, name) == 0 &&
        Matches(d, index, version))
      return true;
    if (entry & 1) return false;
  }
}

bool LookUpSysv(const DynamicSymbols &d, const char *name,
                const char *version) {
  const u32 *h = d.sysv_hash;
  u32 nbuckets = h[0];
  if (nbuckets == 0) return false;
  const u32 *buckets = h + 2;
  const u32 *chain = buckets + nbuckets;
  for (u32 i = buckets[SysvHash(name) % nbuckets]; i != STN_UNDEF; i = chain[i])
    if (internal_strcmp(d.strtab + d.symtab[i].st_name, name) == 0 &&
        Matches(d, i, version))
      return true;
  return false;
}

bool ContainsAddress(const dl_phdr_info *info, uptr addr) {
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    uptr start = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && addr >= start && addr - start < ph.p_memsz)
      return true;
  }
  return false;
}

struct SymbolQuery {
  const char *name;
  const char *version;
  uptr object_addr;  // an address in the object to search, or to skip
  bool in_object;    // true: search only that object; false: all others
  bool found;
};

int SearchObject(dl_phdr_info *info, size_t, void *arg) {
  auto *q = (SymbolQuery *)arg;
  if (ContainsAddress(info, q->object_addr) != q->in_object) return 0;
  DynamicSymbols d;
  if (!ReadDynamic(info, &d)) return 0;
  q->found = d.gnu_hash ? LookUpGnu(d, q->name, q->version)
                        : LookUpSysv(d, q->name, q->version);
  return q->found ? 1 : 0;
}

bool Search(const char *name, const char *version, const void *object_addr,
            bool in_object) {
  SymbolQuery q = {name, version, (uptr)object_addr, in_object, false};
  dl_iterate_phdr(SearchObject, &q);
  return q.found;
}

bool SameObject(void *a, void *b) {
  Dl_info ia, ib;
  if (!dladdr(a, &ia) || !dladdr(b, &ib)) return false;
  return ia.dli_fbase == ib.dli_fbase;
}

}  // namespace

bool SymbolDefinedOutside(const char *name, const char *version,
                          const void *self) {
  return Search(name, version, self, /*in_object=*/false);
}

bool SymbolDefinedIn(const char *name, const char *version, const void *self) {
  return Search(name, version, self, /*in_object=*/true);
}

void *LookUpSymbolNoMalloc(const char *name) {
  if (!Search(name, nullptr, nullptr, /*in_object=*/false)) return nullptr;
  return dlsym(RTLD_DEFAULT, name);
}

bool InterceptFunction(const char *name, void **real, void *wrapper,
                       const char *version) {
  void *next = nullptr;
  if (SymbolDefinedOutside(name, version, wrapper))
    next = version ? dlvsym(RTLD_NEXT, name, version) : dlsym(RTLD_NEXT, name);
  // Another sanitizer's static runtime linked into the same object.
  char chained[128] = "__interceptor_";
  internal_strlcpy(chained + 14, name, sizeof(chained) - 14);
  if (SymbolDefinedIn(chained, nullptr, wrapper)) {
    void *other = dlsym(RTLD_DEFAULT, chained);
    if (other && other != wrapper && SameObject(other, wrapper)) next = other;
  }
  if (next == wrapper) next = nullptr;  // never call ourselves
  AtomicStore(real, next);
  return next != nullptr;
}

void InterceptFunctionOrDie(const char *name, void **real, void *wrapper,
                            const char *version) {
  if (TLSAN_LIKELY(InterceptFunction(name, real, wrapper, version))) return;
  Report("ERROR: ThreadLeakSanitizer: cannot intercept %s%s%s: no loaded "
         "library defines the real function\n",
         name, version ? "@" : "", version ? version : "");
  Die(1);
}

}  // namespace __tlsan
