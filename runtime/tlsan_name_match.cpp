//===-- tlsan_name_match.cpp - glob and function-name matching ------------===//
//
// Part of ThreadLeakSanitizer (tlsan). See tlsan_name_match.h.
//
//===----------------------------------------------------------------------===//
#include "tlsan_name_match.h"

namespace __tlsan {

namespace {

constexpr uptr kNone = ~(uptr)0;

bool SameBytes(const char *a, const char *b, uptr n) {
  for (uptr i = 0; i < n; i++)
    if (a[i] != b[i]) return false;
  return true;
}

bool EndsWith(NameSpan s, const char *suffix) {
  uptr n = internal_strlen(suffix);
  return s.size >= n && SameBytes(s.data + s.size - n, suffix, n);
}

// The index of the first occurrence of `needle` in `s`, or kNone.
uptr Find(NameSpan s, const char *needle) {
  uptr n = internal_strlen(needle);
  for (uptr i = 0; i + n <= s.size; i++)
    if (SameBytes(s.data + i, needle, n)) return i;
  return kNone;
}

NameSpan Prefix(NameSpan s, uptr n) { return {s.data, n}; }
NameSpan From(NameSpan s, uptr i) { return {s.data + i, s.size - i}; }

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

NameSpan Trim(NameSpan s) {
  while (s.size > 0 && IsBlank(s.data[0])) s = From(s, 1);
  while (s.size > 0 && IsBlank(s.data[s.size - 1])) s.size--;
  return s;
}

bool IsIdentifierChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c == '$';
}

bool IsOperatorChar(char c) {
  for (const char *p = "<>=!+-*/%^&|~,"; *p; p++)
    if (*p == c) return true;
  return false;
}

bool IsOpen(char c) { return c == '(' || c == '<' || c == '[' || c == '{'; }
bool IsClose(char c) { return c == ')' || c == '>' || c == ']' || c == '}'; }

// If an operator name starts at s[i] ("operator<<", "operator()",
// "operator[]", or the word of "operator new" / "operator bool"): the index
// just after it. Else i. Its brackets are not brackets: "operator<" opens
// nothing.
uptr OperatorEnd(NameSpan s, uptr i) {
  constexpr uptr kWord = 8;  // "operator"
  if (s.data[i] != 'o' || i + kWord > s.size ||
      !SameBytes(s.data + i, "operator", kWord))
    return i;
  if (i > 0 && IsIdentifierChar(s.data[i - 1])) return i;  // "my_operator"
  uptr j = i + kWord;
  if (j < s.size && IsIdentifierChar(s.data[j])) return i;  // "operators"
  if (j + 1 < s.size && ((s.data[j] == '(' && s.data[j + 1] == ')') ||
                         (s.data[j] == '[' && s.data[j + 1] == ']')))
    return j + 2;
  while (j < s.size && IsOperatorChar(s.data[j])) j++;
  return j;
}

// Whether `s` ends with an operator name ("A::operator>>", "operator()").
bool EndsWithOperator(NameSpan s) {
  for (uptr i = 0; i < s.size; i++) {
    uptr end = OperatorEnd(s, i);
    if (end == s.size && end > i) return true;
    if (end > i) i = end - 1;
  }
  return false;
}

// The bracket depth at s[pos] (0: outside every bracket), operator names
// read as one token; -1 when pos is inside an operator name.
int DepthAt(NameSpan s, uptr pos) {
  int depth = 0;
  for (uptr i = 0; i < pos;) {
    uptr end = OperatorEnd(s, i);
    if (end > i) {
      if (end > pos) return -1;
      i = end;
      continue;
    }
    char c = s.data[i++];
    if (IsOpen(c)) depth++;
    if (IsClose(c) && depth > 0) depth--;
  }
  return depth;
}

// Strips the bracketed group that ends `s` ("(...)" or "<...>"): "f(int)"
// -> "f". `s` unchanged when it does not end with `close`, ends with an
// operator name, or the group is unbalanced.
NameSpan StripGroup(NameSpan s, char open, char close) {
  if (s.size == 0 || s.data[s.size - 1] != close || EndsWithOperator(s))
    return s;
  int depth = 0;
  for (uptr i = s.size; i-- > 0;) {
    if (s.data[i] == close) depth++;
    if (s.data[i] == open && --depth == 0) return Trim(Prefix(s, i));
  }
  return s;
}

// "f[abi:cxx11]" -> "f": GCC's ABI tags after a name.
NameSpan StripAbiTags(NameSpan s) {
  while (s.size > 0 && s.data[s.size - 1] == ']') {
    uptr open = s.size - 1;
    while (open > 0 && s.data[open] != '[') open--;
    NameSpan tag = From(s, open);
    if (tag.size < 5 || !SameBytes(tag.data, "[abi:", 5)) break;
    s = Trim(Prefix(s, open));
  }
  return s;
}

// Whether `s` ends with the qualifier `word` as a word of its own.
bool EndsWithQualifier(NameSpan s, const char *word) {
  uptr n = internal_strlen(word);
  return s.size > n && EndsWith(s, word) &&
         (IsBlank(s.data[s.size - n - 1]) || word[0] == '&');
}

// Form 2: "Poller::loop() const [clone .cold]" -> "Poller::loop".
NameSpan WithoutParameters(NameSpan s) {
  uptr clone = Find(s, " [clone");
  if (clone != kNone) s = Trim(Prefix(s, clone));
  static const char *const kQualifiers[] = {"const", "volatile", "&&", "&",
                                            "noexcept"};
  for (bool again = true; again;) {
    again = false;
    for (const char *q : kQualifiers)
      if (EndsWithQualifier(s, q)) {
        s = Trim(Prefix(s, s.size - internal_strlen(q)));
        again = true;
      }
  }
  return StripAbiTags(StripGroup(s, '(', ')'));
}

// Form 3: "void std::f<int>" -> "std::f<int>": what follows the last blank
// outside brackets and before any operator name ("(anonymous namespace)::g"
// keeps its blank; "void* operator new" -> "operator new").
NameSpan WithoutReturnType(NameSpan s) {
  int depth = 0;
  uptr cut = kNone;
  for (uptr i = 0; i < s.size;) {
    uptr end = OperatorEnd(s, i);
    if (end > i) {
      if (depth == 0) break;
      i = end;
      continue;
    }
    char c = s.data[i++];
    if (IsOpen(c)) depth++;
    if (IsClose(c) && depth > 0) depth--;
    if (IsBlank(c) && depth == 0) cut = i;
  }
  if (cut == kNone || cut >= s.size) return s;
  return From(s, cut);
}

// Form 4: "std::condition_variable::wait<F>" -> "std::condition_variable::
// wait"; "A::operator>>" stays.
NameSpan WithoutTemplateArguments(NameSpan s) {
  return StripAbiTags(StripGroup(s, '<', '>'));
}

// Whether `pattern` is `form`, or a suffix of it right after a `::` that is
// outside brackets.
bool FormMatches(NameSpan form, NameSpan pattern) {
  if (form.size < pattern.size) return false;
  uptr start = form.size - pattern.size;
  if (!SameBytes(form.data + start, pattern.data, pattern.size)) return false;
  if (start == 0) return true;
  return start >= 2 && form.data[start - 1] == ':' &&
         form.data[start - 2] == ':' && DepthAt(form, start - 2) == 0;
}

}  // namespace

bool GlobMatch(const char *glob, uptr glob_len, const char *text,
               uptr text_len) {
  uptr gi = 0, ti = 0, star = kNone, mark = 0;
  while (ti < text_len) {
    if (gi < glob_len && glob[gi] == '*') {
      star = gi++;
      mark = ti;
    } else if (gi < glob_len && glob[gi] == text[ti]) {
      gi++;
      ti++;
    } else if (star != kNone) {
      gi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (gi < glob_len && glob[gi] == '*') gi++;
  return gi == glob_len;
}

FunctionNameForms SplitFunctionName(const char *function, uptr size) {
  FunctionNameForms f;
  f.whole = Trim({function, size});
  f.without_parameters = WithoutParameters(f.whole);
  f.without_return_type = WithoutReturnType(f.without_parameters);
  f.without_template = WithoutTemplateArguments(f.without_return_type);
  return f;
}

bool FunctionMatches(const char *function, uptr function_size,
                     const char *pattern, uptr pattern_size) {
  NameSpan p = Trim({pattern, pattern_size});
  if (p.size == 0) return false;
  FunctionNameForms f = SplitFunctionName(function, function_size);
  if (f.whole.size == 0) return false;
  return FormMatches(f.whole, p) || FormMatches(f.without_parameters, p) ||
         FormMatches(f.without_return_type, p) ||
         FormMatches(f.without_template, p);
}

}  // namespace __tlsan
