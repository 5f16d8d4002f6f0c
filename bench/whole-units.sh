#!/usr/bin/env bash
# Whole-instance plans of every example scenario, with the default options: wall time of the
# whole CLI process (median of 3), status and the plan's own words on optimality.
#   bench/whole-units.sh BINARY [BINARY...]
# e.g. bench/whole-units.sh target/release/capmix target/highs/release/capmix
# (build them with `cargo build --release -p capmix-cli` and
#  `CARGO_TARGET_DIR=target/highs cargo build --release -p capmix-cli --features highs`).
set -euo pipefail
cd "$(dirname "$0")/.."
printf '| scenario | binary | wall (median of 3) | status | method | quality |\n| --- | --- | ---: | --- | --- | --- |\n'
for bin in "$@"; do
  for f in examples/scenarios/*.toml; do
    times=()
    for _ in 1 2 3; do
      start=$(date +%s.%N)
      "$bin" plan "$f" --quiet --format json > /tmp/capmix-whole.json || true
      end=$(date +%s.%N)
      times+=("$(echo "$end - $start" | bc)")
    done
    median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 2p)
    words=$("$bin" plan "$f" --quiet | grep -E "proven optimal|within|no bound" | head -1 | sed 's/^ *//')
    read -r status method < <(python3 -c 'import json,sys; d=json.load(open("/tmp/capmix-whole.json")); print(d["status"], d["method"])')
    printf '| %s | %s | %.2f s | %s | %s | %s |\n' "$(basename "$f" .toml)" "$bin" "$median" "$status" "$method" "$words"
  done
done
