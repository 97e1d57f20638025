// interception_test.cpp: resolving real functions without malloc
// (tlsan_interception_linux.cpp). The symbol-table walk must agree with
// dlsym/dlvsym on what exists, a failed lookup must leave no dlerror string
// (glibc mallocs that string: the jemalloc start-up hang), and an
// unresolvable interceptor stops the process with an error naming it.
#include "tlsan_interception.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

using namespace __tlsan;

namespace {

void *const kNoObject = nullptr;
const char kAbsent[] = "tlsan_test_no_such_function";

TEST(Interception, FindsWhatDlsymFinds) {
  for (const char *name : {"pthread_create", "read", "syscall", "epoll_wait"}) {
    EXPECT_TRUE(SymbolDefinedOutside(name, nullptr, kNoObject)) << name;
    EXPECT_NE(dlsym(RTLD_DEFAULT, name), nullptr) << name;
  }
  // glibc keeps two versions of pthread_cond_wait: both are found by name.
  EXPECT_TRUE(SymbolDefinedOutside("pthread_cond_wait", "GLIBC_2.3.2",
                                   kNoObject));
  EXPECT_TRUE(SymbolDefinedOutside("pthread_cond_wait", "GLIBC_2.2.5",
                                   kNoObject));
  EXPECT_FALSE(SymbolDefinedOutside("pthread_cond_wait", "GLIBC_9.99",
                                    kNoObject));
  // An optional glibc symbol tlsan reads at start-up.
  EXPECT_EQ(LookUpSymbolNoMalloc("_thread_db_pthread_tid"),
            dlsym(RTLD_DEFAULT, "_thread_db_pthread_tid"));
}

TEST(Interception, AbsentSymbolLeavesNoDlerror) {
  dlerror();  // clear
  EXPECT_FALSE(SymbolDefinedOutside(kAbsent, nullptr, kNoObject));
  EXPECT_EQ(LookUpSymbolNoMalloc(kAbsent), nullptr);
  void *real = nullptr;
  EXPECT_FALSE(InterceptFunction(kAbsent, &real, (void *)&dlsym));
  EXPECT_EQ(real, nullptr);
  // dlsym was never asked: no error string was allocated.
  EXPECT_EQ(dlerror(), nullptr);
}

TEST(Interception, SkipsTheWrappersOwnObject) {
  // The test executable defines these tests' symbols; looking "outside" the
  // executable must not find what only the executable defines.
  EXPECT_TRUE(SymbolDefinedIn("__tlsan_do_recoverable_leak_check", nullptr,
                              (void *)&InterceptFunction));
  EXPECT_FALSE(SymbolDefinedOutside("__tlsan_do_recoverable_leak_check",
                                    nullptr, (void *)&InterceptFunction));
}

// The next definition, or (tests/asan: ASan's runtime is linked into the
// same executable) ASan's own interceptor, which then calls libc's.
TEST(Interception, ResolvesTheNextDefinition) {
  void *self = (void *)&InterceptFunction;
  void *real = nullptr;
  EXPECT_TRUE(InterceptFunction("pthread_create", &real, self));
  if (SymbolDefinedIn("__interceptor_pthread_create", nullptr, self))
    EXPECT_EQ(real, dlsym(RTLD_DEFAULT, "__interceptor_pthread_create"));
  else
    EXPECT_EQ(real, dlsym(RTLD_NEXT, "pthread_create"));
}

TEST(Interception, UnresolvableInterceptorDiesNamingIt) {
  void *real = nullptr;
  EXPECT_EXIT(InterceptFunctionOrDie(kAbsent, &real, (void *)&dlsym,
                                     "GLIBC_2.2.5"),
              testing::ExitedWithCode(1),
              "ERROR: ThreadLeakSanitizer: cannot intercept "
              "tlsan_test_no_such_function@GLIBC_2.2.5");
}

}  // namespace
