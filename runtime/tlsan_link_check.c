/*===-- tlsan_link_check.c - lib/tlsan_link_check.o -----------------------===
 *
 * Part of ThreadLeakSanitizer (tlsan).
 *
 * Builds lib/tlsan_link_check.o: an object with nothing but the reference
 * to __tlsan_version_mismatch_check_v1 that sanitizer/tlsan_link_check.h
 * puts in every object compiled with -fsanitize=thread-leak. Linked into
 * the shared libraries built with the flag (`tlsan-cc -shared`, and
 * tlsan::runtime for SHARED and MODULE library targets), so that such a
 * library carries the reference even when its objects do not (C++20
 * module units, objects compiled elsewhere) and fails to load into a
 * program without the runtime instead of silently checking nothing.
 *
 *===----------------------------------------------------------------------===*/
#include "sanitizer/tlsan_link_check.h"
