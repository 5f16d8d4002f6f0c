//! The price of each policy, single-provider baselines, and the outage-coverage sweep.

use super::*;

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
