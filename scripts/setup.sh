#!/usr/bin/env bash
# Prepare this machine to build and test nnbook, then build it in release mode.
#
# Idempotent: it installs only what is missing (and runs `apt-get update` only
# when something is), so running it again is fast. Needs Swift on PATH (or in
# /opt/swift/usr/bin). Uses sudo for apt only when not already root.
#
# Environment:
#   SWIFT_BUILD_JOBS=N   pass --jobs N to swift build (the CI machine is shared)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'setup.sh: error: %s\n' "$*" >&2; exit 1; }

# --- system packages ---------------------------------------------------------
# libzmq3-dev and libsodium-dev: the Jupyter kernel's sockets and message signatures.
apt_packages=(libedit-dev libopenblas-dev zlib1g-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libzmq3-dev libsodium-dev pkg-config tmux)

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for pkg in "${apt_packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        if [[ $status != 'install ok installed' ]]; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} > 0)); then
        if [[ $(id -u) -eq 0 ]]; then
            as_root=()
        elif command -v sudo >/dev/null 2>&1; then
            as_root=(sudo)
        else
            die "missing packages (${missing[*]}) and not root, and sudo is not installed"
        fi
        log "installing ${missing[*]}"
        ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}"
    else
        log "apt packages present: ${apt_packages[*]}"
    fi
else
    log "no apt/dpkg here; make sure these (or their equivalents) are installed: ${apt_packages[*]}"
fi

# --- Python test dependencies -------------------------------------------------
command -v python3 >/dev/null 2>&1 || die "python3 is required for the end-to-end tests"

# imports_work MODULES...: python3 imports them all.
imports_work() {
    python3 -c "import $(IFS=,; echo "$*")" >/dev/null 2>&1
}

# present_or_installing KIND MODULES...: says whether the modules are there; true when they are.
present_or_installing() {
    local kind=$1; shift
    if imports_work "$@"; then log "python modules present: $*"; return 0; fi
    log "installing python $kind $*"
    return 1
}

# imports_must_work MODULES...: stops the setup unless they import now.
imports_must_work() {
    imports_work "$@" || die "could not make 'import $(IFS=,; echo "$*")' work for $(command -v python3)"
}

# need_python MODULES... -- DEBIAN_PACKAGES...: imports the modules, or installs
# them with pip (the module names are the PyPI names), or, where Debian's own
# python3 refuses pip installs (PEP 668), with its packages (with none listed,
# pip into the user's site-packages).
need_python() {
    local modules=() debs=()
    while [[ $# -gt 0 && $1 != -- ]]; do modules+=("$1"); shift; done
    shift
    debs=("$@")
    present_or_installing modules "${modules[@]}" && return
    if ! python3 -m pip install --quiet "${modules[@]}"; then
        if [[ ${#debs[@]} -eq 0 ]]; then
            # PyPI only, and this python3 refuses pip (PEP 668): the user's site-packages, as its message suggests.
            python3 -m pip install --quiet --user --break-system-packages "${modules[@]}" || true
        elif command -v apt-get >/dev/null 2>&1; then
            if [[ $(id -u) -eq 0 ]]; then as_root=(); else as_root=(sudo); fi
            ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
            ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends "${debs[@]}"
        fi
    fi
    imports_must_work "${modules[@]}"
}

need_python pexpect pytest nbformat -- python3-pexpect python3-pytest python3-nbformat
# jupyter_client and jupyter_core: Tests/e2e/test_kernel.py and test_kernel_clients.py drive the kernel as Jupyter does;
# nbclient: Tests/e2e/test_lessons_in_jupyter.py runs every lesson as a notebook, as Jupyter does.
need_python jupyter_client jupyter_core nbclient -- python3-jupyter-client python3-jupyter-core python3-nbclient
# jupyter_kernel_test: the Jupyter kernel test suite, run by Tests/e2e/test_kernel_conformance.py (PyPI only).
need_python jupyter_kernel_test --
# jupyter_console: Tests/e2e/test_kernel_clients.py drives `jupyter console --kernel nnbook` in a pseudo-terminal.
need_python jupyter_console -- python3-jupyter-console

# need_wheels IMPORTS -- PIP_REQUIREMENTS...: imports the modules, or installs the
# requirements from PyPI as prebuilt wheels only (a fresh machine compiles nothing),
# into the user's site-packages where this python3 refuses pip (PEP 668).
need_wheels() {
    local modules=()
    while [[ $# -gt 0 && $1 != -- ]]; do modules+=("$1"); shift; done
    shift
    present_or_installing wheels "${modules[@]}" && return
    python3 -m pip install --quiet --only-binary :all: "$@" \
        || python3 -m pip install --quiet --user --break-system-packages --only-binary :all: "$@" || true
    imports_must_work "${modules[@]}"
}

# onnx, onnxruntime, scikit-learn, skl2onnx: Tests/e2e/test_onnx.py checks nnbook's ONNX files with onnx's checker and
# onnxruntime, and loads scikit-learn's MLPClassifier as skl2onnx converts it (about 10 s with numpy and scipy present).
need_wheels onnx onnxruntime sklearn skl2onnx -- "onnx>=1.16,<2" "onnxruntime>=1.18,<2" "scikit-learn>=1.4,<2" "skl2onnx>=1.17,<2"
# keras, jax and numpy: Tests/e2e/test_export_keras.py runs the script `save model to "m.py" as keras` writes, with Keras 3
# on JAX's CPU build (no TensorFlow; KERAS_BACKEND=jax, also for the import check).
KERAS_BACKEND=jax need_wheels keras jax numpy -- keras jax numpy
# nbgrader: Examples/nbgrader/run_round.py (and Tests/e2e/test_nbgrader.py) runs a teacher's whole round on the nnbook
# kernel: generate_assignment, autograde, generate_feedback (about 20 s to install).
need_wheels nbgrader -- "nbgrader>=0.9,<0.10"

# --- Swift build ---------------------------------------------------------------
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || die "swift is not on PATH (install it from swift.org)"

jobs_flag=()
if [[ -n "${SWIFT_BUILD_JOBS:-}" ]]; then jobs_flag=(--jobs "$SWIFT_BUILD_JOBS"); fi

log "swift build -c release"
swift build -c release ${jobs_flag[@]+"${jobs_flag[@]}"}
log "built .build/release/nnbook"
