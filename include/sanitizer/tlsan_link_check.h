/*===-- sanitizer/tlsan_link_check.h - the runtime must be linked -------===
 *
 * Part of ThreadLeakSanitizer (tlsan).
 *
 * Makes every object compiled with -fsanitize=thread-leak refer to
 * __tlsan_version_mismatch_check_v1, which only the tlsan runtime defines
 * (libtlsan.a, libtlsan.so). So an object compiled with the flag and linked
 * without it fails to link, naming tlsan:
 *
 *   main.o:(...): undefined reference to `__tlsan_version_mismatch_check_v1'
 *
 * instead of building a program that silently checks nothing (ASan does
 * the same with __asan_version_mismatch_check_v8). The `_v1` is the ABI
 * version between instrumented code and the runtime.
 *
 * Contract: not for #include. The compiler drivers (tlsan-cc, tlsan-c++)
 * pass it as `-include` with -fsanitize=thread-leak, after the user's own
 * -include options (a precompiled header stays first). It declares one
 * function and one `static` pointer to it, kept by `used` and, where the
 * compiler has it, `retain` (so -Wl,--gc-sections keeps the reference). It
 * is empty for assembler sources, and clean under -Wall -Wextra -pedantic
 * (and -Weverything: a system header) in C (C89 on) and C++ (C++98 on). It
 * is never given to a C++20 module unit (`module;`, `export module m;`,
 * `module m;`): a declaration before the module declaration is an error,
 * so the driver leaves those out.
 *
 * Shared libraries: the reference stays undefined in a .so built with the
 * flag, and binds at load time to the runtime of the executable (built with
 * the flag, which exports the symbol) or of LD_PRELOAD=libtlsan.so. Loaded
 * into a program without tlsan, dlopen fails with "undefined symbol:
 * __tlsan_version_mismatch_check_v1".
 *
 *===----------------------------------------------------------------------===*/
#ifndef SANITIZER_TLSAN_LINK_CHECK_H
#define SANITIZER_TLSAN_LINK_CHECK_H

#if !defined(__ASSEMBLER__)

/* The user's warning options are not for this file (-Weverything would
 * flag the reserved names): treat it as a system header. */
#pragma GCC system_header

#ifdef __cplusplus
extern "C" {
#endif
void __tlsan_version_mismatch_check_v1(void);
#ifdef __cplusplus
} /* extern "C" */
#endif

#if defined(__has_attribute)
#if __has_attribute(retain)
#define __TLSAN_LINK_CHECK_RETAIN retain,
#endif
#endif
#ifndef __TLSAN_LINK_CHECK_RETAIN
#define __TLSAN_LINK_CHECK_RETAIN
#endif

static void (*const __tlsan_link_check)(void)
    __attribute__((__TLSAN_LINK_CHECK_RETAIN used,
                   unused)) = &__tlsan_version_mismatch_check_v1;

#undef __TLSAN_LINK_CHECK_RETAIN

#endif /* !__ASSEMBLER__ */

#endif /* SANITIZER_TLSAN_LINK_CHECK_H */
