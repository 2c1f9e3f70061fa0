#!/usr/bin/env bash
# Run every test: set-up and release build, XCTest (debug), the lessons check,
# then the end-to-end transcript tests against the release binary.
#
# Exits non-zero as soon as any step fails. On success the last line of output
# is pytest's summary. The e2e tests always use .build/release/nnbook (an
# NNBOOK_BIN already in the environment is ignored here on purpose).
#
# Environment:
#   SWIFT_BUILD_JOBS=N   pass --jobs N to swift build/test (shared machines)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD

log() { printf '==> %s\n' "$*" >&2; }

if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

jobs_flag=()
if [[ -n "${SWIFT_BUILD_JOBS:-}" ]]; then jobs_flag=(--jobs "$SWIFT_BUILD_JOBS"); fi

log "scripts/setup.sh"
scripts/setup.sh

# A no-op after setup.sh unless something changed in between; kept so that
# this script alone guarantees a fresh release binary.
log "swift build -c release"
swift build -c release ${jobs_flag[@]+"${jobs_flag[@]}"}

log "swift test"
swift test ${jobs_flag[@]+"${jobs_flag[@]}"}

bin="$root/.build/release/nnbook"
[[ -x "$bin" ]] || { echo "test.sh: $bin was not built" >&2; exit 1; }

log "nnbook check Lessons Lessons/zh (every lesson, English and Chinese)"
"$bin" check Lessons Lessons/zh

log "fuzzing the language for ${FUZZ_SECONDS:-60} s (libFuzzer)"
FUZZ_SECONDS="${FUZZ_SECONDS:-60}" scripts/fuzz.sh

log "pytest Tests/e2e (NNBOOK_BIN=$bin)"
# No .pytest_cache/ (or pytest-benchmark's empty .benchmarks/, where that
# plugin is installed) left in the repo.
NNBOOK_BIN="$bin" python3 -m pytest -q -p no:cacheprovider -p no:benchmark Tests/e2e
