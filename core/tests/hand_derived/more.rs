//! Share prices, growth and labels, shared commitments, batch shares, charging beyond the horizon.

use super::*;

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
