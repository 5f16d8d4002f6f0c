#!/usr/bin/env bash
# capmix benchmarks, one command:
#
#   bench/run.sh            full run (sizes 300 .. 1M variables; about 15-20 minutes on 2 cores)
#                           -> BENCHMARKS.md at the repository root, tables on stdout
#   bench/run.sh --quick    CI mode (sizes up to 10k, under 2 minutes once built)
#                           -> target/bench/BENCHMARKS-quick.md; also the export round trip
#   bench/test-export.sh    the export round trip alone (pytest with highspy)
#
# Builds what it needs: the release binaries with HiGHS into target/bench (its own target
# directory, so that other builds do not replace them mid-run), a venv in target/bench-venv
# with highspy, pulp and pytest, and (full run, when Node.js is there) capmix's WebAssembly
# module for Node.js into target/bench/wasm-node.
#   CAPMIX_WASM_PKG=DIR    use this wasm-bindgen Node.js package instead of building one
#   CAPMIX_BENCH_NO_WASM=1 skip WebAssembly
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export CARGO_TERM_COLOR=never
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
step() { printf '\n==> %s\n' "$*" >&2; }

"$ROOT/bench/test-export.sh"

if [ "$QUICK" = 0 ] && [ "${CAPMIX_BENCH_NO_WASM:-0}" != 1 ] && [ -z "${CAPMIX_WASM_PKG:-}" ] \
    && command -v node >/dev/null 2>&1; then
  WB_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
  WASM_BINDGEN="$ROOT/target/tools/bin/wasm-bindgen"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    step "adding the Rust target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$("$WASM_BINDGEN" --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
    step "installing wasm-bindgen-cli $WB_VERSION into target/tools (one-off, a few minutes)"
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$ROOT/target/tools" --force
  fi
  step "capmix for WebAssembly (profile wasm-release, as bindings-wasm ships it)"
  CARGO_TARGET_DIR="$ROOT/target/bench" cargo build --quiet -p capmix-wasm \
    --target wasm32-unknown-unknown --profile wasm-release
  rm -rf target/bench/wasm-node
  "$WASM_BINDGEN" --target nodejs --out-dir target/bench/wasm-node --remove-producers-section \
    target/bench/wasm32-unknown-unknown/wasm-release/capmix_wasm.wasm
  printf '{ "type": "commonjs" }\n' > target/bench/wasm-node/package.json
  OPT="$ROOT/bindings-wasm/node_modules/.bin/wasm-opt"
  if [ -x "$OPT" ]; then
    "$OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      target/bench/wasm-node/capmix_wasm_bg.wasm -o target/bench/wasm-node/capmix_wasm_bg.wasm
  fi
  export CAPMIX_WASM_PKG="$ROOT/target/bench/wasm-node"
fi

step "benchmarks$([ "$QUICK" = 1 ] && echo ' (quick)')"
export CAPMIX_BENCH_COMMAND="bench/run.sh${*:+ $*}"
args=()
[ "$QUICK" = 1 ] && args+=(--quick)
exec target/bench-venv/bin/python bench/bench.py "${args[@]}"
