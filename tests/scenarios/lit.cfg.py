# lit.cfg.py: the scenario tests, one situation per tests/scenarios/*.c and
# *.cpp file, each with its own `// RUN:` and `// CHECK:` lines (as in
# compiler-rt). Loaded by the build's lit.site.cfg.py, which says where the
# tools are; run lit on the build directory, not on this one.
#
# Substitutions:
#   | name            | expands to                                             |
#   |-----------------|--------------------------------------------------------|
#   | %clangxx_tlsan  | bin/tlsan-c++ -fsanitize=thread-leak -g -O1 -std=c++20 |
#   |                 | (TLSAN_CXX=clang++-19)                                 |
#   | %gxx_tlsan      | the same with g++ (REQUIRES: gcc)                      |
#   | %clang_tlsan    | bin/tlsan-cc -fsanitize=thread-leak -g -O1 (clang-19)  |
#   | %gcc_tlsan      | the same with gcc (REQUIRES: gcc)                      |
#   | %clangxx        | clang++-19 -g -O1 -std=c++20 -pthread, no tlsan        |
#   | %clang          | clang-19 -g -O1 -pthread, no tlsan                     |
#   | %gxx, %gcc      | g++ / gcc -g -O1 -pthread, no tlsan (REQUIRES: gcc)    |
#   | %tlsan_src      | the source tree (include/, modules/)                   |
#   | %libtlsan       | the path of libtlsan.so (for LD_PRELOAD)               |
#   | %libjemalloc    | libjemalloc.so.2 (REQUIRES: jemalloc); also            |
#   |                 | %libtcmalloc, %libmimalloc                             |
#   | %run            | nothing (a place for a remote runner)                  |
#   | %json FILE EXPR | Inputs/json_check.py: EXPR on FILE's last JSON line    |
#   | %expect_exit N  | Inputs/expect_exit.py: run the rest, require status N  |
#   | %FileCheck      | LLVM 19's FileCheck                                    |
#   | %glib           | pkg-config --cflags --libs gio-2.0 (REQUIRES: glib)    |
# `not` (expect a non-zero exit) is built into lit's shell.
#
# Example (tests/scenarios/ok_joined.cpp):
#   // RUN: %clangxx_tlsan %s -o %t && %run %t 2>&1 | %FileCheck %s
import os

import lit.formats

if not hasattr(config, "tlsan_binary_dir"):
    lit_config.fatal(
        "run lit on <build>/tests/scenarios (it has lit.site.cfg.py), "
        "not on the source directory")

config.name = "ThreadLeakSanitizer"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = config.tlsan_exec_dir

# Tests see PATH and HOME from the caller and no TLSAN_OPTIONS: a test that
# needs options sets them itself (`env TLSAN_OPTIONS=... %run %t`).
for var in ("PATH", "HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
config.environment.pop("TLSAN_OPTIONS", None)

have_gxx = bool(config.gxx) and not config.gxx.endswith("-NOTFOUND") \
    and os.path.exists(config.gxx)
if have_gxx:
    config.available_features.add("gcc")
# gcc beside g++ (g++-12 -> gcc-12), for the C side of feature `gcc`.
gxx_dir, gxx_name = os.path.split(config.gxx if have_gxx else "g++")
gcc = os.path.join(gxx_dir, gxx_name.replace("g++", "gcc"))

# io_uring: the kernel has it and lets unprivileged processes use it
# (kernel.io_uring_disabled is 0, or the file is absent on kernels before
# 6.6); trap_io_uring_worker.c needs it.
def io_uring_allowed():
    try:
        with open("/proc/sys/kernel/io_uring_disabled") as f:
            return f.read().strip() == "0"
    except OSError:
        return os.path.exists("/proc/sys/kernel")
if io_uring_allowed():
    config.available_features.add("io_uring")

# smp: this process may run on more than one CPU. TBB starts hardware
# threads - 1 workers: none on one CPU (real_tbb_workers.cpp needs one).
if len(os.sched_getaffinity(0)) > 1:
    config.available_features.add("smp")

# Preloadable allocators (Debian: libjemalloc2, libtcmalloc-minimal4,
# libmimalloc2.0; scripts/bootstrap.sh installs them): feature `jemalloc`
# and substitution %libjemalloc (the .so path) for each one found.
allocators = {"jemalloc": "libjemalloc.so.2",
              "tcmalloc": "libtcmalloc_minimal.so.4",
              "mimalloc": "libmimalloc.so.2"}
lib_dirs = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
            "/usr/lib64", "/usr/lib"]
for feature, soname in allocators.items():
    for d in lib_dirs:
        path = os.path.join(d, soname)
        if os.path.exists(path):
            config.available_features.add(feature)
            config.substitutions.append(("%%lib%s" % feature, path))
            break
# Optional real libraries (Debian packages from scripts/bootstrap.sh), each a
# feature so that a machine without one reports its tests unsupported:
#   | feature  | needs                                           | tests       |
#   |----------|-------------------------------------------------|-------------|
#   | libgomp  | g++ (feature gcc) and GCC's libgomp.so          | real_gomp_* |
#   | libomp   | LLVM's libomp.so for clang-19 (libomp-19-dev)   | real_libomp*|
#   | glib     | pkg-config gio-2.0 (libglib2.0-dev)             | real_glib_* |
#   | openblas | cblas.h and libopenblas.so (libopenblas-dev)    | real_openblas* |
import shutil
import subprocess

def gxx_finds(name):
    out = subprocess.run([config.gxx, "-print-file-name=" + name],
                         capture_output=True, text=True).stdout.strip()
    return os.path.isabs(out) and os.path.exists(out)

if have_gxx and gxx_finds("libgomp.so"):
    config.available_features.add("libgomp")
if os.path.exists("/usr/lib/llvm-19/lib/libomp.so"):
    config.available_features.add("libomp")
glib_flags = ""
if shutil.which("pkg-config"):
    res = subprocess.run(["pkg-config", "--cflags", "--libs", "gio-2.0"],
                         capture_output=True, text=True)
    if res.returncode == 0:
        config.available_features.add("glib")
        glib_flags = res.stdout.strip()
if os.path.exists("/usr/include/x86_64-linux-gnu/cblas.h") or \
        os.path.exists("/usr/include/cblas.h"):
    config.available_features.add("openblas")

flags = "-g -O1"
cxx_flags = flags + " -std=c++20"  # the project's standard: std::latch etc.
inputs = os.path.join(config.test_source_root, "Inputs")

# Longest names first: lit replaces in list order, and %clang is a prefix
# of %clangxx and %clang_tlsan.
config.substitutions.extend([
    ("%clangxx_tlsan", "env TLSAN_CXX=%s %s -fsanitize=thread-leak %s"
        % (config.clangxx, config.tlsan_cxx_driver, cxx_flags)),
    ("%gxx_tlsan", "env TLSAN_CXX=%s %s -fsanitize=thread-leak %s"
        % (config.gxx if have_gxx else "g++-not-found",
           config.tlsan_cxx_driver, cxx_flags)),
    ("%clang_tlsan", "env TLSAN_CC=%s %s -fsanitize=thread-leak %s"
        % (config.clang, config.tlsan_cc_driver, flags)),
    ("%gcc_tlsan", "env TLSAN_CC=%s %s -fsanitize=thread-leak %s"
        % (gcc, config.tlsan_cc_driver, flags)),
    ("%gxx", "%s %s -pthread" % (config.gxx if have_gxx else "g++-not-found",
                                 flags)),
    ("%gcc", "%s %s -pthread" % (gcc, flags)),
    ("%tlsan_src", os.path.dirname(os.path.dirname(config.test_source_root))),
    ("%clangxx", "%s %s -pthread" % (config.clangxx, cxx_flags)),
    ("%clang", "%s %s -pthread" % (config.clang, flags)),
    ("%libtlsan", config.tlsan_shared_library),
    ("%run", ""),
    ("%json", "%s %s" % (config.python, os.path.join(inputs, "json_check.py"))),
    ("%sarif", "%s %s --multitool %s"
        % (config.python, os.path.join(inputs, "sarif_check.py"),
           config.sarif_multitool)),
    ("%expect_exit",
     "%s %s" % (config.python, os.path.join(inputs, "expect_exit.py"))),
    ("%FileCheck", config.filecheck),
    ("%glib", glib_flags),
])
