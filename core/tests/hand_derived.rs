//! Small scenarios whose optimal cost is derived by hand (the arithmetic is in the comment
//! above each test). Together they cover every constraint family of the model contract.
//!
//! These derive the fluid LP itself (`integer_units = false`: fractions of instances), where
//! every family's arithmetic shows plainly; whole units, the default, are derived in
//! `whole_units.rs`.
//!
//! Conventions used in the derivations: g = throughput × chips × availability (work units per
//! hour per unit); "$x/wu" is an offering's price per delivered work unit, price / g.

mod common;

use capmix::document::IDLE_COMMITMENT;
use capmix::{BeyondHorizon, Offering, PlanOptions, Scenario, Status, Workload};
use common::*;

/// H100, 8 chips, 1 wu per chip-hour: g = 8, $80/h → $10/wu.
fn od_h100(id: &str, provider: &str, price: f64) -> Offering {
    Offering::on_demand(id, provider, "us-east-1", "H100", 8.0, price)
}

// Plain on-demand, two offerings, hours given per period.
// Periods: 2, hours [100, 50]; demand [10, 20] wu/h; H100 throughput 1, MI300X throughput 0.5.
//   od-h100:  8 chips × 1   = g 8, $80/h  → $10/wu   (cheapest)
//   od-mi300: 8 chips × 0.5 = g 4, $48/h  → $12/wu
// Period 1: 10/8 = 1.25 units × $80 × 100 h = 10 000
// Period 2: 20/8 = 2.5  units × $80 ×  50 h = 10 000
// Total 20 000; nothing on the MI300X.
#[test]
fn plain_on_demand_picks_cheapest_per_work_unit() {
    let s = Scenario::builder("plain")
        .integer_units(false)
        .hours([100.0, 50.0])
        .provider("p")
        .offering(od_h100("od-h100", "p", 80.0))
        .offering(Offering::on_demand(
            "od-mi300",
            "p",
            "us-east-1",
            "MI300X",
            8.0,
            48.0,
        ))
        .workload(
            Workload::serving("w", [10.0, 20.0])
                .throughput("H100", 1.0)
                .throughput("MI300X", 0.5),
        )
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 20_000.0);
    assert_objective(&plan, 20_000.0);
    assert_close(units(&plan, "w", "od-h100", 1), 1.25, "period 1 units");
    assert_close(units(&plan, "w", "od-h100", 2), 2.5, "period 2 units");
    assert_eq!(
        units(&plan, "w", "od-mi300", 1) + units(&plan, "w", "od-mi300", 2),
        0.0
    );
    assert_close(plan.costs.by_period[0], 10_000.0, "by_period[0]");
    assert_close(plan.costs.by_period[1], 10_000.0, "by_period[1]");
    assert_close(plan.costs.by_provider["p"], 20_000.0, "by_provider");
    assert_close(
        plan.costs.by_accelerator["H100"],
        20_000.0,
        "by_accelerator",
    );
    assert_close(plan.costs.by_purchase["on_demand"], 20_000.0, "by_purchase");
    assert_close(plan.costs.by_region["p/us-east-1"], 20_000.0, "by_region");
    assert_close(plan.costs.by_workload["w"], 20_000.0, "by_workload");
    let fleet: f64 = plan
        .fleet
        .iter()
        .filter(|f| f.offering == "od-h100")
        .map(|f| f.units)
        .sum();
    assert_close(fleet, 3.75, "fleet units over both periods");
    let a = plan.allocations.iter().find(|a| a.period == 2).unwrap();
    assert_close(a.chips, 20.0, "chips");
    assert_close(a.delivered_rate, 20.0, "delivered rate");
    assert_close(a.cost_per_hour, 200.0, "cost per hour");
    assert!(plan.gap.unwrap() <= 1e-12, "gap {:?}", plan.gap);
}

// Segments (load profile), on-demand only.
// 1 period of 100 h; demand 20 wu/h; segments peak {share 0.25, level 1}, base {0.75, 0.4}.
// od: g 8, $80/h.
//   peak: rate 20 → 2.5 units × $80 × 25 h = 5 000
//   base: rate  8 → 1   unit  × $80 × 75 h = 6 000
// Total 11 000 (a flat profile would cost 2.5 × 80 × 100 = 20 000).
#[test]
fn segments_scale_demand_and_hours() {
    let s = Scenario::builder("segments")
        .integer_units(false)
        .hours_per_period(100.0)
        .segment(0.25, 1.0)
        .segment(0.75, 0.4)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .workload(Workload::serving("w", [20.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 11_000.0);
    assert_close(units_in_segment(&plan, "od", 1, "S1"), 2.5, "peak units");
    assert_close(units_in_segment(&plan, "od", 1, "S2"), 1.0, "base units");
}

// Segments with a commitment: a commit unit is paid for every hour, so it only pays off
// for the base load that runs in both segments.
// Same profile and demand as above; commit: g 8, $50/h, term 1 (cost 50 × 100 = 5 000/unit).
//   A commit unit used in both segments replaces 80×25 + 80×75 = 8 000 of on-demand → saves 3 000.
//   A commit unit above the base load (1 unit) is used only in the peak: replaces 80×25 = 2 000
//   of on-demand but costs 5 000 → not worth it.
//   So commit 1 unit (5 000) + on-demand 1.5 units in the peak (1.5 × 80 × 25 = 3 000).
// Total 8 000.
#[test]
fn segments_with_commitment_cover_the_base_load() {
    let s = Scenario::builder("segments-commit")
        .integer_units(false)
        .hours_per_period(100.0)
        .segment(0.25, 1.0)
        .segment(0.75, 0.4)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit(
            "c",
            "p",
            "us-east-1",
            "H100",
            8.0,
            50.0,
            1,
        ))
        .workload(Workload::serving("w", [20.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 8_000.0);
    assert_eq!(plan.commitments.len(), 1);
    assert_close(plan.commitments[0].units, 1.0, "commit units");
    assert_close(
        units_in_segment(&plan, "od", 1, "S1"),
        1.5,
        "peak on-demand",
    );
    assert_close(
        units_in_segment(&plan, "od", 1, "S2"),
        0.0,
        "base on-demand",
    );
    assert_close(plan.costs.by_purchase["commit"], 5_000.0, "commit cost");
    assert_close(
        plan.costs.by_purchase["on_demand"],
        3_000.0,
        "on-demand cost",
    );
}

// Spot with availability < 1 and a spot share cap.
// 1 period of 100 h; demand 10 wu/h.
//   od:   g 8,             $80/h → $10/wu
//   spot: g 8 × 0.8 = 6.4, $40/h → $6.25/wu
// Uncapped: all spot, 10/6.4 = 1.5625 units × 40 × 100 = 6 250.
// policy.max_spot_share 0.4: spot delivers 4 → 4/6.4 = 0.625 units × 40 × 100 = 2 500,
//   on-demand delivers 6 → 0.75 units × 80 × 100 = 6 000. Total 8 500.
// Workload override max_spot_share 0.2 (policy 0.4 stays): spot 2 → 0.3125 × 4 000 = 1 250,
//   on-demand 8 → 1 unit × 8 000 = 8 000. Total 9 250.
#[test]
fn spot_availability_and_spot_share_cap() {
    let base = Scenario::builder("spot")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::spot("spot", "p", "us-east-1", "H100", 8.0, 40.0).availability(0.8))
        .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0));

    let uncapped = solve(&base.clone().build().unwrap());
    assert_optimal(&uncapped);
    assert_cost(&uncapped, 6_250.0);
    assert_close(units(&uncapped, "w", "spot", 1), 1.5625, "spot units");

    let capped = solve(&base.clone().max_spot_share(0.4).build().unwrap());
    assert_optimal(&capped);
    assert_cost(&capped, 8_500.0);
    assert_close(units(&capped, "w", "spot", 1), 0.625, "spot units");
    assert_close(units(&capped, "w", "od", 1), 0.75, "on-demand units");
    let spot = &capped.achieved.spot_shares[0];
    assert_close(spot.share, 0.4, "achieved spot share");
    assert_close(spot.limit, 0.4, "spot limit");

    let mut s = base.max_spot_share(0.4).build().unwrap();
    s.workloads[0].max_spot_share = Some(0.2);
    let overridden = solve(&s);
    assert_optimal(&overridden);
    assert_cost(&overridden, 9_250.0);
    assert_close(
        overridden.achieved.spot_shares[0].share,
        0.2,
        "achieved spot share",
    );
    assert_close(overridden.achieved.spot_shares[0].limit, 0.2, "spot limit");
}

// Commit with term and lead time: the signing period matters.
// 3 periods of 100 h; demand 8 wu/h (1 unit) in every period.
//   od: g 8, $80/h → 8 000 per unit-period.
//   commit: g 8, $40/h, term 2, lead 1 → signed in s, active s+1 and s+2 (4 000 per active period).
// Signing is possible in periods 1 and 2 only (a signing in 3 would start after the horizon).
//   Period 1 cannot be covered by a commitment → on-demand 8 000.
//   Sign 1 unit in period 1: active 2..3, cost 2 × 4 000 = 8 000, covers periods 2 and 3.
//   (Signing in period 2 covers only period 3 inside the horizon for 4 000 and leaves period 2
//   to on-demand: 8 000 + 4 000 = 12 000 > 8 000.)
// Total 16 000 (all on-demand: 24 000).
#[test]
fn commit_term_and_lead_time() {
    let s = Scenario::builder("commit")
        .integer_units(false)
        .periods(3)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit("c", "p", "us-east-1", "H100", 8.0, 40.0, 2).lead_periods(1))
        .workload(Workload::serving("w", [8.0, 8.0, 8.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 16_000.0);
    assert_eq!(plan.commitments.len(), 1, "{:?}", plan.commitments);
    let c = &plan.commitments[0];
    assert_eq!((c.offering.as_str(), c.period), ("c", 1));
    assert_close(c.units, 1.0, "units");
    assert_eq!((c.term_periods, c.lead_periods), (2, 1));
    assert_eq!((c.first_active_period, c.last_active_period), (2, 3));
    assert_close(c.cost_in_horizon, 8_000.0, "cost in horizon");
    assert_close(c.cost_beyond_horizon, 0.0, "cost beyond horizon");
    assert_close(units(&plan, "w", "od", 1), 1.0, "period 1 on-demand");
    assert_close(
        units(&plan, "w", "c", 2) + units(&plan, "w", "c", 3),
        2.0,
        "commit use",
    );
    assert_close(plan.costs.by_period[0], 8_000.0, "period 1");
    assert_close(plan.costs.by_period[1], 4_000.0, "period 2");
    assert_close(plan.costs.by_period[2], 4_000.0, "period 3");
    assert!(plan
        .achieved
        .commitment_utilisation
        .iter()
        .all(|u| close(u.utilisation, 1.0)));
}

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

// Policy shadow prices: provider share.
// 1 period of 100 h; demand 10 wu/h; a: g 8 $80/h ($10/wu), b: g 8 $96/h ($12/wu); share 0.6.
//   Cost 10 800 (see provider_share_policy_and_override). Raising a's share by Δ moves 10Δ wu/h
//   from b to a, saving 10Δ × (12 − 10) × 100 = 2 000Δ → −2 000 USD per unit of share.
#[test]
fn shadow_price_of_provider_share() {
    let s = Scenario::builder("share-price")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("a")
        .provider("b")
        .offering(od_h100("a-od", "a", 80.0))
        .offering(od_h100("b-od", "b", 96.0))
        .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0))
        .max_provider_share(0.6)
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 10_800.0);
    let sp = plan.shadow_prices.as_ref().unwrap();
    let row = sp
        .policy
        .iter()
        .find(|p| p.family.as_str() == "provider_share" && p.provider.as_deref() == Some("a"))
        .unwrap_or_else(|| panic!("{:?}", sp.policy));
    assert_close(row.usd_per_unit_of_parameter, -2_000.0, "share price");
    assert_close(sp.demand[0].usd_per_work_unit, 12.0, "demand price");
}

// Growth demand and monthly labels.
// 3 periods of 100 h; demand {start 8, growth 0.5} → 8, 12, 18 wu/h; od g 8 $80/h ($10/wu):
//   (8 + 12 + 18) × 100 × 10 = 38 000. Labels from start "2025-11": 2025-11, 2025-12, 2026-01.
#[test]
fn growth_demand_and_period_labels() {
    let s = Scenario::builder("growth")
        .integer_units(false)
        .periods(3)
        .hours_per_period(100.0)
        .start("2025-11")
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .workload(Workload::serving_growth("w", 8.0, 0.5).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 38_000.0);
    let labels: Vec<&str> = plan.periods.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["2025-11", "2025-12", "2026-01"]);
    assert_close(units(&plan, "w", "od", 3), 2.25, "period 3 units");
}

// Two workloads sharing a commitment: cost split in proportion to use.
// 1 period of 100 h; commit c: g 8 (both workloads 1 wu/chip-h), $50/h, term 1; od $80/h.
//   Demand a 4, b 12 → 2 units, all commit (cheaper): 2 × 50 × 100 = 10 000.
//   by_workload: a 0.5 unit → 2 500, b 1.5 units → 7 500; no idle commitment.
#[test]
fn shared_commitment_cost_split_by_use() {
    let s = Scenario::builder("shared")
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
            50.0,
            1,
        ))
        .workload(Workload::serving("a", [4.0]).throughput("H100", 1.0))
        .workload(Workload::serving("b", [12.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve(&s);
    assert_optimal(&plan);
    assert_cost(&plan, 10_000.0);
    assert_close(plan.costs.by_workload["a"], 2_500.0, "a");
    assert_close(plan.costs.by_workload["b"], 7_500.0, "b");
    assert!(plan
        .costs
        .by_workload
        .get(IDLE_COMMITMENT)
        .is_none_or(|v| v.abs() < 1e-6));
}

// Options are plumbed: shadow prices can be switched off.
#[test]
fn shadow_prices_can_be_disabled() {
    let s = Scenario::builder("no-shadow")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .workload(Workload::serving("w", [8.0]).throughput("H100", 1.0))
        .build()
        .unwrap();
    let plan = solve_with(
        &s,
        &PlanOptions {
            shadow_prices: false,
            ..PlanOptions::default()
        },
    );
    assert_optimal(&plan);
    assert_cost(&plan, 8_000.0);
    assert!(plan.shadow_prices.is_none());
}

// Batch workloads: provider share over the window, and a batch shortfall.
// 1 period of 100 h; batch total 1 600 wu; a: g 8 $80/h ($10/wu), b: g 8 $96/h ($12/wu);
// policy.max_provider_share 0.5 → each provider delivers at most 800 wu over the window.
//   a: 800 wu = 100 unit-hours × 80 = 8 000; b: 800 wu = 100 unit-hours × 96 = 9 600.
//   Total 17 600.
// With a penalty of $11/wu (< b's $12/wu): b is not worth it, 800 wu short × 11 = 8 800.
//   total_cost 8 000, objective 16 800; the shortfall is reported at the window's last period.
#[test]
fn batch_provider_share_and_shortfall() {
    let build = |penalty: Option<f64>| {
        let mut w = Workload::batch("train", 1_600.0, 1, 1).throughput("H100", 1.0);
        w.shortfall_penalty = penalty;
        Scenario::builder("batch-share")
            .integer_units(false)
            .hours_per_period(100.0)
            .provider("a")
            .provider("b")
            .offering(od_h100("a-od", "a", 80.0))
            .offering(od_h100("b-od", "b", 96.0))
            .workload(w)
            .max_provider_share(0.5)
            .build()
            .unwrap()
    };
    let plan = solve(&build(None));
    assert_optimal(&plan);
    assert_cost(&plan, 17_600.0);
    assert_close(plan.costs.by_provider["a"], 8_000.0, "a");
    assert_close(plan.costs.by_provider["b"], 9_600.0, "b");
    for share in &plan.achieved.provider_shares {
        assert_close(share.share, 0.5, "batch provider share");
    }

    let plan = solve(&build(Some(11.0)));
    assert_optimal(&plan);
    assert_cost(&plan, 8_000.0);
    assert_objective(&plan, 16_800.0);
    assert_eq!(plan.achieved.shortfall.len(), 1);
    let short = &plan.achieved.shortfall[0];
    assert_eq!((short.period, short.segment.as_deref()), (1, None));
    assert_close(short.work_units, 800.0, "short work units");
    assert_close(short.penalty, 8_800.0, "penalty");
    let demand = &plan.shadow_prices.as_ref().unwrap().demand[0];
    assert_eq!((demand.period, demand.segment.as_deref()), (None, None));
    assert_close(demand.usd_per_work_unit, 11.0, "batch demand price");
}

// Charged periods after the horizon are priced at the last period's hours.
// Hours [100, 50]; demand 8 wu/h (1 unit) in both periods; od g 8 $80/h (8 000 then 4 000).
// commit: g 8, $40/h, term 3, lead 0.
//   Signed in period 1: active 1, 2, 3 → inside 40 × (100 + 50) = 6 000; period 3 beyond the
//   horizon at the last period's 50 h: 40 × 50 = 2 000.
//   Signed in period 2: active 2, 3, 4 → inside 2 000, beyond 2 × 2 000 = 4 000.
// amortize: sign 1 unit in period 1 → total 6 000, beyond_horizon 2 000 (reported).
// charge:   sign in 1 → 8 000; on-demand 1 + sign in 2 → 8 000 + 6 000; all on-demand 12 000.
//   → total 8 000 with beyond_horizon 2 000 charged; by_period [4 000, 2 000].
#[test]
fn charged_beyond_horizon_uses_last_period_hours() {
    let base = Scenario::builder("beyond-hours")
        .integer_units(false)
        .hours([100.0, 50.0])
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit(
            "c",
            "p",
            "us-east-1",
            "H100",
            8.0,
            40.0,
            3,
        ))
        .workload(Workload::serving("w", [8.0, 8.0]).throughput("H100", 1.0));
    let amortized = solve(&base.clone().build().unwrap());
    assert_optimal(&amortized);
    assert_cost(&amortized, 6_000.0);
    assert_close(amortized.costs.beyond_horizon, 2_000.0, "beyond (reported)");

    let charged = solve(
        &base
            .commitments_beyond_horizon(BeyondHorizon::Charge)
            .build()
            .unwrap(),
    );
    assert_optimal(&charged);
    assert_cost(&charged, 8_000.0);
    assert_close(charged.costs.beyond_horizon, 2_000.0, "beyond (charged)");
    assert_close(charged.costs.by_period[0], 4_000.0, "period 1");
    assert_close(charged.costs.by_period[1], 2_000.0, "period 2");
    assert_eq!(charged.commitments.len(), 1);
    assert_eq!(
        (
            charged.commitments[0].period,
            charged.commitments[0].last_active_period
        ),
        (1, 3)
    );
}

// Existing commitments above the whole-unit cap with integer units.
// 1 period of 100 h; demand 8 wu/h (1 unit); commit c: g 8, $50/h, term 1, max_units 1.5,
// existing 1.5 units (1 remaining period). The existing units carry the demand alone:
//   cost 1.5 × 50 × 100 = 7 500 (LP and integer alike; nothing new to sign or run).
// Regression: the whole-unit cap floor(1.5) = 1 once made the commit cap row y ≤ 1 − 1.5 < 0,
// so the integer plan was "infeasible".
#[test]
fn integer_units_with_existing_above_whole_cap() {
    let s = Scenario::builder("existing-integer")
        .hours_per_period(100.0)
        .provider("p")
        .offering(od_h100("od", "p", 80.0))
        .offering(Offering::commit("c", "p", "us-east-1", "H100", 8.0, 50.0, 1).max_units(1.5))
        .workload(Workload::serving("w", [8.0]).throughput("H100", 1.0))
        .existing("c", 1.5, 1)
        .build()
        .unwrap();
    let lp = solve(&s);
    assert_optimal(&lp);
    assert_cost(&lp, 7_500.0);
    let int = solve_integer(&s);
    assert!(
        matches!(int.status, Status::Optimal | Status::Feasible),
        "{:?} {:?}",
        int.status,
        int.notes
    );
    assert_cost(&int, 7_500.0);
}
