#!/usr/bin/env bash
# Lesson 1 run by a real JupyterLab in headless Chromium with the nnbook
# kernel, photographed for the README:
#
#   scripts/jupyterlab_screenshot.sh [OUT_DIR]     default OUT_DIR: docs/images
#
# writes OUT_DIR/jupyterlab-lesson1.png (the top of the lesson) and
# OUT_DIR/jupyterlab-lesson1-plot.png (its plot), after checking that the run
# worked: the nnbook kernel, every cell run, no error, the plot drawn as SVG.
# Any failure exits non-zero and writes no picture.
#
# Installs what is missing on a Debian/Ubuntu machine: Chromium, a font and optipng
# (apt), JupyterLab (pip, into a virtual environment at .build/jupyterlab-venv,
# kept for the next run); builds nnbook in release mode when there is no
# build. The kernelspec, JupyterLab's settings and Chromium's profile live in
# a temporary folder that is removed at the end, with every process started.
#
# Environment:
#   NNBOOK_BIN=PATH   the nnbook binary to photograph (default .build/release/nnbook)
#   CHROMIUM=PATH     the browser (default: Debian's chromium; on Ubuntu apt's
#                     chromium is a snap, which may not run headless in a container)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'jupyterlab_screenshot.sh: error: %s\n' "$*" >&2; exit 1; }

out_dir="${1:-docs/images}"

# --- system packages ---------------------------------------------------------
# fonts-dejavu-core: the pictures are set in DejaVu (Chromium only recommends a font).
apt_packages=(chromium fonts-dejavu-core optipng python3-venv)
[[ -z ${CHROMIUM:-} ]] || apt_packages=(fonts-dejavu-core optipng python3-venv)
if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for pkg in "${apt_packages[@]}"; do
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        [[ $status == 'install ok installed' ]] || missing+=("$pkg")
    done
    if ((${#missing[@]} > 0)); then
        if [[ $(id -u) -eq 0 ]]; then as_root=(); else as_root=(sudo); fi
        log "installing ${missing[*]}"
        ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        ${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq --no-install-recommends "${missing[@]}"
    fi
fi
chromium="${CHROMIUM:-$(command -v chromium || true)}"
[[ -n $chromium && -x $chromium ]] || die "no Chromium: install Debian's chromium or set CHROMIUM"

# --- JupyterLab, in a virtual environment of its own -----------------------------
venv=.build/jupyterlab-venv
if ! "$venv/bin/python" -c 'import jupyterlab' >/dev/null 2>&1; then
    log "installing JupyterLab into $venv"
    mkdir -p .build
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet jupyterlab
fi

# --- nnbook ------------------------------------------------------------------------
nnbook="${NNBOOK_BIN:-.build/release/nnbook}"
if [[ ! -x $nnbook ]]; then
    [[ -z ${NNBOOK_BIN:-} ]] || die "NNBOOK_BIN=$NNBOOK_BIN is not an executable"
    if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
        export PATH="/opt/swift/usr/bin:$PATH"
    fi
    log "swift build -c release"
    swift build -c release
fi

# The Python driver stops JupyterLab, the kernel and Chromium and removes its
# temporary folder itself, on success, failure, Ctrl-C or SIGTERM.
exec "$venv/bin/python" scripts/jupyterlab_screenshot.py --nnbook "$nnbook" --chromium "$chromium" \
    --out-dir "$out_dir"
