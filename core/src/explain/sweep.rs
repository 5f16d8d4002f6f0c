//! Sweeps: one plan per value of one parameter, with the cost-versus-coverage Pareto front.
//!
//! What is reused between solves:
//! - the parameter path is parsed and resolved once, and every value is applied to a clone
//!   of the one parsed scenario;
//! - every value is applied and validated before anything is solved, so a bad value fails
//!   the sweep at once instead of after minutes of solving;
//! - repeated values are solved once;
//! - when the parameter only tightens in one direction
//!   (outage coverage up; share caps, budget, unit caps down), values are solved from the
//!   loosest to the tightest, and once one is infeasible every tighter one is reported
//!   infeasible without solving (`inferred = true`): its plans, fluid or whole, are a subset;
//! - rows skip the shadow prices (the dual solve) and the diagnosis, which a row does not
//!   report;
//! - with HiGHS, a pure LP row starts from the optimal basis of a neighbouring value
//!   ([`crate::solve::basis`]): a few hundred pivots instead of a solve from scratch;
//! - natively, blocks of consecutive values are solved on all cores ([`crate::parallel`]);
//!   the rows, `inferred` flags included, are those of a one-at-a-time sweep.

mod rows;

use super::param::Param;
use crate::document::Status;
use crate::expand::Expanded;
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::parallel;
use crate::pipeline::plan_variant;
use crate::solve::basis::{self, Basis};
use crate::validate::validate_with;
use crate::{Error, Scenario};
use rows::empty_row;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One plan per parameter value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Sweep {
    /// The parameter path, e.g. `policy.outage_coverage`.
    pub param: String,
    /// Provider ids that carry cost in some row, sorted (columns of `cost_by_provider`).
    pub providers: Vec<String>,
    /// One row per value, in the order given.
    pub rows: Vec<SweepRow>,
}

/// The plan at one parameter value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SweepRow {
    /// The parameter's value.
    pub value: f64,
    /// Outcome of planning at this value.
    pub status: Status,
    /// USD spent over the horizon (absent without a plan).
    pub total_cost: Option<f64>,
    /// `total_cost` plus shortfall penalties (USD).
    pub objective: Option<f64>,
    /// USD by provider id.
    pub cost_by_provider: BTreeMap<String, f64>,
    /// Worst achieved outage coverage over serving workloads (share of demand still served
    /// when the worst provider is lost); absent without a plan or serving workload.
    pub outage_coverage: Option<f64>,
    /// On the Pareto front of objective (lower is better) against outage coverage (higher
    /// is better): no other row is at least as good in both and better in one. Of rows with
    /// the same objective and coverage only the first is marked, and no row is marked when
    /// every row has the same coverage (a sweep that trades nothing against coverage).
    pub pareto: bool,
    /// Status inferred from a looser value that was already infeasible (not solved).
    pub inferred: bool,
    /// With demand scenarios: the largest scenario objective (USD), beside `objective`,
    /// the risk measure's value, and `total_cost`, the expected spend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst_case_cost: Option<f64>,
    /// Units of new commitments signed, summed over offerings and signing periods (absent
    /// without a plan): what a sweep over risk or probabilities moves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_units: Option<f64>,
}

/// Applies one parameter value to a copy of `scenario` and validates the result.
///
/// `path` is one of [`PARAM_FORMS`](crate::explain::PARAM_FORMS). A bad path is an
/// [`Error::InvalidOption`] naming the path and listing the valid forms; a value the
/// scenario cannot take (a share of 1.5, a negative cap) is the validation error of the
/// modified scenario (validated with the default [`crate::Limits`]; planning re-validates
/// with the caller's). Sweeps can be distributed by calling this per value and planning
/// each result.
pub fn apply_param(scenario: &Scenario, path: &str, value: f64) -> Result<Scenario, Error> {
    let param = Param::parse(scenario, path)?;
    let mut s = scenario.clone();
    param.apply(&mut s, path, value)?;
    crate::validate(&crate::expand(&s)?)?;
    // A serving edit estimated again: the figures go, so that they stay estimates (a file
    // stating them would make them given) wherever the scenario is saved or planned.
    Ok(crate::expand::without_estimates(&s))
}

/// The expanded scenario with `value` applied, and its model.
fn applied(
    expanded: &Expanded,
    param: &Param,
    path: &str,
    value: f64,
    limits: &crate::Limits,
    deadline: &Deadline,
) -> Result<(Expanded, Model), Error> {
    let mut applied = Ok(());
    let e = expanded.edited(|s| applied = param.apply(s, path, value));
    applied?;
    let model = validate_with(&e, limits, deadline)?;
    Ok((e, model))
}

/// Plans `scenario` once per value of the parameter at `path` (see [`apply_param`]).
///
/// `options.time_limit` bounds the whole sweep: each row gets the time left, and rows that
/// find none have status `time_limit` without a plan.
pub fn sweep(
    scenario: &Scenario,
    path: &str,
    values: &[f64],
    options: &PlanOptions,
) -> Result<Sweep, Error> {
    sweep_with_progress(scenario, path, values, options, &mut |_, _| {})
}

/// [`sweep`], calling `progress(done, total)` after each solve.
pub fn sweep_with_progress(
    scenario: &Scenario,
    path: &str,
    values: &[f64],
    options: &PlanOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Sweep, Error> {
    let deadline = Deadline::after(options.time_limit);
    sweep_within(scenario, path, values, options, &deadline, progress)
}

/// [`sweep_with_progress`] under a deadline the caller holds (one it can cancel);
/// `options.time_limit` is not consulted.
pub fn sweep_within(
    scenario: &Scenario,
    path: &str,
    values: &[f64],
    options: &PlanOptions,
    deadline: &Deadline,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Sweep, Error> {
    options.check()?;
    let deadline = deadline.clone();
    let expanded = crate::expand_with(scenario, &options.limits, &deadline)?;
    let param = Param::parse(expanded.scenario(), path)?;
    if values.is_empty() {
        return Err(Error::InvalidOption {
            name: "values".into(),
            reason: "no values to sweep".into(),
        });
    }
    // Every value is applied and validated first (a bad one fails the sweep at once), but
    // the modified scenarios are not kept: with many values a large scenario held once per
    // value could exhaust memory. Each row applies its value again when it is solved.
    for &v in values {
        applied(&expanded, &param, path, v, &options.limits, &deadline)?;
    }
    let sub = PlanOptions {
        shadow_prices: false,
        ..options.clone()
    };
    // A tightening parameter shrinks the feasible set, fluid or whole units alike: only a
    // proven `infeasible` status (never a time limit) starts the inference.
    let direction = param.tightening();
    // Loosest first: ascending when raising tightens, descending when lowering does.
    let mut order: Vec<usize> = (0..values.len()).collect();
    match direction {
        1 => order.sort_by(|&a, &b| values[a].total_cmp(&values[b])),
        -1 => order.sort_by(|&a, &b| values[b].total_cmp(&values[a])),
        _ => {}
    }
    // Each distinct value once, loosest first; repeats copy their first occurrence's row.
    let mut firsts: Vec<usize> = Vec::new();
    for &i in &order {
        if !firsts
            .iter()
            .any(|&j| values[j].to_bits() == values[i].to_bits())
        {
            firsts.push(i);
        }
    }
    let tighter_than = |value: f64, from: Option<f64>| {
        from.is_some_and(|v| {
            if direction > 0 {
                value >= v
            } else {
                value <= v
            }
        })
    };
    let mut rows: Vec<Option<SweepRow>> = vec![None; values.len()];
    // The loosest row alone and from scratch; its basis starts every block below.
    let (first, start) = solve_row(
        &expanded,
        &param,
        path,
        values[firsts[0]],
        &sub,
        &deadline,
        None,
    )?;
    let mut infeasible_from =
        (first.status == Status::Infeasible && direction != 0).then_some(first.value);
    rows[firsts[0]] = Some(first);
    progress(1, firsts.len());
    // The other rows in blocks of consecutive values, the blocks on all cores. In a block
    // each row starts from the basis its neighbour left (a price sweep moves the optimum a
    // little per step, but far over the range: from the first row's basis, rows at the far
    // end took longer than a solve from scratch). Blocks have a fixed size, so the rows,
    // and what each starts from, are the same whatever the number of threads.
    let rest = &firsts[1..];
    let size = (rest.len() as f64).sqrt().ceil().max(1.0) as usize;
    let blocks: Vec<&[usize]> = rest.chunks(size).collect();
    let mut done = 1;
    let solved = parallel::map_ticking(
        &blocks,
        |block, tick| {
            let mut out = Vec::with_capacity(block.len());
            let mut from = start.clone();
            let mut stop: Option<f64> = infeasible_from;
            for &i in *block {
                if tighter_than(values[i], stop) {
                    out.push(Ok(inferred_row(values[i])));
                    tick();
                    continue;
                }
                let r = solve_row(
                    &expanded,
                    &param,
                    path,
                    values[i],
                    &sub,
                    &deadline,
                    from.clone(),
                );
                if let Ok((row, basis)) = &r {
                    if row.status == Status::Infeasible && direction != 0 {
                        stop = Some(row.value);
                    }
                    if basis.is_some() {
                        from = basis.clone();
                    }
                }
                out.push(r.map(|(row, _)| row));
                tick();
            }
            out
        },
        &mut || {
            done += 1;
            progress(done, firsts.len());
        },
    );
    for (block, results) in blocks.iter().zip(solved) {
        for (&i, r) in block.iter().zip(results) {
            let row = r?;
            // Solved beside a looser infeasible row of another block: reported as a
            // one-at-a-time sweep would.
            let row = if row.inferred || tighter_than(row.value, infeasible_from) {
                inferred_row(row.value)
            } else {
                row
            };
            if row.status == Status::Infeasible && !row.inferred && direction != 0 {
                infeasible_from = Some(infeasible_from.map_or(row.value, |v| {
                    if direction > 0 {
                        v.min(row.value)
                    } else {
                        v.max(row.value)
                    }
                }));
            }
            rows[i] = Some(row);
        }
    }
    for &i in &order {
        if rows[i].is_none() {
            let first = firsts
                .iter()
                .find(|&&j| values[j].to_bits() == values[i].to_bits());
            rows[i] = first.and_then(|&j| rows[j].clone());
        }
    }
    let rows: Vec<SweepRow> = rows
        .into_iter()
        .zip(values)
        .map(|(r, &v)| r.unwrap_or_else(|| empty_row(v)))
        .collect();
    Ok(Sweep::from_rows(path, rows))
}

/// The row of a value tighter than one already infeasible: infeasible too, not solved.
fn inferred_row(value: f64) -> SweepRow {
    SweepRow {
        status: Status::Infeasible,
        inferred: true,
        ..empty_row(value)
    }
}

/// Plans one value, starting from `start` (see `solve::basis`), and the basis this plan
/// leaves (pure LPs with HiGHS), for the rows after it.
fn solve_row(
    expanded: &Expanded,
    param: &Param,
    path: &str,
    value: f64,
    sub: &PlanOptions,
    deadline: &Deadline,
    start: Option<Arc<Basis>>,
) -> Result<(SweepRow, Option<Arc<Basis>>), Error> {
    if deadline.expired() {
        let row = SweepRow {
            status: Status::TimeLimit,
            ..empty_row(value)
        };
        return Ok((row, None));
    }
    let mut applied = Ok(());
    let e = expanded.edited(|s| applied = param.apply(s, path, value));
    applied?;
    let (plan, recorded) = basis::scoped(start, true, || plan_variant(&e, sub, deadline));
    Ok((SweepRow::from_plan(value, &plan?), recorded))
}
