//! # capmix — least-cost, multi-provider AI accelerator capacity plans
//!
//! capmix turns a [`Scenario`] (demand, offerings across providers, regions, accelerators
//! and purchase options, and portfolio policy) into a linear or mixed-integer program,
//! solves it, checks the answer independently and returns a [`Plan`].
//!
//! ```
//! use capmix::{plan, Offering, PlanOptions, Scenario, Status, Workload};
//! // 2 periods of 100 h; 10 work units/h of demand; H100 delivers 1 unit per chip-hour.
//! // One 8-chip instance delivers 8/h, so 1.25 instances at $80/h: 100 USD/h × 200 h.
//! let scenario = Scenario::builder("doc")
//!     .periods(2)
//!     .hours_per_period(100.0)
//!     .provider("oci")
//!     .offering(Offering::on_demand("oci-h100", "oci", "us-ashburn-1", "H100", 8.0, 80.0))
//!     .workload(Workload::serving("chat", [10.0, 10.0]).throughput("H100", 1.0))
//!     .build()
//!     .unwrap();
//! let plan = plan(&scenario, &PlanOptions::default()).unwrap();
//! assert_eq!(plan.status, Status::Optimal);
//! assert!((plan.total_cost.unwrap() - 20_000.0).abs() < 1e-6);
//! ```
//!
//! ## Pipeline
//! `Scenario` →[`validate`]→ `Model` → formulate → solve → plan → [`verify`]. Each stage has
//! its own module; `verify` never uses the formulation, it re-checks the plan against the
//! scenario on its own.
//!
//! The [`explain`](mod@explain) module builds on the pipeline: the price of each policy,
//! single-provider baselines, sweeps ([`sweep`], [`apply_param`]), shadow prices in words,
//! and the diagnosis of infeasible scenarios ([`diagnose`]), which [`plan()`](fn@plan)
//! attaches to every infeasible plan.
//!
//! ## Choices where the contract is silent
//! - Unknown keys in a scenario file are errors (typos must not be ignored silently).
//! - `hours` and `hours_per_period` together are an error; neither means 730 hours.
//! - Serving demand rows are `≥`: capacity may exceed demand, which outage coverage needs
//!   (N-1 redundancy is over-provisioning). Provider and spot share rows therefore limit
//!   *provisioned* delivery relative to demand, exactly as the contract writes them.
//! - Spot share and outage coverage apply to serving workloads only; provider share applies
//!   to batch workloads over their window.
//! - Existing commitments count toward `max_units` and cost their price inside the horizon
//!   (they are part of `total_cost` and reported under `costs.existing_commitments`).
//! - A commitment can only be signed in periods where it becomes active inside the horizon.
//! - Integer units round `max_units` down to whole units.
//! - `costs.by_region` keys are `provider/region`, since region names repeat across providers.
//! - Without `highs`, integer plans have status `feasible` unless the rounding meets the LP
//!   bound; single routing is solved by trying every accelerator combination (up to
//!   [`MAX_ROUTING_COMBINATIONS`]) or by coordinate descent beyond that.
//! - Status `unbounded` cannot occur for a validated scenario (all prices and penalties are
//!   non-negative); it exists for completeness.
//! - An infeasible plan carries a [`Diagnosis`] (elastic program: the smallest relaxations of
//!   demand and policy rows, caps held hard); it is additive, so `schema_version` stays 1.
//! - Explanations compare objectives (total cost plus shortfall penalties); single-provider
//!   baselines switch provider share and outage coverage off (they cannot hold with one
//!   provider) and still pay other providers' existing commitments.

pub mod catalog;
mod error;
pub mod explain;
pub mod export;
mod formulate;
mod model;
pub mod plan;
mod scenario;
mod solve;
mod validate;
mod verify;

pub use catalog::accelerators::ScaleBy;
pub use error::{Error, ScenarioError};
pub use explain::{
    apply_param, diagnose, explain, parse_values, sweep, Diagnosis, ExplainOptions, Explanation,
    Sweep, SweepRow,
};
pub use model::Model;
pub use plan::{Plan, Status, SCHEMA_VERSION};
pub use scenario::{
    BeyondHorizon, Demand, Existing, Horizon, Offering, Policy, Provider, Purchase, Routing,
    Scenario, ScenarioBuilder, Segment, Workload, WorkloadKind,
};
pub use scenario::{CatalogInclude, CatalogSpec, CommitSpec, OfferingOverride, ThroughputRef};
pub use solve::{PlanOptions, SolverKind, MAX_ROUTING_COMBINATIONS};
pub use validate::{validate, validate_with_limits, Limits, MAX_MAGNITUDE, MIN_MAGNITUDE};
pub use verify::verify;

/// Validates, formulates, solves and verifies: the whole pipeline.
///
/// Infeasible, unbounded and time-limited outcomes are [`Plan::status`] values; `Err` means
/// the input or options were invalid (or the solver failed outright).
pub fn plan(scenario: &Scenario, options: &PlanOptions) -> Result<Plan, Error> {
    plan_with_progress(scenario, options, &mut |_| {})
}

/// A stage of [`plan_with_progress`], for progress displays.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Phase {
    /// The scenario is valid; the program will have about this many variables.
    Validated {
        /// Allocation and fleet variables, counted before building.
        variables: usize,
    },
    /// The solver is running.
    Solving,
    /// The solve stage is done; where its time went.
    Solved(SolveTimings),
    /// The plan is being checked independently.
    Verifying,
}

/// Where the solve stage spent its wall-clock time, in seconds (reported by
/// [`Phase::Solved`]; for benchmarks and profiling, never part of a plan).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[non_exhaustive]
pub struct SolveTimings {
    /// capmix's own work: building the solver-neutral programs (the dual program for shadow
    /// prices too) and the logic between solver calls (rounding, routing search).
    pub formulate: f64,
    /// Handing programs to the solver: building the solver's own model.
    pub load: f64,
    /// Inside the solver's solve calls, all of them (primal, dual, repairs).
    pub solver: f64,
    /// Of `solver`: the solve of the dual program for shadow prices (pure LPs).
    pub dual: f64,
    /// Solver calls made.
    pub solver_calls: usize,
    /// Columns of the program whose solution became the plan.
    pub variables: usize,
    /// Rows of that program.
    pub rows: usize,
    /// Nonzero coefficients of that program's rows.
    pub nonzeros: usize,
}

/// [`plan`], reporting each stage to `progress` as it starts.
pub fn plan_with_progress(
    scenario: &Scenario,
    options: &PlanOptions,
    progress: &mut dyn FnMut(Phase),
) -> Result<Plan, Error> {
    plan_inner(scenario, options, progress, true)
}

/// The pipeline; with `diagnose`, an infeasible plan carries its [`Diagnosis`] (explain's
/// re-plans switch it off).
pub(crate) fn plan_inner(
    scenario: &Scenario,
    options: &PlanOptions,
    progress: &mut dyn FnMut(Phase),
    diagnose: bool,
) -> Result<Plan, Error> {
    let started = web_time::Instant::now();
    options.check()?;
    // Workload conveniences (throughput_ref, accelerator aliases, geo) become plain fields
    // first, so that validation and the independent verifier see the same scenario.
    // Sizes first: the expansion below is linear in workloads × offerings.
    validate::check_sizes(scenario, &options.limits)?;
    let expanded = catalog::expand(scenario)?;
    let scenario: &Scenario = &expanded;
    let model = validate_with_limits(scenario, &options.limits)?;
    progress(Phase::Validated {
        variables: formulate::estimate_variables(&model),
    });
    progress(Phase::Solving);
    let (solution, timings) = solve::solve_timed(&model, options)?;
    progress(Phase::Solved(timings));
    let mut plan = plan::build(&model, &solution, options);
    if plan.has_solution() {
        progress(Phase::Verifying);
        let verification = verify(scenario, &plan);
        if !verification.passed {
            plan.notes.push(format!(
                "independent verification failed (largest relative violation {:.3e}); the numbers are not trustworthy",
                verification.max_violation
            ));
            plan.status = Status::VerificationFailed;
        }
        plan.verification = Some(verification);
    }
    if diagnose && plan.status == Status::Infeasible {
        // The time limit covers the diagnosis too: it gets what the solve left.
        let left = PlanOptions {
            time_limit: options
                .time_limit
                .map(|t| (t - started.elapsed().as_secs_f64()).max(0.0)),
            ..options.clone()
        };
        match explain::diagnose_model(scenario, &model, &left, true) {
            Ok(d) => plan.diagnosis = Some(d),
            Err(e) => plan.notes.push(format!("no diagnosis: {e}")),
        }
    }
    plan.solve_seconds = started.elapsed().as_secs_f64();
    Ok(plan)
}
