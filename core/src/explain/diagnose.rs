//! Infeasibility diagnosis: the smallest relaxations, in domain words.
//!
//! 1. The elastic program ([`crate::formulate::elastic`]) relaxes demand, provider share,
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

use super::diagnose_slack::read_slack;
use super::diagnose_words::summary;
use super::family::PolicyFamily;
use crate::formulate::elastic::{coverage_program, elastic, spend_program};
use crate::formulate::Lp;
use crate::model::Model;
use crate::solve::{run, Outcome, PlanOptions, RunOptions};
use crate::{Error, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use web_time::Instant;

/// Why a scenario has no plan, and what would make it feasible.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Diagnosis {
    /// Short sentences, the most important first.
    pub summary: Vec<String>,
    /// Demand that cannot be served (serving: per period and segment; batch: per workload).
    pub unserved: Vec<Unserved>,
    /// Offerings whose `max_units` is used up where something is missing.
    pub exhausted_caps: Vec<ExhaustedCap>,
    /// Policy rows that would have to give, with the value that would make them hold.
    pub policy_limits: Vec<PolicyLimit>,
    /// Compatible offerings that a workload's allow-lists exclude (unserved workloads only).
    pub excluded_offerings: BTreeMap<String, Vec<String>>,
    /// Least `policy.budget` (USD) with which every other rule can be met.
    pub least_budget: Option<f64>,
    /// Largest `policy.outage_coverage` reachable with every other rule held.
    pub max_outage_coverage: Option<f64>,
    /// Families whose removal alone makes the scenario feasible, when the continuous
    /// relaxation is feasible (whole units, single routing).
    pub feasible_without: Vec<PolicyFamily>,
}

/// Demand that cannot be served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unserved {
    /// Workload id.
    pub workload: String,
    /// 1-based period (serving); absent for batch workloads.
    pub period: Option<usize>,
    /// Period label (serving).
    pub label: Option<String>,
    /// Segment name (serving).
    pub segment: Option<String>,
    /// The workload's unit label.
    pub unit: String,
    /// Demand: work units per hour (serving) or the batch total (work units).
    pub demand: f64,
    /// Missing part of `demand`, same unit.
    pub missing: f64,
    /// `missing / demand`.
    pub missing_share: f64,
    /// Missing work units over the segment's hours (serving) or the window (batch).
    pub missing_work_units: f64,
}

/// A cap that is used up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExhaustedCap {
    /// Offering id.
    pub offering: String,
    /// Provider id.
    pub provider: String,
    /// The cap (units).
    pub max_units: f64,
    /// 1-based periods in which it is used up.
    pub periods: Vec<usize>,
}

/// A policy row that would have to give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyLimit {
    /// `provider_share`, `outage_coverage`, `spot_share` or `budget`.
    pub family: PolicyFamily,
    /// Workload id (absent for the budget).
    pub workload: Option<String>,
    /// Provider id (provider share: the capped provider; outage: the provider lost).
    pub provider: Option<String>,
    /// 1-based period (serving rows).
    pub period: Option<usize>,
    /// Segment name (serving rows).
    pub segment: Option<String>,
    /// The rule's value: a share, a coverage, or USD.
    pub limit: f64,
    /// The value at which this row would hold: a larger cap, a smaller coverage, more USD.
    pub relaxed_to: f64,
}

/// Diagnoses why `scenario` has no plan under `options` (see the module documentation).
///
/// For a feasible scenario the diagnosis is empty apart from one summary sentence.
pub fn diagnose(scenario: &Scenario, options: &PlanOptions) -> Result<Diagnosis, Error> {
    options.check()?;
    let model = crate::validate_with_limits(scenario, &options.limits)?;
    diagnose_model(scenario, &model, options, false)
}

/// Solves one program of the diagnosis with the time left (`options` comes from
/// [`super::within`]).
fn solve(
    lp: &Lp,
    options: &PlanOptions,
    deadline: Option<Instant>,
) -> Result<Option<Vec<f64>>, Error> {
    let opts = RunOptions {
        time_limit: super::within(options, deadline).time_limit,
        ..RunOptions::default()
    };
    Ok(match run(lp, options.solver, opts)? {
        Outcome::Optimal(v) => Some(v),
        _ => None,
    })
}

/// [`diagnose`] on an already validated model of `scenario`; `known_infeasible` when the
/// caller has just planned it without success (otherwise a scenario whose continuous program
/// needs no slack is planned once to tell "feasible" from whole units or single routing).
pub(crate) fn diagnose_model(
    scenario: &Scenario,
    model: &Model,
    options: &PlanOptions,
    known_infeasible: bool,
) -> Result<Diagnosis, Error> {
    // The time limit bounds the whole diagnosis, not each of its solves.
    let deadline = super::deadline(options);
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
        let o = PlanOptions {
            shadow_prices: false,
            ..super::within(options, deadline)
        };
        if !known_infeasible && crate::plan_inner(scenario, &o, &mut |_| {}, false)?.has_solution()
        {
            d.summary
                .push("the scenario is feasible: nothing needs relaxing".into());
            return Ok(d);
        }
        structural(scenario, options, deadline, &mut d)?;
    }
    d.summary = summary(model, &d);
    Ok(d)
}

/// The continuous program holds: try without single routing, then without whole units.
fn structural(
    scenario: &Scenario,
    options: &PlanOptions,
    deadline: Option<Instant>,
    d: &mut Diagnosis,
) -> Result<(), Error> {
    for family in [PolicyFamily::SingleRouting, PolicyFamily::IntegerUnits] {
        if !family.is_active(scenario, options) {
            continue;
        }
        let (mut s, mut o) = (scenario.clone(), super::within(options, deadline));
        family.relax(&mut s, &mut o);
        o.shadow_prices = false;
        if crate::plan_inner(&s, &o, &mut |_| {}, false)?.has_solution() {
            d.feasible_without.push(family);
        }
    }
    Ok(())
}
