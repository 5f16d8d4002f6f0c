//! Limits and time limits (issue 8): a hostile scenario is refused with a `limit` error before
//! any large allocation, and a time limit is honoured by every solver path and surface.
//!
//! No test here measures wall-clock time (that depends on the machine). The time-limit tests
//! check outcomes: with a limit far below what the solve needs, the call says `time_limit`
//! (with a verified plan or none) instead of solving to the end; and with a deadline that is
//! cancelled at a known step (the cancel flag is the deadline's other way to expire), every
//! later step of the call observes it, deterministically.
#![expect(clippy::unwrap_used, reason = "test helpers unwrap, as tests do")]

mod common;

use capmix::{
    explain_plan, plan, plan_prepared, plan_within, prepare, sweep_within, Deadline, Demand,
    ExplainOptions, Limits, Offering, Phase, Plan, PlanOptions, Scenario, Status, Workload,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const ACCELERATORS: [&str; 3] = ["H100", "H200", "MI300X"];

/// A large-ish scenario that takes microlp seconds to minutes: `workloads` serving workloads
/// over 12 periods and 3 segments, 6 providers with on-demand, spot and commit offerings of 3
/// accelerators (54 offerings), provider share, outage coverage and spot share all binding.
fn large(workloads: usize, single: bool, integer: bool) -> Scenario {
    let periods = 12;
    let mut b = Scenario::builder("large")
        .periods(periods as u32)
        .hours_per_period(730.0)
        .segment(0.2, 1.0)
        .segment(0.5, 0.7)
        .segment(0.3, 0.4)
        .max_provider_share(0.35)
        .outage_coverage(0.7)
        .max_spot_share(0.3)
        .integer_units(integer);
    for p in 0..6 {
        let provider = format!("p{p}");
        b = b.provider(provider.clone());
        for (a, acc) in ACCELERATORS.iter().enumerate() {
            let base = 20.0 + 3.0 * p as f64 + 11.0 * a as f64;
            let region = format!("r{}", (p + a) % 4);
            b = b
                .offering(Offering::on_demand(
                    format!("{provider}-{acc}-od"),
                    &provider,
                    &region,
                    *acc,
                    8.0,
                    base * 8.0,
                ))
                .offering(
                    Offering::spot(
                        format!("{provider}-{acc}-spot"),
                        &provider,
                        &region,
                        *acc,
                        8.0,
                        base * 3.5,
                    )
                    .availability(0.9)
                    .max_units(40.0 + p as f64),
                )
                .offering(
                    Offering::commit(
                        format!("{provider}-{acc}-commit"),
                        &provider,
                        &region,
                        *acc,
                        8.0,
                        base * 5.0,
                        3 + (p % 3) as u32,
                    )
                    .max_units(60.0),
                );
        }
    }
    for w in 0..workloads {
        let demand: Vec<f64> = (0..periods)
            .map(|t| 400.0 + 37.0 * w as f64 + 25.0 * t as f64 + ((w * 7 + t * 3) % 11) as f64)
            .collect();
        let mut wl = Workload::serving(format!("w{w}"), Demand::Series(demand))
            .throughput("H100", 1.0 + 0.05 * w as f64)
            .throughput("H200", 1.7 + 0.03 * (w % 5) as f64)
            .throughput("MI300X", 1.2 + 0.07 * (w % 3) as f64);
        if single {
            wl = wl.single_routing();
        }
        b = b.workload(wl);
    }
    b.build().unwrap()
}

fn with_time_limit(seconds: f64) -> PlanOptions {
    PlanOptions {
        time_limit: Some(seconds),
        ..PlanOptions::default()
    }
}

/// A deadline without a time limit that expires when the returned flag is set.
fn cancellable() -> (Deadline, Arc<AtomicBool>) {
    let flag = Arc::new(AtomicBool::new(false));
    (Deadline::none().with_cancel(Arc::clone(&flag)), flag)
}

/// Plans `s` with a deadline that expires the moment the pipeline reports a phase for which
/// `at` is true: the steps after it must observe it.
fn plan_cancelled_at(s: &Scenario, options: &PlanOptions, at: fn(&Phase) -> bool) -> Plan {
    let (deadline, flag) = cancellable();
    plan_within(s, options, &deadline, &mut |phase| {
        if at(&phase) {
            flag.store(true, Ordering::Relaxed);
        }
    })
    .unwrap()
}

/// The plan stopped at its deadline: status `time_limit`, and a plan it returns anyway is
/// verified.
#[track_caller]
fn assert_stopped(p: &Plan) {
    assert_eq!(
        p.status,
        Status::TimeLimit,
        "notes: {:?}; method {:?}",
        p.notes,
        p.method
    );
    if p.has_solution() {
        common::assert_verified(p);
    } else {
        assert!(p.total_cost.is_none() && p.allocations.is_empty());
    }
}

// ---------------------------------------------------------------- time limits

/// Every solver path observes a deadline that has expired when solving starts: nothing is
/// solved to the end behind its back (an ignored deadline gives `optimal`).
#[test]
fn every_solver_path_observes_the_deadline() {
    let paths = [
        ("lp", large(8, false, false)),
        ("integer rounding", large(8, false, true)),
        ("routing search", large(8, true, false)),
        ("exhaustive routing search", large(3, true, true)),
    ];
    for (name, s) in paths {
        let p = plan_cancelled_at(&s, &PlanOptions::default(), |ph| *ph == Phase::Solving);
        assert_eq!(p.status, Status::TimeLimit, "{name}: {:?}", p.notes);
        assert!(!p.has_solution(), "{name}: a plan from no time at all");
    }
}

#[test]
fn lp_path_honours_the_time_limit() {
    let s = large(8, false, false);
    assert_stopped(&plan(&s, &with_time_limit(0.05)).unwrap());
}

#[test]
fn integer_rounding_path_honours_the_time_limit() {
    let s = large(8, false, true);
    assert_stopped(&plan(&s, &with_time_limit(0.05)).unwrap());
}

/// With time for the relaxation but perhaps not for rounding and repair to finish, the plan
/// comes back finished (verified) or with status `time_limit` (with the plan found so far, or
/// none) — never `no_solution`, and never `feasible` unverified.
#[test]
fn rounding_cut_by_the_time_limit_says_time_limit() {
    let s = large(2, false, true);
    for limit in [0.5, 1.0] {
        let p = plan(&s, &with_time_limit(limit)).unwrap();
        if p.status == Status::Feasible || p.status == Status::Optimal {
            common::assert_verified(&p);
        } else {
            assert_stopped(&p);
        }
    }
}

/// Single routing with more than 64 accelerator combinations (3^8): coordinate descent.
#[test]
fn routing_search_honours_the_time_limit() {
    let s = large(8, true, false);
    assert_stopped(&plan(&s, &with_time_limit(0.05)).unwrap());
}

/// Single routing with few combinations (3^3 = 27): the exhaustive search, stopped between
/// (or inside) its candidate solves.
#[test]
fn exhaustive_routing_search_honours_the_time_limit() {
    let s = large(3, true, true);
    for limit in [0.05, 0.3] {
        assert_stopped(&plan(&s, &with_time_limit(limit)).unwrap());
    }
}

/// A time limit of zero: nothing is solved, a clear status and no plan.
#[test]
fn zero_time_limit_returns_time_limit_without_a_plan() {
    let s = large(2, false, false);
    let p = plan(&s, &with_time_limit(0.0)).unwrap();
    assert_stopped(&p);
    assert!(!p.has_solution());
    assert!(p.verification.is_none());
    assert!(
        p.notes.iter().any(|n| n.contains("time limit reached")),
        "{:?}",
        p.notes
    );
}

/// The diagnosis of an infeasible plan shares the plan's deadline (it used to get a fresh
/// one for each of its solves and re-plans): expired once the plan is solved, it solves
/// nothing and says so.
#[test]
fn infeasible_plan_with_diagnosis_shares_the_deadline() {
    let mut s = large(2, false, false);
    s.policy.budget = Some(1.0);
    let unlimited = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(unlimited.status, Status::Infeasible);
    assert!(unlimited.diagnosis.is_some(), "{:?}", unlimited.notes);
    let p = plan_cancelled_at(&s, &PlanOptions::default(), |ph| {
        matches!(ph, Phase::Solved(_))
    });
    assert_eq!(p.status, Status::Infeasible, "{:?}", p.notes);
    // The diagnosis says it ran out of time instead of finding what the unlimited one finds.
    let d = p.diagnosis.as_ref().unwrap();
    assert!(d.summary.iter().any(|s| s.contains("time limit")), "{d:?}");
    assert_ne!(Some(d), unlimited.diagnosis.as_ref());
}

/// explain re-plans once per policy family and once per provider: they share the
/// explanation's deadline, so once it has expired every re-plan says `time_limit` (with a
/// fresh limit per re-plan they were solved in full).
#[test]
fn explain_replans_share_the_deadline() {
    let s = large(2, false, false);
    let options = ExplainOptions::default();
    let (deadline, flag) = cancellable();
    let (expanded, model) = prepare(&s, &options.plan, &deadline).unwrap();
    let p = plan_prepared(&expanded, &model, &options.plan, &deadline, &mut |_| {}).unwrap();
    common::assert_optimal(&p);
    flag.store(true, Ordering::Relaxed);
    let e = explain_plan(&expanded, &model, &p, &options, &deadline).unwrap();
    assert_eq!(e.status, Status::Optimal);
    assert!(!e.policies.is_empty());
    for policy in &e.policies {
        assert_eq!(policy.relaxed_status, Status::TimeLimit, "{policy:?}");
    }
    let baselines = e.baselines.as_ref().unwrap();
    assert!(!baselines.providers.is_empty());
    for b in &baselines.providers {
        assert_eq!(b.status, Status::TimeLimit, "{b:?}");
    }
}

/// A sweep's rows share its deadline: once it has expired (here: after the first row),
/// every row still to solve says `time_limit` without a plan.
#[test]
fn sweep_rows_share_the_deadline() {
    let s = large(2, false, false);
    let values = [0.0, 0.25, 0.5, 0.75];
    let (deadline, flag) = cancellable();
    let out = sweep_within(
        &s,
        "policy.outage_coverage",
        &values,
        &PlanOptions::default(),
        &deadline,
        &mut |done, _| flag.store(done >= 1, Ordering::Relaxed),
    )
    .unwrap();
    let statuses: Vec<Status> = out.rows.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Optimal,
            Status::TimeLimit,
            Status::TimeLimit,
            Status::TimeLimit
        ]
    );
    assert!(out.rows[1..].iter().all(|r| r.total_cost.is_none()));
}

#[cfg(feature = "highs")]
#[test]
fn highs_milp_honours_the_time_limit() {
    let s = large(10, true, true);
    let options = PlanOptions {
        solver: capmix::SolverKind::Highs,
        ..with_time_limit(0.05)
    };
    assert_stopped(&plan(&s, &options).unwrap());
}

/// HiGHS solves this LP in well under 0.05 s in optimised builds, so a positive limit would
/// make the test depend on the machine: a zero limit checks the path returns `time_limit`.
#[cfg(feature = "highs")]
#[test]
fn highs_lp_honours_the_time_limit() {
    let s = large(10, false, false);
    let options = PlanOptions {
        solver: capmix::SolverKind::Highs,
        ..with_time_limit(0.0)
    };
    assert_stopped(&plan(&s, &options).unwrap());
}

// ---------------------------------------------------------------- size limits

/// Refused with a `limit` error naming `path`, by the checks (which count, they do not build)
/// and by `plan`.
#[track_caller]
fn assert_limit(s: &Scenario, limits: &Limits, path: &str) {
    let err = capmix::expand_with(s, limits, &Deadline::none())
        .and_then(|e| capmix::validate_with(&e, limits, &Deadline::none()))
        .map(|_| ())
        .unwrap_err();
    assert_eq!((err.kind(), err.path()), ("limit", Some(path)), "{err}");
    let options = PlanOptions {
        limits: *limits,
        ..PlanOptions::default()
    };
    let err = plan(s, &options).unwrap_err();
    assert_eq!((err.kind(), err.path()), ("limit", Some(path)), "{err}");
}

/// `horizon.periods = 4e9` is refused by the limit before a per-period vector exists.
#[test]
fn huge_horizon_is_refused_before_allocation() {
    let text = "[horizon]\nperiods = 4000000000\n[[providers]]\nid = \"p\"\n\
                [[offerings]]\nid = \"o\"\nprovider = \"p\"\nregion = \"r\"\naccelerator = \"A\"\n\
                chips = 1\npurchase = \"on_demand\"\nprice_per_hour = 1\n\
                [[workloads]]\nid = \"w\"\ndemand = { start = 1, growth = 0 }\nthroughput = { A = 1 }\n";
    let s = Scenario::from_toml_str(text).unwrap();
    assert_limit(&s, &Limits::default(), "horizon.periods");
}

/// A demand list of ten million entries parses (its size is the input's size) and is refused
/// at once: the list is checked against the horizon before anything is built from it.
#[test]
fn huge_demand_list_fails_fast() {
    let mut s = large(1, false, false);
    s.workloads[0].demand = Some(Demand::Series(vec![1.0; 10_000_000]));
    let err = plan(&s, &PlanOptions::default()).unwrap_err();
    assert_eq!(err.path(), Some("workloads[0].demand"), "{err}");
    assert!(err.reason().contains("one value per period"), "{err}");
}

/// Every limit is a `limit` error naming what is too large, from `expand_with`/`validate_with` and
/// from `plan`.
#[test]
fn every_limit_is_checked() {
    let s = large(4, false, false);
    let tight = |f: fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    assert_limit(&s, &tight(|l| l.max_periods = 11), "horizon.periods");
    assert_limit(&s, &tight(|l| l.max_segments = 2), "segments");
    assert_limit(&s, &tight(|l| l.max_offerings = 53), "offerings");
    assert_limit(&s, &tight(|l| l.max_workloads = 3), "workloads");
    // 4 workloads × 54 offerings = 216 pairs: within 250 variables, the model is not.
    assert_limit(&s, &tight(|l| l.max_variables = 250), "scenario");
    // ... and with fewer variables allowed than pairs, the pairs are refused first.
    assert_limit(&s, &tight(|l| l.max_variables = 200), "workloads");
    capmix::validate_scenario(&s).unwrap();
}

/// Many workloads × many offerings (each within its own limit) are refused by the variable
/// limit before the (workload, offering) pairs are examined, let alone allocated.
#[test]
fn workload_offering_pairs_are_counted_before_they_are_examined() {
    let mut b = Scenario::builder("pairs").periods(1).provider("p");
    for o in 0..20_000 {
        b = b.offering(Offering::on_demand(
            format!("o{o}"),
            "p",
            format!("r{o}"),
            "A",
            1.0,
            1.0,
        ));
    }
    for w in 0..2_000 {
        b = b.workload(
            Workload::serving(format!("w{w}"), [1.0])
                .throughput("A", 1.0)
                .regions([format!("r{w}")]),
        );
    }
    let s = b.build_unchecked();
    let limits = Limits {
        max_variables: 1_000_000,
        ..Limits::default()
    };
    assert_limit(&s, &limits, "workloads");
}

/// The variable estimate of a model at the default limits does not overflow (it saturates on
/// 32-bit targets) and is refused.
#[test]
fn variable_limit_refuses_the_largest_models() {
    let mut s = large(1, false, false);
    s.horizon.periods = 600;
    s.workloads[0].demand = Some(Demand::Growth {
        start: 1.0,
        growth: 0.0,
    });
    s.segments = (0..48)
        .map(|k| capmix::Segment {
            share: 1.0 / 48.0,
            level: 1.0,
            name: Some(format!("s{k}")),
        })
        .collect();
    // 54 offerings × 600 periods × 48 segments = 1.6 million fleet variables alone.
    let limits = Limits {
        max_variables: 1_000_000,
        ..Limits::default()
    };
    assert_limit(&s, &limits, "scenario");
}
