//! Limits and time limits (issue 8): a hostile scenario is refused with a `limit` error before
//! any large allocation, and a time limit is honoured by every solver path and surface.
//!
//! The time-limit tests are behavioural, not benchmarks: they check that a call with a short
//! time limit *returns* with status `time_limit` (with or without a plan), well before the
//! solve would finish unlimited. Their wall-clock bounds are deliberately generous (seconds
//! where the limit is 0.05 s) because tests run in debug builds on shared, loaded machines;
//! an unhonoured limit shows up as minutes, not as a few hundred milliseconds.
#![expect(clippy::unwrap_used, reason = "test helpers unwrap, as tests do")]

mod common;

use capmix::{
    explain, plan, sweep, Deadline, Demand, ExplainOptions, Limits, Offering, Plan, PlanOptions,
    Scenario, Status, Workload,
};
use std::time::{Duration, Instant};

/// Wall-clock allowance on top of a time limit (see the module documentation).
const SLACK: Duration = Duration::from_secs(5);

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

/// Plans and returns the plan and the wall-clock time the call took.
fn timed_plan(s: &Scenario, options: &PlanOptions) -> (Plan, Duration) {
    let started = Instant::now();
    let p = plan(s, options).unwrap();
    (p, started.elapsed())
}

/// The plan stopped at its time limit: status `time_limit`, within the limit plus
/// [`SLACK`], and a plan it returns anyway is verified.
#[track_caller]
fn assert_stopped(p: &Plan, elapsed: Duration, limit: f64) {
    assert_eq!(
        p.status,
        Status::TimeLimit,
        "notes: {:?}; method {:?}",
        p.notes,
        p.method
    );
    assert!(
        elapsed < Duration::from_secs_f64(limit) + SLACK,
        "took {elapsed:?} with a time limit of {limit} s"
    );
    if p.has_solution() {
        common::assert_verified(p);
    } else {
        assert!(p.total_cost.is_none() && p.allocations.is_empty());
    }
}

// ---------------------------------------------------------------- time limits

#[test]
fn lp_path_honours_the_time_limit() {
    let s = large(8, false, false);
    let (p, elapsed) = timed_plan(&s, &with_time_limit(0.05));
    assert_stopped(&p, elapsed, 0.05);
}

#[test]
fn integer_rounding_path_honours_the_time_limit() {
    let s = large(8, false, true);
    let (p, elapsed) = timed_plan(&s, &with_time_limit(0.05));
    assert_stopped(&p, elapsed, 0.05);
}

/// With time for the relaxation but not for rounding and repair to finish, the plan found
/// so far comes back with status `time_limit` (it used to say `feasible`, or `no_solution`
/// when the rounding had found nothing yet).
#[test]
fn rounding_cut_by_the_time_limit_says_time_limit() {
    let s = large(2, false, true);
    for limit in [0.5, 1.0] {
        let (p, elapsed) = timed_plan(&s, &with_time_limit(limit));
        if p.status == Status::Feasible || p.status == Status::Optimal {
            // A fast build may finish the search before the deadline (this takes seconds in
            // debug builds); then it must indeed have finished early.
            assert!(elapsed < Duration::from_secs_f64(limit), "{elapsed:?}");
            common::assert_verified(&p);
        } else {
            // With or without a plan (on a loaded machine the rounding may not have found
            // one yet), but never `no_solution`.
            assert_stopped(&p, elapsed, limit);
        }
    }
}

/// Single routing with more than 64 accelerator combinations (3^8): coordinate descent.
#[test]
fn routing_search_honours_the_time_limit() {
    let s = large(8, true, false);
    let (p, elapsed) = timed_plan(&s, &with_time_limit(0.05));
    assert_stopped(&p, elapsed, 0.05);
}

/// Single routing with few combinations (3^3 = 27): the exhaustive search, stopped between
/// (or inside) its candidate solves.
#[test]
fn exhaustive_routing_search_honours_the_time_limit() {
    let s = large(3, true, true);
    for limit in [0.05, 0.3] {
        let (p, elapsed) = timed_plan(&s, &with_time_limit(limit));
        assert_stopped(&p, elapsed, limit);
    }
}

/// A time limit of zero: nothing is solved, a clear status and no plan.
#[test]
fn zero_time_limit_returns_time_limit_without_a_plan() {
    let s = large(2, false, false);
    let (p, elapsed) = timed_plan(&s, &with_time_limit(0.0));
    assert_stopped(&p, elapsed, 0.0);
    assert!(!p.has_solution());
    assert!(p.verification.is_none());
}

/// The diagnosis of an infeasible plan shares the plan's time limit (it used to get a fresh
/// one for each of its solves and re-plans).
#[test]
fn infeasible_plan_with_diagnosis_honours_the_time_limit() {
    let mut s = large(8, false, false);
    s.policy.budget = Some(1.0);
    let limit = 0.3;
    let (p, elapsed) = timed_plan(&s, &with_time_limit(limit));
    assert!(
        matches!(p.status, Status::Infeasible | Status::TimeLimit),
        "{:?}",
        p.status
    );
    assert!(
        elapsed < Duration::from_secs_f64(limit) + SLACK,
        "took {elapsed:?}"
    );
}

/// explain re-plans once per policy family and once per provider: the time limit bounds the
/// whole explanation, not each re-plan.
#[test]
fn explain_honours_the_time_limit() {
    // About 12 solves (the plan, 4 policy re-plans, 7 baselines): with a limit per solve this
    // took 12 s or more.
    let s = large(8, false, false);
    let limit = 0.2;
    let options = ExplainOptions {
        plan: with_time_limit(limit),
        ..ExplainOptions::default()
    };
    let started = Instant::now();
    let e = explain(&s, &options).unwrap();
    let elapsed = started.elapsed();
    // On a fast machine every solve may fit in the limit; the bound on the wall time is
    // what this test is about.
    assert!(
        matches!(e.status, Status::TimeLimit | Status::Optimal),
        "{:?}",
        e.status
    );
    assert!(
        elapsed < Duration::from_secs_f64(limit) + SLACK,
        "{elapsed:?}"
    );
}

/// A sweep's rows share its time limit; rows that find no time left say `time_limit`.
#[test]
fn sweep_honours_the_time_limit() {
    // 12 rows: with a limit per row this took 12 s or more.
    let s = large(8, false, false);
    let values: Vec<f64> = (0..12).map(|i| f64::from(i) / 12.0).collect();
    let limit = 1.0;
    let started = Instant::now();
    let out = sweep(
        &s,
        "policy.outage_coverage",
        &values,
        &with_time_limit(limit),
    )
    .unwrap();
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs_f64(limit) + SLACK,
        "{elapsed:?}"
    );
    assert_eq!(out.rows.len(), values.len());
    assert!(out.rows.iter().all(|r| r.status == Status::TimeLimit
        || r.status == Status::Optimal
        || r.status == Status::Infeasible));
    // A sweep that ran out of time says so in its rows; on a fast machine all may fit.
    if elapsed >= Duration::from_secs_f64(limit) {
        assert!(
            out.rows.iter().any(|r| r.status == Status::TimeLimit),
            "{:?}",
            out.rows.iter().map(|r| r.status).collect::<Vec<_>>()
        );
    }
}

#[cfg(feature = "highs")]
#[test]
fn highs_milp_honours_the_time_limit() {
    let s = large(10, true, true);
    let options = PlanOptions {
        solver: capmix::SolverKind::Highs,
        ..with_time_limit(0.05)
    };
    let (p, elapsed) = timed_plan(&s, &options);
    assert_stopped(&p, elapsed, 0.05);
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
    let (p, elapsed) = timed_plan(&s, &options);
    assert_stopped(&p, elapsed, 0.0);
}

// ---------------------------------------------------------------- size limits

/// Refusals are immediate: the checks count, they do not build.
const FAST: Duration = Duration::from_secs(3);

#[track_caller]
fn assert_limit(s: &Scenario, limits: &Limits, path: &str) {
    let started = Instant::now();
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
    assert!(started.elapsed() < FAST, "{:?}", started.elapsed());
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
    let started = Instant::now();
    let err = plan(&s, &PlanOptions::default()).unwrap_err();
    assert_eq!(err.path(), Some("workloads[0].demand"), "{err}");
    assert!(err.reason().contains("one value per period"), "{err}");
    assert!(started.elapsed() < FAST, "{:?}", started.elapsed());
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
