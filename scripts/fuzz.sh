#!/usr/bin/env bash
# Fuzz the nnbook language, its notebooks and its session journal with libFuzzer.
#
# One fuzz target covers all three: an input's first byte picks what the rest
# is (0x01 a journal, 0x02 a Markdown notebook, 0x03 lines of JSON framed as
# journal records, anything else a program; see
# Fuzz/Sources/NNBookFuzz/FuzzEntry.swift), and the corpus holds seeds of each
# (journal-* and notebook-* are written by Fuzz/journal_seeds.py), so one run
# of FUZZ_SECONDS covers them all.
#
# Builds the separate package in Fuzz/ (which depends on the root package's
# NNBookLanguage and NNBookNotebook libraries) with -sanitize=fuzzer,address
# into .build-fuzz, copies Fuzz/corpus to a temporary directory (so the
# committed corpus never grows), and runs the fuzzer there for FUZZ_SECONDS
# seconds (default 60) with the dictionary Fuzz/nnbook.dict (the language's
# keywords, journal and fence text); -len_control=0 lets inputs grow to the
# full 512 bytes at once instead of creeping up from the longest seed.
#
# Prints libFuzzer's executions per second and total runs. Exits non-zero if
# libFuzzer found a crash, a leak, a timeout or ran out of memory; the input
# that caused it is printed (escaped and as hex) and kept in FUZZ_ARTIFACTS
# (default .build-fuzz/artifacts).
#
# Environment:
#   FUZZ_SECONDS=N      how long to fuzz (default 60)
#   FUZZ_ARTIFACTS=DIR  where crash-/leak-/timeout- inputs are written
#   FUZZ_KEEP_CORPUS=1  keep the grown corpus and print where it is
#   FUZZ_ARGS="…"       extra libFuzzer flags (e.g. -seed=1 -jobs=2)
#   SWIFT_BUILD_JOBS=N  pass --jobs N to swift build
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

seconds=${FUZZ_SECONDS:-60}
scratch="$root/.build-fuzz"
artifacts=${FUZZ_ARTIFACTS:-$scratch/artifacts}
jobs_flag=()
if [[ -n "${SWIFT_BUILD_JOBS:-}" ]]; then jobs_flag=(--jobs "$SWIFT_BUILD_JOBS"); fi

log() { printf '==> %s\n' "$*" >&2; }

log "building the fuzzer (Fuzz/, scratch path .build-fuzz)"
build_log=$(mktemp)
if ! (cd Fuzz && swift build -c release --scratch-path "$scratch" "${jobs_flag[@]}" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
        --product nnbook-fuzz) >"$build_log" 2>&1; then
    # The gold linker's "Cannot export local symbol __asan_…" warnings are harmless.
    grep -v 'Cannot export local symbol' "$build_log" >&2 || true
    rm -f "$build_log"
    log "build failed"
    exit 2
fi
rm -f "$build_log"
bin="$scratch/release/nnbook-fuzz"

work=$(mktemp -d "${TMPDIR:-/tmp}/nnbook-fuzz.XXXXXX")
cleanup() {
    if [[ -n "${FUZZ_KEEP_CORPUS:-}" ]]; then log "grown corpus kept in $work/corpus"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$work/corpus" "$work/tmp" "$artifacts"
cp Fuzz/corpus/* "$work/corpus/"
# The fuzz target chdirs into a fresh directory under TMPDIR: keep those here.
export TMPDIR="$work/tmp"

log "fuzzing for ${seconds}s on $(ls "$work/corpus" | wc -l | tr -d ' ') seed inputs"
# Leaks are checked by libFuzzer itself (-detect_leaks, on by default with ASan).
set +e
# shellcheck disable=SC2086
"$bin" "$work/corpus" \
    -max_total_time="$seconds" -max_len=512 -len_control=0 -timeout=10 -rss_limit_mb=4096 \
    -dict=Fuzz/nnbook.dict -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
    >"$work/fuzz.log" 2>&1
status=$?
set -e

# The fuzzer's own progress lines are long; keep the interesting ones.
grep -v 'Cannot export local symbol' "$work/fuzz.log" | grep -E '^(INFO|Dictionary|#[0-9]+[[:space:]]+(INITED|DONE)|==|SUMMARY|Done|stat::|MS:|artifact_prefix|Test unit)|ERROR|Deadly|Live Heap|timeout|out-of-memory|^ +#[0-9]+ ' | tail -80 || true

runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)
echo "fuzz: ${runs:-?} runs in ${seconds}s, ${per_second:-?} executions per second ($(( ${per_second:-0} * 60 )) per minute), exit status $status"

if [[ $status -ne 0 ]] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: libFuzzer|Deadly signal|ALARM: working on the last Unit' "$work/fuzz.log"; then
    echo "fuzz: FAILED — libFuzzer reported a crash, leak, timeout or out-of-memory" >&2
    for f in $(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/fuzz.log"); do
        [[ -f "$f" ]] || continue
        echo "--- input $f ($(wc -c <"$f" | tr -d ' ') bytes):" >&2
        python3 -c 'import sys; print(repr(open(sys.argv[1], "rb").read()))' "$f" >&2 2>/dev/null || cat -v "$f" >&2
        od -An -tx1 "$f" | head -40 >&2
        echo "--- reproduce: $bin $f" >&2
    done
    exit 1
fi
echo "fuzz: no crash, leak or timeout"
