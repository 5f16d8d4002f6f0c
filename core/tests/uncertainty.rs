//! Uncertain demand: the two-stage program (contract §2) and the plan's `uncertainty` (§3).
//!
//! The newsvendor, derived by hand. One period of 1 hour; one unit delivers 1 work unit per
//! hour (1 chip, throughput 1). Commit at $0.6 per unit-hour (term 1), on-demand at $1.0.
//! Demand 100 (`low`) or 200 (`high`), probability 0.5 each; fluid units; demand is hard.
//! Committing q units, a scenario with demand D costs c(D) = 0.6·q + max(D − q, 0).
//!
//! - Alone: best_low = 0.6·100 = 60 (q = 100), best_high = 0.6·200 = 120 (q = 200).
//! - expected: E(q) = 150 − 0.4q on [0, 100], 100 + 0.1q on [100, 200] → q = 100,
//!   low 60, high 160, expected 110, worst 160.
//!   EVPI = 110 − (0.5·60 + 0.5·120) = 20.
//!   VSS: the mean demand 150 commits q = 150; low costs 90, high 90 + 50 = 140; expected
//!   115; VSS = 115 − 110 = 5.
//! - worst_case: max(c_low, c_high) = 200 − 0.4q for q ≤ 200, 0.6q after → q = 200, both
//!   cost 120: worst 120, expected 120.
//! - regret: on [100, 200] regret_low = 0.6q − 60 and regret_high = 80 − 0.4q; equal at
//!   q = 140: max regret 24 (low 84, high 144, expected 114).
//! - cvar α: tail mass β = 1 − α ≥ 0.5 gives CVaR = (0.5·c_high + (β − 0.5)·c_low)/β; on
//!   [100, 200] its slope has the sign of 0.6β − 0.5, so q = 100 when α < 1/6, q = 200
//!   when α > 1/6. α = 0.1: q = 100, CVaR = (0.5·160 + 0.4·60)/0.9 = 1040/9.
//!   α = 0.5: q = 200, CVaR = 120.
//! - Idle commitment and flexible (on-demand) spend per scenario, and the scenario the
//!   commitments are sized to (no idle commitment, least flexible spend): expected, q = 100:
//!   low idle 0 and flexible 0, high idle 0 and flexible 100 → `low`. worst_case, q = 200:
//!   low idle 0.6·100 = 60, high idle 0 and flexible 0 → `high`. regret, q = 140: low idle
//!   0.6·40 = 24, high flexible 60 → `high`.

#![expect(
    clippy::expect_used,
    reason = "test code: a failed expectation is a failed test"
)]

use capmix::{plan, Plan, PlanOptions, Scenario, Status};

fn newsvendor(risk: &str) -> Scenario {
    let text = format!(
        r#"
name = "newsvendor"
[horizon]
periods = 1
hours_per_period = 1
[[providers]]
id = "p"
[[offerings]]
id = "commit"
provider = "p"
region = "r"
accelerator = "A"
chips = 1
purchase = "commit"
price_per_hour = 0.6
term_periods = 1
[[offerings]]
id = "od"
provider = "p"
region = "r"
accelerator = "A"
chips = 1
purchase = "on_demand"
price_per_hour = 1.0
[[workloads]]
id = "w"
demand = [100]
throughput = {{ A = 1.0 }}
[policy]
integer_units = false
risk = {risk}
[[demand_scenarios]]
name = "low"
probability = 0.5
scale = 1.0
[[demand_scenarios]]
name = "high"
probability = 0.5
demand = {{ w = [200] }}
"#
    );
    Scenario::from_toml_str(&text).expect("newsvendor parses")
}

fn close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-6 * b.abs().max(1.0),
        "{what}: {a} != {b}"
    );
}

fn solved(s: &Scenario) -> Plan {
    let p = plan(s, &PlanOptions::default()).expect("plans");
    assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
    let v = p.verification.as_ref().expect("verified");
    assert!(v.passed, "{:?}", v.violations);
    p
}

fn committed(p: &Plan) -> f64 {
    p.commitments.iter().map(|c| c.units).sum()
}

/// Scenario costs (low, high) and the committed units.
fn costs(p: &Plan) -> (f64, f64) {
    let u = p.uncertainty.as_ref().expect("uncertainty");
    (u.scenarios[0].objective, u.scenarios[1].objective)
}

#[test]
fn newsvendor_expected() {
    let p = solved(&newsvendor("\"expected\""));
    let u = p.uncertainty.as_ref().expect("uncertainty");
    close(committed(&p), 100.0, "commit");
    close(costs(&p).0, 60.0, "low");
    close(costs(&p).1, 160.0, "high");
    close(u.expected_cost, 110.0, "expected");
    close(u.worst_case_cost, 160.0, "worst");
    close(p.objective.unwrap_or(0.0), 110.0, "objective");
    close(p.total_cost.unwrap_or(0.0), 110.0, "expected spend");
    close(u.expected_value_of_perfect_information, 20.0, "EVPI");
    close(
        u.value_of_stochastic_solution.unwrap_or(f64::NAN),
        5.0,
        "VSS",
    );
    close(u.scenarios[0].best_objective, 60.0, "best low");
    close(u.scenarios[1].best_objective, 120.0, "best high");
    close(u.scenarios[1].regret, 40.0, "regret high");
    // Hedging in commitments: the plan signs 100 units ($0.6 × 1 h each = $60); planned
    // alone, the low scenario signs 100 ($60) and the high one 200 ($120).
    close(u.commitment_units, 100.0, "plan commits");
    close(u.commitment_usd, 60.0, "plan commits USD");
    close(u.scenarios[0].commitment_units_alone, 100.0, "low alone");
    close(u.scenarios[1].commitment_units_alone, 200.0, "high alone");
    close(u.scenarios[1].commitment_usd_alone, 120.0, "high alone USD");
    close(u.scenarios[0].idle_commitment_usd, 0.0, "low idle");
    close(u.scenarios[0].flexible_usd, 0.0, "low flexible");
    close(u.scenarios[1].idle_commitment_usd, 0.0, "high idle");
    close(u.scenarios[1].flexible_usd, 100.0, "high flexible");
    assert_eq!(u.sizing_scenario.as_deref(), Some("low"));
    // The fan chart's figures: 1 chip per unit; `low` runs the 100 committed units, `high`
    // those and 100 on demand.
    assert_eq!(u.committed_chips_by_period, vec![100.0]);
    assert_eq!(u.scenarios[0].chips_by_period, vec![100.0]);
    assert_eq!(u.scenarios[1].chips_by_period, vec![200.0]);
    assert_eq!(u.scenarios[0].demand_by_period.get("w"), Some(&vec![100.0]));
    assert_eq!(u.scenarios[1].demand_by_period.get("w"), Some(&vec![200.0]));
}

#[test]
fn newsvendor_worst_case() {
    let p = solved(&newsvendor("\"worst_case\""));
    close(committed(&p), 200.0, "commit");
    close(costs(&p).0, 120.0, "low");
    close(costs(&p).1, 120.0, "high");
    close(p.objective.unwrap_or(0.0), 120.0, "objective");
    let u = p.uncertainty.as_ref().expect("uncertainty");
    close(u.scenarios[0].idle_commitment_usd, 60.0, "low idle");
    close(u.scenarios[1].flexible_usd, 0.0, "high flexible");
    assert_eq!(u.sizing_scenario.as_deref(), Some("high"));
    assert!(p
        .uncertainty
        .as_ref()
        .is_some_and(|u| u.value_of_stochastic_solution.is_none()));
}

#[test]
fn newsvendor_regret() {
    let p = solved(&newsvendor("\"regret\""));
    close(committed(&p), 140.0, "commit");
    close(costs(&p).0, 84.0, "low");
    close(costs(&p).1, 144.0, "high");
    close(p.objective.unwrap_or(0.0), 24.0, "max regret");
    let u = p.uncertainty.as_ref().expect("uncertainty");
    close(u.scenarios[0].idle_commitment_usd, 24.0, "low idle");
    close(u.scenarios[1].flexible_usd, 60.0, "high flexible");
    assert_eq!(u.sizing_scenario.as_deref(), Some("high"));
    close(
        p.uncertainty.as_ref().map_or(0.0, |u| u.expected_cost),
        114.0,
        "expected",
    );
}

#[test]
fn newsvendor_cvar() {
    let p = solved(&newsvendor("{ cvar = 0.1 }"));
    close(committed(&p), 100.0, "commit α=0.1");
    close(p.objective.unwrap_or(0.0), 1040.0 / 9.0, "CVaR 0.1");
    let p = solved(&newsvendor("{ cvar = 0.5 }"));
    close(committed(&p), 200.0, "commit α=0.5");
    close(p.objective.unwrap_or(0.0), 120.0, "CVaR 0.5");
}

/// A small two-provider scenario with `n` demand scenarios drawn from `seed` (a fixed
/// arithmetic sequence, no randomness): commit vs on-demand vs spot over 3 periods.
fn generated(seed: u32, n: usize, integer: bool) -> Scenario {
    let mut text = format!(
        r#"
name = "generated {seed}"
[horizon]
periods = 3
hours_per_period = 730
[[providers]]
id = "a"
[[providers]]
id = "b"
[[offerings]]
id = "a-commit"
provider = "a"
region = "r1"
accelerator = "H100"
chips = 8
purchase = "commit"
price_per_hour = {commit}
term_periods = 2
[[offerings]]
id = "a-od"
provider = "a"
region = "r1"
accelerator = "H100"
chips = 8
purchase = "on_demand"
price_per_hour = 98.0
[[offerings]]
id = "b-spot"
provider = "b"
region = "r2"
accelerator = "H100"
chips = 8
purchase = "spot"
price_per_hour = 40.0
availability = 0.8
max_units = {spot_cap}
[[workloads]]
id = "chat"
demand = {{ start = {start}, growth = 0.1 }}
throughput = {{ H100 = 1.0 }}
max_spot_share = 0.3
[policy]
integer_units = {integer}
"#,
        commit = 50.0 + f64::from(seed % 5) * 5.0,
        spot_cap = 5 + seed % 7,
        start = 40.0 + f64::from(seed % 3) * 20.0,
    );
    for i in 0..n {
        let scale = 0.6 + 0.35 * ((i as f64) + f64::from(seed % 4) * 0.25);
        let p = 1.0 / n as f64;
        text.push_str(&format!(
            "[[demand_scenarios]]\nname = \"s{i}\"\nprobability = {p}\nscale = {scale}\n"
        ));
    }
    Scenario::from_toml_str(&text).expect("generated scenario parses")
}

#[test]
fn evpi_and_vss_are_nonnegative_and_every_scenario_verifies() {
    for seed in 0..4 {
        let s = generated(seed, 3, false);
        let p = solved(&s);
        let u = p.uncertainty.as_ref().expect("uncertainty");
        let tol = 1e-6 * u.expected_cost.max(1.0);
        assert!(
            u.expected_value_of_perfect_information >= -tol,
            "seed {seed}: EVPI {u:?}"
        );
        let vss = u.value_of_stochastic_solution.expect("VSS");
        assert!(vss >= -tol, "seed {seed}: VSS {vss}");
        assert!(
            u.scenarios.iter().all(|o| o.verified && o.regret >= -tol),
            "{u:?}"
        );
        // Re-checked by the public verifier, against the scenario as given.
        let e = capmix::expand(&s).expect("expands");
        assert!(capmix::verify(&e, &p).passed, "seed {seed}");
    }
}

#[test]
fn whole_units_plans_verify() {
    let p = plan(&generated(1, 2, true), &PlanOptions::default()).expect("plans");
    assert!(p.has_solution(), "{:?}", p.notes);
    assert!(
        p.verification.as_ref().is_some_and(|v| v.passed),
        "{:?}",
        p.verification
    );
    let u = p.uncertainty.as_ref().expect("uncertainty");
    assert!(u.scenarios.iter().all(|o| o.verified));
    assert!(p.commitments.iter().all(|c| c.units.fract() == 0.0));
}

#[test]
fn one_scenario_of_probability_one_is_the_deterministic_plan() {
    let mut s = generated(2, 1, false);
    s.demand_scenarios[0].scale = None;
    let mut plain = s.clone();
    plain.demand_scenarios.clear();
    let (p, d) = (solved(&s), solved(&plain));
    assert!(d.uncertainty.is_none());
    let u = p.uncertainty.as_ref().expect("uncertainty");
    close(
        p.objective.unwrap_or(0.0),
        d.objective.unwrap_or(f64::NAN),
        "objective",
    );
    close(
        p.total_cost.unwrap_or(0.0),
        d.total_cost.unwrap_or(f64::NAN),
        "total cost",
    );
    close(
        u.expected_value_of_perfect_information,
        0.0,
        "EVPI of one scenario",
    );
    close(
        u.value_of_stochastic_solution.unwrap_or(f64::NAN),
        0.0,
        "VSS of one scenario",
    );
    assert_eq!(p.commitments, d.commitments);
    assert_eq!(p.allocations, d.allocations);
}

#[test]
fn validation_names_the_field() {
    let mut s = newsvendor("\"expected\"");
    s.demand_scenarios[1].probability = 0.6;
    let e = plan(&s, &PlanOptions::default()).expect_err("sum is 1.1");
    assert_eq!(e.path(), Some("demand_scenarios"), "{e}");
    let mut s = newsvendor("\"expected\"");
    s.demand_scenarios[1].probability = -0.5;
    let e = plan(&s, &PlanOptions::default()).expect_err("negative");
    assert_eq!(e.path(), Some("demand_scenarios[1].probability"), "{e}");
    let mut s = newsvendor("\"expected\"");
    s.demand_scenarios[1].name = "low".into();
    let e = plan(&s, &PlanOptions::default()).expect_err("duplicate");
    assert_eq!(e.path(), Some("demand_scenarios[1].name"), "{e}");
    let mut s = newsvendor("\"expected\"");
    s.demand_scenarios[1]
        .demand
        .insert("w".into(), vec![1.0, 2.0]);
    let e = plan(&s, &PlanOptions::default()).expect_err("length");
    assert_eq!(e.path(), Some("demand_scenarios[1].demand.w"), "{e}");
    let e = plan(&newsvendor("{ cvar = 1.0 }"), &PlanOptions::default()).expect_err("α = 1");
    assert_eq!(e.path(), Some("policy.risk.cvar"), "{e}");
}

#[test]
fn demand_growth_expands_into_three_scenarios() {
    let mut s = generated(0, 0, false);
    s.demand_growth = Some(capmix::DemandGrowth {
        low: 0.04,
        base: 0.08,
        high: 0.12,
        probabilities: [0.25, 0.5, 0.25],
    });
    let e = capmix::expand(&s).expect("expands");
    let names: Vec<String> = e
        .demand_scenario_names()
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["low", "base", "high"]);
    let high = &e.scenario().demand_scenarios[2].demand["chat"];
    close(high[2], 40.0 * 1.12 * 1.12, "high growth, period 3");
    let p = solved(&s);
    let u = p.uncertainty.as_ref().expect("uncertainty");
    assert_eq!(u.shown_scenario, "base");
}

/// The export writes the stacked two-stage program, not one scenario's: each scenario's
/// columns and rows carry its name, the commitment is one shared column, and regret's rows
/// hold each scenario's optimum alone. Newsvendor with regret (derived above): every
/// scenario has its own demand row and on-demand allocation, one `sign` column, and two
/// risk rows τ − cost_s ≥ −best_s with best = 60 (low, all committed at 0.6) and 120 (high).
#[test]
fn export_writes_the_stacked_program_with_scenario_names() {
    let lp =
        capmix::export::to_lp(&newsvendor("\"regret\""), &PlanOptions::default()).expect("exports");
    for name in [
        "low.demand.w.p1",
        "high.demand.w.p1",
        "low.x.w.od.p1",
        "high.x.w.od.p1",
    ] {
        assert!(lp.contains(name), "{name} missing in\n{lp}");
    }
    assert!(lp.contains(" sign.commit.p1"), "{lp}");
    assert!(
        !lp.contains("low.sign.") && !lp.contains("high.sign."),
        "{lp}"
    );
    assert!(
        lp.contains("risk.low:") && lp.contains("risk.high:"),
        "{lp}"
    );
    assert!(lp.contains(">= -60") && lp.contains(">= -120"), "{lp}");
    assert!(
        lp.contains("two-stage, 2 demand scenarios, risk regret"),
        "{lp}"
    );
}

#[test]
fn explain_says_what_the_commitments_are_sized_to_and_what_hedging_costs() {
    // Expected cost (derivation above): q = 100, sized to `low`; `high` buys 100 on demand;
    // max regret 40 in `high`; EVPI 20; VSS 5.
    let e = capmix::explain(
        &newsvendor("\"expected\""),
        &capmix::ExplainOptions::default(),
    )
    .expect("explains");
    let text = e.headline.join("\n");
    for part in [
        "One set of commitments, 100 units ($60 in contract value), holds for all 2 demand scenarios; planned alone, each would commit: `low` 100, `high` 200.",
        "They are sized to `low`: it uses all of them, while `high` buys $100 more on demand and spot.",
        "Hedging costs at most $40 (in `high`) against planning that scenario alone; knowing demand before signing would save $20 on average, and committing for the mean demand instead would cost $5.00 more.",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
    assert!(
        text.starts_with(
            "The plan costs $110 on average over 1 period (expected spend); in `low`: p 100%."
        ),
        "{text}"
    );
    assert!(e.uncertainty.is_some());
    // Worst case: q = 200, sized to `high`; `low` leaves 0.6 × 100 = $60 idle.
    let e = capmix::explain(
        &newsvendor("\"worst_case\""),
        &capmix::ExplainOptions::default(),
    )
    .expect("explains");
    let text = e.headline.join("\n");
    assert!(
        text.contains(
            "They are sized to `high`: it uses all of them, while `low` leaves $60 of them idle."
        ),
        "{text}"
    );
}

/// A sweep of the expected-cost newsvendor over `path`.
fn newsvendor_sweep(path: &str, values: &[f64]) -> Result<capmix::Sweep, capmix::Error> {
    capmix::sweep(
        &newsvendor("\"expected\""),
        path,
        values,
        &PlanOptions::default(),
    )
}

#[test]
fn sweeps_over_risk_and_probabilities_move_the_commitments() {
    // CVaR at α: q = 100 when α < 1/6, q = 200 when α > 1/6 (derivation above); the worst
    // case is c_high: 160 at q = 100, 120 at q = 200.
    let s = newsvendor_sweep("policy.cvar_level", &[0.1, 0.5]).expect("sweeps");
    let got: Vec<(Option<f64>, Option<f64>)> = s
        .rows
        .iter()
        .map(|r| (r.commitment_units, r.worst_case_cost))
        .collect();
    for ((units, worst), (want_units, want_worst)) in
        got.iter().zip([(100.0, 160.0), (200.0, 120.0)])
    {
        close(units.expect("units"), want_units, "commitment units");
        close(worst.expect("worst case"), want_worst, "worst case");
    }
    close(s.rows[0].objective.expect("cvar"), 1040.0 / 9.0, "CVaR 0.1");
    // Expected cost with P(high) = p: each unit committed between 100 and 200 costs 0.6 and
    // saves 1.0 with probability p, so q = 100 for p < 0.6 and q = 200 for p > 0.6; `low`
    // gets 1 − p. At p = 0.7, q = 200: expected 120, worst 120.
    let s = newsvendor_sweep("demand_scenarios.high.probability", &[0.5, 0.7]).expect("sweeps");
    close(s.rows[0].commitment_units.expect("units"), 100.0, "p = 0.5");
    close(s.rows[1].commitment_units.expect("units"), 200.0, "p = 0.7");
    close(
        s.rows[1].objective.expect("expected"),
        120.0,
        "expected at p = 0.7",
    );
    // Scaling `high` by 1.5 (explicit demand wins over scale, so scale `low` instead: demand
    // 150 in `low`, 200 in `high`, P = 0.5 each): q = 150, low 90, high 90 + 50 = 140.
    let s = newsvendor_sweep("demand_scenarios.low.scale", &[1.5]).expect("sweeps");
    close(
        s.rows[0].commitment_units.expect("units"),
        150.0,
        "low × 1.5",
    );
    close(
        s.rows[0].objective.expect("expected"),
        115.0,
        "expected, low × 1.5",
    );
    let e = newsvendor_sweep("demand_scenarios.medium.probability", &[0.5])
        .expect_err("unknown scenario");
    assert!(
        e.to_string().contains("unknown demand scenario `medium`"),
        "{e}"
    );
    // `high`'s explicit demand covers its only workload: a scale would sweep nothing.
    let e = newsvendor_sweep("demand_scenarios.high.scale", &[2.0]).expect_err("no effect");
    assert!(e.to_string().contains("scale has no effect"), "{e}");
    // Each probability rescales the others: `*` cannot set them all.
    let e =
        newsvendor_sweep("demand_scenarios.*.probability", &[0.5]).expect_err("one scenario only");
    assert!(e.to_string().contains("name one demand scenario"), "{e}");
}
