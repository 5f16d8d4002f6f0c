#!/usr/bin/env bash
# Builds capmix for the browser and Node.js, and the <capmix-calculator> widget: one command.
#
#   bindings-wasm/build.sh          -> pkg-web/ (ES module for browsers), pkg-node/ (Node.js),
#                                      www/dist/ (widget, demo page, presets, wasm)
#
# Installs what is missing first: the wasm32 target, wasm-bindgen-cli at exactly the version of
# the wasm-bindgen crate in Cargo.lock (into target/tools; the first build compiles it, which
# takes a few minutes), and the npm packages of package-lock.json (esbuild, Observable Plot,
# binaryen's wasm-opt, playwright-core).
#   CAPMIX_WASM_OPT=0   skip wasm-opt (faster local iterations; the module is ~30% larger)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
cd "$HERE"
export CARGO_TERM_COLOR=never

started=$SECONDS
step() { printf '\n==> [%ss] %s\n' "$((SECONDS - started))" "$*"; }

# --- tools -----------------------------------------------------------------------------------
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate exactly (the ABI changes between versions).
WB_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")"
if [ -z "$WB_VERSION" ]; then
  echo "build.sh: no wasm-bindgen in Cargo.lock; run 'cargo generate-lockfile' first" >&2
  exit 1
fi
TOOLS="$ROOT/target/tools"
version_of() { "$1" --version 2>/dev/null || true; }
# $WASM_BINDGEN, else target/tools, else one on PATH: whichever has the right version.
WASM_BINDGEN="${WASM_BINDGEN:-$TOOLS/bin/wasm-bindgen}"
if [ "$(version_of "$WASM_BINDGEN")" != "wasm-bindgen $WB_VERSION" ] && command -v wasm-bindgen >/dev/null 2>&1 \
   && [ "$(version_of wasm-bindgen)" = "wasm-bindgen $WB_VERSION" ]; then
  WASM_BINDGEN="$(command -v wasm-bindgen)"
fi
if [ "$(version_of "$WASM_BINDGEN")" != "wasm-bindgen $WB_VERSION" ]; then
  WASM_BINDGEN="$TOOLS/bin/wasm-bindgen"
  step "installing wasm-bindgen-cli $WB_VERSION into $TOOLS (one-off, a few minutes)"
  # Not --locked: one of the CLI's locked dependencies is not served by the registry here.
  # --debug: compiles in 1.5 min instead of 3.5 min, and writes the same files (checked
  # byte for byte) in 1.7 s instead of 0.3 s per run.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$TOOLS" --force --debug
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

# --- the module ------------------------------------------------------------------------------
step "cargo build -p capmix-wasm (wasm32-unknown-unknown, profile wasm-release)"
cargo build --manifest-path "$ROOT/Cargo.toml" -p capmix-wasm --target wasm32-unknown-unknown --profile wasm-release
WASM="$ROOT/target/wasm32-unknown-unknown/wasm-release/capmix_wasm.wasm"

step "wasm-bindgen $WB_VERSION: pkg-web (--target web), pkg-node (--target nodejs)"
rm -rf pkg-web pkg-node
"$WASM_BINDGEN" --target web --out-dir pkg-web --remove-producers-section "$WASM"
"$WASM_BINDGEN" --target nodejs --out-dir pkg-node --remove-producers-section "$WASM"
# This directory's package.json says "type": "module"; the Node.js glue is CommonJS.
printf '{ "type": "commonjs" }\n' > pkg-node/package.json

if [ "${CAPMIX_WASM_OPT:-1}" != 0 ]; then
  step "wasm-opt -Oz (binaryen from npm)"
  # The features rustc enables by default for wasm32-unknown-unknown.
  features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
            --enable-mutable-globals --enable-reference-types --enable-multivalue)
  if cmp -s pkg-web/capmix_wasm_bg.wasm pkg-node/capmix_wasm_bg.wasm; then
    # wasm-bindgen writes the same module for both glues: optimise it once.
    npx --no-install wasm-opt -Oz "${features[@]}" pkg-web/capmix_wasm_bg.wasm -o pkg-web/capmix_wasm_bg.wasm
    cp pkg-web/capmix_wasm_bg.wasm pkg-node/capmix_wasm_bg.wasm
  else
    for pkg in pkg-web pkg-node; do
      npx --no-install wasm-opt -Oz "${features[@]}" "$pkg/capmix_wasm_bg.wasm" -o "$pkg/capmix_wasm_bg.wasm" &
    done
    for job in $(jobs -p); do wait "$job"; done
  fi
fi

raw=$(stat -c %s pkg-web/capmix_wasm_bg.wasm)
gz=$(gzip -9 -c pkg-web/capmix_wasm_bg.wasm | wc -c)
printf 'capmix_wasm_bg.wasm: %s bytes raw, %s bytes gzipped (-9)\n' "$raw" "$gz"

# --- the widget ------------------------------------------------------------------------------
# Presets whose offerings come from CSV catalogs are resolved natively, as the CLI reads them
# (a browser cannot read the catalog files).
step "native preset resolver (examples/resolve_scenario.rs)"
cargo build --manifest-path "$ROOT/Cargo.toml" -p capmix-wasm --example resolve_scenario --quiet
export CAPMIX_RESOLVE="$ROOT/target/debug/examples/resolve_scenario"

step "bundling the widget into www/dist (esbuild)"
node www/build.mjs

printf '\nbuild.sh: done in %ss\n' "$((SECONDS - started))"
