// report_format=sarif: a SARIF 2.1.0 log, one result per leaked thread,
// located at the program's line that created it, with the blocked-on
// details in the message and the creation stack as a SARIF stack.
// RUN: %clangxx_tlsan %s -o %t
// RUN: rm -f %t.sarif.*
// RUN: env TLSAN_OPTIONS=report_format=sarif:log_path=%t.sarif %expect_exit 23 %t
// RUN: %json %t.sarif 'r["version"] == "2.1.0" and r["runs"][0]["tool"]["driver"]["name"] == "ThreadLeakSanitizer"'
// RUN: %json %t.sarif 'len(r["runs"][0]["results"]) == 2 and all(x["ruleId"] == "thread-leak" and x["level"] == "error" for x in r["runs"][0]["results"])'
// RUN: %json %t.sarif 'all(x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("sarif_report.cpp") and x["locations"][0]["physicalLocation"]["region"]["startLine"] == 24 for x in r["runs"][0]["results"])'
// RUN: %json %t.sarif 'all("blocked in pthread_cond_wait on condvar" in x["message"]["text"] and x["stacks"][0]["frames"] for x in r["runs"][0]["results"])'
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex mu;
std::condition_variable never;

void wait_forever() {
  std::unique_lock<std::mutex> lock(mu);
  never.wait(lock, [] { return false; });
}

void start_two() {
  for (int i = 0; i < 2; ++i) std::thread(wait_forever).detach();  // line 24
}

int main() {
  start_two();
  return 0;
}
