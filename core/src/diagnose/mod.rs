//! Infeasibility diagnosis: the smallest relaxations, in domain words.
//!
//! 1. The elastic program ([`elastic`]) relaxes demand, provider share,
//!    outage coverage, spot share and budget rows with penalised slack; caps stay hard. Its
//!    slacks say which workload, period and segment cannot be served and by how much, and
//!    which policy rows would have to give; caps at their limit where something is missing
//!    are reported as exhausted, and allow-lists that exclude compatible offerings of an
//!    unserved workload are named.
//! 2. Exact figures by one more LP each: when the budget gives, the least budget (the least
//!    spend meeting every other rule); when coverage gives, the largest outage coverage
//!    reachable with every other rule held.
//! 3. When the continuous program needs no slack, the infeasibility comes from whole units
//!    or single routing: each is switched off in turn and re-planned.

mod elastic;
mod slack;
mod words;

use crate::document::{Diagnosis, PolicyFamily};
use crate::expand::{expand_with, Expanded};
use crate::formulate::Lp;
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::solve::{run, Outcome, RunOptions};
use crate::validate::validate_with;
use crate::{Error, Scenario};
use elastic::{coverage_program, elastic, spend_program};
use slack::read_slack;
use words::summary;

/// Diagnoses why `scenario` has no plan under `options` (see the module documentation).
///
/// For a feasible scenario the diagnosis is empty apart from one summary sentence.
/// `options.time_limit` bounds the whole diagnosis.
pub fn diagnose(scenario: &Scenario, options: &PlanOptions) -> Result<Diagnosis, Error> {
    diagnose_within(scenario, options, &Deadline::after(options.time_limit))
}

/// [`diagnose`] under a deadline the caller holds (one it can cancel); `options.time_limit`
/// is not consulted.
pub fn diagnose_within(
    scenario: &Scenario,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<Diagnosis, Error> {
    options.check()?;
    let expanded = expand_with(scenario, &options.limits, deadline)?;
    let model = validate_with(&expanded, &options.limits, deadline)?;
    diagnose_model(&expanded, &model, options, deadline, false)
}

/// Solves one program of the diagnosis with the time left.
fn solve(lp: &Lp, options: &PlanOptions, deadline: &Deadline) -> Result<Option<Vec<f64>>, Error> {
    let opts = RunOptions {
        time_limit: deadline.remaining(),
        ..RunOptions::default()
    };
    Ok(match run(lp, options.solver, opts)? {
        Outcome::Optimal(v) => Some(v),
        _ => None,
    })
}

/// Whether `model` has a plan at all (any status with values), solved with the time left.
fn has_plan(model: &Model, options: &PlanOptions, deadline: &Deadline) -> Result<bool, Error> {
    let o = PlanOptions {
        shadow_prices: false,
        ..options.clone()
    };
    Ok(crate::solve::solve(model, &o, deadline)?.values.is_some())
}

/// [`diagnose`] on an already validated model of `expanded`; `known_infeasible` when the
/// caller has just planned it without success (otherwise a scenario whose continuous program
/// needs no slack is solved once to tell "feasible" from whole units or single routing).
pub(crate) fn diagnose_model(
    expanded: &Expanded,
    model: &Model,
    options: &PlanOptions,
    deadline: &Deadline,
    known_infeasible: bool,
) -> Result<Diagnosis, Error> {
    let scenario = expanded.scenario();
    let e = elastic(model);
    let mut d = Diagnosis::default();
    let Some(values) = solve(&e.lp, options, deadline)? else {
        d.summary.push(
            "the diagnosis program could not be solved (time limit or solver failure)".into(),
        );
        return Ok(d);
    };
    let gives = read_slack(scenario, model, &e, &values, &mut d);
    if gives.budget {
        let lp = spend_program(model);
        d.least_budget = solve(&lp, options, deadline)?
            .map(|v| lp.constant + lp.vars.iter().zip(&v).map(|(x, y)| x.cost * y).sum::<f64>());
    }
    if gives.outage {
        let (lp, beta) = coverage_program(model);
        d.max_outage_coverage = solve(&lp, options, deadline)?.map(|v| v[beta].clamp(0.0, 1.0));
    }
    if d.unserved.is_empty() && d.policy_limits.is_empty() {
        if !known_infeasible && has_plan(model, options, deadline)? {
            d.summary
                .push("the scenario is feasible: nothing needs relaxing".into());
            return Ok(d);
        }
        structural(expanded, options, deadline, &mut d)?;
    }
    d.summary = summary(model, &d);
    Ok(d)
}

/// The continuous program holds: try without single routing, then without whole units.
fn structural(
    expanded: &Expanded,
    options: &PlanOptions,
    deadline: &Deadline,
    d: &mut Diagnosis,
) -> Result<(), Error> {
    for family in [PolicyFamily::SingleRouting, PolicyFamily::IntegerUnits] {
        if !family.is_active(expanded.scenario(), options) {
            continue;
        }
        let mut o = options.clone();
        let relaxed = expanded.edited(|s| family.relax(s, &mut o));
        let model = validate_with(&relaxed, &options.limits, deadline)?;
        if has_plan(&model, &o, deadline)? {
            d.feasible_without.push(family);
        }
    }
    Ok(())
}
