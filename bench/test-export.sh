#!/usr/bin/env bash
# The model export, re-solved by an independent solver: builds the CLI and the scenario
# generator with HiGHS (release, into target/bench; into target/ with CAPMIX_EXPORT_SHARED=1,
# as scripts/test-all does), sets up target/bench-venv (highspy, pulp,
# pytest), and runs bench/tests/test_export_highspy.py. Also the first step of bench/run.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export CARGO_TERM_COLOR=never
step() { printf '\n==> %s\n' "$*" >&2; }

need_apt=()
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
# bindgen (highs-sys) loads libclang.so, which libclang-dev installs; LLVM's libclang-cpp
# (present on some machines without it) does not count.
compgen -G "/usr/lib/llvm-*/lib/libclang.so" >/dev/null || need_apt+=(libclang-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing ${need_apt[*]} (for HiGHS)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# CAPMIX_EXPORT_SHARED=1 (scripts/test-all): the release build goes into target/, where the
# HiGHS test stage (`cargo test --release`) and the wheel have already built HiGHS's C++ with
# the same profile and features, instead of a third clean build of it (5 to 10 minutes on two
# cores). target/release/capmix is then the HiGHS build. bench/run.sh keeps its own
# target/bench.
if [ "${CAPMIX_EXPORT_SHARED:-0}" = 1 ]; then
  DIR="$ROOT/target"
else
  DIR="$ROOT/target/bench"
fi
BIN="$DIR/release"
step "release build with HiGHS ($DIR; a clean build takes about 5 minutes)"
CARGO_TARGET_DIR="$DIR" cargo build --quiet --release \
  -p capmix-cli -p capmix-bench --features capmix-cli/highs,capmix-bench/highs

VENV="$ROOT/target/bench-venv"
if ! "$VENV/bin/python" -c "import highspy, pulp, pytest" >/dev/null 2>&1; then
  step "Python venv target/bench-venv (highspy, pulp, pytest)"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip
  "$VENV/bin/pip" install --quiet highspy pulp pytest
fi

step "export round trip: capmix export -> highspy reads and solves -> same optimum"
CAPMIX_BIN="$BIN/capmix" CAPMIX_GEN="$BIN/capmix-gen" \
  "$VENV/bin/python" -m pytest -q -p no:cacheprovider --durations=8 "$ROOT/bench/tests"
