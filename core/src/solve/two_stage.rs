//! Solving the stacked two-stage program ([`crate::formulate::two_stage`]) and programs with
//! the commitments fixed (recourse only, for the value of the stochastic solution).
//!
//! Fluid units: one certified LP ([`super::certify`]), `optimal` only with its certificate.
//! Whole units: the same path as a deterministic whole-unit program ([`super::integer`]):
//! certified relaxation, rounding and repair, microlp's bounded branch and bound; the gap is
//! to the relaxation's certified bound. Numerical dust is cleaned per scenario afterwards
//! (each block against its own model's demand).

use super::certify::certified_lp;
use super::integer::{solve_whole, Exact};
use super::{dust, from_outcome, objective, PlanOptions, Solution, DEFAULT_MIP_GAP};
use crate::document::Status;
use crate::formulate::{Formulation, Lp, Sense, Tag, VarKind};
use crate::model::Model;
use crate::options::Deadline;
use crate::Error;

/// A solved stacked (or fixed-commitment) program.
#[derive(Debug, Clone)]
pub(crate) struct Stacked {
    pub status: Status,
    pub values: Option<Vec<f64>>,
    /// The program's objective at `values` (USD, with its constant).
    pub objective: Option<f64>,
    /// Best proven lower bound on the objective (USD, with its constant).
    pub bound: Option<f64>,
    /// `lp`, `lp_rounding` or `branch_and_bound`.
    pub method: &'static str,
    pub notes: Vec<String>,
}

/// Solves `lp`; `model` is one of the scenarios' models (integer search cleans candidate
/// points against it; the verifier checks every scenario's plan afterwards anyway).
pub(crate) fn solve_stacked(
    model: &Model,
    lp: &Lp,
    integer: bool,
    opts: &PlanOptions,
    deadline: &Deadline,
) -> Result<Stacked, Error> {
    let constant = lp.constant;
    if !integer {
        let c = certified_lp(lp, false, opts.solver, deadline)?;
        let f = Formulation { lp: lp.clone() };
        let status = c.status_without_point();
        let mut s = from_outcome(c.outcome, f, "lp");
        if s.values.is_none() {
            s.status = status;
        }
        if c.bound.is_none() && s.values.is_some() {
            s.status = if deadline.expired() {
                Status::TimeLimit
            } else {
                Status::Feasible
            };
            s.notes
                .push("not proven optimal: no solver's duals certify the two-stage plan".into());
        }
        s.notes.extend(c.note);
        let objective = s.values.as_deref().map(|v| objective(&s.formulation, v));
        return Ok(Stacked {
            status: s.status,
            objective,
            bound: c.bound.map(|b| b + constant),
            values: s.values,
            method: "lp",
            notes: s.notes,
        });
    }
    let target = opts.mip_gap.unwrap_or(DEFAULT_MIP_GAP);
    let w = solve_whole(model, lp, opts.solver, target, Exact::MicrolpOnly, deadline)?;
    Ok(Stacked {
        status: w.status,
        objective: w.objective.map(|o| o + constant),
        bound: w.bound.map(|b| b + constant),
        values: w.values,
        method: w.method,
        notes: w.notes,
    })
}

/// `lp` with every commitment column (`VarKind::Sign { o, s }`) fixed at `signed(o, s)`
/// units by an equality row (the dual program takes columns with a zero lower bound, so
/// the fix is a row, not a bound).
pub(crate) fn with_commitments_fixed(lp: &Lp, signed: impl Fn(usize, usize) -> f64) -> Lp {
    let mut fixed = lp.clone();
    for (j, v) in lp.vars.iter().enumerate() {
        if let VarKind::Sign { o, s } = v.kind {
            let units = signed(o, s);
            let tag = Tag::new(
                crate::formulate::RowKind::CommitCap,
                crate::formulate::At {
                    o: Some(o),
                    t: Some(s),
                    ..crate::formulate::At::default()
                },
            );
            fixed.add_row(vec![(j, 1.0)], Sense::Eq, units, tag);
        }
    }
    fixed
}

/// The solution of one scenario's own program `f` at its block `values` of a stacked point,
/// cleaned of dust against its own `model`: what the plan stage reads.
pub(crate) fn block_solution(
    model: &Model,
    f: Formulation,
    mut values: Vec<f64>,
    status: Status,
    method: &'static str,
) -> Solution {
    dust::clean(model, &f.lp, &mut values);
    let mut s = from_outcome(super::Outcome::Optimal(values), f, method);
    s.status = status;
    s.bound = None;
    s
}
