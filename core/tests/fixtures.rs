//! The shared fixtures of `tests/fixtures/` (also read by the Python and WebAssembly tests):
//! every scenario file there has a hand-derived expected outcome in `expected.json`.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "helpers outside #[test] functions fail loudly on bad fixtures"
)]

use capmix::{plan, PlanOptions, Scenario, SolverKind};
use std::path::PathBuf;

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn close(got: f64, want: f64) -> bool {
    (got - want).abs() <= 1e-6 * want.abs().max(1.0)
}

fn check_all(solver: SolverKind) {
    let dir = fixtures_dir();
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.json" && n != "README.md")
        .collect();
    files.sort();
    assert!(files.len() >= 6, "too few fixtures: {files:?}");
    for name in files {
        let want = expected
            .get(&name)
            .unwrap_or_else(|| panic!("{name} has no entry in expected.json"));
        let scenario =
            Scenario::from_path(dir.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let options = PlanOptions {
            solver,
            ..PlanOptions::default()
        };
        let plan = plan(&scenario, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            plan.status.as_str(),
            want["status"].as_str().unwrap(),
            "{name}: {:?}",
            plan.notes
        );
        for field in ["total_cost", "objective"] {
            let got = if field == "total_cost" {
                plan.total_cost
            } else {
                plan.objective
            };
            match want[field].as_f64() {
                Some(w) => {
                    let g = got.unwrap_or(f64::NAN);
                    assert!(
                        close(g, w),
                        "{name}: {field} {g} != {w}\n{}",
                        want["derivation"]
                    );
                }
                None => assert!(got.is_none(), "{name}: {field} should be null"),
            }
        }
        if plan.has_solution() {
            assert!(
                plan.verification.as_ref().is_some_and(|v| v.passed),
                "{name}: not verified"
            );
        }
    }
}

#[test]
fn fixtures_match_hand_derived_costs() {
    check_all(SolverKind::Microlp);
}

#[cfg(feature = "highs")]
#[test]
fn fixtures_match_hand_derived_costs_with_highs() {
    check_all(SolverKind::Highs);
}

/// Pure-LP fixtures carry shadow prices whose dual objective equals the plan's objective
/// (strong duality: the plan is optimal).
#[test]
fn strong_duality_holds_on_every_lp_fixture() {
    let dir = fixtures_dir();
    let mut certified = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "expected.json" || name == "README.md" {
            continue;
        }
        // The fluid relaxation of each fixture: a pure LP, with its certificate.
        let fluid = PlanOptions {
            integer: Some(false),
            ..PlanOptions::default()
        };
        let plan = plan(&Scenario::from_path(&path).unwrap(), &fluid).unwrap();
        if let (Some(obj), Some(sp)) = (plan.objective, &plan.shadow_prices) {
            assert!(
                close(sp.dual_objective, obj),
                "{name}: dual {} vs primal {obj}",
                sp.dual_objective
            );
            certified += 1;
        }
    }
    assert!(
        certified >= 5,
        "only {certified} fixtures carried shadow prices"
    );
}
