//! Helpers shared by the integration tests of the core crate.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use capmix::{plan, Plan, PlanOptions, Scenario, Status};

/// The scenario `examples/scenarios/<name>`.
pub fn example(name: &str) -> Scenario {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/scenarios")
        .join(name);
    match Scenario::from_path(&path) {
        Ok(s) => s,
        Err(e) => panic!("reading {}: {e}", path.display()),
    }
}

/// Makes the workload serve Llama-3.1-70B (rates in `unit`) at 1,000 prompt and 300 output
/// tokens, 2 s TTFT and 100 ms TPOT: the serving tests' chat request.
pub fn serve_llama_70b(w: &mut capmix::Workload, unit: &str) {
    w.model = Some("llama-3.1-70b".into());
    w.unit = Some(unit.into());
    w.request = Some(capmix::serving::Request {
        input_tokens: 1000.0,
        output_tokens: 300.0,
    });
    w.slo = Some(capmix::serving::Slo {
        ttft_ms: Some(2000.0),
        tpot_ms: Some(100.0),
    });
}

/// Relative tolerance of cost comparisons.
pub const REL_TOL: f64 = 1e-6;

/// Plans `s` with default options (microlp, shadow prices on); panics on an input error.
pub fn solve(s: &Scenario) -> Plan {
    solve_with(s, &PlanOptions::default())
}

/// Plans `s` with `options`; panics on an input error.
pub fn solve_with(s: &Scenario, options: &PlanOptions) -> Plan {
    match plan(s, options) {
        Ok(p) => p,
        Err(e) => panic!("planning `{}` failed: {e}", s.name),
    }
}

/// Plans `s` with integer units forced on.
pub fn solve_integer(s: &Scenario) -> Plan {
    solve_with(
        s,
        &PlanOptions {
            integer: Some(true),
            ..PlanOptions::default()
        },
    )
}

/// Whether `a` and `b` agree within [`REL_TOL`] relative (absolute near zero).
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= REL_TOL * a.abs().max(b.abs()).max(1.0)
}

/// Asserts `actual` equals `expected` within [`REL_TOL`] relative.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, what: &str) {
    assert!(
        close(actual, expected),
        "{what}: expected {expected}, got {actual}"
    );
}

/// Asserts the plan's total cost equals `expected` within [`REL_TOL`] relative.
#[track_caller]
pub fn assert_cost(plan: &Plan, expected: f64) {
    let got = plan.total_cost.unwrap_or_else(|| {
        panic!(
            "no total_cost; status {:?}, notes {:?}",
            plan.status, plan.notes
        )
    });
    assert!(
        close(got, expected),
        "total_cost: expected {expected}, got {got}\nnotes: {:?}",
        plan.notes
    );
}

/// Asserts the plan's objective (total cost plus penalties) equals `expected`.
#[track_caller]
pub fn assert_objective(plan: &Plan, expected: f64) {
    let got = plan
        .objective
        .unwrap_or_else(|| panic!("no objective; status {:?}", plan.status));
    assert!(
        close(got, expected),
        "objective: expected {expected}, got {got}"
    );
}

/// Asserts status `optimal` and a passed independent verification.
#[track_caller]
pub fn assert_optimal(plan: &Plan) {
    assert_eq!(
        plan.status,
        Status::Optimal,
        "status; notes: {:?}; verification: {:?}",
        plan.notes,
        plan.verification
    );
    assert_verified(plan);
}

/// Asserts a verification is attached and passed.
#[track_caller]
pub fn assert_verified(plan: &Plan) {
    let v = plan
        .verification
        .as_ref()
        .expect("a plan with values carries a verification");
    assert!(v.passed, "verification failed: {v:?}");
    if let Some(total) = plan.total_cost {
        assert!(
            close(v.recomputed_total_cost, total),
            "recomputed cost {} != total_cost {total}",
            v.recomputed_total_cost
        );
    }
}

/// Sum of a cost split.
pub fn sum<'a>(values: impl IntoIterator<Item = &'a f64>) -> f64 {
    values.into_iter().sum()
}

/// Units of `offering` allocated to `workload` in `period` (1-based), summed over segments.
pub fn units(plan: &Plan, workload: &str, offering: &str, period: usize) -> f64 {
    plan.allocations
        .iter()
        .filter(|a| a.workload == workload && a.offering == offering && a.period == period)
        .map(|a| a.units)
        .sum()
}

/// Units of `offering` allocated to anything in `period`, segment `segment`.
pub fn units_in_segment(plan: &Plan, offering: &str, period: usize, segment: &str) -> f64 {
    plan.allocations
        .iter()
        .filter(|a| a.offering == offering && a.period == period && a.segment == segment)
        .map(|a| a.units)
        .sum()
}

/// Fleet units of `offering` in `period` (first segment with an entry; 0 when absent).
pub fn fleet_units(plan: &Plan, offering: &str, period: usize) -> f64 {
    plan.fleet
        .iter()
        .find(|f| f.offering == offering && f.period == period)
        .map_or(0.0, |f| f.units)
}
