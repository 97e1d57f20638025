#!/usr/bin/env python3
"""readme_examples.py: every C and C++ code block of README.md compiles.

Reads the fenced code blocks of each Markdown file given, and for each block
tagged c, cpp or c++:

  | block                         | what is done                               |
  |-------------------------------|--------------------------------------------|
  | C                             | tlsan-cc -fsanitize=thread-leak -g -std=c11|
  | C++                           | tlsan-c++ -fsanitize=thread-leak -g        |
  |                               | -std=c++17, against the headers of         |
  |                               | include/ and the API's libraries of the    |
  |                               | build tree (what find_package(tlsan) links)|
  | with a main() (or Catch2's /  | compiled and linked into a program; a      |
  | doctest's main, or GoogleTest | GoogleTest block without main() is linked  |
  | TESTs)                        | with tlsan_gtest_main, as the README says  |
  | without one                   | compiled only (-c)                         |
  | after <!-- fragment: why -->  | skipped and counted; keep them few         |
  | after <!-- file: PATH -->     | must also equal the repository file PATH,  |
  | (any language)                | byte for byte (a README copy of a tested   |
  |                               | example: examples/cxx17-consumer, which    |
  |                               | the ctest package.consume_cxx17 builds)    |

A block that does not compile fails the test with its file and line.
Prints how many blocks were compiled, linked, compared and skipped.
Registered as the ctest readme.examples by tests/CMakeLists.txt.

Usage: readme_examples.py SOURCE_DIR BUILD_DIR [MARKDOWN...]
  (default MARKDOWN: README.md; paths relative to SOURCE_DIR)
Example: tests/readme/readme_examples.py . build/default README.md
Exit status 0 when every block passes, 1 otherwise, 2 on a usage error.
"""

import os
import re
import subprocess
import sys
import tempfile

FENCE = re.compile(r"^```\s*([\w+-]*)\s*$")
MARKER = re.compile(r"^<!--\s*(fragment|file)\s*:\s*(.*?)\s*-->\s*$")
C_TAGS = {"c"}
CXX_TAGS = {"cpp", "c++", "cxx"}
HAS_MAIN = re.compile(r"\bint\s+main\s*\(|CATCH_CONFIG_MAIN|"
                      r"DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN")


def blocks(path):
    """(line of the opening fence, tag, marker or None, text) per block."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out, i, marker = [], 0, None
    while i < len(lines):
        m = MARKER.match(lines[i])
        if m:
            marker = (m.group(1), m.group(2))
            i += 1
            continue
        fence = FENCE.match(lines[i])
        if not fence:
            if lines[i].strip():
                marker = None  # a marker applies to the next block only
            i += 1
            continue
        start, tag = i + 1, fence.group(1).lower()
        end = i + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        out.append((start, tag, marker, "\n".join(lines[i + 1:end]) + "\n"))
        marker, i = None, end + 1
    return out


def command(tag, text, source, output, src_dir, build_dir):
    """The compile (and link) command for a block, as the README says."""
    bin_dir, lib_dir = (os.path.join(build_dir, d) for d in ("bin", "lib"))
    if tag in C_TAGS:
        cmd = [os.path.join(bin_dir, "tlsan-cc"), "-fsanitize=thread-leak",
               "-g", "-std=c11", source]
    else:
        cmd = [os.path.join(bin_dir, "tlsan-c++"), "-fsanitize=thread-leak",
               "-g", "-std=c++17", "-I" + os.path.join(src_dir, "include"),
               source]
    gtest = "<gtest/gtest.h>" in text or "<tlsan/gtest.h>" in text
    linked = HAS_MAIN.search(text) is not None or (gtest and "TEST(" in text)
    if not linked:
        return cmd + ["-c", "-o", output], False
    libs = []
    if tag in CXX_TAGS:
        if gtest and HAS_MAIN.search(text) is None:
            libs.append("libtlsan_gtest_main.a")
        if gtest:
            libs.append("libtlsan_gtest.a")
        libs.append("libtlsan_api.a")
    cmd += [os.path.join(lib_dir, lib) for lib in libs]
    if gtest:
        cmd += ["-lgtest", "-lpthread"]
    return cmd + ["-o", output], True


def main():
    if len(sys.argv) < 3:
        print(__doc__.split("Usage: ")[1].split("\n")[0], file=sys.stderr)
        return 2
    src_dir, build_dir = (os.path.abspath(p) for p in sys.argv[1:3])
    docs = sys.argv[3:] or ["README.md"]
    counts = {"compiled": 0, "linked": 0, "compared": 0, "skipped": 0}
    failures = []
    with tempfile.TemporaryDirectory(prefix="tlsan-readme.") as tmp:
        for doc in docs:
            path = os.path.join(src_dir, doc)
            for line, tag, marker, text in blocks(path):
                where = f"{doc}:{line}"
                if marker and marker[0] == "file":
                    with open(os.path.join(src_dir, marker[1]),
                              encoding="utf-8") as f:
                        if f.read() != text:
                            failures.append(f"{where}: the block differs "
                                            f"from {marker[1]}")
                        else:
                            counts["compared"] += 1
                if tag not in C_TAGS | CXX_TAGS:
                    continue
                if marker and marker[0] == "fragment":
                    print(f"{where}: skipped, a fragment: {marker[1]}")
                    counts["skipped"] += 1
                    continue
                ext = ".c" if tag in C_TAGS else ".cpp"
                source = os.path.join(tmp, f"block_{line}{ext}")
                with open(source, "w", encoding="utf-8") as f:
                    f.write(text)
                cmd, linked = command(tag, text, source,
                                      os.path.join(tmp, f"block_{line}"),
                                      src_dir, build_dir)
                p = subprocess.run(cmd, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
                what = "compiled and linked" if linked else "compiled (-c)"
                if p.returncode != 0:
                    # The compiler's block_N.cpp:L becomes the doc's line.
                    text_out = re.sub(
                        re.escape(source) + r":(\d+)",
                        lambda m: f"{doc}:{line + int(m.group(1))}", p.stdout)
                    failures.append(f"{where}: the {tag} block does not "
                                    f"compile:\n$ {' '.join(cmd)}\n"
                                    f"{text_out}")
                    continue
                print(f"{where}: {tag}, {what}")
                counts["compiled"] += 1
                counts["linked"] += linked
    for f in failures:
        print("FAIL " + f)
    print(f"readme.examples: {counts['compiled']} C/C++ blocks compiled "
          f"({counts['linked']} linked into programs), "
          f"{counts['skipped']} fragments skipped, {counts['compared']} "
          f"blocks equal to their repository file; {len(failures)} failed")
    if counts["compiled"] == 0 and not failures:
        print("FAIL: no C/C++ block found")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
