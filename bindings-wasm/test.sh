#!/usr/bin/env bash
# Every test of the WebAssembly bindings and the calculator, in one command:
#   1. build.sh (module, Node and web packages, widget)
#   2. Node tests of the module (tests/node): fixtures, errors, API, TypeScript declarations,
#      the widget's scenario edits, and equality with the native CLI
#   3. the end-to-end tests of the demo page in Debian's Chromium (tests/e2e): the calculator's
#      behaviour, and its layout at 1360 and 390 px for every preset, with screenshots in
#      tests/artifacts/
# Exits non-zero on the first failure.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$HERE"
export CARGO_TERM_COLOR=never
started=$SECONDS
step() { printf '\n==> [%ss] %s\n' "$((SECONDS - started))" "$*"; }

./build.sh

# CAPMIX_CLI: a native CLI already built from this tree (scripts/test-all passes the one
# `cargo test --workspace` built); else build one.
if [ -z "${CAPMIX_CLI:-}" ]; then
  step "native CLI (to compare numbers with)"
  cargo build --manifest-path "$ROOT/Cargo.toml" -p capmix-cli --quiet
  export CAPMIX_CLI="$ROOT/target/debug/capmix"
fi

# Two test files at a time: each solves in one thread (wasm has none), and the machine has two
# cores. No test depends on timing or shares a file with another.
JOBS="${CAPMIX_TEST_JOBS:-2}"
step "Node tests (tests/node, $JOBS files at a time)"
node --test --test-concurrency="$JOBS" tests/node/

CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    step "installing Debian's chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test.sh: $CHROMIUM not found; install Debian's chromium package" >&2
    exit 1
  fi
fi
export CHROMIUM

step "end-to-end tests in Chromium (tests/e2e, $JOBS files at a time)"
node --test --test-concurrency="$JOBS" tests/e2e/calculator.e2e.mjs tests/e2e/screenshots.e2e.mjs

printf '\ntest.sh: all passed in %ss\n' "$((SECONDS - started))"
