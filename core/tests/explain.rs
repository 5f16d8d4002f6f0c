//! Explaining plans: policy prices, baselines, sweeps, shadow prices in words and
//! infeasibility diagnosis, each against values derived by hand in the comments.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use capmix::explain::{param_forms, PolicyCost, PolicyFamily};
use capmix::{
    apply_param, diagnose, explain, parse_values, plan, sweep, BeyondHorizon, Error,
    ExplainOptions, Explanation, Offering, PlanOptions, Scenario, ScenarioBuilder, Status,
    Workload,
};
use common::assert_close;

/// One period of 100 h; providers a ($10/unit-h) and b ($20/unit-h), one H100 chip per unit
/// delivering 1 wu/h; demand 10 wu/h. Cheapest: all on a, 10 units × $10 × 100 h = $10,000.
fn two_providers() -> ScenarioBuilder {
    Scenario::builder("two providers")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("a")
        .provider("b")
        .offering(Offering::on_demand("a-od", "a", "r1", "H100", 1.0, 10.0))
        .offering(Offering::on_demand("b-od", "b", "r1", "H100", 1.0, 20.0))
        .workload(
            Workload::serving("w", [10.0])
                .throughput("H100", 1.0)
                .unit("wu/h"),
        )
}

/// `two_providers` plus spot on a: $4/unit-h at availability 0.5, i.e. 0.5 wu/h per unit,
/// so $8 per wu/h-hour, the cheapest. Unrestricted: 20 spot units × $4 × 100 h = $8,000.
fn with_spot() -> ScenarioBuilder {
    two_providers()
        .offering(Offering::spot("a-spot", "a", "r1", "H100", 1.0, 4.0).availability(0.5))
}

fn cost_of(s: &Scenario) -> f64 {
    plan(s, &PlanOptions::default())
        .unwrap()
        .total_cost
        .expect("a plan")
}

fn price_of(e: &Explanation, family: PolicyFamily) -> &PolicyCost {
    e.policies
        .iter()
        .find(|p| p.family == family)
        .unwrap_or_else(|| panic!("no price for {family:?}: {:?}", e.policies))
}

#[test]
fn provider_share_cap_has_a_known_price() {
    // Cap 0.5: 5 wu/h on a ($5,000) and 5 on b ($10,000) = $15,000; without it $10,000.
    // The cap costs $5,000, +50% of the uncapped plan.
    let s = two_providers().max_provider_share(0.5).build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    assert_close(e.total_cost.unwrap(), 15_000.0, "plan");
    let p = price_of(&e, PolicyFamily::ProviderShare);
    assert_close(p.extra_cost_usd.unwrap(), 5_000.0, "extra cost");
    assert_close(p.extra_cost_pct.unwrap(), 50.0, "extra %");
    assert!(
        p.sentence.contains("$5,000") && p.sentence.contains("+50.0%"),
        "{}",
        p.sentence
    );
    assert_eq!(
        e.policies.len(),
        1,
        "only the share cap is active: {:?}",
        e.policies
    );
    // With one active family the no-policy plan is that relaxation: reused, not re-solved.
    let b = e.baselines.as_ref().unwrap();
    assert_close(
        b.no_policy.policies_add_usd.unwrap(),
        5_000.0,
        "policies add",
    );
    assert_eq!(
        e.solves,
        1 + 1 + 2,
        "plan, one relaxation (reused by no-policy), two providers alone"
    );
    assert!(
        e.headline.iter().any(|h| h.contains("$15,000")),
        "{:?}",
        e.headline
    );
}

#[test]
fn every_active_family_is_priced() {
    // Spot capped at 0.5 (w: 5 wu/h spot $4,000 + 5 wu/h a-od $5,000 = $9,000), region filter
    // r1 (nothing excluded: costs nothing), budget $1M (slack: costs nothing).
    let mut s = with_spot().max_spot_share(0.5).budget(1e6).build().unwrap();
    s.workloads[0].regions = Some(vec!["r1".into()]);
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    assert_close(e.total_cost.unwrap(), 9_000.0, "plan");
    assert_close(
        price_of(&e, PolicyFamily::SpotShare)
            .extra_cost_usd
            .unwrap(),
        1_000.0,
        "spot cap",
    );
    assert_close(
        price_of(&e, PolicyFamily::Budget).extra_cost_usd.unwrap(),
        0.0,
        "budget",
    );
    let r = price_of(&e, PolicyFamily::RegionFilters);
    assert_close(r.extra_cost_usd.unwrap(), 0.0, "region filter");
    assert_eq!(
        r.sentence,
        "The region allow-lists (w) cost nothing: the plan is as cheap without them."
    );
    let families: Vec<PolicyFamily> = e.policies.iter().map(|p| p.family).collect();
    assert_eq!(
        families,
        vec![
            PolicyFamily::SpotShare,
            PolicyFamily::Budget,
            PolicyFamily::RegionFilters
        ]
    );
}

#[test]
fn relaxing_the_culprit_is_reported_as_making_the_plan_feasible() {
    // Budget $8,000 < least cost $10,000: infeasible; without the budget it costs $10,000.
    let s = two_providers().budget(8_000.0).build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    assert_eq!(e.status, Status::Infeasible);
    let p = price_of(&e, PolicyFamily::Budget);
    assert!(p.makes_infeasible);
    assert_close(p.relaxed_objective.unwrap(), 10_000.0, "without budget");
    let d = e.diagnosis.as_ref().expect("a diagnosis");
    assert_close(d.least_budget.unwrap(), 10_000.0, "least budget");
    assert!(
        e.headline.iter().any(|h| h
            .to_lowercase()
            .contains("budget would need at least $10,000")),
        "{:?}",
        e.headline
    );
}

#[test]
fn single_provider_baselines_and_savings() {
    // a: H100 on demand $10 and a commitment offering ($5, capped at the 2 existing units,
    // $1,000 in the horizon). b: H100 $20 and H200 $30. w: 10 wu/h on H100; v: 5 wu/h on
    // H200 only (b alone has it).
    // Plan: w = 2 commit units ($1,000) + 8 a-od ($8,000); v = 5 H200 ($15,000): $24,000.
    // a alone: v cannot run (no compatible accelerator).
    // b alone: w on b-od $20,000 + v $15,000 + a's existing commitment paid anyway $1,000
    //          = $36,000, +$12,000 (+50%) against the plan. Savings of several providers:
    //          $12,000, i.e. 12,000 / 36,000 = 33.3% of the best single provider.
    let s = two_providers()
        .offering(Offering::commit("a-commit", "a", "r1", "H100", 1.0, 5.0, 12).max_units(2.0))
        .offering(Offering::on_demand("b-h200", "b", "r1", "H200", 1.0, 30.0))
        .existing("a-commit", 2.0, 12)
        .workload(Workload::serving("v", [5.0]).throughput("H200", 1.0))
        .build()
        .unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    assert_close(e.total_cost.unwrap(), 24_000.0, "plan");
    let b = e.baselines.as_ref().unwrap();
    let a = &b.providers[0];
    assert_eq!(a.status, Status::Infeasible);
    assert_eq!(
        a.reason.as_deref(),
        Some("workload v cannot run on a (no compatible accelerator)")
    );
    let bb = &b.providers[1];
    assert_close(bb.total_cost.unwrap(), 36_000.0, "b alone");
    assert_close(bb.sunk_existing_usd, 1_000.0, "sunk");
    assert_close(bb.vs_plan_usd.unwrap(), 12_000.0, "b vs plan");
    assert_close(bb.vs_plan_pct.unwrap(), 50.0, "b vs plan %");
    assert_eq!(b.best_single.as_deref(), Some("b"));
    assert_close(b.multi_provider_savings_usd.unwrap(), 12_000.0, "savings");
    assert_close(
        b.multi_provider_savings_pct.unwrap(),
        100.0 / 3.0,
        "savings %",
    );
    assert!(b.no_policy.relaxed.is_empty());
}

#[test]
fn several_clouds_that_save_nothing_are_said_to_cost_the_same() {
    // two_providers without policies: the plan is all on a ($10,000), and so is a alone; b
    // alone costs $20,000. Several clouds save $0 against the best single one: the headline
    // says "the same", not "saving $0 (0.0%)".
    let s = two_providers().build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let b = e.baselines.as_ref().unwrap();
    assert_eq!(b.best_single.as_deref(), Some("a"));
    assert_close(b.multi_provider_savings_usd.unwrap(), 0.0, "savings");
    let line = e
        .headline
        .iter()
        .find(|l| l.starts_with("The best single cloud"))
        .expect("a baseline sentence");
    assert!(
        line.ends_with("several clouds cost $10,000, the same."),
        "{line}"
    );
    assert!(
        !e.headline.iter().any(|l| l.contains("saving $0")),
        "{:?}",
        e.headline
    );
}

#[test]
fn filters_that_exclude_a_provider_are_named_in_the_baseline() {
    let mut s = two_providers().build().unwrap();
    s.workloads[0].providers = Some(vec!["b".into()]);
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let a = &e.baselines.as_ref().unwrap().providers[0];
    assert_eq!(
        a.reason.as_deref(),
        Some("workload w is not allowed on a (its provider/region filters)")
    );
    // The allow-list forces b: $20,000 instead of $10,000.
    assert_close(
        price_of(&e, PolicyFamily::ProviderFilters)
            .extra_cost_usd
            .unwrap(),
        10_000.0,
        "filter",
    );
}

#[test]
fn outage_coverage_sweep_follows_the_derived_curve() {
    // Rows: d_a + d_b ≥ 10, d_b ≥ 10β (losing a), d_a ≥ 10β (losing b); cost 100(10 d_a + 20 d_b).
    // d_b = 10β; d_a = max(10β, 10 − 10β). β ≤ 0.5: cost = 10,000(1 + β); β ≥ 0.5: 30,000β.
    // Achieved coverage min(d_a, d_b)/10 = β. Costs rise with coverage: every point is Pareto.
    let s = two_providers().build().unwrap();
    let values = parse_values("0:1:0.25").unwrap();
    let sw = sweep(
        &s,
        "policy.outage_coverage",
        &values,
        &PlanOptions::default(),
    )
    .unwrap();
    let expected = [10_000.0, 12_500.0, 15_000.0, 22_500.0, 30_000.0];
    for (row, (&beta, &cost)) in sw.rows.iter().zip(values.iter().zip(&expected)) {
        assert_eq!(row.value, beta);
        assert_close(
            row.total_cost.unwrap(),
            cost,
            &format!("cost at β = {beta}"),
        );
        assert_close(row.outage_coverage.unwrap(), beta, "achieved coverage");
        assert!(row.pareto && !row.inferred);
        assert_close(row.cost_by_provider.values().sum(), cost, "provider split");
    }
    assert_close(sw.rows[4].cost_by_provider["b"], 20_000.0, "b at β = 1");
    assert_eq!(sw.providers, vec!["a".to_string(), "b".to_string()]);
}

#[test]
fn distributed_sweep_matches_the_serial_one() {
    // What an executor does: apply_param + plan per value, then assemble the rows.
    let s = two_providers().build().unwrap();
    let values = [0.0, 0.5, 1.0];
    let serial = sweep(
        &s,
        "policy.outage_coverage",
        &values,
        &PlanOptions::default(),
    )
    .unwrap();
    let rows = values
        .iter()
        .map(|&v| {
            let p = plan(
                &apply_param(&s, "policy.outage_coverage", v).unwrap(),
                &PlanOptions::default(),
            )
            .unwrap();
            capmix::SweepRow::from_plan(v, &p)
        })
        .collect();
    let assembled = capmix::Sweep::from_rows("policy.outage_coverage", rows);
    assert_eq!(assembled.providers, serial.providers);
    for (a, b) in assembled.rows.iter().zip(&serial.rows) {
        assert_eq!((a.status, a.pareto), (b.status, b.pareto));
        assert_close(a.total_cost.unwrap(), b.total_cost.unwrap(), "cost");
    }
}

#[test]
fn sweep_infers_downwards_for_caps() {
    // Demand 10 wu/h allowed on b only, b capped: caps below 10 units are infeasible. Solved from the loosest (12) down; 8 is
    // the first infeasible, 4 is inferred.
    let mut s = two_providers().build().unwrap();
    s.workloads[0].providers = Some(vec!["b".into()]);
    let sw = sweep(
        &s,
        "offerings.b-od.max_units",
        &[4.0, 12.0, 8.0, 10.0],
        &PlanOptions::default(),
    )
    .unwrap();
    let status: Vec<Status> = sw.rows.iter().map(|r| r.status).collect();
    assert_eq!(
        status,
        vec![
            Status::Infeasible,
            Status::Optimal,
            Status::Infeasible,
            Status::Optimal
        ]
    );
    assert!(sw.rows[0].inferred && !sw.rows[2].inferred);
    assert_close(sw.rows[3].total_cost.unwrap(), 20_000.0, "10 units of b");
}

#[test]
fn sweep_infers_infeasibility_beyond_the_first_infeasible_value() {
    // b capped at 6 units: coverage above 0.6 is impossible (losing a leaves at most 6 of 10).
    let mut s = two_providers().build().unwrap();
    s.offerings[1].max_units = Some(6.0);
    let sw = sweep(
        &s,
        "policy.outage_coverage",
        &[1.0, 0.5, 0.75, 0.6],
        &PlanOptions::default(),
    )
    .unwrap();
    let status: Vec<Status> = sw.rows.iter().map(|r| r.status).collect();
    assert_eq!(
        status,
        vec![
            Status::Infeasible,
            Status::Optimal,
            Status::Infeasible,
            Status::Optimal
        ]
    );
    // Solved loosest first: 0.5, 0.6, 0.75 (infeasible), then 1 is inferred.
    assert!(sw.rows[0].inferred && !sw.rows[2].inferred);
    assert_close(
        sw.rows[3].total_cost.unwrap(),
        18_000.0,
        "β = 0.6: 100 × (10·6 + 20·6)",
    );
}

/// Sweeps `path` over `values` and checks the total costs.
#[track_caller]
fn check_sweep(s: &Scenario, path: &str, values: &[f64], costs: &[Option<f64>]) {
    let sw =
        sweep(s, path, values, &PlanOptions::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(sw.param, path);
    for (row, expected) in sw.rows.iter().zip(costs) {
        match expected {
            Some(c) => assert_close(
                row.total_cost.unwrap_or(f64::NAN),
                *c,
                &format!("{path} = {}", row.value),
            ),
            None => assert_eq!(row.status, Status::Infeasible, "{path} = {}", row.value),
        }
    }
    // The same values through apply_param + plan agree (what a distributed sweep does).
    for (&v, row) in values.iter().zip(&sw.rows) {
        let p = plan(&apply_param(s, path, v).unwrap(), &PlanOptions::default()).unwrap();
        assert_eq!(
            p.total_cost.is_some(),
            row.total_cost.is_some(),
            "{path} = {v}"
        );
    }
}

#[test]
fn sweeps_over_every_kind_of_parameter_path() {
    let s = with_spot().build().unwrap();
    assert_close(cost_of(&s), 8_000.0, "base");
    // Spot share σ: σ·10 wu/h on spot ($800 per wu/h), the rest on a-od ($1,000 per wu/h).
    let spot = [Some(10_000.0), Some(9_000.0), Some(8_000.0)];
    check_sweep(&s, "policy.max_spot_share", &[0.0, 0.5, 1.0], &spot);
    check_sweep(&s, "workloads.w.max_spot_share", &[0.0, 0.5, 1.0], &spot);
    // Share cap 0.5 on a: 5 wu/h on spot ($4,000) + 5 on b ($10,000).
    check_sweep(
        &s,
        "policy.max_provider_share",
        &[0.5, 1.0],
        &[Some(14_000.0), Some(8_000.0)],
    );
    check_sweep(
        &s,
        "providers.a.max_share",
        &[0.5, 1.0],
        &[Some(14_000.0), Some(8_000.0)],
    );
    // Coverage 0.5: at least 5 wu/h on each provider, the same split as the share cap.
    check_sweep(
        &s,
        "policy.outage_coverage",
        &[0.0, 0.5],
        &[Some(8_000.0), Some(14_000.0)],
    );
    check_sweep(
        &s,
        "policy.budget",
        &[7_000.0, 9_000.0],
        &[None, Some(8_000.0)],
    );
    // a's prices × 0.5: spot $4 per wu/h-hour → $4,000; × 2: spot $16 beats b's $20 → $16,000.
    check_sweep(
        &s,
        "providers.a.price_scale",
        &[0.5, 1.0, 2.0],
        &[Some(4_000.0), Some(8_000.0), Some(16_000.0)],
    );
    check_sweep(
        &s,
        "workloads.w.demand_scale",
        &[0.5, 2.0],
        &[Some(4_000.0), Some(16_000.0)],
    );
    // 10 spot units deliver 5 wu/h ($4,000); the other 5 on a-od ($5,000).
    check_sweep(
        &s,
        "offerings.a-spot.max_units",
        &[10.0, 0.0],
        &[Some(9_000.0), Some(10_000.0)],
    );
    // Spot at $6/unit-h is $12 per wu/h-hour, dearer than a-od's $10.
    check_sweep(
        &s,
        "offerings.a-spot.price_per_hour",
        &[4.0, 6.0],
        &[Some(8_000.0), Some(10_000.0)],
    );
    check_sweep(
        &s,
        "offerings.b-od.price_per_hour",
        &[5.0],
        &[Some(5_000.0)],
    );
}

#[test]
fn sweeps_over_switches() {
    // Spot ≤ 0.25: fractional units put 2.5 wu/h on spot (5 units, $2,000) and 7.5 wu/h on
    // a-od ($7,500): $9,500. Whole units: k spot units (k ≤ 5) and ⌈10 − k/2⌉ a-od units cost
    // 400k + 1000⌈10 − k/2⌉: k = 0 → 10,000, 2 → 9,800, 4 → 9,600, 5 → 10,000. Best $9,600.
    let s = with_spot().max_spot_share(0.25).build().unwrap();
    check_sweep(
        &s,
        "policy.integer_units",
        &[0.0, 1.0],
        &[Some(9_500.0), Some(9_600.0)],
    );
    // Commit at $5 for 3 periods in a 1-period horizon: amortized it costs $500 per unit in
    // the horizon (10 units: $5,000); charged it costs $1,500 per unit, so on-demand wins.
    let c = two_providers()
        .offering(Offering::commit("a-commit", "a", "r1", "H100", 1.0, 5.0, 3))
        .commitments_beyond_horizon(BeyondHorizon::Amortize)
        .build()
        .unwrap();
    check_sweep(
        &c,
        "policy.commitments_beyond_horizon",
        &[0.0, 1.0],
        &[Some(5_000.0), Some(10_000.0)],
    );
}

#[test]
fn bad_paths_are_clear_errors() {
    let s = with_spot().build().unwrap();
    for path in [
        "policy.nope",
        "outage_coverage",
        "providers.zz.max_share",
        "offerings.a-od.colour",
        "regions.x.y",
        "providers..max_share",
    ] {
        let e = apply_param(&s, path, 0.5).unwrap_err();
        let Error::InvalidOption { name, reason } = &e else {
            panic!("{path}: {e:?}")
        };
        assert_eq!(name, path);
        assert!(
            reason.contains("valid forms") || reason.contains("unknown provider"),
            "{path}: {reason}"
        );
    }
    let e = apply_param(&s, "providers.zz.max_share", 0.5).unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown provider `zz` (declared: a, b)"),
        "{e}"
    );
    assert!(param_forms().contains("workloads.<id>.demand_scale"));
    let e = sweep(&s, "policy.nope", &[1.0], &PlanOptions::default()).unwrap_err();
    assert_eq!(e.kind(), "invalid_option");
}

#[test]
fn bad_values_are_the_modified_scenarios_errors() {
    let s = with_spot().build().unwrap();
    let e = apply_param(&s, "policy.outage_coverage", 1.5).unwrap_err();
    assert_eq!(
        (e.kind(), e.path()),
        ("invalid", Some("policy.outage_coverage"))
    );
    let e = apply_param(&s, "offerings.a-od.max_units", -1.0).unwrap_err();
    assert_eq!(e.path(), Some("offerings[0].max_units"));
    let e = apply_param(&s, "providers.b.max_share", 2.0).unwrap_err();
    assert_eq!(e.path(), Some("providers[1].max_share"));
    for (path, v) in [
        ("providers.a.price_scale", -1.0),
        ("policy.integer_units", 0.5),
        ("workloads.w.demand_scale", f64::NAN),
    ] {
        let e = apply_param(&s, path, v).unwrap_err();
        assert_eq!((e.kind(), e.path()), ("invalid_option", Some(path)), "{e}");
    }
    // A bad value anywhere in the list fails the sweep before anything is solved.
    let e = sweep(
        &s,
        "policy.max_spot_share",
        &[0.5, 1.5],
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("policy.max_spot_share"));
    assert!(parse_values("0:1:-1").is_err() && parse_values("x").is_err());
}

#[test]
fn diagnosis_reports_the_missing_amount() {
    // One offering capped at 5 units of 1 wu/h; demand 8 wu/h: 3 wu/h (37.5%) cannot be
    // served, 300 wu over the 100 h; the cap is exhausted.
    let s = Scenario::builder("short")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("od", "p", "r1", "H100", 1.0, 10.0).max_units(5.0))
        .workload(
            Workload::serving("chat", [8.0])
                .throughput("H100", 1.0)
                .unit("Mtok/h"),
        )
        .build()
        .unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Infeasible);
    let d = p.diagnosis.as_ref().expect("plan() attaches a diagnosis");
    assert_eq!(d.unserved.len(), 1);
    let u = &d.unserved[0];
    assert_close(u.missing, 3.0, "missing wu/h");
    assert_close(u.missing_share, 0.375, "missing share");
    assert_close(u.missing_work_units, 300.0, "missing work");
    assert_eq!(d.exhausted_caps.len(), 1);
    assert_eq!(
        (
            d.exhausted_caps[0].offering.as_str(),
            d.exhausted_caps[0].periods.clone()
        ),
        ("od", vec![1])
    );
    assert_eq!(d.summary[0], "chat, P1: 3 Mtok/h (37.5%) cannot be served");
    assert_eq!(d.summary[1], "cap of od (5 units) exhausted in P1");
    let json = p.to_json_string();
    assert!(
        json.contains("\"diagnosis\"") && json.contains("\"missing_work_units\""),
        "{json}"
    );
    // A feasible plan carries none, and its JSON has no such key.
    let ok = plan(&with_spot().build().unwrap(), &PlanOptions::default()).unwrap();
    assert!(ok.diagnosis.is_none() && !ok.to_json_string().contains("diagnosis"));
}

#[test]
fn diagnosis_of_a_batch_workload() {
    // 1,000 wu within period 1 (100 h) on at most 5 units of 1 wu/h: 500 wu can be done,
    // 500 wu (50%) cannot. The diagnosis survives a JSON round trip of the plan.
    let s = Scenario::builder("batch")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("od", "p", "r1", "H100", 1.0, 10.0).max_units(5.0))
        .workload(
            Workload::batch("train", 1_000.0, 1, 1)
                .throughput("H100", 1.0)
                .unit("wu"),
        )
        .build()
        .unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    let d = p.diagnosis.as_ref().expect("a diagnosis");
    assert_close(d.unserved[0].missing, 500.0, "missing work");
    assert_close(d.unserved[0].missing_share, 0.5, "missing share");
    assert_eq!(
        d.summary[0],
        "train: 500 of 1,000 wu (50%) cannot be completed in its window"
    );
    let back = capmix::Plan::from_json_str(&p.to_json_string()).unwrap();
    assert_eq!(back.diagnosis, p.diagnosis);
}

#[test]
fn diagnosis_finds_the_reachable_coverage() {
    // b capped at 4 units; β = 0.6 needs 6 wu/h on b when a is lost. Largest reachable β:
    // d_b ≥ 10β with d_b ≤ 4 → 0.4.
    let mut s = two_providers().outage_coverage(0.6).build().unwrap();
    s.offerings[1].max_units = Some(4.0);
    let d = diagnose(&s, &PlanOptions::default()).unwrap();
    assert_close(d.max_outage_coverage.unwrap(), 0.4, "reachable coverage");
    assert!(d.unserved.is_empty(), "{:?}", d.unserved);
    let l = d
        .policy_limits
        .iter()
        .find(|l| l.family == PolicyFamily::OutageCoverage)
        .unwrap();
    assert_eq!(l.provider.as_deref(), Some("a"));
    assert_close(l.relaxed_to, 0.4, "row relaxed to");
    assert!(
        d.summary
            .iter()
            .any(|x| x == "outage coverage reachable: at most 0.4 (asked 0.6)"),
        "{:?}",
        d.summary
    );
    assert!(
        d.summary
            .iter()
            .any(|x| x == "cap of b-od (4 units) exhausted in P1"),
        "{:?}",
        d.summary
    );
}

#[test]
fn diagnosis_of_a_provider_share_cap() {
    // Both providers capped at 40%: 8 of 10 wu/h at most. The caps give (2000 × price for
    // unserved demand is dearer than 1000 × price plus the purchase), so the diagnosis says
    // a provider would need to carry 60% (from 40%) rather than that demand is missing.
    let s = two_providers().max_provider_share(0.4).build().unwrap();
    let d = diagnose(&s, &PlanOptions::default()).unwrap();
    assert!(d.unserved.is_empty(), "{:?}", d.unserved);
    let extra: f64 = d.policy_limits.iter().map(|l| l.relaxed_to - l.limit).sum();
    assert_close(extra, 0.2, "share to add over both providers");
    assert!(
        d.summary[0].contains("would need to carry") && d.summary[0].contains("(cap 40%)"),
        "{:?}",
        d.summary
    );
}

#[test]
fn diagnosis_of_single_routing() {
    // Two accelerators capped at 5 units each, demand 8: split routing serves it (5 + 3),
    // one accelerator alone cannot. The continuous program needs no slack.
    let s = Scenario::builder("routing")
        .integer_units(false)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("h", "p", "r1", "H100", 1.0, 10.0).max_units(5.0))
        .offering(Offering::on_demand("g", "p", "r1", "A100", 1.0, 8.0).max_units(5.0))
        .workload(
            Workload::serving("w", [8.0])
                .throughput("H100", 1.0)
                .throughput("A100", 1.0)
                .single_routing(),
        )
        .build()
        .unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Infeasible);
    let d = p.diagnosis.unwrap();
    assert_eq!(d.feasible_without, vec![PolicyFamily::SingleRouting]);
    assert_eq!(diagnose(&s, &PlanOptions::default()).unwrap(), d);
    assert!(
        d.summary[0].starts_with("with split routing the scenario is feasible"),
        "{:?}",
        d.summary
    );
    // A feasible scenario needs nothing relaxed, whole units or not.
    let ok = with_spot()
        .max_spot_share(0.25)
        .integer_units(true)
        .build()
        .unwrap();
    let d = diagnose(&ok, &PlanOptions::default()).unwrap();
    assert_eq!(
        d.summary,
        vec!["the scenario is feasible: nothing needs relaxing".to_string()]
    );
    assert!(d.feasible_without.is_empty() && d.unserved.is_empty());
}

#[test]
fn shadow_prices_in_words() {
    // Spot capped at 10 units (5 wu/h), rest on a-od. One more wu/h of demand is bought on
    // a-od: $10 × 100 h = $1,000 per wu/h, $10 per wu. One more spot unit (0.5 wu/h) replaces
    // 0.5 wu/h of a-od: saves 0.5 × ($10 − $8) × 100 h = $100 per period.
    let mut s = with_spot().build().unwrap();
    s.offerings[2].max_units = Some(10.0);
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let w = e.shadow.as_ref().expect("pure LP: shadow prices");
    assert_close(
        w.demand[0].usd_per_unit_rate.unwrap(),
        1_000.0,
        "demand per wu/h",
    );
    assert_close(w.demand[0].usd_per_work_unit, 10.0, "demand per wu");
    assert_eq!(
        w.demand[0].sentence,
        "one more wu/h of w in P1 costs $1,000 (about $10 per wu)"
    );
    assert_close(w.caps[0].usd_per_unit_per_period, 100.0, "cap");
    assert_eq!(
        w.caps[0].sentence,
        "one more unit of quota on a-spot saves $100 per period (P1)"
    );
    // Coverage 0.6 on two_providers: cost 30,000β around β = 0.6 (see the sweep test), so
    // each point of coverage costs $300; both outage rows bind.
    let s = two_providers().outage_coverage(0.6).build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let p = &e.shadow.as_ref().unwrap().policies[0];
    assert_eq!((p.family, p.rows), (PolicyFamily::OutageCoverage, 2));
    assert_close(p.usd_per_unit_of_parameter, 30_000.0, "d cost / d β");
    assert_eq!(
        p.sentence,
        "outage coverage binds (2 rows): each extra point (0.01) costs $300"
    );
}

#[test]
fn explanation_serializes_in_snake_case_and_round_trips() {
    let s = with_spot().max_provider_share(0.6).build().unwrap();
    let e = explain(&s, &ExplainOptions::default()).unwrap();
    let json = e.to_json_string();
    for key in [
        "\"headline\"",
        "\"extra_cost_usd\"",
        "\"family\": \"provider_share\"",
        "\"best_single\"",
        "\"no_policy\"",
    ] {
        assert!(json.contains(key), "{key} missing in {json}");
    }
    let back: Explanation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}
