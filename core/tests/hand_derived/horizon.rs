//! Existing commitments, commitments beyond the horizon, offering caps, provider shares.

use super::*;

// Existing commitments: their cost counts, their capacity is used, the unused part is
// reported as idle commitment.
// 2 periods of 100 h; demand 8 wu/h (1 unit) in both periods.
//   commit c: g 8, $50/h, term 2; existing 2 units with 1 remaining period (active in period 1).
//   od: g 8, $80/h.
// Period 1: existing 2 units cost 2 × 50 × 100 = 10 000 (paid, used or not); 1 unit serves the
//   demand, 1 unit idles (5 000 idle commitment).
// Period 2: sign 1 unit in period 2 (active 2..3): 50 × 100 = 5 000 inside the horizon
//   (< 8 000 on-demand); its period 3 lies beyond the horizon: 5 000 reported, amortized.
//   (Signing in period 1 would pay period 1 twice: 10 000 for the same coverage.)
// Total 15 000; by_workload: w 10 000, idle commitment 5 000; existing_commitments 10 000.
#[test]
fn existing_commitments_cost_capacity_and_idle() {
    let s = Scenario::builder("existing")
        .integer_units(false)
        .periods(2)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit("c", "p", "us-east-1", "H100", 8.0, 50.0, 2).max_units(2.0))
        .workload(Workload::serving("w", [8.0, 8.0]).throughput("H100", 1.0))
        .existing("c", 2.0, 1)
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 15_000.0);
    assert_close(
        plan.costs.existing_commitments,
        10_000.0,
        "existing commitments",
    );
    assert_close(plan.costs.by_workload["w"], 10_000.0, "workload cost");
    assert_close(
        plan.costs.by_workload[IDLE_COMMITMENT],
        5_000.0,
        "idle commitment",
    );
    assert_close(plan.costs.by_period[0], 10_000.0, "period 1");
    assert_close(plan.costs.by_period[1], 5_000.0, "period 2");
    assert_close(
        plan.costs.beyond_horizon,
        5_000.0,
        "beyond horizon (reported)",
    );
    assert!(!plan.costs.beyond_horizon_charged);
    assert_close(units(&plan, "w", "c", 1), 1.0, "existing capacity used");
    assert_close(
        units(&plan, "w", "od", 1) + units(&plan, "w", "od", 2),
        0.0,
        "no on-demand",
    );
    assert_eq!(plan.commitments.len(), 1);
    assert_eq!(plan.commitments[0].period, 2);
    assert_close(plan.commitments[0].units, 1.0, "new units");
    let f1 = plan
        .fleet
        .iter()
        .find(|f| f.offering == "c" && f.period == 1)
        .unwrap();
    assert_close(f1.units, 2.0, "active units in period 1");
    assert_close(f1.used_units, 1.0, "used units in period 1");
    let u1 = plan
        .achieved
        .commitment_utilisation
        .iter()
        .find(|u| u.period == 1)
        .unwrap();
    assert_close(u1.utilisation, 0.5, "utilisation in period 1");
}

// commitments_beyond_horizon: amortize vs charge.
// 4 periods of 100 h; demand 8 wu/h (1 unit) everywhere.
//   od: g 8, $80/h → 8 000 per period.
//   commit: g 8, $45/h, term 2, lead 1 → 4 500 per active period; signed in s covers s+1, s+2.
//   y1 covers 2,3 (9 000); y2 covers 3,4 (9 000); y3 covers 4 and period 5 beyond the horizon.
// Period 1 is on-demand in every plan: 8 000.
// amortize: y3 costs 4 500 (period 5 only reported). Best cover of periods 2..4: y1 + y3 =
//   13 500 (dual check: π2 = 8 000, π3 = 1 000, π4 = 4 500 sums to 13 500).
//   Total 21 500; beyond_horizon 4 500, not charged.
// charge: y3 costs 9 000 > on-demand 8 000 for period 4. Best cover: y1 + od4 (or od2 + y2) =
//   17 000 (dual: π2 = 8 000, π3 = 1 000, π4 = 8 000). Total 25 000; beyond_horizon 0.
#[test]
fn commitments_beyond_horizon_amortize_vs_charge() {
    let base = Scenario::builder("beyond")
        .integer_units(false)
        .periods(4)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit("c", "p", "us-east-1", "H100", 8.0, 45.0, 2).lead_periods(1))
        .workload(Workload::serving("w", [8.0; 4]).throughput("H100", 1.0));

    let amortized = solve(&base.clone().build().unwrap());
    assert_optimal(&amortized);
    assert_cost(&amortized, 21_500.0);
    assert_close(amortized.costs.beyond_horizon, 4_500.0, "beyond horizon");
    assert!(!amortized.costs.beyond_horizon_charged);
    assert_close(
        sum(&amortized.costs.by_period),
        21_500.0,
        "by_period sums to total",
    );
    let mut signed: Vec<usize> = amortized.commitments.iter().map(|c| c.period).collect();
    signed.sort_unstable();
    assert_eq!(signed, vec![1, 3]);
    let late = amortized
        .commitments
        .iter()
        .find(|c| c.period == 3)
        .unwrap();
    assert_eq!((late.first_active_period, late.last_active_period), (4, 5));
    assert_close(late.cost_in_horizon, 4_500.0, "in horizon");
    assert_close(late.cost_beyond_horizon, 4_500.0, "beyond");

    let charged = solve(
        &base
            .commitments_beyond_horizon(BeyondHorizon::Charge)
            .build()
            .unwrap(),
    );
    assert_optimal(&charged);
    assert_cost(&charged, 25_000.0);
    assert_close(charged.costs.beyond_horizon, 0.0, "beyond horizon");
    assert!(charged.costs.beyond_horizon_charged);
    assert!(charged.commitments.iter().all(|c| c.period != 3));
    assert_close(
        sum(&charged.costs.by_period),
        25_000.0,
        "by_period (nothing beyond)",
    );
}

// Charging beyond the horizon when the commitment is still worth it.
// 1 period of 100 h; demand 8 wu/h; od $80/h (8 000); commit $30/h, term 2, lead 0.
//   amortize: commit costs 30 × 100 = 3 000 → total 3 000, beyond_horizon 3 000 reported.
//   charge:   commit costs 3 000 + 3 000 (period 2 at the last period's hours) = 6 000 < 8 000
//             → total 6 000, beyond_horizon 3 000 charged; by_period sums to 3 000.
#[test]
fn charged_beyond_horizon_is_part_of_total_cost() {
    let base = Scenario::builder("charge")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit(
            "c",
            "p",
            "us-east-1",
            "H100",
            8.0,
            30.0,
            2,
        ))
        .workload(Workload::serving("w", [8.0]).throughput("H100", 1.0));
    let amortized = solve(&base.clone().build().unwrap());
    assert_optimal(&amortized);
    assert_cost(&amortized, 3_000.0);
    assert_close(amortized.costs.beyond_horizon, 3_000.0, "beyond (reported)");

    let charged = solve(
        &base
            .commitments_beyond_horizon(BeyondHorizon::Charge)
            .build()
            .unwrap(),
    );
    assert_optimal(&charged);
    assert_cost(&charged, 6_000.0);
    assert_close(charged.costs.beyond_horizon, 3_000.0, "beyond (charged)");
    assert_close(
        sum(&charged.costs.by_period),
        3_000.0,
        "by_period excludes beyond",
    );
    assert_close(
        sum(charged.costs.by_provider.values()),
        6_000.0,
        "by_provider includes beyond",
    );
    assert_close(
        charged.commitments[0].cost_beyond_horizon,
        3_000.0,
        "commitment beyond",
    );
}

// Per-offering max_units forces a second offering.
// 1 period of 100 h; demand 20 wu/h.
//   cheap: g 8, $80/h, max_units 1 → delivers 8, costs 8 000.
//   dear:  g 8, $100/h → the remaining 12 wu/h: 1.5 units × 100 × 100 = 15 000.
// Total 23 000 (uncapped it would be 2.5 × 8 000 = 20 000).
#[test]
fn max_units_cap_forces_second_offering() {
    let s = Scenario::builder("cap")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("cheap", "p", 80.0).max_units(1.0))
        .offering(od_h100("dear", "p", 100.0))
        .workload(Workload::serving("w", [20.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 23_000.0);
    assert_close(
        units(&plan, "w", "cheap", 1),
        1.0,
        "capped offering at its cap",
    );
    assert_close(units(&plan, "w", "dear", 1), 1.5, "second offering");
}

// Provider share cap: policy-wide and per-provider override.
// 1 period of 100 h; demand 10 wu/h. Three providers with one g-8 on-demand offering each:
//   a $80/h ($10/wu), b $96/h ($12/wu), c $112/h ($14/wu).
// policy.max_provider_share 0.6: a delivers 6 (0.75 units × 80 × 100 = 6 000),
//   b delivers 4 (0.5 × 96 × 100 = 4 800). Total 10 800.
// plus b.max_share 0.3: a 6 (6 000), b 3 (0.375 × 9 600 = 3 600), c 1 (0.125 × 11 200 = 1 400).
//   Total 11 000.
#[test]
fn provider_share_policy_and_override() {
    let build = |b_share: Option<f64>| {
        let mut builder = Scenario::builder("share")
            .integer_units(false)
            .hours_per_period(100.0)
            .provider("a");
        builder = match b_share {
            Some(v) => builder.provider_with_max_share("b", v),
            None => builder.provider("b"),
        };
        builder
            .provider("c")
            .offering(od_h100("a-od", "a", 80.0))
            .offering(od_h100("b-od", "b", 96.0))
            .offering(od_h100("c-od", "c", 112.0))
            .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0))
            .max_provider_share(0.6)
            .build()
            .unwrap()
    };
    let policy = solve(&build(None));
    assert_optimal(&policy);
    assert_cost(&policy, 10_800.0);
    assert_close(units(&policy, "w", "a-od", 1), 0.75, "a units");
    assert_close(units(&policy, "w", "b-od", 1), 0.5, "b units");
    let share = |p: &capmix::Plan, id: &str| {
        p.achieved
            .provider_shares
            .iter()
            .find(|s| s.provider.as_deref() == Some(id))
            .cloned()
            .unwrap()
    };
    assert_close(share(&policy, "a").share, 0.6, "a share");
    assert_close(share(&policy, "a").limit, 0.6, "a limit");

    let overridden = solve(&build(Some(0.3)));
    assert_optimal(&overridden);
    assert_cost(&overridden, 11_000.0);
    assert_close(units(&overridden, "w", "c-od", 1), 0.125, "c units");
    assert_close(share(&overridden, "b").share, 0.3, "b share");
    assert_close(share(&overridden, "b").limit, 0.3, "b limit");
    assert_close(share(&overridden, "c").limit, 0.6, "c limit from policy");
    assert!(overridden
        .achieved
        .provider_shares
        .iter()
        .all(|s| s.share <= s.limit + 1e-9));
}
