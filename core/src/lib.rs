//! # capmix — least-cost, multi-provider AI accelerator capacity plans
//!
//! capmix turns a [`Scenario`] (demand, offerings across providers, regions, accelerators
//! and purchase options, and portfolio policy) into a linear or mixed-integer program,
//! solves it, checks the answer independently and returns a [`Plan`]. Every scenario field,
//! with its unit, default and an example, is in the repository's `docs/scenario.md`.
//!
//! ```
//! use capmix::{plan, Offering, PlanOptions, Scenario, Status, Workload};
//! // 2 periods of 100 h; 10 work units/h of demand; H100 delivers 1 unit per chip-hour.
//! // One 8-chip instance delivers 8/h, so 10/h takes 2 whole instances at $80/h:
//! // 160 USD/h × 200 h. (Fluid units, `.integer_units(false)`, would buy 1.25: $20,000.)
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
//! assert!((plan.total_cost.unwrap() - 32_000.0).abs() < 1e-6);
//! assert_eq!(plan.optimality_words().as_deref(), Some("proven optimal"));
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
//! - Whole units (the default) round `max_units` down to whole units. Their programs carry
//!   cover cuts (valid inequalities that every whole-unit plan meets) that tighten the
//!   relaxation; `whole_units_premium` is measured against the fluid program without them.
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
#![forbid(unsafe_code)]

mod builder;
pub mod catalog;
mod diagnose;
pub mod document;
mod error;
mod expand;
pub mod explain;
pub mod export;
pub mod fmt;
mod formulate;
mod glob;
pub mod link;
mod model;
mod options;
mod parallel;
mod pipeline;
mod plan;
mod scenario;
pub mod schema;
pub mod serving;
mod session;
mod solve;
#[cfg(test)]
mod testing;
pub mod text;
mod uncertainty;
mod validate;
mod verify;

pub use builder::ScenarioBuilder;
pub use diagnose::{diagnose, diagnose_within};
pub use document::Diagnosis;
pub use document::{Plan, Status, SCHEMA_VERSION};
pub use error::{Error, ScenarioError};
pub use expand::{expand, expand_with, Expanded};
pub use explain::{
    apply_param, explain, explain_plan, explain_within, parse_values, sweep, sweep_within,
    EditValue, ExplainOptions, Explanation, Sweep, SweepRow,
};
pub use model::Model;
pub use options::{Deadline, Limits, PlanOptions, SolverKind, INTERACTIVE_TIME_LIMIT};
pub use pipeline::{
    plan, plan_prepared, plan_with_progress, plan_within, prepare, validate_scenario, Phase,
};
pub use plan::{PurchaseLine, SkyPilotTask};
pub use scenario::ScaleBy;
pub use scenario::{
    BeyondHorizon, Demand, Existing, Horizon, Offering, Policy, Provider, Purchase, Routing,
    Scenario, Segment, Workload, WorkloadKind,
};
pub use scenario::{
    CatalogInclude, CatalogSpec, CommitSpec, Loader, OfferingOverride, ThroughputRef,
};
pub use scenario::{DemandGrowth, DemandScale, DemandScenario, Risk};
pub use session::Session;
pub use solve::{SolveTimings, LINKED_MILP_MAX_INTEGERS, MAX_ROUTING_COMBINATIONS};
pub use validate::{validate, validate_with, MAX_MAGNITUDE, MIN_MAGNITUDE};
pub use verify::verify;
