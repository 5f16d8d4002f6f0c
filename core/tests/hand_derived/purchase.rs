//! On-demand, load segments, spot, and commitment terms and lead times.

use super::*;

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
