//! Sweeps: inference of infeasible values, every kind of parameter path, bad paths.

use super::*;

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
