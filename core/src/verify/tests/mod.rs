//! Real plans verify; tampered plans (or plans checked against a stricter scenario) fail
//! with a message that names the broken thing.

mod demand;
mod policies;
mod random;
mod scenarios;

use super::view::glob;
use super::{verify, MAX_MESSAGES};
use crate::document::{Allocation, Commitment, Plan, Shortfall, Status};
use crate::{BeyondHorizon, Offering, PlanOptions, Scenario, Workload};

/// Two providers, two segments (peak 25 % of the hours at full demand, the rest at half),
/// on-demand, commit (with an existing commitment) and spot, a serving and a batch workload.
fn two_clouds() -> Scenario {
    let mut s = Scenario::builder("two clouds")
        .periods(3)
        .hours_per_period(100.0)
        .segment(0.25, 1.0)
        .segment(0.75, 0.5)
        .provider("a")
        .provider("b")
        .offering(Offering::on_demand(
            "a-h100", "a", "us-east", "H100", 8.0, 80.0,
        ))
        .offering(Offering::on_demand(
            "b-h100", "b", "us-west", "H100", 8.0, 90.0,
        ))
        .offering(Offering::commit("a-h100-c", "a", "us-east", "H100", 8.0, 50.0, 2).max_units(3.0))
        .offering(
            Offering::spot("b-a100-spot", "b", "us-west", "A100", 8.0, 20.0).availability(0.8),
        )
        .workload(
            Workload::serving("chat", [80.0, 100.0, 120.0])
                .throughput("H100", 1.0)
                .throughput("A100", 0.5),
        )
        .workload(Workload::batch("job", 5_000.0, 2, 3).throughput("H100", 1.0))
        .existing("a-h100-c", 1.0, 2)
        .build_unchecked();
    s.segments[0].name = Some("peak".into());
    s
}

fn planned(s: &Scenario) -> Plan {
    crate::testing::plan(s)
}

fn assert_passes(s: &Scenario) -> Plan {
    let plan = planned(s);
    let v = verify(&crate::expand(s).unwrap(), &plan);
    assert!(v.passed, "{}: {:?}", s.name, v.violations);
    assert!(v.checks > 0);
    assert!(v.max_violation <= super::TOLERANCE);
    assert!(
        (v.recomputed_total_cost - plan.total_cost.unwrap()).abs()
            <= 1e-6 * v.recomputed_total_cost.max(1.0)
    );
    assert!(
        plan.status == Status::Optimal || plan.status == Status::Feasible,
        "{:?}",
        plan.status
    );
    plan
}

/// Asserts that `plan` fails against `s` with a message containing every one of `needles`.
fn assert_caught(s: &Scenario, plan: &Plan, needles: &[&str]) {
    let v = verify(&crate::expand(s).unwrap(), plan);
    assert!(!v.passed, "expected a violation with {needles:?}");
    assert!(v.max_violation > super::TOLERANCE);
    assert!(
        v.violations
            .iter()
            .any(|m| needles.iter().all(|n| m.contains(n))),
        "no message with {needles:?} in {:#?}",
        v.violations
    );
}

fn first_allocation<'p>(plan: &'p mut Plan, workload: &str) -> &'p mut Allocation {
    plan.allocations
        .iter_mut()
        .find(|a| a.workload == workload)
        .unwrap()
}

/// Scales an allocation consistently, so that only the constraint rows can complain.
fn scale(a: &mut Allocation, f: f64) {
    a.units *= f;
    a.chips *= f;
    a.delivered_rate *= f;
    a.cost_per_hour *= f;
}
