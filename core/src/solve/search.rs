//! Single routing without a MILP solver: every combination of accelerator choices (up to
//! [`MAX_ROUTING_COMBINATIONS`]) or coordinate descent from the relaxation's dominant
//! accelerators; each choice is a program of its own, solved as a pure LP or with whole
//! units ([`super::integer`]).
//!
//! The bound: with every combination tried, the smallest of their proven bounds (each bounds
//! every plan with its routing, and every plan has one routing); otherwise the relaxation
//! with the routing binaries relaxed.

use super::certify::certified_lp;
use super::integer::{gap, solve_whole, Exact, Whole};
use super::{PlanOptions, Solution, MAX_ROUTING_COMBINATIONS};
use crate::document::Status;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::Deadline;
use crate::scenario::Routing;
use crate::Error;

/// Accelerator choices (indices into each workload's sorted accelerators) to try; empty when
/// there are more than [`MAX_ROUTING_COMBINATIONS`](super::MAX_ROUTING_COMBINATIONS).
pub(crate) fn routing_choices(model: &Model) -> Vec<Vec<Option<usize>>> {
    let counts: Vec<Option<usize>> = model
        .workloads
        .iter()
        .map(|w| (w.routing == Routing::Single).then(|| w.accelerators(model).len()))
        .collect();
    let mut combos: Vec<Vec<Option<usize>>> = vec![Vec::new()];
    for c in &counts {
        let mut next = Vec::new();
        for prefix in &combos {
            match c {
                None => next.push([prefix.as_slice(), &[None]].concat()),
                Some(n) => {
                    for a in 0..*n {
                        next.push([prefix.as_slice(), &[Some(a)]].concat());
                    }
                }
            }
            if next.len() > MAX_ROUTING_COMBINATIONS {
                return Vec::new();
            }
        }
        combos = next;
    }
    combos
}

/// A candidate: its formulation and its result.
type Candidate = (Formulation, Whole);

fn spec(integer: bool, routing: RoutingMode, opts: &PlanOptions, deadline: &Deadline) -> Spec {
    Spec {
        integer,
        routing,
        reduce: opts.reductions,
        deadline: deadline.clone(),
    }
}

/// The plan of one routing choice.
fn candidate(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    target: f64,
    choice: Vec<Option<usize>>,
    deadline: &Deadline,
) -> Result<Candidate, Error> {
    let f = formulate(
        model,
        &spec(integer, RoutingMode::Fixed(choice), opts, deadline),
    );
    let exact = if integer { Exact::Microlp } else { Exact::None };
    let w = solve_whole(model, &f.lp, opts.solver, target, exact, deadline)?;
    Ok((f, w))
}

pub(super) fn solve_routing(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    target: f64,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    // The relaxation with routing binaries relaxed too: a bound, and the dominant choice.
    let relaxed_f = formulate(model, &spec(integer, RoutingMode::Binary, opts, deadline));
    let relaxed = certified_lp(&relaxed_f.lp, true, opts.solver, deadline)?;
    let constant = relaxed_f.lp.constant;
    let relaxed_values = match &relaxed.outcome {
        super::backend::Outcome::Optimal(v) => v.clone(),
        _ => {
            let status = relaxed.status_without_point();
            let mut s = super::from_outcome(
                super::backend::Outcome::NoSolution,
                relaxed_f,
                "routing_search",
            );
            s.status = status;
            s.notes.extend(relaxed.note.clone());
            return Ok(s);
        }
    };
    let relaxation = constant
        + relaxed_f
            .lp
            .vars
            .iter()
            .zip(&relaxed_values)
            .map(|(v, x)| v.cost * x)
            .sum::<f64>();
    let mut notes = Vec::new();
    let mut choices = routing_choices(model);
    let exhaustive = !choices.is_empty();
    if !exhaustive {
        choices = vec![dominant_choice(model, &relaxed_f, &relaxed_values)];
        notes.push(format!(
            "single routing: more than {MAX_ROUTING_COMBINATIONS} accelerator combinations, so coordinate descent from the relaxation was used (not exhaustive)"
        ));
    }
    let mut best: Option<Candidate> = None;
    let mut best_choice = choices.first().cloned().unwrap_or_default();
    // The smallest proven bound over the combinations tried (exhaustive search only).
    let mut min_bound = Some(f64::INFINITY);
    let mut timed_out = false;
    for choice in &choices {
        if deadline.expired() {
            timed_out = true;
            break;
        }
        let (f, w) = candidate(model, opts, integer, target, choice.clone(), deadline)?;
        let candidate_bound = match (w.status, w.bound) {
            (Status::Infeasible, _) => Some(f64::INFINITY),
            (_, b) => b.map(|b| b + f.lp.constant),
        };
        min_bound = min_bound.zip(candidate_bound).map(|(a, b)| a.min(b));
        if w.values.is_some() && better(&w, &f, best.as_ref()) {
            best = Some((f, w));
            best_choice = choice.clone();
        }
    }
    if !exhaustive {
        timed_out |= descend(
            model,
            opts,
            integer,
            target,
            deadline,
            &mut best,
            &mut best_choice,
        )?;
    }
    let relaxed_bound = relaxed.bound.map(|b| b + constant);
    let bound = match (exhaustive && !timed_out, min_bound) {
        (true, Some(b)) if b.is_finite() => Some(b.max(relaxed_bound.unwrap_or(b))),
        _ => relaxed_bound,
    };
    let Some((f, w)) = best else {
        let status = if timed_out || deadline.expired() {
            Status::TimeLimit
        } else {
            Status::Infeasible
        };
        let mut s = super::from_outcome(
            super::backend::Outcome::NoSolution,
            relaxed_f,
            "routing_search",
        );
        s.status = status;
        s.bound = bound;
        s.notes = notes;
        return Ok(s);
    };
    let objective = w.objective.map(|o| o + f.lp.constant);
    let g = objective.zip(bound).map(|(o, b)| gap(o, b));
    let status = if g.is_some_and(|g| g <= target) && !timed_out {
        Status::Optimal
    } else if timed_out || deadline.expired() {
        Status::TimeLimit
    } else {
        Status::Feasible
    };
    notes.extend(w.notes);
    Ok(Solution {
        status,
        values: w.values,
        bound,
        relaxation: Some(relaxation),
        formulation: f,
        duals: None,
        duals_with_units_fixed: false,
        dual_objective: None,
        method: "routing_search",
        notes,
        dual_seconds: 0.0,
    })
}

/// Whether candidate `w` (of `f`) is cheaper than `best`.
fn better(w: &Whole, f: &Formulation, best: Option<&Candidate>) -> bool {
    let Some(o) = w.objective.map(|o| o + f.lp.constant) else {
        return false;
    };
    best.is_none_or(|(bf, bw)| {
        bw.objective
            .is_none_or(|b| o < b + bf.lp.constant - 1e-9 * o.abs())
    })
}

/// For each single-routing workload, the accelerator that carries most of its work in the
/// relaxation.
fn dominant_choice(model: &Model, f: &Formulation, values: &[f64]) -> Vec<Option<usize>> {
    model
        .workloads
        .iter()
        .enumerate()
        .map(|(w, wl)| {
            if wl.routing != Routing::Single {
                return None;
            }
            let accs = wl.accelerators(model);
            let mut carried = vec![0.0; accs.len()];
            for (i, var) in f.lp.vars.iter().enumerate() {
                if let crate::formulate::VarKind::Alloc { w: vw, o, .. } = var.kind {
                    if vw == w {
                        if let Some(a) = accs
                            .iter()
                            .position(|&a| a == model.offerings[o].accelerator)
                        {
                            carried[a] += values[i];
                        }
                    }
                }
            }
            carried
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(a, _)| a)
        })
        .collect()
}

/// Coordinate descent over single-routing choices; returns whether the deadline hit.
fn descend(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    target: f64,
    deadline: &Deadline,
    best: &mut Option<Candidate>,
    best_choice: &mut Vec<Option<usize>>,
) -> Result<bool, Error> {
    let mut improved = true;
    while improved {
        improved = false;
        for w in 0..model.workloads.len() {
            let Some(current) = best_choice.get(w).copied().flatten() else {
                continue;
            };
            for a in 0..model.workloads[w].accelerators(model).len() {
                if a == current {
                    continue;
                }
                if deadline.expired() {
                    return Ok(true);
                }
                let mut choice = best_choice.clone();
                choice[w] = Some(a);
                let (f, w) = candidate(model, opts, integer, target, choice.clone(), deadline)?;
                if w.values.is_some() && better(&w, &f, best.as_ref()) {
                    *best = Some((f, w));
                    *best_choice = choice;
                    improved = true;
                }
            }
        }
    }
    Ok(false)
}
