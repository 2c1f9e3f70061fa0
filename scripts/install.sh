#!/usr/bin/env bash
# Install nnbook with what it needs beside it: the lessons and the digits
# data travel as resource bundles next to the binary, so the installed copy
# finds them from any folder.
#
#   scripts/install.sh [PREFIX]      default PREFIX: ~/.local
#
# Puts the binary and its bundles in PREFIX/lib/nnbook/ and links
# PREFIX/bin/nnbook to it (nnbook follows the link to find its bundles).
# Builds in release mode first when there is no build yet.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

prefix="${1:-$HOME/.local}"
if [[ ! -x .build/release/nnbook ]]; then
    if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then export PATH="/opt/swift/usr/bin:$PATH"; fi
    swift build -c release
fi

lib="$prefix/lib/nnbook"
mkdir -p "$lib" "$prefix/bin"
cp -L .build/release/nnbook "$lib/nnbook.new"
mv -f "$lib/nnbook.new" "$lib/nnbook"
for bundle in .build/release/*.resources; do
    name=$(basename "$bundle")
    rm -rf "$lib/$name.new"
    cp -RL "$bundle" "$lib/$name.new"
    rm -rf "$lib/$name"
    mv "$lib/$name.new" "$lib/$name"
done
ln -sfn "$lib/nnbook" "$prefix/bin/nnbook"
echo "installed $prefix/bin/nnbook (with its lessons and data in $lib)"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "add $prefix/bin to your PATH to type nnbook from anywhere" ;; esac
