// overhead.cpp: what the tlsan.gtest listener costs a test that leaks
// nothing (budget: 5 us per test).
//
// Not a ctest (it measures time): run bin/tlsan_gtest_overhead [ROUNDS].
// It registers 1,000 trivial tests and runs itself as a child for each
// measurement, alternately with the listener (tlsan::gtest::install) and
// without it (TLSAN_GTEST=0), ROUNDS times (default 9). Each child runs the
// tests with no printer and a timing listener around the tlsan one (its
// OnTestStart runs first, its OnTestEnd last), and prints the median and
// the mean time per test, from OnTestStart to OnTestEnd; the parent prints
// the medians of those and their differences (the median resists a loaded
// machine, the mean does not). Then a child times the pieces
// (median of 2,000 calls): a tlsan::scope opened and closed, and opened,
// checked (no leak) and closed. Everything is measured twice: with the
// default flags, and with TLSAN_OPTIONS=report_foreign_threads=0, which
// skips the leak pass's scan of /proc/self/task.
//
// Example:
//   build/default/bin/tlsan_gtest_overhead 15
#include <gtest/gtest.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

import tlsan;
import tlsan.gtest;

extern char** environ;

namespace {

constexpr int kTests = 1000;
constexpr int kPieceCalls = 2000;

using clock_type = std::chrono::steady_clock;

double micros(clock_type::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

class Trivial : public testing::Test {
  void TestBody() override {}
};

// Times each test from OnTestStart to OnTestEnd; appended before the tlsan
// listener, it brackets that listener's work.
class Timer : public testing::EmptyTestEventListener {
 public:
  void OnTestStart(const testing::TestInfo&) override { start_ = clock_type::now(); }
  void OnTestEnd(const testing::TestInfo&) override {
    times_.push_back(micros(clock_type::now() - start_));
  }
  std::vector<double> times_;

 private:
  clock_type::time_point start_;
};

// Child: 1,000 trivial tests, no printer; prints "median_us X" and
// "mean_us Y" per test.
int run_suite(int argc, char** argv) {
  for (int i = 0; i < kTests; i++)
    testing::RegisterTest("Overhead", ("Test" + std::to_string(i)).c_str(),
                          nullptr, nullptr, __FILE__, __LINE__,
                          []() -> Trivial* { return new Trivial; });
  testing::InitGoogleTest(&argc, argv);
  testing::TestEventListeners& listeners =
      testing::UnitTest::GetInstance()->listeners();
  delete listeners.Release(listeners.default_result_printer());
  Timer* timer = new Timer;
  listeners.Append(timer);
  tlsan::gtest::install();
  int status = RUN_ALL_TESTS();
  double sum = 0;
  for (double t : timer->times_) sum += t;
  std::printf("median_us %.3f\nmean_us %.3f\n", median(timer->times_),
              sum / static_cast<double>(timer->times_.size()));
  return status;
}

// Child: the pieces of the listener's work, one at a time.
int run_pieces() {
  std::vector<double> open_close, open_check_close;
  for (int i = 0; i < kPieceCalls; i++) {
    clock_type::time_point t0 = clock_type::now();
    {
      tlsan::scope s("Overhead.Piece");
      s.dismiss();
    }
    clock_type::time_point t1 = clock_type::now();
    {
      tlsan::scope s("Overhead.Piece");
      if (!s.find()) std::abort();
      s.dismiss();
    }
    clock_type::time_point t2 = clock_type::now();
    open_close.push_back(micros(t1 - t0));
    open_check_close.push_back(micros(t2 - t1));
  }
  std::printf("open_close %.3f\nopen_check_close %.3f\n", median(open_close),
              median(open_check_close));
  return 0;
}

// Runs this program with `args`, `tlsan_options` and, if `listener_off`,
// TLSAN_GTEST=0; returns its stdout.
std::string run_child(const std::vector<std::string>& args,
                      const char* tlsan_options, bool listener_off = false) {
  std::vector<std::string> env_storage;
  for (char** e = environ; *e; e++)
    if (std::strncmp(*e, "TLSAN_OPTIONS=", 14) != 0 &&
        std::strncmp(*e, "TLSAN_GTEST=", 12) != 0)
      env_storage.push_back(*e);
  if (tlsan_options)
    env_storage.push_back(std::string("TLSAN_OPTIONS=") + tlsan_options);
  if (listener_off) env_storage.push_back("TLSAN_GTEST=0");
  std::vector<char*> envp, argv;
  for (std::string& s : env_storage) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::string self = "/proc/self/exe";
  argv.push_back(self.data());
  std::vector<std::string> arg_storage = args;
  for (std::string& s : arg_storage) argv.push_back(s.data());
  argv.push_back(nullptr);

  int fds[2];
  if (pipe(fds) != 0) std::abort();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);
  pid_t pid;
  if (posix_spawn(&pid, "/proc/self/exe", &actions, nullptr, argv.data(),
                  envp.data()) != 0)
    std::abort();
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof(buf))) > 0;) out.append(buf, n);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "overhead: child %s failed (status %d)\n",
                 args.empty() ? "" : args[0].c_str(), status);
    std::exit(1);
  }
  return out;
}

double value_of(const std::string& out, std::string_view key) {
  std::size_t at = out.find(std::string(key) + " ");
  if (at == std::string::npos) {
    std::fprintf(stderr, "overhead: no '%.*s' in child output:\n%s\n",
                 static_cast<int>(key.size()), key.data(), out.c_str());
    std::exit(1);
  }
  return std::strtod(out.c_str() + at + key.size() + 1, nullptr);
}

void measure(int rounds, const char* tlsan_options) {
  std::vector<double> with_median, without_median, with_mean, without_mean;
  for (int r = 0; r < rounds; r++) {
    std::string on = run_child({"--child=suite"}, tlsan_options);
    std::string off = run_child({"--child=suite"}, tlsan_options, true);
    with_median.push_back(value_of(on, "median_us"));
    with_mean.push_back(value_of(on, "mean_us"));
    without_median.push_back(value_of(off, "median_us"));
    without_mean.push_back(value_of(off, "mean_us"));
  }
  std::string pieces = run_child({"--child=pieces"}, tlsan_options);
  std::printf("TLSAN_OPTIONS=%s\n", tlsan_options ? tlsan_options : "(unset)");
  std::printf("  %d trivial tests per run, %d runs each; per test,\n"
              "  OnTestStart to OnTestEnd:      median     mean\n",
              kTests, rounds);
  double wm = median(with_median), wom = median(without_median);
  double wa = median(with_mean), woa = median(without_mean);
  std::printf("    without the listener  %8.2f %8.2f us\n", wom, woa);
  std::printf("    with the listener     %8.2f %8.2f us\n", wm, wa);
  std::printf("    difference            %8.2f %8.2f us (budget 5 us)\n",
              wm - wom, wa - woa);
  std::printf("  pieces, median of %d calls:\n", kPieceCalls);
  std::printf("    scope open+close      %8.2f us\n",
              value_of(pieces, "open_close"));
  std::printf("    open+check+close      %8.2f us (scoped check, no leak)\n",
              value_of(pieces, "open_check_close"));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string_view(argv[1]) == "--child=suite") {
    argv[1] = argv[0];  // drop the mode before GoogleTest parses argv
    return run_suite(argc - 1, argv + 1);
  }
  if (argc > 1 && std::string_view(argv[1]) == "--child=pieces")
    return run_pieces();
  int rounds = argc > 1 ? std::atoi(argv[1]) : 9;
  if (rounds < 1) rounds = 1;
  if (!tlsan::active()) {
    std::fprintf(stderr, "overhead: tlsan is not active\n");
    return 1;
  }
  measure(rounds, nullptr);
  measure(rounds, "report_foreign_threads=0");
  return 0;
}
