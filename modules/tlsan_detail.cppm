// tlsan_detail.cppm - partition `tlsan:detail`: name matching for the
// ignore options. Internal: not re-exported by `import tlsan;`.
//
// Part of ThreadLeakSanitizer (tlsan).
//
// Contract: pure functions on strings (no allocation, no state), called by
// the other partitions while a check filters its leaked threads.
//
// Demangled names come in several shapes, e.g.
//   Poller::loop()
//   void std::condition_variable::wait<Poller::loop()::'lambda'()>(...)
//   start_worker()::$_0::operator()() const
// A function pattern matches the whole name or one of its shorter forms:
// without the parameter list and qualifiers, then without the return type
// (function templates only), then without trailing template arguments.
// Example: function_matches("void f<int>(int)", "f") is true.
module;

#include <string_view>

module tlsan:detail;

namespace tlsan::detail {

// `*` matches any run of characters; everything else matches itself; the
// whole of `text` must match. Example: glob_match("io-*", "io-7") is true.
bool glob_match(std::string_view pattern, std::string_view text) noexcept {
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      p++;
      t++;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') p++;
  return p == pattern.size();
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool ends_with_word(std::string_view s, std::string_view w) noexcept {
  return s.size() > w.size() && s.ends_with(w) &&
         (s[s.size() - w.size() - 1] == ' ' || w.front() == '&');
}

// Strips a trailing bracketed group that ends `s` ("(...)" or "<...>"):
// "f(int)" -> "f". Returns `s` unchanged when it does not end with `close`
// or the group is unbalanced.
std::string_view strip_group(std::string_view s, char open,
                             char close) noexcept {
  if (s.empty() || s.back() != close) return s;
  int depth = 0;
  for (std::size_t i = s.size(); i-- > 0;) {
    if (s[i] == close) depth++;
    if (s[i] == open && --depth == 0) return trim(s.substr(0, i));
  }
  return s;
}

// "Poller::loop() const" -> "Poller::loop".
std::string_view without_parameters(std::string_view s) noexcept {
  s = trim(s);
  if (std::size_t clone = s.find(" [clone"); clone != std::string_view::npos)
    s = trim(s.substr(0, clone));
  for (bool again = true; again;) {
    again = false;
    for (std::string_view q : {"const", "volatile", "&&", "&", "noexcept"})
      if (ends_with_word(s, q)) {
        s = trim(s.substr(0, s.size() - q.size()));
        again = true;
      }
  }
  return strip_group(s, '(', ')');
}

// "void std::f<int>" -> "std::f<int>": what follows the last space outside
// brackets. "(anonymous namespace)::g" keeps its space (inside brackets).
std::string_view without_return_type(std::string_view s) noexcept {
  int depth = 0;
  std::size_t cut = std::string_view::npos;
  for (std::size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    if (c == '(' || c == '<' || c == '[') depth++;
    if ((c == ')' || c == '>' || c == ']') && depth > 0) depth--;
    if (c == ' ' && depth == 0) cut = i;
  }
  if (cut == std::string_view::npos) return s;
  std::string_view rest = s.substr(cut + 1);
  // "operator new", "operator bool": the space belongs to the name.
  if (s.substr(0, cut).ends_with("operator")) return s;
  return rest.empty() ? s : rest;
}

// "std::condition_variable::wait<F>" -> "std::condition_variable::wait".
std::string_view without_template_arguments(std::string_view s) noexcept {
  if (s.ends_with("operator->") || s.ends_with("operator>") ||
      s.ends_with("operator>>") || s.ends_with("operator>="))
    return s;
  return strip_group(s, '<', '>');
}

// Whether `pattern` names `function` (see the banner).
// Example: function_matches("Poller::loop()", "Poller::loop") is true.
bool function_matches(std::string_view function,
                      std::string_view pattern) noexcept {
  pattern = trim(pattern);
  if (function.empty() || pattern.empty()) return false;
  std::string_view s = trim(function);
  if (s == pattern) return true;
  s = without_parameters(s);
  if (s == pattern) return true;
  s = without_return_type(s);
  if (s == pattern) return true;
  return without_template_arguments(s) == pattern;
}

}  // namespace tlsan::detail
