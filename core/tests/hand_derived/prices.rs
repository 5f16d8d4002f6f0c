//! Shortfall, whole units, single routing, infeasibility, shadow prices of demand and caps.

use super::*;

// Shortfall penalty cheaper than capacity.
// 1 period of 100 h; demand 10 wu/h; penalty $20/wu.
//   cheap: g 8, $80/h ($10/wu), max_units 0.5 → delivers 4 wu/h for 0.5 × 80 × 100 = 4 000.
//   dear:  g 8, $200/h ($25/wu) > penalty → unused.
//   short 6 wu/h × 100 h = 600 wu × $20 = 12 000.
// total_cost 4 000, objective 16 000.
#[test]
fn shortfall_penalty_cheaper_than_capacity() {
    let s = Scenario::builder("shortfall")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("cheap", "p", 80.0).max_units(0.5))
        .offering(od_h100("dear", "p", 200.0))
        .workload(
            Workload::serving("w", [10.0])
                .throughput("H100", 1.0)
                .shortfall_penalty(20.0),
        )
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 4_000.0);
    assert_objective(&plan, 16_000.0);
    assert_close(plan.costs.shortfall_penalty, 12_000.0, "penalty");
    assert_eq!(plan.achieved.shortfall.len(), 1);
    let short = &plan.achieved.shortfall[0];
    assert_eq!((short.workload.as_str(), short.period), ("w", 1));
    assert_close(short.work_units, 600.0, "short work units");
    assert_close(short.penalty, 12_000.0, "short penalty");
    assert_close(units(&plan, "w", "dear", 1), 0.0, "dear unused");
    // The marginal work unit is unmet: it costs the penalty.
    let demand = &plan.shadow_prices.as_ref().unwrap().demand[0];
    assert_close(demand.usd_per_work_unit, 20.0, "demand shadow price");
}

// Integer units with the default solver (microlp: exact branch and bound for small programs,
// else LP rounding).
// 1 period of 100 h; demand 10 wu/h; od g 8 $80/h.
//   LP: 1.25 instances × 8 000 = 10 000.  Integer: 2 whole instances × 8 000 = 16 000.
// Rounding gives 16 000 against the relaxation's bound of 10 000, a gap of 0.375, so the
// exact search runs and proves 16 000 (status "optimal", lp_bound = 16 000, gap 0); were it
// cut short, the plan would come back "feasible" with lp_bound 10 000 and gap 0.375. Both
// bounds lie in [10 000, 16 000]. Whole units add (16 000 − 10 000) / 10 000 = 60% over the
// fractional relaxation.
#[test]
fn integer_units_round_up_to_whole_instances() {
    let s = Scenario::builder("integer")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let lp = solve(&s);
    assert_optimal(&lp);
    assert_cost(&lp, 10_000.0);
    assert!(!lp.integer_units);

    let mut si = s.clone();
    si.policy.integer_units = true;
    for plan in [solve(&si), solve_integer(&s)] {
        assert!(
            matches!(plan.status, Status::Optimal | Status::Feasible),
            "{:?}",
            plan.status
        );
        assert_verified(&plan);
        assert!(plan.integer_units);
        assert_cost(&plan, 16_000.0);
        let (bound, gap) = (plan.lp_bound.unwrap(), plan.gap.unwrap());
        assert!(gap >= 0.0);
        assert!(
            (10_000.0 - 1e-6..=16_000.0 + 1e-6).contains(&bound),
            "bound {bound}"
        );
        if plan.status == Status::Feasible {
            assert_close(bound, 10_000.0, "LP bound");
            assert_close(gap, 0.375, "gap");
        } else {
            assert_close(bound, 16_000.0, "proven bound");
            assert!(gap <= 1e-9, "gap {gap}");
        }
        assert_close(fleet_units(&plan, "od", 1), 2.0, "whole instances");
        // Shadow prices of a whole-unit plan are those of the LP with the units fixed.
        let prices = plan.shadow_prices.as_ref().expect("shadow prices");
        assert!(prices.whole_units_fixed);
        assert_close(prices.dual_objective, 16_000.0, "fixed-units LP objective");
    }

    // When rounding meets the bound (demand 16 = exactly 2 instances) the plan is optimal.
    let mut exact = si.clone();
    exact.workloads[0].demand = Some(capmix::Demand::Series(vec![16.0]));
    let plan = solve(&exact);
    assert_optimal(&plan);
    assert_cost(&plan, 16_000.0);
}

// Single routing: one accelerator type for the whole horizon.
// 2 periods of 100 h; demand [8, 16].
//   h100: g 8, $80/h ($10/wu), max_units 1 (delivers at most 8).
//   mi300: g 8, $96/h ($12/wu).
// Split: period 1 h100 1 unit (8 000); period 2 h100 1 unit + mi300 1 unit (8 000 + 9 600).
//   Total 25 600, mixing both accelerators.
// Single: H100 alone cannot carry 16 in period 2 → MI300X for both periods:
//   1 unit (9 600) + 2 units (19 200) = 28 800 = split + 8 wu/h × 200 h × ($12 − $10)/wu = +3 200.
#[test]
fn single_routing_picks_one_accelerator() {
    let split = Scenario::builder("routing")
        .integer_units(false)
        .periods(2)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("h100", "p", 80.0).max_units(1.0))
        .offering(Offering::on_demand(
            "mi300",
            "p",
            "us-east-1",
            "MI300X",
            8.0,
            96.0,
        ))
        .workload(
            Workload::serving("w", [8.0, 16.0])
                .throughput("H100", 1.0)
                .throughput("MI300X", 1.0),
        )
        .build()
        .unwrap();
    let plan = solve(&split);
    assert_optimal(&plan);
    assert_cost(&plan, 25_600.0);
    let accs: std::collections::BTreeSet<&str> = plan
        .allocations
        .iter()
        .map(|a| a.accelerator.as_str())
        .collect();
    assert_eq!(accs.len(), 2, "split mixes accelerators");

    let mut single = split.clone();
    single.workloads[0].routing = capmix::Routing::Single;
    let plan = solve(&single);
    assert_optimal(&plan);
    assert_cost(&plan, 28_800.0);
    assert_close(
        plan.total_cost.unwrap() - 25_600.0,
        3_200.0,
        "price of single routing",
    );
    assert!(
        plan.allocations.iter().all(|a| a.accelerator == "MI300X"),
        "{:?}",
        plan.allocations
    );
    assert_close(units(&plan, "w", "mi300", 2), 2.0, "period 2 units");
}

// Infeasible: the only offering is capped too low and demand is hard.
// Demand 10 wu/h; od g 8 max_units 1 → at most 8 wu/h.
#[test]
fn infeasible_when_cap_too_small() {
    let s = Scenario::builder("infeasible")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0).max_units(1.0))
        .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_eq!(plan.status, Status::Infeasible);
    assert_eq!(plan.total_cost, None);
    assert_eq!(plan.objective, None);
    assert!(plan.allocations.is_empty() && plan.commitments.is_empty() && plan.fleet.is_empty());
    assert!(plan.verification.is_none());
    assert!(!plan.has_solution());
    // The same with integer units: still infeasible (not "no_solution").
    let plan = solve_integer(&s);
    assert_eq!(plan.status, Status::Infeasible);
    assert_eq!(plan.total_cost, None);
}

// Shadow prices of a pure LP.
// 1 period of 100 h; chips 1, throughput 1 → g 1 (one work unit per unit-hour).
// (a) Single offering at $10/unit-hour, demand 5: cost 5 × 10 × 100 = 5 000; one more work unit
//     of demand costs $10 → demand shadow price 10 USD/wu.
// (b) cheap $10/h capped at 3 units, dear $14/h uncapped, demand 5:
//     3 × 10 × 100 + 2 × 14 × 100 = 3 000 + 2 800 = 5 800. Marginal work unit on dear: $14/wu.
//     One more unit of cheap's cap saves 100 h × (14 − 10) = 400 USD → caps usd_per_unit 400.
//     The dual objective equals the cost.
#[test]
fn shadow_prices_of_demand_and_caps() {
    let one = |id: &str, price: f64| Offering::on_demand(id, "p", "r", "X", 1.0, price);
    let s = Scenario::builder("shadow")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(one("cheap", 10.0))
        .workload(Workload::serving("w", [5.0]).throughput("X", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 5_000.0);
    let sp = plan.shadow_prices.as_ref().unwrap();
    assert_eq!(sp.demand.len(), 1);
    assert_eq!(sp.demand[0].workload, "w");
    assert_eq!(sp.demand[0].period, Some(1));
    assert_close(sp.demand[0].usd_per_work_unit, 10.0, "demand price");
    assert!(sp.caps.is_empty());
    assert_close(sp.dual_objective, 5_000.0, "dual objective");

    let s = Scenario::builder("shadow-cap")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(one("cheap", 10.0).max_units(3.0))
        .offering(one("dear", 14.0))
        .workload(Workload::serving("w", [5.0]).throughput("X", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 5_800.0);
    let sp = plan.shadow_prices.as_ref().unwrap();
    assert_close(sp.demand[0].usd_per_work_unit, 14.0, "demand price");
    assert_eq!(sp.caps.len(), 1, "{:?}", sp.caps);
    assert_eq!(
        (sp.caps[0].offering.as_str(), sp.caps[0].period),
        ("cheap", 1)
    );
    assert_close(sp.caps[0].usd_per_unit, 400.0, "cap price");
    assert_close(sp.dual_objective, 5_800.0, "dual objective");
    assert!(plan.gap.unwrap() <= 1e-12, "gap {:?}", plan.gap);
}
