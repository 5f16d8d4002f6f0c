//! Warm starts (feature `highs`): a sweep's rows and an explanation's variants start from an
//! earlier optimal basis, which must change the time a solve takes and never its answer.
//! Each figure is compared with a solve from scratch: a plain `plan` of the same variant
//! (which never sees a start basis), or the same explanation by microlp (which has none).
#![cfg(feature = "highs")]

use capmix::{apply_param, explain, plan, sweep, ExplainOptions, PlanOptions, SolverKind};

mod common;
use common::example;

/// Fluid units (a pure LP: the warm-started path) with `solver`.
fn fluid(solver: SolverKind) -> PlanOptions {
    PlanOptions {
        solver,
        integer: Some(false),
        ..PlanOptions::default()
    }
}

/// `a` and `b` agree to 1e-7 (or are both absent); `what` names the figure on failure.
fn assert_close(what: &str, a: Option<f64>, b: Option<f64>) {
    let close = match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0),
        (a, b) => a == b,
    };
    assert!(close, "{what}: {a:?} vs {b:?}");
}

#[test]
fn every_warm_sweep_row_is_the_plan_of_its_value() {
    let s = example("chatgpt-2025.toml");
    let o = fluid(SolverKind::Highs);
    // Tightening (coverage up, infeasible at the top), a price that moves the optimum, and
    // a share cap that removes rows.
    for (path, values) in [
        (
            "policy.outage_coverage",
            vec![0.0, 0.2, 0.35, 0.5, 0.7, 0.9],
        ),
        ("providers.azure.price_scale", vec![1.0, 0.6, 1.3, 2.0, 0.8]),
        ("policy.max_provider_share", vec![1.0, 0.7, 0.5, 0.4]),
    ] {
        let sw = sweep(&s, path, &values, &o).unwrap();
        for row in &sw.rows {
            let cold = plan(&apply_param(&s, path, row.value).unwrap(), &o).unwrap();
            assert_eq!(row.status, cold.status, "{path} = {}", row.value);
            let what = format!("{path} = {} (warm vs cold)", row.value);
            assert_close(&what, row.objective, cold.objective);
        }
    }
}

#[test]
fn a_warm_explanation_prices_every_policy_and_baseline_as_microlp_does() {
    let s = example("chatgpt-2025.toml");
    let run = |solver| {
        let options = ExplainOptions {
            plan: fluid(solver),
            ..ExplainOptions::default()
        };
        explain(&s, &options).unwrap()
    };
    let (warm, reference) = (run(SolverKind::Highs), run(SolverKind::Microlp));
    assert_close("the plan", warm.objective, reference.objective);
    assert_eq!(warm.policies.len(), reference.policies.len());
    for (a, b) in warm.policies.iter().zip(&reference.policies) {
        assert_eq!((a.family, a.relaxed_status), (b.family, b.relaxed_status));
        assert_close(&a.label, a.relaxed_objective, b.relaxed_objective);
    }
    let (a, b) = (warm.baselines.unwrap(), reference.baselines.unwrap());
    assert_eq!(a.providers.len(), b.providers.len());
    for (x, y) in a.providers.iter().zip(&b.providers) {
        assert_eq!((&x.provider, x.status), (&y.provider, y.status));
        assert_close(&x.provider, x.objective, y.objective);
    }
    assert_close(
        "multi-provider",
        a.multi_provider_objective,
        b.multi_provider_objective,
    );
}
