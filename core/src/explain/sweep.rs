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
//! - with HiGHS, a pure LP row starts from the optimal basis of the first row solved
//!   ([`crate::solve::basis`]): a few hundred pivots instead of a solve from scratch.

use super::param::Param;
use crate::document::Status;
use crate::expand::Expanded;
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::pipeline::plan_variant;
use crate::solve::basis;
use crate::validate::validate_with;
use crate::{Error, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    Ok(s)
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
    let mut rows: Vec<Option<SweepRow>> = vec![None; values.len()];
    let mut infeasible_from: Option<f64> = None;
    let mut done: Vec<(f64, usize)> = Vec::new();
    let mut start = None;
    let unique = {
        let mut v: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    for i in order {
        let value = values[i];
        if let Some(&(_, j)) = done.iter().find(|(v, _)| v.to_bits() == value.to_bits()) {
            rows[i] = rows[j].clone();
            continue;
        }
        let inferred = infeasible_from.is_some_and(|v| {
            if direction > 0 {
                value >= v
            } else {
                value <= v
            }
        });
        let row = if inferred {
            SweepRow {
                value,
                status: Status::Infeasible,
                inferred: true,
                ..empty_row(value)
            }
        } else if deadline.expired() {
            SweepRow {
                status: Status::TimeLimit,
                ..empty_row(value)
            }
        } else {
            let mut applied = Ok(());
            let e = expanded.edited(|s| applied = param.apply(s, path, value));
            applied?;
            // Every row after the first solved one starts from that one's basis (HiGHS,
            // pure LPs; see `solve::basis`): the same start whatever the order of values.
            let record = start.is_none();
            let (plan, recorded) =
                basis::scoped(start.clone(), record, || plan_variant(&e, &sub, &deadline));
            let plan = plan?;
            if record {
                start = recorded;
            }
            if plan.status == Status::Infeasible && direction != 0 {
                infeasible_from = Some(infeasible_from.map_or(value, |v| {
                    if direction > 0 {
                        v.min(value)
                    } else {
                        v.max(value)
                    }
                }));
            }
            SweepRow::from_plan(value, &plan)
        };
        rows[i] = Some(row);
        done.push((value, i));
        progress(done.len(), unique);
    }
    let rows: Vec<SweepRow> = rows
        .into_iter()
        .zip(values)
        .map(|(r, &v)| r.unwrap_or_else(|| empty_row(v)))
        .collect();
    Ok(Sweep::from_rows(path, rows))
}

impl SweepRow {
    /// The row for `plan`, planned at parameter `value` (`pareto` and `inferred` false).
    pub fn from_plan(value: f64, plan: &crate::Plan) -> SweepRow {
        let coverage = plan
            .achieved
            .outage_coverage
            .iter()
            .map(|c| c.coverage)
            .reduce(f64::min);
        SweepRow {
            value,
            status: plan.status,
            total_cost: plan.total_cost,
            objective: plan.objective,
            cost_by_provider: plan.costs.by_provider.clone(),
            outage_coverage: coverage,
            pareto: false,
            inferred: false,
            worst_case_cost: plan.uncertainty.as_ref().map(|u| u.worst_case_cost),
            commitment_units: plan
                .has_solution()
                .then(|| crate::document::committed(&plan.commitments).0),
        }
    }
}

impl Sweep {
    /// A sweep from rows solved separately (e.g. one [`apply_param`] + plan per value on
    /// other machines), in the order given: marks the Pareto front and lists the providers.
    pub fn from_rows(param: impl Into<String>, mut rows: Vec<SweepRow>) -> Sweep {
        mark_pareto(&mut rows);
        let mut providers: Vec<String> = rows
            .iter()
            .flat_map(|r| r.cost_by_provider.keys().cloned())
            .collect();
        providers.sort();
        providers.dedup();
        Sweep {
            param: param.into(),
            providers,
            rows,
        }
    }
}

fn empty_row(value: f64) -> SweepRow {
    SweepRow {
        value,
        status: Status::NoSolution,
        total_cost: None,
        objective: None,
        cost_by_provider: BTreeMap::new(),
        outage_coverage: None,
        pareto: false,
        inferred: false,
        worst_case_cost: None,
        commitment_units: None,
    }
}

/// Marks rows no other row dominates in (objective ↓, coverage ↑), within 1e-9 relative.
fn mark_pareto(rows: &mut [SweepRow]) {
    let points: Vec<Option<(f64, f64)>> = rows
        .iter()
        .map(|r| {
            r.objective
                .zip(r.outage_coverage.or(r.objective.map(|_| 0.0)))
        })
        .collect();
    let le = |a: f64, b: f64| a <= b + 1e-9 * a.abs().max(b.abs()).max(1.0);
    let same = |(ca, va): (f64, f64), (cb, vb): (f64, f64)| {
        le(ca, cb) && le(cb, ca) && le(va, vb) && le(vb, va)
    };
    let mut coverages = points.iter().flatten().map(|&(_, v)| v);
    let first = coverages.next();
    let trades = first.is_some_and(|f| coverages.any(|v| !(le(v, f) && le(f, v))));
    for (i, row) in rows.iter_mut().enumerate() {
        let Some((ci, vi)) = points[i] else { continue };
        let dominated = points.iter().enumerate().any(|(j, p)| {
            let Some((cj, vj)) = *p else { return false };
            j != i && le(cj, ci) && le(vi, vj) && !same((ci, vi), (cj, vj))
        });
        let repeated = points[..i].iter().flatten().any(|&p| same(p, (ci, vi)));
        row.pareto = trades && !dominated && !repeated;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cost: f64, cov: f64) -> SweepRow {
        SweepRow {
            objective: Some(cost),
            outage_coverage: Some(cov),
            ..empty_row(0.0)
        }
    }

    #[test]
    fn pareto_front() {
        let mut rows = vec![
            row(10.0, 0.0),
            row(12.0, 0.5),
            row(12.0, 0.4),
            row(15.0, 0.5),
            row(20.0, 1.0),
        ];
        mark_pareto(&mut rows);
        let marks: Vec<bool> = rows.iter().map(|r| r.pareto).collect();
        assert_eq!(marks, vec![true, true, false, false, true]);
    }

    #[test]
    fn identical_rows_are_marked_once_and_constant_coverage_not_at_all() {
        let mut rows = vec![
            row(10.0, 0.4),
            row(10.0, 0.4),
            row(12.0, 0.6),
            row(12.0, 0.6),
        ];
        mark_pareto(&mut rows);
        let marks: Vec<bool> = rows.iter().map(|r| r.pareto).collect();
        assert_eq!(marks, vec![true, false, true, false]);
        // A price sweep: coverage never moves, so there is no trade-off to mark.
        let mut rows = vec![row(10.0, 0.4), row(12.0, 0.4), row(9.0, 0.4)];
        mark_pareto(&mut rows);
        assert!(rows.iter().all(|r| !r.pareto));
    }
}
