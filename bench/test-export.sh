#!/usr/bin/env bash
# The model export, re-solved by an independent solver: builds the CLI and the scenario
# generator with HiGHS (release, into target/bench; debug into target/ with
# CAPMIX_EXPORT_DEBUG=1, as scripts/test-all does), sets up target/bench-venv (highspy, pulp,
# pytest), and runs bench/tests/test_export_highspy.py. Also the first step of bench/run.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s\n' "$*" >&2; }

need_apt=()
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
[ -n "$(ls /usr/lib/llvm-*/lib/libclang*.so* 2>/dev/null | head -1)" ] || need_apt+=(libclang-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing ${need_apt[*]} (for HiGHS)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# CAPMIX_EXPORT_DEBUG=1 (scripts/test-all): debug binaries in target/, whose core the HiGHS
# test stage has just built with the same features, instead of a second clean release build
# of HiGHS; the solves are HiGHS's C++ either way. bench/run.sh keeps the release build.
if [ "${CAPMIX_EXPORT_DEBUG:-0}" = 1 ]; then
  BIN="$ROOT/target/debug"
  step "debug build with HiGHS (target/, shared with the HiGHS test stage)"
  cargo build --quiet \
    -p capmix-cli -p capmix-bench --features capmix-cli/highs,capmix-bench/highs
else
  BIN="$ROOT/target/bench/release"
  step "release build with HiGHS (target/bench; a clean build takes about 5 minutes)"
  CARGO_TARGET_DIR="$ROOT/target/bench" cargo build --quiet --release \
    -p capmix-cli -p capmix-bench --features capmix-cli/highs,capmix-bench/highs
fi

VENV="$ROOT/target/bench-venv"
if ! "$VENV/bin/python" -c "import highspy, pulp, pytest" >/dev/null 2>&1; then
  step "Python venv target/bench-venv (highspy, pulp, pytest)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet highspy pulp pytest
fi

step "export round trip: capmix export -> highspy reads and solves -> same optimum"
CAPMIX_BIN="$BIN/capmix" CAPMIX_GEN="$BIN/capmix-gen" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/bench/tests"
