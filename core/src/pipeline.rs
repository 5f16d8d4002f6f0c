//! The pipeline: expand → validate → formulate → solve → plan → verify, and the diagnosis of
//! an infeasible plan. Nothing below calls back into it; explain and sweeps build on it.

use crate::document::{Plan, Status};
use crate::expand::{expand_with, Expanded};
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::scenario::Scenario;
use crate::solve::SolveTimings;
use crate::validate::validate_with;
use crate::Error;

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

/// Expands, validates, formulates, solves and verifies: the whole pipeline.
///
/// Infeasible, unbounded and time-limited outcomes are [`Plan::status`] values; `Err` means
/// the input or options were invalid (or the solver failed outright). An infeasible plan
/// carries its [`Diagnosis`](crate::Diagnosis).
pub fn plan(scenario: &Scenario, options: &PlanOptions) -> Result<Plan, Error> {
    plan_with_progress(scenario, options, &mut |_| {})
}

/// [`plan`], reporting each stage to `progress` as it starts.
pub fn plan_with_progress(
    scenario: &Scenario,
    options: &PlanOptions,
    progress: &mut dyn FnMut(Phase),
) -> Result<Plan, Error> {
    plan_within(
        scenario,
        options,
        &Deadline::after(options.time_limit),
        progress,
    )
}

/// [`plan_with_progress`] under a deadline the caller started (a door that read the file
/// first starts it before reading); `options.time_limit` is not consulted.
pub fn plan_within(
    scenario: &Scenario,
    options: &PlanOptions,
    deadline: &Deadline,
    progress: &mut dyn FnMut(Phase),
) -> Result<Plan, Error> {
    let started = web_time::Instant::now();
    options.check()?;
    let (expanded, model) = match prepare(scenario, options, deadline) {
        Ok(p) => p,
        Err(Error::TimeLimit { stage, cancelled }) => {
            return Ok(stopped(scenario, options, &stage, cancelled))
        }
        Err(e) => return Err(e),
    };
    let mut plan = plan_prepared(&expanded, &model, options, deadline, progress)?;
    plan.solve_seconds = started.elapsed().as_secs_f64();
    Ok(plan)
}

/// Expands and validates `scenario` with the default limits: whether it is a valid scenario,
/// and its [`Model`].
pub fn validate_scenario(scenario: &Scenario) -> Result<Model, Error> {
    prepare(scenario, &PlanOptions::default(), &Deadline::none()).map(|(_, m)| m)
}

/// Expands and validates `scenario` once: what every later step of a call reads.
pub fn prepare(
    scenario: &Scenario,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<(Expanded, Model), Error> {
    let expanded = expand_with(scenario, &options.limits, deadline)?;
    let model = validate_with(&expanded, &options.limits, deadline)?;
    Ok((expanded, model))
}

/// Plans a prepared scenario: [`plan_model`], plus the diagnosis of an infeasible plan.
pub fn plan_prepared(
    expanded: &Expanded,
    model: &Model,
    options: &PlanOptions,
    deadline: &Deadline,
    progress: &mut dyn FnMut(Phase),
) -> Result<Plan, Error> {
    let mut plan = plan_model(expanded, model, options, deadline, progress)?;
    // With demand scenarios, an infeasible scenario's own diagnosis is already there.
    if plan.status == Status::Infeasible && !expanded.has_demand_scenarios() {
        match crate::diagnose::diagnose_model(expanded, model, options, deadline, true) {
            Ok(d) => plan.diagnosis = Some(d),
            Err(e) => plan.notes.push(format!("no diagnosis: {e}")),
        }
    }
    Ok(plan)
}

/// Formulates, solves, builds and verifies the plan of a validated model (no diagnosis):
/// the step that explain and sweeps repeat for each variant.
pub(crate) fn plan_model(
    expanded: &Expanded,
    model: &Model,
    options: &PlanOptions,
    deadline: &Deadline,
    progress: &mut dyn FnMut(Phase),
) -> Result<Plan, Error> {
    let started = web_time::Instant::now();
    if expanded.has_demand_scenarios() {
        let mut plan = crate::uncertainty::plan(expanded, model, options, deadline, progress)?;
        plan.solve_seconds = started.elapsed().as_secs_f64();
        return Ok(plan);
    }
    progress(Phase::Validated {
        variables: model.estimate_variables(),
    });
    progress(Phase::Solving);
    let (solution, timings) = crate::solve::solve_timed(model, options, deadline)?;
    progress(Phase::Solved(timings));
    let mut plan = crate::plan::build(model, &solution, options);
    plan.throughput_sources = expanded.throughput_sources();
    if plan.has_solution() {
        progress(Phase::Verifying);
        let verification = crate::verify::verify_valid(expanded, &plan);
        if !verification.passed {
            plan.notes.push(format!(
                "independent verification failed (largest relative violation {:.3e}); the numbers are not trustworthy",
                verification.max_violation
            ));
            plan.status = Status::VerificationFailed;
        }
        plan.verification = Some(verification);
    }
    plan.solve_seconds = started.elapsed().as_secs_f64();
    Ok(plan)
}

/// Plans a variant of a prepared scenario (explain's relaxations, a sweep's values): validates
/// it under the call's deadline and plans it without diagnosis; running out of time while
/// validating gives a `time_limit` plan, like running out while solving.
pub(crate) fn plan_variant(
    expanded: &Expanded,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<Plan, Error> {
    match validate_with(expanded, &options.limits, deadline) {
        Ok(model) => plan_model(expanded, &model, options, deadline, &mut |_| {}),
        Err(Error::TimeLimit { stage, cancelled }) => {
            Ok(stopped(expanded.scenario(), options, &stage, cancelled))
        }
        Err(e) => Err(e),
    }
}

/// The plan document of a call stopped before a model existed.
fn stopped(scenario: &Scenario, options: &PlanOptions, stage: &str, cancelled: bool) -> Plan {
    let what = if cancelled {
        "cancelled"
    } else {
        "time limit reached"
    };
    Plan::without_solution(
        &scenario.name,
        Status::TimeLimit,
        options.solver.resolve().as_str(),
        format!("{what} while {stage}: no plan"),
    )
}
