//! Exact reductions before solving (`PlanOptions::reductions`): the optimum with them equals
//! the optimum without them, and they make the program smaller.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers fail loudly on bad scenarios"
)]

use capmix::{plan, Offering, Plan, PlanOptions, Scenario, Status, Workload};
use std::path::PathBuf;

fn solve(s: &Scenario, reductions: bool, integer: Option<bool>) -> Plan {
    let options = PlanOptions {
        reductions,
        integer,
        ..PlanOptions::default()
    };
    plan(s, &options).unwrap_or_else(|e| panic!("{}: {e}", s.name))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-7 * a.abs().max(b.abs()).max(1.0)
}

/// Plans `s` with and without reductions: same status and objective; returns the variable
/// counts (with, without).
fn same_optimum(s: &Scenario, integer: Option<bool>) -> (usize, usize) {
    let with = solve(s, true, integer);
    let without = solve(s, false, integer);
    assert_eq!(with.status, without.status, "{}", s.name);
    if let (Some(a), Some(b)) = (with.objective, without.objective) {
        if with.status == Status::Optimal {
            assert!(close(a, b), "{}: {a} with reductions, {b} without", s.name);
        }
    }
    if let Some(v) = &with.verification {
        assert!(v.passed, "{}: verification failed", s.name);
    }
    (with.model_size.variables, without.model_size.variables)
}

/// Two providers, each selling the same instances several ways: a cheaper twin, a pricier
/// twin, an equal-price twin, a capped cheaper one, commitments with twins, spot.
fn duplicated() -> Scenario {
    let mut b = Scenario::builder("duplicates")
        .integer_units(false)
        .periods(4)
        .hours_per_period(100.0)
        .segment(0.5, 1.0)
        .segment(0.5, 0.5)
        .provider("a")
        .provider("b")
        .max_provider_share(0.7)
        .outage_coverage(0.3)
        .max_spot_share(0.3);
    for p in ["a", "b"] {
        let base = if p == "a" { 10.0 } else { 11.0 };
        let od = |id: &str, price: f64| {
            Offering::on_demand(format!("{p}-{id}"), p, "r1", "H100", 8.0, price)
        };
        b = b
            .offering(od("od", base))
            .offering(od("od-market", base * 1.1))
            .offering(od("od-tie", base))
            .offering(od("od-capped-cheap", base * 0.9).max_units(2.0))
            .offering(
                Offering::spot(format!("{p}-spot"), p, "r1", "H100", 8.0, base * 0.4)
                    .availability(0.8),
            )
            .offering(
                Offering::spot(
                    format!("{p}-spot-market"),
                    p,
                    "r1",
                    "H100",
                    8.0,
                    base * 0.45,
                )
                .availability(0.8),
            )
            .offering(Offering::commit(
                format!("{p}-c3"),
                p,
                "r1",
                "H100",
                8.0,
                base * 0.7,
                3,
            ))
            .offering(
                Offering::commit(
                    format!("{p}-c3-market"),
                    p,
                    "r1",
                    "H100",
                    8.0,
                    base * 0.75,
                    3,
                )
                .max_units(5.0),
            )
            .offering(
                Offering::commit(format!("{p}-c3-lead"), p, "r1", "H100", 8.0, base * 0.6, 3)
                    .lead_periods(1),
            )
            .offering(Offering::on_demand(
                format!("{p}-a100"),
                p,
                "r2",
                "A100",
                8.0,
                base * 0.5,
            ));
    }
    b.existing("a-c3", 2.0, 2)
        .workload(
            Workload::serving("chat", [40.0, 50.0, 60.0, 70.0])
                .throughput("H100", 1.0)
                .throughput("A100", 0.45),
        )
        .workload(
            Workload::serving("code", [20.0, 20.0, 30.0, 30.0])
                .throughput("H100", 1.2)
                .regions(["r1"])
                .shortfall_penalty(50.0),
        )
        .workload(Workload::batch("train", 40_000.0, 2, 3).throughput("H100", 0.8))
        .build()
        .unwrap()
}

#[test]
fn dominated_offerings_are_dropped_and_the_optimum_is_unchanged() {
    let s = duplicated();
    let (with, without) = same_optimum(&s, None);
    assert!(
        with < without,
        "{with} variables with reductions, {without} without"
    );
    // The plan still names every offering it uses, and never a dropped one.
    let p = solve(&s, true, None);
    for a in &p.allocations {
        assert!(
            !a.offering.ends_with("-market") && !a.offering.ends_with("-tie"),
            "{a:?}"
        );
    }
}

#[test]
fn dominated_offerings_with_integer_units_keep_the_optimum() {
    // Small enough for exact branch and bound either way.
    let s = Scenario::builder("integer duplicates")
        .integer_units(false)
        .periods(2)
        .hours_per_period(100.0)
        .provider("a")
        .offering(Offering::on_demand("od", "a", "r", "H100", 8.0, 10.0))
        .offering(Offering::on_demand(
            "od-market",
            "a",
            "r",
            "H100",
            8.0,
            10.5,
        ))
        .offering(Offering::commit("c", "a", "r", "H100", 8.0, 7.0, 2))
        .offering(Offering::commit("c-market", "a", "r", "H100", 8.0, 7.0, 2))
        .workload(Workload::serving("w", [11.0, 19.0]).throughput("H100", 1.0))
        .integer_units(true)
        .build()
        .unwrap();
    let (with, without) = same_optimum(&s, None);
    assert!(with < without);
    assert_eq!(solve(&s, true, None).status, Status::Optimal);
}

#[test]
fn single_routing_and_budget_keep_the_optimum() {
    let mut s = duplicated();
    s.workloads[0].routing = capmix::Routing::Single;
    s.policy.budget = Some(1.0e9);
    same_optimum(&s, None);
}

#[test]
fn an_existing_commitment_keeps_its_offering() {
    // a-c3 is cheaper than a-c3-market and has existing units: it stays and is paid for.
    let s = duplicated();
    let p = solve(&s, true, None);
    assert!(p.costs.existing_commitments > 0.0);
    let q = solve(&s, false, None);
    assert!(close(
        p.costs.existing_commitments,
        q.costs.existing_commitments
    ));
}

/// Many random scenarios with twins: reductions never change the optimum.
#[test]
fn random_scenarios_with_twins_keep_the_optimum() {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % 10_000) as f64 / 10_000.0
    };
    let mut dropped_somewhere = false;
    for case in 0..25 {
        let mut b = Scenario::builder(format!("random {case}"))
            .integer_units(false)
            .periods(3)
            .hours_per_period(100.0)
            .provider("a")
            .provider("b")
            .max_provider_share(0.8);
        for (i, p) in ["a", "b"].iter().enumerate() {
            for (acc, chips) in [("H100", 8.0), ("L4", 1.0)] {
                let price = chips * (1.0 + next() * 2.0);
                for twin in 0..3 {
                    let id = format!("{p}-{acc}-{twin}");
                    let price = price * (0.95 + next() * 0.1);
                    let mut o = if next() < 0.7 {
                        Offering::on_demand(id, *p, "r", acc, chips, price)
                    } else {
                        Offering::commit(id, *p, "r", acc, chips, price * 0.7, 2)
                    };
                    if next() < 0.3 {
                        o = o.max_units((next() * 10.0).round());
                    }
                    b = b.offering(o);
                }
            }
            let _ = i;
        }
        let s = b
            .workload(
                Workload::serving("w", [10.0 + next() * 50.0, 30.0, 20.0 + next() * 30.0])
                    .throughput("H100", 1.0)
                    .throughput("L4", 0.1 + next() * 0.1)
                    .shortfall_penalty(100.0),
            )
            .build()
            .unwrap();
        let (with, without) = same_optimum(&s, None);
        dropped_somewhere |= with < without;
    }
    assert!(dropped_somewhere);
}

fn examples_and_fixtures() -> Vec<Scenario> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["examples/scenarios", "tests/fixtures"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            let n = p.file_name().unwrap().to_string_lossy().to_string();
            if (n.ends_with(".toml") || n.ends_with(".json")) && n != "expected.json" {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .iter()
        .map(|f| Scenario::from_path(f).unwrap())
        .collect()
}

#[test]
fn examples_and_fixtures_keep_their_optimum() {
    for s in examples_and_fixtures() {
        if s.policy.integer_units {
            // Integer examples take seconds by branch and bound; the integer case is covered above.
            continue;
        }
        same_optimum(&s, None);
    }
}

/// Batch workloads get allocation variables only inside their window: the optimum equals
/// the one of the same work on a horizon cut to the window, and the program has exactly
/// usable offerings × window periods × segments allocation variables.
#[test]
fn batch_variables_exist_only_inside_the_window() {
    let scenario = |periods: u32, window: (u32, u32)| {
        Scenario::builder("batch")
            .integer_units(false)
            .periods(periods)
            .hours_per_period(100.0)
            .segment(0.5, 1.0)
            .segment(0.5, 0.5)
            .provider("p")
            .offering(Offering::on_demand("od", "p", "r", "H100", 1.0, 10.0))
            .offering(Offering::on_demand("cheap", "p", "r", "H100", 1.0, 8.0).max_units(2.0))
            .workload(Workload::batch("train", 1200.0, window.0, window.1).throughput("H100", 1.0))
            .build()
            .unwrap()
    };
    let full = scenario(6, (2, 3));
    let cut = scenario(2, (1, 2));
    let a = solve(&full, true, None);
    let b = solve(&cut, true, None);
    assert_eq!(a.status, Status::Optimal);
    assert!(close(a.objective.unwrap(), b.objective.unwrap()));
    // 2 usable offerings × 2 window periods × 2 segments; no other variables in a
    // continuous on-demand program.
    assert_eq!(a.model_size.variables, 2 * 2 * 2);
    assert!(a.allocations.iter().all(|x| (2..=3).contains(&x.period)));
}

/// Three providers with on-demand and capped spot H100 and A100 in two regions each, four
/// serving workloads over 24 months and two segments, share caps, outage coverage and a
/// spot share: no commitment, batch window or budget links two periods, so the program
/// (about 5,000 columns) falls apart into one block per period and segment, solved part by
/// part with reductions and whole without.
fn separable() -> Scenario {
    let mut b = Scenario::builder("separable")
        .integer_units(false)
        .periods(24)
        .hours_per_period(730.0)
        .segment(0.6, 1.0)
        .segment(0.4, 0.55)
        .max_provider_share(0.6)
        .outage_coverage(0.3)
        .max_spot_share(0.3);
    for (k, p) in ["a", "b", "c"].into_iter().enumerate() {
        b = b.provider(p);
        for r in ["r1", "r2"] {
            for (acc, price) in [("H100", 60.0), ("A100", 25.0)] {
                let price = price * (1.0 + 0.07 * k as f64) * if r == "r2" { 1.03 } else { 1.0 };
                b = b
                    .offering(Offering::on_demand(
                        format!("{p}-{r}-{acc}"),
                        p,
                        r,
                        acc,
                        8.0,
                        price,
                    ))
                    .offering(
                        Offering::spot(format!("{p}-{r}-{acc}-spot"), p, r, acc, 8.0, price * 0.45)
                            .availability(0.8)
                            .max_units(6.0 + k as f64),
                    );
            }
        }
    }
    for (w, base) in [
        ("chat", 400.0),
        ("code", 150.0),
        ("search", 90.0),
        ("agents", 60.0),
    ] {
        let demand: Vec<f64> = (0..24)
            .map(|t| base * (1.0 + 0.04 * f64::from(t)))
            .collect();
        b = b.workload(
            Workload::serving(w, demand)
                .throughput("H100", 1.0)
                .throughput("A100", 0.4)
                .shortfall_penalty(500.0),
        );
    }
    b.build().unwrap()
}

#[test]
fn a_separable_program_solved_by_parts_has_the_optimum_of_the_whole() {
    let s = separable();
    let (with, without) = same_optimum(&s, None);
    assert_eq!(with, without, "no offering is dominated here");
    assert!(with >= 4_000, "{with} columns: too small to be split");
    // The parts' duals, merged, are the whole's certificate and its shadow prices.
    let parts = solve(&s, true, None);
    assert_eq!(parts.status, Status::Optimal, "{:?}", parts.notes);
    assert!(parts.shadow_prices.is_some(), "{:?}", parts.notes);
}
