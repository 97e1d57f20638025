// bad_option_no_exceptions.cpp: the header form built without exceptions
// (this file and modules/tlsan.cpp with -fno-exceptions): a bad option
// value prints one error line in the runtime's form and aborts.
// check_bad_options.sh runs it once per option named on the command line.
#include <tlsan/tlsan.h>

#include <chrono>
#include <cstdio>
#include <string_view>

int main(int argc, char** argv) {
  const std::string_view which = argc > 1 ? argv[1] : "";
  if (which == "max_retries") (void)tlsan::max_retries(-1);
  if (which == "max_sleep")
    (void)tlsan::max_sleep(std::chrono::milliseconds(-5));
  if (which == "ignore_name") (void)tlsan::ignore_name("");
  if (which == "exit_on_leak") (void)tlsan::exit_on_leak(0);
  if (which == "cleanup") (void)tlsan::cleanup(nullptr);
  if (which == "ignore_if") (void)tlsan::ignore_if(nullptr);
  std::printf("no error for '%.*s'\n", static_cast<int>(which.size()),
              which.data());
  return 0;
}
