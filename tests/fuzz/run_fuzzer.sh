#!/bin/sh
# run_fuzzer.sh FUZZER WORKDIR SEEDS SECONDS [libFuzzer options...]
#
# Runs a tests/fuzz target for SECONDS from the seed corpus SEEDS (read
# only) and a fresh corpus in WORKDIR/corpus (new inputs go there), with
# crash artifacts in WORKDIR/. Standard input is /dev/null, so an include=
# of /dev/stdin cannot block. Exit status: the fuzzer's (0: nothing found).
# Example: run_fuzzer.sh bin/tlsan_flags_fuzzer /tmp/ff tests/fuzz/corpus_flags 600
set -e
fuzzer=$1 work=$2 seeds=$3 seconds=$4
shift 4
rm -rf "$work/corpus"
mkdir -p "$work/corpus"
exec "$fuzzer" "$work/corpus" "$seeds" -max_total_time="$seconds" \
  -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$work/" "$@" </dev/null
