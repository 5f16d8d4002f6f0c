//! The committed corpus, replayed: every input of `fuzz/corpus/<target>/` through the same
//! target function libFuzzer runs (`capmix_fuzz::targets`), once, in file-name order. No new
//! inputs are generated and nothing is written, so the outcome depends only on the commit.
//!
//! This is CI's fuzz stage (scripts/test-all): a plain debug build with debug assertions
//! (overflow checks included), sharing the main workspace's build cache, instead of
//! installing cargo-fuzz and building an instrumented binary. `fuzz/run.sh replay` replays
//! the same corpus under libFuzzer, with its per-input `-timeout` and `-rss_limit_mb`.
//!
//! ```sh
//! CARGO_TARGET_DIR=target cargo test --manifest-path fuzz/Cargo.toml --no-default-features --test replay
//! ```

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Runs `target` over every committed input of `corpus/<name>/`; fails naming each input
/// that panicked (the panic's message is printed above, by the default hook).
fn replay(name: &str, target: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files.sort();
    assert!(!files.is_empty(), "{}: no committed inputs", dir.display());
    let mut failed = Vec::new();
    // CAPMIX_FUZZ_TIMES=1: print the slowest inputs, to see what bounds a target's rate
    // (diagnostic output only; nothing is asserted on time).
    let mut times = Vec::new();
    for file in &files {
        let data = std::fs::read(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let start = std::time::Instant::now();
        if panic::catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
            failed.push(file.display().to_string());
        }
        times.push((start.elapsed().as_secs_f64(), file));
    }
    println!("{name}: {} committed inputs replayed", files.len());
    if std::env::var_os("CAPMIX_FUZZ_TIMES").is_some() {
        let total: f64 = times.iter().map(|t| t.0).sum();
        times.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("{name}: {total:.2} s in all; slowest:");
        for (secs, file) in times.iter().take(8) {
            println!("  {:8.2} ms  {}", secs * 1e3, file.display());
        }
    }
    assert!(
        failed.is_empty(),
        "{name}: {} of {} inputs failed (replay one with \
         `RUSTC_BOOTSTRAP=1 cargo fuzz run -s none {name} <file>`):\n{}",
        failed.len(),
        files.len(),
        failed.join("\n")
    );
}

#[test]
fn parse_scenario() {
    replay("parse_scenario", capmix_fuzz::targets::parse_scenario::run);
}

#[test]
fn plan() {
    replay("plan", capmix_fuzz::targets::plan::run);
}

#[test]
fn plan_structured() {
    replay(
        "plan_structured",
        capmix_fuzz::targets::plan_structured::run,
    );
}

#[test]
fn catalog_csv() {
    replay("catalog_csv", capmix_fuzz::targets::catalog_csv::run);
}

#[test]
fn skypilot_import() {
    replay(
        "skypilot_import",
        capmix_fuzz::targets::skypilot_import::run,
    );
}

/// The replay itself can fail: a target that panics on every input fails it.
#[test]
#[should_panic(expected = "inputs failed")]
fn a_panicking_target_fails_the_replay() {
    replay("catalog_csv", |_| panic!("a deliberate panic"));
}
