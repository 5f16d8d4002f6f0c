//! Outage coverage, budgets, allow lists with globs, batch windows.

use super::*;

// Outage coverage (N-1) forces redundant capacity.
// 1 period of 100 h; demand 10 wu/h; a: g 8 $80/h ($10/wu), b: g 8 $96/h ($12/wu).
// β = 0.8: losing a leaves b ≥ 8; losing b leaves a ≥ 8. Demand a + b ≥ 10 then holds with slack.
//   a = 8 → 1 unit × 8 000; b = 8 → 1 unit × 9 600. Total 17 600 (16 wu/h provisioned for 10).
// Without the policy: all on a, 1.25 × 8 000 = 10 000.
#[test]
fn outage_coverage_forces_redundancy() {
    let base = Scenario::builder("outage")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("a")
        .provider("b")
        .offering(od_h100("a-od", "a", 80.0))
        .offering(od_h100("b-od", "b", 96.0))
        .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0));
    let none = solve(&base.clone().build().unwrap());
    assert_optimal(&none);
    assert_cost(&none, 10_000.0);
    assert_close(
        none.achieved.outage_coverage[0].coverage,
        0.0,
        "no redundancy without policy",
    );

    let plan = solve(&base.outage_coverage(0.8).build().unwrap());
    assert_optimal(&plan);
    assert_cost(&plan, 17_600.0);
    assert_close(units(&plan, "w", "a-od", 1), 1.0, "a units");
    assert_close(units(&plan, "w", "b-od", 1), 1.0, "b units");
    let cov = &plan.achieved.outage_coverage[0];
    assert!(cov.coverage >= cov.target - 1e-9, "{cov:?}");
    assert_close(cov.coverage, 0.8, "worst-case coverage");
    assert_close(cov.target, 0.8, "target");
}

// Budget: infeasible when too small, irrelevant when large enough, and with a shortfall
// penalty a binding budget turns into shortfall.
// 2 periods of 100 h; demand [10, 20]; od g 8 $80/h → cost (1.25 + 2.5) × 8 000 = 30 000.
//   budget 29 000 → infeasible; budget 31 000 → 30 000, not binding.
//   With penalty $50/wu and budget 20 000: capacity costs $10/wu < $50 → spend the whole budget
//   (2 000 wu delivered); short = (10 + 20) × 100 − 2 000 = 1 000 wu → penalty 50 000.
//   total_cost 20 000, objective 70 000.
#[test]
fn budget_infeasible_binding_and_not_binding() {
    let base = Scenario::builder("budget")
        .integer_units(false)
        .periods(2)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .workload(Workload::serving("w", [10.0, 20.0]).throughput("H100", 1.0));

    let tight = solve(&base.clone().budget(29_000.0).build().unwrap());
    assert_eq!(tight.status, Status::Infeasible);
    assert_eq!(tight.total_cost, None);
    assert!(tight.allocations.is_empty());

    let loose = solve(&base.clone().budget(31_000.0).build().unwrap());
    assert_optimal(&loose);
    assert_cost(&loose, 30_000.0);
    let binding = loose
        .shadow_prices
        .as_ref()
        .unwrap()
        .policy
        .iter()
        .any(|p| p.family.as_str() == "budget");
    assert!(!binding, "a slack budget has no shadow price");

    let mut s = base.budget(20_000.0).build().unwrap();
    s.workloads[0].shortfall_penalty = Some(50.0);
    let soft = solve(&s);
    assert_optimal(&soft);
    assert_cost(&soft, 20_000.0);
    assert_objective(&soft, 70_000.0);
    assert_close(soft.costs.shortfall_penalty, 50_000.0, "penalty");
    let short: f64 = soft.achieved.shortfall.iter().map(|s| s.work_units).sum();
    assert_close(short, 1_000.0, "shortfall work units");
    // One more USD of budget buys 0.1 wu and saves $5 of penalty: −(50 − 10)/10 = −4 USD/USD.
    let budget_price = soft
        .shadow_prices
        .as_ref()
        .unwrap()
        .policy
        .iter()
        .find(|p| p.family.as_str() == "budget")
        .unwrap();
    assert_close(
        budget_price.usd_per_unit_of_parameter,
        -4.0,
        "budget shadow price",
    );
}

// Provider and region allow-lists with globs.
// 1 period of 100 h; demand 8 wu/h; workload allows providers [a] and regions ["us-*"].
//   b-us-east   (provider b)          $64/h  → excluded by the provider list
//   a-eu-west   (region eu-west-1)    $72/h  → excluded by the region glob
//   a-us-west-2 (a, us-west-2)        $96/h  → allowed, cheapest allowed
//   a-us-east-1 (a, us-east-1)       $112/h  → allowed
// Cost: 1 unit × 96 × 100 = 9 600.
#[test]
fn provider_and_region_allow_lists_with_globs() {
    let s = Scenario::builder("filters")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("a")
        .provider("b")
        .offering(Offering::on_demand(
            "b-us-east",
            "b",
            "us-east-1",
            "H100",
            8.0,
            64.0,
        ))
        .offering(Offering::on_demand(
            "a-eu-west",
            "a",
            "eu-west-1",
            "H100",
            8.0,
            72.0,
        ))
        .offering(Offering::on_demand(
            "a-us-west-2",
            "a",
            "us-west-2",
            "H100",
            8.0,
            96.0,
        ))
        .offering(Offering::on_demand(
            "a-us-east-1",
            "a",
            "us-east-1",
            "H100",
            8.0,
            112.0,
        ))
        .workload(
            Workload::serving("w", [8.0])
                .throughput("H100", 1.0)
                .providers(["a"])
                .regions(["us-*"]),
        )
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 9_600.0);
    assert!(
        plan.allocations.iter().all(|a| a.offering == "a-us-west-2"),
        "{:?}",
        plan.allocations
    );
    assert_close(plan.costs.by_region["a/us-west-2"], 9_600.0, "by_region");

    // A glob in the middle: "*-east-*" admits only a-us-east-1 once provider b is excluded.
    let mut s2 = s.clone();
    s2.workloads[0].regions = Some(vec!["*-east-*".into()]);
    let plan2 = solve(&s2);
    assert_optimal(&plan2);
    assert_cost(&plan2, 11_200.0);
}

// Batch workload with a window.
// 3 periods of 100 h; batch total 2 400 wu in window [2, 3].
//   od: g 8, $80/h, max_units 2 → at most 1 600 wu per period; any split over periods 2 and 3
//   costs the same: 2 400 / 8 = 300 unit-hours × 80 = 24 000.
//   An existing commitment (1 unit of c, $90/h, 1 remaining period) is active in period 1 only,
//   outside the window: 9 000 paid, all idle. (Were the window ignored, this already-paid unit
//   would carry 800 wu for free.) New commitments at $90/h are dearer than on-demand: none.
// Total 33 000; nothing allocated in period 1.
#[test]
fn batch_window() {
    let s = Scenario::builder("batch")
        .integer_units(false)
        .periods(3)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0).max_units(2.0))
        .offering(Offering::commit(
            "c",
            "p",
            "us-east-1",
            "H100",
            8.0,
            90.0,
            3,
        ))
        .workload(Workload::batch("train", 2_400.0, 2, 3).throughput("H100", 1.0))
        .existing("c", 1.0, 1)
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 33_000.0);
    assert!(
        plan.allocations.iter().all(|a| a.period >= 2),
        "{:?}",
        plan.allocations
    );
    let work: f64 = plan
        .allocations
        .iter()
        .map(|a| a.delivered_rate * 100.0)
        .sum();
    assert_close(work, 2_400.0, "work delivered in the window");
    assert_close(plan.costs.by_workload["train"], 24_000.0, "batch cost");
    assert_close(plan.costs.by_workload[IDLE_COMMITMENT], 9_000.0, "idle");
    assert!(plan.commitments.is_empty());

    // With max_units 1 on-demand carries only 2 × 800 = 1 600 wu in the window (16 000); the
    // last 800 wu need a new commitment: signed in period 3 (active 3..5) 1 unit × 9 000 inside
    // the horizon, or signed in period 2 (active 2..4) 0.5 unit × 18 000: 9 000 either way.
    // (Signed in period 1 it would pay period 1, outside the window, too.)
    // Total 16 000 + 9 000 + 9 000 existing = 34 000.
    let mut small = s.clone();
    small.offerings[0].max_units = Some(1.0);
    let plan = solve(&small);
    assert_optimal(&plan);
    assert_cost(&plan, 34_000.0);
    assert!(
        plan.commitments.iter().all(|c| c.period >= 2),
        "{:?}",
        plan.commitments
    );
    assert!(
        plan.allocations.iter().all(|a| a.period >= 2),
        "{:?}",
        plan.allocations
    );

    // Without the commit offering the window cannot hold 2 400 wu: infeasible.
    let mut none = small.clone();
    none.existing.clear();
    none.offerings.truncate(1);
    let plan = solve(&none);
    assert_eq!(plan.status, Status::Infeasible);
    assert_eq!(plan.total_cost, None);
}
