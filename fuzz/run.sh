#!/usr/bin/env bash
# Runs every capmix fuzz target (or the ones named) for SECONDS each, two at a time, and
# prints how many inputs each tried. Installs cargo-fuzz when it is missing.
#
#   fuzz/run.sh                  # the long run: 600 s per target (about 30 min in all)
#   fuzz/run.sh 20               # a short random run: 20 s per target (about 4 min with the build)
#   fuzz/run.sh 60 plan catalog_csv
#   fuzz/run.sh replay           # every input of the committed corpus once, nothing new (CI
#                                # replays it with cargo test: fuzz/tests/replay.rs)
#   fuzz/run.sh replay plan
#
# `replay` runs each target over a copy of fuzz/corpus/<target>/ with -runs=0: libFuzzer
# executes every committed input once and generates none, so the outcome depends only on the
# commit, and nothing is written into tracked files (the copy is a temporary directory).
#
# Inputs that reach new coverage are written to fuzz/work/<target>/ (ignored by git). Outside
# CI (CI unset) they are then merged into the committed corpus fuzz/corpus/<target>/ with
# libFuzzer's -merge=1 -set_cover_merge=1, which keeps a small set of inputs covering every
# edge; `git status fuzz/corpus` shows what changed. A crash, panic, timeout (-timeout, per input) or out-of-memory
# (-rss_limit_mb) fails the run; the input is saved under fuzz/artifacts/<target>/ and can
# be replayed with `cargo fuzz run <target> fuzz/artifacts/<target>/<file>` (with
# RUSTC_BOOTSTRAP=1).
#
# Environment: FUZZ_JOBS (targets at a time, default 2), FUZZ_MERGE (1/0: merge new inputs
# into fuzz/corpus; default 1 outside CI, 0 in CI).
set -euo pipefail
cd "$(dirname "$0")"

replay=0
if [ "${1:-}" = replay ]; then
  replay=1
  shift
fi
secs=600
if [ "$replay" = 0 ] && [ $# -gt 0 ]; then
  secs=$1
  shift
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(parse_scenario plan plan_structured catalog_csv skypilot_import)
fi
jobs=${FUZZ_JOBS:-2}
if [ "${CI:-}" = true ]; then merge=${FUZZ_MERGE:-0}; else merge=${FUZZ_MERGE:-1}; fi

# cargo-fuzz passes nightly-only flags (-Z...); the machine has a stable toolchain only.
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR=never
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi

# No sanitizer: capmix and its dependencies forbid or do not use unsafe code for the parts
# fuzzed, and the uninstrumented build runs several times more inputs per second. Debug
# assertions (overflow checks included) stay on.
flags=(-s none)
echo "==> building the fuzz targets"
cargo fuzz build "${flags[@]}" >/dev/null

mkdir -p logs
replay_one() {
  local t=$1 copy
  copy=$(mktemp -d)
  cp -R "corpus/$t/." "$copy"
  if cargo fuzz run "${flags[@]}" "$t" "$copy" -- \
    -runs=0 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 >"logs/$t.log" 2>&1; then
    echo ok >"logs/$t.status"
  else
    echo failed >"logs/$t.status"
  fi
  rm -rf "$copy"
}

if [ "$replay" = 1 ]; then
  echo "==> replaying the committed corpus of ${targets[*]}"
  failed=0
  for t in "${targets[@]}"; do
    replay_one "$t"
    inputs=$(find "corpus/$t" -type f | wc -l)
    if [ "$(cat "logs/$t.status")" = ok ]; then
      printf '%-16s ok      %6s committed inputs\n' "$t" "$inputs"
    else
      failed=$((failed + 1))
      printf '%-16s FAILED  see fuzz/logs/%s.log and fuzz/artifacts/%s/\n' "$t" "$t" "$t"
      grep -m3 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "logs/$t.log" | sed 's/^/    /' || true
    fi
  done
  echo "fuzz replay: $((${#targets[@]} - failed)) passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

run_one() {
  local t=$1
  mkdir -p "work/$t" "corpus/$t"
  # -timeout: one input may take at most 30 s (plans run with a 0.01 s time limit);
  # -rss_limit_mb: a hostile input must not reach 2 GB.
  local extra=()
  # Structured scenarios need more bytes than libFuzzer's default start of 256.
  [ "$t" = plan_structured ] && extra=(-max_len=1024)
  if cargo fuzz run "${flags[@]}" "$t" "work/$t" "corpus/$t" -- \
    -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 "${extra[@]}" \
    >"logs/$t.log" 2>&1; then
    echo ok >"logs/$t.status"
  else
    echo failed >"logs/$t.status"
  fi
}

echo "==> fuzzing ${targets[*]} for $secs s each, $jobs at a time"
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait || true

passed=0
failed=0
for t in "${targets[@]}"; do
  status=$(cat "logs/$t.status" 2>/dev/null || echo failed)
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' | tail -1)
  corpus=$(find "corpus/$t" "work/$t" -type f | wc -l)
  if [ "$status" = ok ]; then
    passed=$((passed + 1))
    printf '%-16s ok      %10s inputs in %s s (corpus + new: %s files)\n' "$t" "${execs:-?}" "$secs" "$corpus"
  else
    failed=$((failed + 1))
    printf '%-16s FAILED  %10s inputs; see fuzz/logs/%s.log and fuzz/artifacts/%s/\n' "$t" "${execs:-?}" "$t" "$t"
    grep -m3 -E 'panicked at|ERROR: libFuzzer|SUMMARY' "logs/$t.log" | sed 's/^/    /' || true
  fi
  if [ "$merge" = 1 ] && [ "$status" = ok ] && [ -n "$(ls -A "work/$t")" ]; then
    # A minimal set of inputs covering every edge that the corpus and the new inputs cover
    # (edges, not hit counts: -use_counters=0), so that the committed corpus stays small.
    merged=$(mktemp -d)
    if cargo fuzz run "${flags[@]}" "$t" "$merged" "corpus/$t" "work/$t" -- \
      -merge=1 -set_cover_merge=1 -use_counters=0 -timeout=30 >"logs/$t.merge.log" 2>&1; then
      rm -rf "corpus/$t" "work/$t"
      mv "$merged" "corpus/$t"
      chmod 755 "corpus/$t"
    else
      rm -rf "$merged"
      echo "    (merge into corpus/$t failed; see fuzz/logs/$t.merge.log)"
    fi
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
