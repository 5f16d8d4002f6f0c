//! Explaining plans: policy prices, baselines, sweeps, shadow prices in words and
//! infeasibility diagnosis, each against values derived by hand in the comments.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod diagnosis;
mod policies;
mod sweeps;

#[path = "../common/mod.rs"]
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
