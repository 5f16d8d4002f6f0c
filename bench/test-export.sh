#!/usr/bin/env bash
# The model export, re-solved by an independent solver: builds the release CLI (with HiGHS)
# and the scenario generator into target/bench, sets up target/bench-venv (highspy, pulp,
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

step "release build with HiGHS (target/bench; a clean build takes about 5 minutes)"
CARGO_TARGET_DIR="$ROOT/target/bench" cargo build --quiet --release \
  -p capmix-cli -p capmix-bench --features capmix-cli/highs,capmix-bench/highs

VENV="$ROOT/target/bench-venv"
if ! "$VENV/bin/python" -c "import highspy, pulp, pytest" >/dev/null 2>&1; then
  step "Python venv target/bench-venv (highspy, pulp, pytest)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet highspy pulp pytest
fi

step "export round trip: capmix export -> highspy reads and solves -> same optimum"
CAPMIX_BIN="$ROOT/target/bench/release/capmix" CAPMIX_GEN="$ROOT/target/bench/release/capmix-gen" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider "$ROOT/bench/tests"
