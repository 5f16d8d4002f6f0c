//! Benchmark helper (native, run by `bench/bench.mjs`): times `plan`, `explain` and an 11-point
//! outage-coverage sweep of scenario files in-process, so that the WebAssembly timings can be
//! compared with native code doing the same work (no process start, no file reading).
//!
//! ```text
//! cargo run --release -p capmix-wasm --example native_timing -- RUNS FILE...
//! ```
//! prints `{ "<file>": { "plan_ms": median, "explain_ms": .., "sweep_ms": .. }, ... }`.

use capmix::{ExplainOptions, PlanOptions, Scenario};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

fn millis<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let t = Instant::now();
    let out = f();
    (t.elapsed().as_secs_f64() * 1e3, out)
}

fn run(runs: usize, file: &str) -> Result<serde_json::Value, capmix::Error> {
    let scenario = Scenario::from_path(file)?;
    let options = PlanOptions::default();
    capmix::plan(&scenario, &options)?; // warm-up
    let mut plans = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let (ms, plan) = millis(|| capmix::plan(&scenario, &options));
        plan?;
        plans.push(ms);
    }
    plans.sort_by(f64::total_cmp);
    let (explain_ms, e) = millis(|| capmix::explain(&scenario, &ExplainOptions::default()));
    e?;
    let values: Vec<f64> = (0..=10).map(|i| f64::from(i) / 10.0).collect();
    let (sweep_ms, s) =
        millis(|| capmix::sweep(&scenario, "policy.outage_coverage", &values, &options));
    s?;
    Ok(serde_json::json!({
        "plan_ms": plans[plans.len() / 2],
        "explain_ms": explain_ms,
        "sweep_ms": sweep_ms,
    }))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut out = serde_json::Map::new();
    for file in args {
        match run(runs, &file) {
            Ok(v) => {
                out.insert(file, v);
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "native_timing: {file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    match writeln!(std::io::stdout(), "{}", serde_json::Value::Object(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
