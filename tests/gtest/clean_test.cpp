// clean_test.cpp: tests that leak nothing; under the tlsan.gtest listener
// every one passes. Also registered one ctest per test with
// gtest_discover_tests (tests/gtest/CMakeLists.txt), through
// tlsan::gtest_main.
#include <gtest/gtest.h>

#include <latch>
#include <thread>
#include <vector>

TEST(Clean, JoinsItsThread) {
  std::thread t([] {});
  t.join();
}

// A detached thread still finishing when the test ends: the check waits
// for it (retries) instead of reporting it.
TEST(Clean, DetachedThreadThatFinishes) {
  std::latch done(1);
  std::thread([&done] { done.count_down(); }).detach();
  done.wait();
}

class ParamClean : public testing::TestWithParam<int> {};

TEST_P(ParamClean, JoinsEveryThread) {
  std::vector<std::thread> pool;
  for (int i = 0; i < GetParam(); i++) pool.emplace_back([] {});
  for (std::thread& t : pool) t.join();
}
INSTANTIATE_TEST_SUITE_P(Sizes, ParamClean, testing::Values(1, 4));

template <class T>
class TypedClean : public testing::Test {};
using CleanTypes = testing::Types<char, double>;
TYPED_TEST_SUITE(TypedClean, CleanTypes);

TYPED_TEST(TypedClean, JoinsItsThread) {
  TypeParam value{};
  std::thread t([&value] { value = TypeParam(1); });
  t.join();
  EXPECT_EQ(value, TypeParam(1));
}
