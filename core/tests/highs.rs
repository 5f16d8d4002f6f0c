//! The exact MILP path (feature `highs`) agrees with the pure-Rust paths where those are
//! exact: microlp's branch and bound on a small integer model, and the exhaustive single-
//! routing search.
#![cfg(feature = "highs")]
#![expect(clippy::unwrap_used, reason = "test helpers")]

use capmix::{plan, PlanOptions, Scenario, SolverKind, Status};
use std::path::PathBuf;

fn example(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/scenarios")
        .join(name);
    Scenario::from_path(path).unwrap()
}

fn both(s: &Scenario) -> (capmix::Plan, capmix::Plan) {
    let micro = plan(s, &PlanOptions::default()).unwrap();
    let highs = plan(
        s,
        &PlanOptions {
            solver: SolverKind::Highs,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    (micro, highs)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// Whole instances: the startup example's integer optimum is $199,098.74 (derived by
/// exhaustive search in the file's comments); both solvers prove it.
#[test]
fn integer_optimum_agrees_with_branch_and_bound() {
    let (micro, highs) = both(&example("startup-70b.toml"));
    assert_eq!(highs.status, Status::Optimal);
    assert_eq!(highs.method, "milp");
    assert!(highs.verification.as_ref().unwrap().passed);
    assert!(
        close(highs.total_cost.unwrap(), 199_098.74),
        "{:?}",
        highs.total_cost
    );
    assert_eq!(micro.status, Status::Optimal);
    assert!(close(micro.total_cost.unwrap(), highs.total_cost.unwrap()));
}

/// Single routing: the MILP with routing binaries equals the exhaustive search over
/// accelerator choices.
#[test]
fn single_routing_milp_agrees_with_exhaustive_search() {
    let (micro, highs) = both(&example("training-deadline.toml"));
    assert_eq!(highs.status, Status::Optimal);
    assert_eq!(micro.method, "routing_search");
    assert!(highs.verification.as_ref().unwrap().passed);
    assert!(
        close(micro.objective.unwrap(), highs.objective.unwrap()),
        "{:?} vs {:?}",
        micro.objective,
        highs.objective
    );
}

/// Pure LPs: the same optimum and strong duality with either backend.
#[test]
fn lp_examples_agree() {
    for name in [
        "chatgpt-2025.toml",
        "commit-vs-ondemand.toml",
        "multicloud-from-catalog.toml",
    ] {
        let (micro, highs) = both(&example(name));
        assert_eq!(highs.status, Status::Optimal, "{name}");
        assert!(
            close(micro.objective.unwrap(), highs.objective.unwrap()),
            "{name}"
        );
        let dual = highs.shadow_prices.as_ref().unwrap().dual_objective;
        assert!(close(dual, highs.objective.unwrap()), "{name}: dual {dual}");
    }
}
