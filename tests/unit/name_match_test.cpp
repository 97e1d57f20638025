// name_match_test.cpp: the one name matcher (runtime/tlsan_name_match.h):
// the forms of a demangled function name, the `::` boundary rule, the glob,
// and their C ABI (__tlsan_function_matches, __tlsan_glob_matches), which
// the C++ API's ignores call.
#include "tlsan_name_match.h"

#include <gtest/gtest.h>
#include <sanitizer/tlsan_interface.h>

#include <string>
#include <string_view>

using namespace __tlsan;

namespace {

bool Matches(std::string_view function, std::string_view pattern) {
  return FunctionMatches(function.data(), function.size(), pattern.data(),
                         pattern.size());
}

std::string Str(NameSpan s) { return std::string(s.data, s.size); }

struct Forms {
  std::string whole, without_parameters, without_return_type,
      without_template;
};

Forms Split(std::string_view function) {
  FunctionNameForms f = SplitFunctionName(function.data(), function.size());
  return {Str(f.whole), Str(f.without_parameters),
          Str(f.without_return_type), Str(f.without_template)};
}

bool Glob(std::string_view glob, std::string_view text) {
  return GlobMatch(glob.data(), glob.size(), text.data(), text.size());
}

}  // namespace

TEST(NameMatchTest, FormsOfAFunctionTemplateWithALambdaArgument) {
  Forms f = Split(
      "void std::condition_variable::wait<Poller::loop()::'lambda'()>("
      "std::unique_lock<std::mutex>&, Poller::loop()::'lambda'())");
  EXPECT_EQ(f.without_parameters,
            "void std::condition_variable::wait<Poller::loop()::'lambda'()>");
  EXPECT_EQ(f.without_return_type,
            "std::condition_variable::wait<Poller::loop()::'lambda'()>");
  EXPECT_EQ(f.without_template, "std::condition_variable::wait");
}

TEST(NameMatchTest, FunctionTemplateMatchesByEveryForm) {
  const char *f =
      "void std::condition_variable::wait<Poller::loop()::'lambda'()>("
      "std::unique_lock<std::mutex>&, Poller::loop()::'lambda'())";
  EXPECT_TRUE(Matches(f, "std::condition_variable::wait"));
  EXPECT_TRUE(Matches(f, "condition_variable::wait"));
  EXPECT_TRUE(Matches(f, "wait"));
  EXPECT_TRUE(Matches(f, "wait<Poller::loop()::'lambda'()>"));
  // Names inside its template arguments or parameters are not its name.
  EXPECT_FALSE(Matches(f, "Poller::loop"));
  EXPECT_FALSE(Matches(f, "'lambda'()"));
  EXPECT_FALSE(Matches(f, "mutex>&, Poller::loop()::'lambda'())"));
  EXPECT_FALSE(Matches(f, "void"));
}

TEST(NameMatchTest, LambdaCallOperator) {
  const char *f = "start_worker()::$_0::operator()() const";
  EXPECT_EQ(Split(f).without_parameters, "start_worker()::$_0::operator()");
  EXPECT_EQ(Split(f).without_template, "start_worker()::$_0::operator()");
  EXPECT_TRUE(Matches(f, f));
  EXPECT_TRUE(Matches(f, "start_worker()::$_0::operator()"));
  EXPECT_TRUE(Matches(f, "$_0::operator()"));
  EXPECT_TRUE(Matches(f, "operator()"));
  EXPECT_FALSE(Matches(f, "start_worker"));
  EXPECT_FALSE(Matches(f, "()"));
}

TEST(NameMatchTest, OperatorsAreOneToken) {
  EXPECT_TRUE(Matches("Stream::operator>>(int&)", "Stream::operator>>"));
  EXPECT_TRUE(Matches("Stream::operator>>(int&)", "operator>>"));
  EXPECT_EQ(Split("Stream::operator>>(int&)").without_template,
            "Stream::operator>>");
  EXPECT_EQ(Split("Box::operator->() const").without_template,
            "Box::operator->");
  EXPECT_TRUE(Matches("bool operator< <int>(Key<int> const&, Key<int> const&)",
                      "operator<"));
  EXPECT_TRUE(Matches("void* operator new(unsigned long)", "operator new"));
  EXPECT_TRUE(Matches("Handle::operator bool() const", "Handle::operator bool"));
  EXPECT_FALSE(Matches("Stream::operator>>(int&)", ">>"));
  // "operator<" opens no bracket: what follows it is still at the top.
  EXPECT_TRUE(Matches("Key::operator<(Key const&)::$_1::operator()() const",
                      "$_1::operator()"));
}

TEST(NameMatchTest, AnonymousNamespace) {
  EXPECT_EQ(Split("(anonymous namespace)::g()").without_template,
            "(anonymous namespace)::g");
  EXPECT_TRUE(Matches("(anonymous namespace)::g()", "g"));
  EXPECT_TRUE(Matches("(anonymous namespace)::g()", "(anonymous namespace)::g"));
  EXPECT_FALSE(Matches("(anonymous namespace)::g()", "namespace)::g"));
  EXPECT_FALSE(Matches("(anonymous namespace)::g()", "anonymous namespace"));
}

TEST(NameMatchTest, CloneSuffixQualifiersAndAbiTags) {
  EXPECT_TRUE(Matches("Poller::loop() [clone .cold]", "Poller::loop"));
  EXPECT_TRUE(Matches("Poller::loop() [clone .cold]", "loop"));
  EXPECT_TRUE(
      Matches("Poller::loop() const [clone .isra.0] [clone .cold]", "loop"));
  EXPECT_TRUE(Matches("Poller::loop() && noexcept", "Poller::loop"));
  EXPECT_TRUE(Matches("Poller::loop() volatile &", "Poller::loop"));
  EXPECT_TRUE(Matches("Poller::loop()", "Poller::loop()"));
  EXPECT_TRUE(Matches("  Poller::loop()  ", " Poller::loop "));
  EXPECT_TRUE(Matches("make_name[abi:cxx11](int)", "make_name"));
  EXPECT_TRUE(Matches(
      "std::__cxx11::basic_string<char> ns::label[abi:cxx11]<int>(int)",
      "ns::label"));
}

TEST(NameMatchTest, SuffixStartsRightAfterAColonPair) {
  const char *leveldb =
      "leveldb::(anonymous namespace)::PosixEnv::Schedule(std::function<void "
      "()>)";
  EXPECT_TRUE(Matches(leveldb, "PosixEnv::Schedule"));
  EXPECT_TRUE(Matches(leveldb, "Schedule"));
  EXPECT_TRUE(Matches(leveldb, "(anonymous namespace)::PosixEnv::Schedule"));
  EXPECT_TRUE(Matches(leveldb, "PosixEnv::Schedule(std::function<void ()>)"));
  EXPECT_FALSE(Matches(leveldb, "Env::Schedule"));
  EXPECT_FALSE(Matches(leveldb, "leveldb::PosixEnv::Schedule"));
  // A `::` inside the parameters is no boundary.
  EXPECT_FALSE(Matches(leveldb, "function<void ()>)"));

  EXPECT_TRUE(Matches("A::Schedule()", "Schedule"));
  EXPECT_FALSE(Matches("A::Schedule()", "Sched"));
  EXPECT_FALSE(Matches("A::Schedule()", "edule"));
  EXPECT_FALSE(Matches("A::Schedule()", "::Schedule"));
  EXPECT_FALSE(Matches("PosixEnv::Schedule()", "Env::Schedule"));
  EXPECT_FALSE(Matches("A::Schedule()", "A"));
  EXPECT_FALSE(Matches("A::Schedule()", "A::"));
}

TEST(NameMatchTest, EmptyAndBlankInputsMatchNothing) {
  EXPECT_FALSE(Matches("", "f"));
  EXPECT_FALSE(Matches("f()", ""));
  EXPECT_FALSE(Matches("f()", "   "));
  EXPECT_FALSE(Matches("", ""));
  EXPECT_FALSE(FunctionMatches(nullptr, 0, "f", 1));
  Forms empty = Split("");
  EXPECT_EQ(empty.whole, "");
  EXPECT_EQ(empty.without_template, "");
  // Unbalanced names are left as they are, never cut wrongly.
  EXPECT_EQ(Split("f(int").without_parameters, "f(int");
  EXPECT_EQ(Split("f>").without_template, "f>");
}

TEST(NameMatchTest, GlobMatchesTheWholeText) {
  EXPECT_TRUE(Glob("io-*", "io-7"));
  EXPECT_TRUE(Glob("io-*", "io-"));
  EXPECT_FALSE(Glob("io-*", "aio-7"));
  EXPECT_TRUE(Glob("*-worker-*", "pool-worker-3"));
  EXPECT_TRUE(Glob("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(Glob("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(Glob("exact", "exact"));
  EXPECT_FALSE(Glob("exact", "exactly"));
  EXPECT_TRUE(Glob("*", ""));
  EXPECT_TRUE(Glob("", ""));
  EXPECT_FALSE(Glob("", "x"));
  EXPECT_FALSE(Glob("x", ""));
}

TEST(NameMatchTest, TheCInterfaceIsTheSameRule) {
  EXPECT_NE(__tlsan_function_matches(
                "leveldb::(anonymous namespace)::PosixEnv::Schedule("
                "std::function<void ()>)",
                "PosixEnv::Schedule"),
            0);
  EXPECT_EQ(__tlsan_function_matches("A::Schedule()", "Sched"), 0);
  EXPECT_EQ(__tlsan_function_matches(nullptr, "f"), 0);
  EXPECT_EQ(__tlsan_function_matches("f()", nullptr), 0);
  EXPECT_NE(__tlsan_glob_matches("io-*", "io-7"), 0);
  EXPECT_EQ(__tlsan_glob_matches("io-*", "aio-7"), 0);
  EXPECT_EQ(__tlsan_glob_matches(nullptr, "x"), 0);
  EXPECT_EQ(__tlsan_glob_matches("*", nullptr), 0);
}
