#!/usr/bin/env bash
# Installs the two peer generators the benchmarks compare against, pinned, into
# bench/.tools/ (git-ignored). Idempotent: a peer already at the pinned version is
# left alone.
#
#   cargo-progenitor 0.15.1       (crates.io)  -> bench/.tools/progenitor/bin/cargo-progenitor
#   openapi-generator-cli 7.26.0  (PyPI; bundles its jar, runs on the installed Java)
#                                              -> bench/.tools/venv/bin/openapi-generator-cli
#
# Also installs Debian's `time` package (for `/usr/bin/time -v`, peak RSS) when
# /usr/bin/time is missing.
set -euo pipefail

PROGENITOR_VERSION=0.15.1
OPENAPI_GENERATOR_VERSION=7.26.0

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tools="$here/.tools"
mkdir -p "$tools"

if [ ! -x /usr/bin/time ]; then
    echo "install-peers: /usr/bin/time missing; installing Debian's 'time' package" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && apt-get install -y -qq time
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq time
    fi
fi

# --- cargo-progenitor -------------------------------------------------------
prog="$tools/progenitor/bin/cargo-progenitor"
if [ -x "$prog" ] && "$prog" progenitor --version 2>/dev/null | grep -q "$PROGENITOR_VERSION"; then
    echo "install-peers: cargo-progenitor $PROGENITOR_VERSION already installed"
else
    echo "install-peers: installing cargo-progenitor $PROGENITOR_VERSION" >&2
    cargo install --root "$tools/progenitor" --version "$PROGENITOR_VERSION" --locked cargo-progenitor
fi

# --- openapi-generator-cli ---------------------------------------------------
venv="$tools/venv"
oag="$venv/bin/openapi-generator-cli"
if [ -x "$oag" ] && "$venv/bin/pip" show openapi-generator-cli 2>/dev/null | grep -q "^Version: $OPENAPI_GENERATOR_VERSION\$"; then
    echo "install-peers: openapi-generator-cli $OPENAPI_GENERATOR_VERSION already installed"
else
    echo "install-peers: installing openapi-generator-cli $OPENAPI_GENERATOR_VERSION" >&2
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "openapi-generator-cli==$OPENAPI_GENERATOR_VERSION"
fi
command -v java >/dev/null || { echo "install-peers: openapi-generator-cli needs java on PATH" >&2; exit 1; }

echo "install-peers: ok"
echo "  $prog"
echo "  $oag"
