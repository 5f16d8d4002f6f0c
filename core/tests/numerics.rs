//! Numerical robustness (issue 8): prices from 1e-4 to 1e6 USD/h, demand up to 1e12 work
//! units per hour, throughput ratios of 1e6. Plans at these extremes must verify at the
//! verifier's tolerance, or carry a clear non-optimal status; never unverified numbers
//! marked optimal. Numbers outside the supported range are refused by validation.
#![expect(clippy::unwrap_used, reason = "test helpers unwrap, as tests do")]

mod common;

use capmix::{
    plan, validate_scenario, Offering, Plan, PlanOptions, Scenario, Status, Workload,
    MAX_MAGNITUDE, MIN_MAGNITUDE,
};
use common::*;

/// Plans with and without integer units; returns both plans.
fn both(s: &Scenario) -> (Plan, Plan) {
    let lp = solve(s);
    let int = solve_integer(s);
    (lp, int)
}

/// The plan is optimal (or, for whole units, feasible) and verified; its cost recomputes.
#[track_caller]
fn assert_trustworthy(p: &Plan) {
    assert!(
        matches!(p.status, Status::Optimal | Status::Feasible),
        "status {:?}; notes {:?}; verification {:?}",
        p.status,
        p.notes,
        p.verification
    );
    assert_verified(p);
}

/// A scenario with one workload of `demand` per hour over 2 periods of 730 h, and offerings
/// `(accelerator, price, cap)` on two providers; throughput per accelerator as given.
fn scenario(
    demand: f64,
    offerings: &[(&str, f64, Option<f64>)],
    throughput: &[(&str, f64)],
) -> Scenario {
    let mut b = Scenario::builder("numerics")
        .integer_units(false)
        .periods(2)
        .hours_per_period(730.0)
        .provider("a")
        .provider("b");
    for (i, &(acc, price, cap)) in offerings.iter().enumerate() {
        let provider = if i % 2 == 0 { "a" } else { "b" };
        let mut o = Offering::on_demand(format!("o{i}"), provider, "r", acc, 8.0, price);
        if let Some(c) = cap {
            o = o.max_units(c);
        }
        b = b.offering(o);
    }
    let mut w = Workload::serving("w", [demand, demand * 1.5]);
    for &(acc, t) in throughput {
        w = w.throughput(acc, t);
    }
    b.workload(w).build().unwrap()
}

#[test]
fn prices_from_1e_4_to_1e6() {
    // The cheap offering is capped, so both carry load: 10 units at 1e-4, the rest at 1e6.
    let s = scenario(
        1000.0,
        &[("A", 1e-4, Some(10.0)), ("A", 1e6, None)],
        &[("A", 1.0)],
    );
    let (lp, int) = both(&s);
    assert_trustworthy(&lp);
    assert_eq!(lp.status, Status::Optimal);
    // Period 1: 1000/8 = 125 units, 10 cheap + 115 dear; period 2: 187.5 = 10 + 177.5.
    let expected = 730.0 * (10.0 * 1e-4 * 2.0 + 1e6 * (115.0 + 177.5));
    assert_cost(&lp, expected);
    assert_trustworthy(&int);
}

#[test]
fn demand_of_1e12_per_hour() {
    let s = scenario(
        1e12,
        &[("A", 98.0, None), ("A", 120.0, None)],
        &[("A", 2.0)],
    );
    let (lp, int) = both(&s);
    assert_trustworthy(&lp);
    assert_eq!(lp.status, Status::Optimal);
    // 1e12 / 16 units at $98 over 730 h, then 1.5 times that.
    assert_cost(&lp, 730.0 * 98.0 * (1e12 + 1.5e12) / 16.0);
    assert_trustworthy(&int);
}

#[test]
fn throughput_ratio_of_1e6() {
    // B is 1e6 times faster per chip and 1e3 times dearer: B wins.
    let s = scenario(
        5e5,
        &[("A", 1.0, None), ("B", 1000.0, None)],
        &[("A", 1e-3), ("B", 1e3)],
    );
    let (lp, int) = both(&s);
    assert_trustworthy(&lp);
    assert_eq!(lp.status, Status::Optimal);
    assert_cost(&lp, 730.0 * 1000.0 * (5e5 + 7.5e5) / 8e3);
    assert_trustworthy(&int);
}

#[test]
fn all_extremes_together() {
    let mut s = scenario(
        1e12,
        &[
            ("A", 1e-4, Some(1e6)),
            ("B", 1e6, None),
            ("A", 3.0, None),
            ("B", 2.5e5, Some(1e3)),
        ],
        &[("A", 1e-3), ("B", 1e3)],
    );
    s.policy.max_provider_share = 0.7;
    s.policy.outage_coverage = 0.3;
    let (lp, int) = both(&s);
    assert_trustworthy(&lp);
    assert_eq!(lp.status, Status::Optimal);
    assert_trustworthy(&int);
}

/// A batch workload of 1e12 work units per hour over a year's window.
#[test]
fn batch_total_at_the_extremes() {
    let s = Scenario::builder("batch")
        .integer_units(false)
        .periods(12)
        .hours_per_period(730.0)
        .provider("a")
        .offering(Offering::on_demand("cheap", "a", "r", "A", 8.0, 1e-4).max_units(5.0))
        .offering(Offering::on_demand("dear", "a", "r", "B", 8.0, 1e6))
        .workload(
            Workload::batch("train", 1e12 * 730.0 * 12.0, 1, 12)
                .throughput("A", 1e-3)
                .throughput("B", 1e3),
        )
        .build()
        .unwrap();
    let (lp, int) = both(&s);
    assert_trustworthy(&lp);
    assert_eq!(lp.status, Status::Optimal);
    assert_trustworthy(&int);
}

/// A change to a scenario.
type Change = fn(&mut Scenario);

/// Numbers outside [MIN_MAGNITUDE, MAX_MAGNITUDE] are refused with their path (found by
/// fuzzing: a throughput of 7e-181 gave a plan of 4e192 USD with NaN in its cost split).
#[test]
fn numbers_outside_the_supported_range_are_refused() {
    let base = scenario(10.0, &[("A", 1.0, None)], &[("A", 1.0)]);
    let cases: [(Change, &str); 7] = [
        (
            (|s| {
                s.workloads[0].throughput.insert("A".into(), 7.46e-181);
            }),
            "workloads[0].throughput.A",
        ),
        (
            (|s| s.offerings[0].price_per_hour = 1e19),
            "offerings[0].price_per_hour",
        ),
        (
            (|s| s.offerings[0].price_per_hour = 1e-12),
            "offerings[0].price_per_hour",
        ),
        (
            (|s| s.offerings[0].availability = Some(1e-10)),
            "offerings[0].availability",
        ),
        ((|s| s.offerings[0].chips = 1e300), "offerings[0].chips"),
        (
            (|s| s.workloads[0].demand = Some(capmix::Demand::Series(vec![1e19, 1.0]))),
            "workloads[0].demand[0]",
        ),
        (
            (|s| {
                s.workloads[0].demand = Some(capmix::Demand::Growth {
                    start: 1e17,
                    growth: 100.0,
                })
            }),
            "workloads[0].demand",
        ),
    ];
    for (change, path) in cases {
        let mut s = base.clone();
        change(&mut s);
        let err = validate_scenario(&s).map(|_| ()).unwrap_err();
        assert_eq!((err.kind(), err.path()), ("invalid", Some(path)), "{err}");
        assert!(
            err.reason().contains("magnitude") || err.reason().contains("exceed"),
            "{err}"
        );
    }
    // The bounds themselves are accepted.
    let mut s = base.clone();
    s.offerings[0].price_per_hour = MAX_MAGNITUDE;
    s.workloads[0].throughput.insert("A".into(), MIN_MAGNITUDE);
    validate_scenario(&s).unwrap();
    // Zero stays allowed where it was.
    let mut s = base;
    s.offerings[0].price_per_hour = 0.0;
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_optimal(&p);
}

/// The same extremes with HiGHS (its own scaling, plus capmix's for badly scaled programs).
#[cfg(feature = "highs")]
#[test]
fn extremes_with_highs() {
    let options = PlanOptions {
        solver: capmix::SolverKind::Highs,
        ..PlanOptions::default()
    };
    let scenarios = [
        scenario(
            1000.0,
            &[("A", 1e-4, Some(10.0)), ("A", 1e6, None)],
            &[("A", 1.0)],
        ),
        scenario(
            1e12,
            &[("A", 98.0, None), ("A", 120.0, None)],
            &[("A", 2.0)],
        ),
        scenario(
            5e5,
            &[("A", 1.0, None), ("B", 1000.0, None)],
            &[("A", 1e-3), ("B", 1e3)],
        ),
    ];
    for s in &scenarios {
        for integer in [false, true] {
            let p = plan(
                s,
                &PlanOptions {
                    integer: Some(integer),
                    ..options.clone()
                },
            )
            .unwrap();
            assert_trustworthy(&p);
        }
    }
}

/// Differential case 114 (seed 0x5EED_0001 of `differential.rs`): microlp, scaled or not,
/// calls this feasible program infeasible. A delivers 0.000231 work units per chip-hour and C
/// 1,210 (on o1, at $3.69e-6/h), and p0 may carry at most 69.7% of the work, so p1's
/// commitment o2 ($164,000/h, two periods) must carry the rest with A:
///   P1: 10,200 × (1 − 0.6971590455778646) / 0.000231 = 13,372,197.99 units, signed for P1–P2;
///   P3:  1,590 × (1 − 0.6971590455778646) / 0.000231 =  2,084,489.69 units, P4 amortised;
///   cost = 164,000 × 22.9 × (2 × 13,372,197.99 + 2,084,489.69) = $108,269,762,989,293.1
/// (o1's share costs about $0.0003). An engine's "infeasible" gets a second opinion as an
/// "optimal" does: with HiGHS built, its re-solve finds the plan; without it, the dual
/// program's finite optimum turns the verdict into `no_solution` (a plan exists, microlp
/// found none), never `infeasible`.
const CASE_114: &str = r#"{"name": "differential 114", "horizon": {"periods": 3, "hours_per_period": 22.900000000000002}, "providers": [{"id": "p0"}, {"id": "p1"}], "offerings": [{"id": "o0", "provider": "p0", "region": "r", "accelerator": "A", "chips": 1.0, "purchase": "on_demand", "price_per_hour": 0.0422}, {"id": "o1", "provider": "p0", "region": "r", "accelerator": "C", "chips": 2.0, "purchase": "on_demand", "price_per_hour": 3.6900000000000002e-06, "max_units": 7280.0}, {"id": "o2", "provider": "p1", "region": "r", "accelerator": "A", "chips": 1.0, "purchase": "commit", "price_per_hour": 164000.0, "term_periods": 2}], "workloads": [{"id": "w", "kind": "serving", "demand": [10200.0, 15.8, 1590.0], "throughput": {"A": 0.00023099999999999998, "C": 1210.0}, "routing": "split"}], "policy": {"max_provider_share": 0.6971590455778646, "outage_coverage": 0.0, "max_spot_share": 0.1947193272208384, "integer_units": false, "max_region_share": 1.0, "commitments_beyond_horizon": "amortize"}}"#;

#[test]
fn microlp_infeasible_verdict_gets_a_second_opinion() {
    let s = Scenario::from_json_str(CASE_114).unwrap();
    let p = solve_with(
        &s,
        &PlanOptions {
            solver: capmix::SolverKind::Microlp,
            ..PlanOptions::default()
        },
    );
    assert_ne!(p.status, Status::Infeasible, "notes {:?}", p.notes);
    if cfg!(feature = "highs") {
        assert_eq!(p.status, Status::Optimal, "notes {:?}", p.notes);
        assert_verified(&p);
        let s = 0.697_159_045_577_864_6;
        let units = |demand: f64| demand * (1.0 - s) / 0.000_231;
        let expected = 164_000.0 * 22.9 * (2.0 * units(10_200.0) + units(1_590.0));
        assert_cost(&p, expected);
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("microlp said infeasible")),
            "{:?}",
            p.notes
        );
    } else if p.status == Status::NoSolution {
        assert!(
            p.notes.iter().any(|n| n.contains("a plan exists")),
            "{:?}",
            p.notes
        );
        // The dual program that gave the second opinion is counted in the solve's timings.
        let mut dual = 0.0;
        let options = PlanOptions {
            solver: capmix::SolverKind::Microlp,
            ..PlanOptions::default()
        };
        capmix::plan_with_progress(&s, &options, &mut |phase| {
            if let capmix::Phase::Solved(t) = phase {
                dual = t.dual;
            }
        })
        .unwrap();
        assert!(dual > 0.0, "dual seconds {dual}");
    } else {
        // microlp found it after all: then it must be a trustworthy plan.
        assert_trustworthy(&p);
    }
}
