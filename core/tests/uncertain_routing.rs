//! Decisions shared by every demand scenario: the accelerator of a single-routing workload
//! is chosen once, like the commitments; and scenarios that cannot share commitments are
//! named. Derived by hand below.
// Test helpers outside #[test] functions may unwrap and panic too.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use capmix::{plan, Error, Plan, PlanOptions, Scenario, Status};
use common::{assert_close, assert_verified};

// One period of 100 h. Workload w (single routing) needs 8 wu/h in `low` and 16 in `high`
// (probability 0.5 each); every unit has 8 chips at 1 wu per chip-hour (g = 8).
//   A: commit only, $40/h, term 1 → $4,000 per unit; B: on-demand only, $50/h → $5,000.
// Alone, each scenario prefers A: low 1 unit of A = 4,000 (B: 5,000), high 2 units = 8,000
// (B: 10,000); so best_low = 4,000, best_high = 8,000.
// Shared, A's commitment must cover high: 2 units in both scenarios, 8,000 each;
// B: low 5,000, high 10,000.
//   expected:   A 8,000 vs B 7,500 → B; regrets low 1,000, high 2,000; no commitment;
//               EVPI = 7,500 − (0.5 × 4,000 + 0.5 × 8,000) = 1,500.
//   worst case: A 8,000 vs B 10,000 → A; 2 units committed, both scenarios cost 8,000.
fn two_accelerators(risk: &str) -> Scenario {
    let text = format!(
        r#"
name = "single routing under uncertainty"
[horizon]
periods = 1
hours_per_period = 100
[[providers]]
id = "p"
[[offerings]]
id = "a-commit"
provider = "p"
region = "r"
accelerator = "A"
chips = 8
purchase = "commit"
price_per_hour = 40
term_periods = 1
[[offerings]]
id = "b-od"
provider = "p"
region = "r"
accelerator = "B"
chips = 8
purchase = "on_demand"
price_per_hour = 50
[[workloads]]
id = "w"
demand = [16]
routing = "single"
throughput = {{ A = 1.0, B = 1.0 }}
[policy]
integer_units = false
risk = {risk}
[[demand_scenarios]]
name = "low"
probability = 0.5
scale = 0.5
[[demand_scenarios]]
name = "high"
probability = 0.5
scale = 1.0
"#
    );
    Scenario::from_toml_str(&text).unwrap()
}

fn solved(s: &Scenario) -> Plan {
    let p = plan(s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal, "{:?}", p.notes);
    assert_verified(&p);
    p
}

fn accelerators(p: &Plan) -> Vec<String> {
    let mut a: Vec<String> = p
        .allocations
        .iter()
        .map(|a| a.accelerator.clone())
        .collect();
    a.sort();
    a.dedup();
    a
}

#[test]
fn the_shared_accelerator_is_chosen_for_the_risk_measure() {
    let p = solved(&two_accelerators("\"expected\""));
    let u = p.uncertainty.as_ref().unwrap();
    assert_close(u.expected_cost, 7_500.0, "expected cost");
    assert_eq!(accelerators(&p), ["B"]);
    assert_close(u.commitment_units, 0.0, "commitments");
    let by = |n: &str| u.scenarios.iter().find(|s| s.name == n).unwrap();
    assert_close(by("low").total_cost, 5_000.0, "low");
    assert_close(by("high").total_cost, 10_000.0, "high");
    // Each scenario's own best is on A, its own best routing.
    assert_close(by("low").best_objective, 4_000.0, "best low");
    assert_close(by("high").best_objective, 8_000.0, "best high");
    assert_close(by("low").regret, 1_000.0, "regret low");
    assert_close(by("high").regret, 2_000.0, "regret high");
    assert_close(u.expected_value_of_perfect_information, 1_500.0, "EVPI");

    let p = solved(&two_accelerators("\"worst_case\""));
    let u = p.uncertainty.as_ref().unwrap();
    assert_close(u.worst_case_cost, 8_000.0, "worst case");
    assert_close(u.commitment_units, 2.0, "committed units");
    assert_eq!(accelerators(&p), ["A"]);
}

#[test]
fn export_of_single_routing_with_scenarios_names_the_field() {
    let s = two_accelerators("\"expected\"");
    match capmix::export::to_mps(&s, &PlanOptions::default()) {
        Err(Error::Invalid(e)) => assert_eq!(e.path, "workloads[0].routing"),
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("exported"),
    }
}

// Two workloads on disjoint accelerators, one period of 100 h, budget $9,000 in every
// scenario: w runs only on A's commitment ($40/h, g 8: $4,000 a unit), v only on B's
// on-demand ($60/h: $6,000 a unit). `train` needs 8 wu/h of w (1 commitment: $4,000),
// `serve` 8 of v ($6,000): each fits the budget alone. Shared, train's commitment is paid in
// serve too: 4,000 + 6,000 = 10,000 > 9,000, so no plan serves both, and the plan says which
// two scenarios conflict.
#[test]
fn scenarios_that_cannot_share_commitments_are_named() {
    let text = r#"
name = "conflict"
[horizon]
periods = 1
hours_per_period = 100
[[providers]]
id = "p"
[[offerings]]
id = "a-commit"
provider = "p"
region = "r"
accelerator = "A"
chips = 8
purchase = "commit"
price_per_hour = 40
term_periods = 1
[[offerings]]
id = "b-od"
provider = "p"
region = "r"
accelerator = "B"
chips = 8
purchase = "on_demand"
price_per_hour = 60
[[workloads]]
id = "w"
demand = [8]
throughput = { A = 1.0 }
[[workloads]]
id = "v"
demand = [8]
throughput = { B = 1.0 }
[policy]
integer_units = false
budget = 9000
[[demand_scenarios]]
name = "train"
probability = 0.5
demand = { w = [8], v = [0] }
[[demand_scenarios]]
name = "serve"
probability = 0.5
demand = { w = [0], v = [8] }
"#;
    let s = Scenario::from_toml_str(text).unwrap();
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Infeasible, "{:?}", p.notes);
    let said = p.notes.join(" ");
    assert!(
        said.contains("demand scenarios `train` and `serve` cannot share one set of commitments"),
        "{said}"
    );
    // With a budget of $10,000 the shared plan exists: commit 1 unit, serve pays 10,000.
    let s = Scenario::from_toml_str(&text.replace("budget = 9000", "budget = 10000")).unwrap();
    let p = solved(&s);
    assert_close(
        p.uncertainty.as_ref().unwrap().worst_case_cost,
        10_000.0,
        "worst case",
    );
}
