//! Whole units: the LP relaxation with its certificate, an incumbent from rounding and
//! repair, and the exact search only where the incumbent is not already close enough.
//!
//! 1. The relaxation is solved and certified ([`super::certify`]): its certified objective
//!    is a lower bound on every whole-unit plan.
//! 2. Rounding up and repair ([`super::rounding`]) give a feasible whole-unit plan. When it
//!    is within the requested gap of the bound (default 0.1%), it is proven good enough:
//!    status `optimal` without any branching. Large fleets (hundreds of units per offering)
//!    usually end here.
//! 3. Otherwise the exact search: HiGHS's branch and bound, started from the incumbent, or
//!    microlp's for small programs within a node budget. Its result is kept only when it
//!    is no worse than the incumbent (a solver's claim that contradicts a point capmix has
//!    in hand is a numerical failure, and the incumbent wins).
//!
//! The plan's gap is (objective − best bound) / objective, the bound being the larger of the
//! certified relaxation and the solver's proven bound: how far the plan can be from the best
//! whole-unit plan. What whole units add over the fractional relaxation is reported
//! separately (the relaxation's objective).

use super::backend::{run_mip, Outcome, RunOptions, SolverKind};
use super::certify::certified_lp;
use super::dust;
use super::rounding::{feasible, round_and_repair, Effort};
use crate::document::Status;
use crate::formulate::{Lp, RowKind};
use crate::model::Model;
use crate::options::Deadline;
use crate::Error;

/// Integer programs with at most this many integer variables may get microlp's exact
/// branch and bound (within a node budget); larger ones end with rounding and repair.
const EXACT_MAX_INTEGERS: usize = 200;
/// Branch-and-bound nodes: a budget, not a time, so the same input gives the same plan.
const EXACT_NODES: u64 = 100_000;
/// Whole units (summed over the relaxation's integer variables) above which microlp's
/// branch and bound is not tried: its open nodes hold every bound change on their path, so
/// memory grows with the square of the units (a 1 KB scenario of 26,000 units per period
/// once took 24 GB), and beyond the i32 range it cannot represent them at all.
const EXACT_MAX_UNITS: f64 = 2_000.0;
/// Bytes that the open nodes of one microlp branch and bound may hold, about.
const EXACT_MEMORY: f64 = 256e6;

/// The exact search to run after rounding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Exact {
    /// HiGHS's MILP.
    Highs,
    /// microlp's branch and bound where it is safe (see the constants).
    Microlp,
    /// As `Microlp`, for programs no other engine searches (the two-stage programs of
    /// demand scenarios): a skipped search names no engine that would.
    MicrolpOnly,
    /// None: rounding and repair only.
    None,
}

/// A whole-unit result for one program.
#[derive(Debug)]
pub(super) struct Whole {
    pub status: Status,
    pub values: Option<Vec<f64>>,
    /// Objective (USD, without the constant) of the values.
    pub objective: Option<f64>,
    /// Best proven lower bound (USD, without the constant).
    pub bound: Option<f64>,
    /// The relaxation's objective (USD, without the constant).
    pub relaxation: Option<f64>,
    /// `lp_rounding`, `milp` or `branch_and_bound`.
    pub method: &'static str,
    pub notes: Vec<String>,
    /// The exact search proved that no whole-unit plan exists.
    pub infeasible: bool,
}

fn cost(lp: &Lp, x: &[f64]) -> f64 {
    lp.vars.iter().zip(x).map(|(v, x)| v.cost * x).sum()
}

/// (objective − bound) / objective, 0 when both are 0.
pub(crate) fn gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() <= f64::MIN_POSITIVE {
        return if bound <= objective {
            0.0
        } else {
            f64::INFINITY
        };
    }
    ((objective - bound) / objective.abs()).max(0.0)
}

/// The objective of the fractional relaxation without the cover cuts (the fluid plan's
/// cost, which `whole_units_premium` is measured against); `relaxed` is the optimum with
/// them. When the cut-free program fails to solve, the cut relaxation's objective is
/// reported: a smaller premium, never a larger one.
fn fluid_objective(
    lp: &Lp,
    relaxed: &[f64],
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<f64, Error> {
    let with_cuts = cost(lp, relaxed);
    if !lp.rows.iter().any(|r| r.tag.kind == RowKind::CoverCut) {
        return Ok(with_cuts);
    }
    let mut fluid = lp.clone();
    fluid.rows.retain(|r| r.tag.kind != RowKind::CoverCut);
    let opts = RunOptions {
        time_limit: deadline.remaining(),
        relax: true,
        objective_hint: Some(with_cuts),
        ..RunOptions::default()
    };
    Ok(match super::backend::run(&fluid, solver, opts) {
        Ok(Outcome::Optimal(v)) => cost(&fluid, &v).min(with_cuts),
        Ok(_) | Err(Error::Solver(_)) => with_cuts,
        Err(e) => return Err(e),
    })
}

/// microlp's node budget for `lp`: [`EXACT_NODES`], less where nodes are large.
fn exact_nodes(lp: &Lp, units: f64, ints: usize) -> u64 {
    let per_node = 24.0 * (units + ints as f64) + (lp.vars.len() + lp.rows.len()) as f64 + 256.0;
    EXACT_NODES.min((EXACT_MEMORY / per_node) as u64)
}

/// Solves the whole-unit program `lp` (see the module documentation); `target` is the
/// relative gap accepted (0.001 = 0.1%).
pub(super) fn solve_whole(
    model: &Model,
    lp: &Lp,
    solver: SolverKind,
    target: f64,
    exact: Exact,
    deadline: &Deadline,
) -> Result<Whole, Error> {
    let mut w = Whole {
        status: Status::NoSolution,
        values: None,
        objective: None,
        bound: None,
        relaxation: None,
        method: "lp_rounding",
        notes: Vec::new(),
        infeasible: false,
    };
    let relaxed = certified_lp(lp, true, solver, deadline)?;
    let Outcome::Optimal(relaxed_values) = relaxed.outcome else {
        // No relaxation, so no rounding: what the plan says is the LP's verdict.
        w.method = "lp";
        w.status = relaxed.status_without_point();
        w.notes.extend(relaxed.note);
        return Ok(w);
    };
    w.relaxation = Some(fluid_objective(lp, &relaxed_values, solver, deadline)?);
    w.bound = relaxed.bound;
    if w.bound.is_none() {
        w.notes.push(
            "the relaxation's bound is not certified (numerical trouble): the gap is not proven"
                .into(),
        );
    }
    let effort = Effort {
        model,
        deadline,
        max_tries: 400,
        good_enough: w.bound.map_or(f64::NEG_INFINITY, |b| b + target * b.abs()),
    };
    if let Some(v) = round_and_repair(lp, &relaxed_values, solver, effort)? {
        w.offer(model, lp, v, "lp_rounding");
    }
    if w.gap().is_some_and(|g| g <= target) {
        w.status = Status::Optimal;
        return Ok(w);
    }
    let opts = RunOptions {
        time_limit: deadline.remaining(),
        mip_gap: Some(target),
        objective_hint: w.relaxation,
        ..RunOptions::default()
    };
    match exact {
        Exact::Highs => exact_search(model, lp, SolverKind::Highs, opts, &mut w)?,
        Exact::Microlp | Exact::MicrolpOnly => match microlp_options(lp, &relaxed_values, opts) {
            Ok(opts) => exact_search(model, lp, SolverKind::Microlp, opts, &mut w)?,
            Err(why) if exact == Exact::MicrolpOnly => w.notes.push(format!(
                "the plan is the rounded relaxation: the node-limited branch and bound is not \
                 tried on {why}"
            )),
            Err(why) => w.notes.push(if solver.resolve() == SolverKind::Highs {
                // HiGHS is at hand (linked, as in the browser) but `auto` chose capmix's own
                // search for this size (see `LINKED_MILP_MAX_INTEGERS`).
                format!(
                    "the plan is the rounded relaxation: the node-limited branch and bound is \
                     not tried on {why}; solver `highs` runs HiGHS's branch and bound on it"
                )
            } else {
                format!(
                    "the plan is the rounded relaxation: microlp's branch and bound is not \
                     tried on {why}; HiGHS searches it (`cargo build --release -p capmix-cli \
                     --features highs`, or the Python wheel)"
                )
            }),
        },
        Exact::None => {}
    }
    w.status = match (&w.values, w.gap()) {
        (None, _) if w.infeasible => Status::Infeasible,
        (None, _) if deadline.expired() => Status::TimeLimit,
        (None, _) => Status::NoSolution,
        (Some(_), Some(g)) if g <= target => Status::Optimal,
        (Some(_), _) if deadline.expired() => Status::TimeLimit,
        (Some(_), _) => Status::Feasible,
    };
    Ok(w)
}

impl Whole {
    /// The gap of the current point to the best bound.
    pub fn gap(&self) -> Option<f64> {
        Some(gap(self.objective?, self.bound?))
    }

    /// Keeps `v` (objective `c`) when it is a whole-unit point of `lp` (checked here, at
    /// each row's scale: a solver's tolerances can pass a point that a plan must not) and
    /// better than the current point.
    fn offer(&mut self, m: &Model, lp: &Lp, mut v: Vec<f64>, method: &'static str) -> bool {
        dust::clean(m, lp, &mut v);
        let c = cost(lp, &v);
        if self.objective.is_some_and(|o| c >= o) || !feasible(lp, &v) {
            return false;
        }
        self.objective = Some(c);
        self.values = Some(v);
        self.method = method;
        true
    }

    /// Raises the bound to `b` when `b` is a larger valid bound.
    fn prove(&mut self, b: f64) {
        if b.is_finite() && self.bound.is_none_or(|x| b > x) {
            self.bound = Some(b);
        }
    }
}

/// The exact search: `engine`'s branch and bound from the incumbent in `w`, its point kept
/// when it is better and its bound when it is consistent with what capmix holds.
fn exact_search(
    m: &Model,
    lp: &Lp,
    engine: SolverKind,
    opts: RunOptions,
    w: &mut Whole,
) -> Result<(), Error> {
    let name = engine.as_str();
    let method = if engine == SolverKind::Highs {
        "milp"
    } else {
        "branch_and_bound"
    };
    let (outcome, info) = match run_mip(lp, engine, opts, w.values.as_deref()) {
        Ok(r) => r,
        Err(Error::Solver(e)) => {
            w.notes.push(format!(
                "{name}'s branch and bound failed ({e}): the rounded plan is kept"
            ));
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    let (values, optimal) = match outcome {
        Outcome::Optimal(v) => (v, true),
        Outcome::Feasible(v) => (v, false),
        Outcome::Infeasible if w.values.is_some() => {
            w.notes.push(format!("{name} reported the program infeasible although capmix holds a feasible plan (numerical trouble): the rounded plan is kept"));
            return Ok(());
        }
        Outcome::Infeasible => {
            w.values = None;
            w.objective = None;
            w.infeasible = true;
            return Ok(());
        }
        _ => return Ok(()),
    };
    let c = cost(lp, &values);
    let incumbent = w.objective;
    let improved = match polish(lp, &values, engine, opts)? {
        Some(p) => w.offer(m, lp, p, method),
        None => w.offer(m, lp, values, method),
    };
    // The search's bound counts only when its point is consistent with the incumbent: a
    // point worse than the one it was given means its numbers cannot be trusted.
    let consistent = improved || incumbent.is_some_and(|i| c <= i * (1.0 + 1e-9) + 1e-12);
    if !consistent {
        w.notes.push(format!("{name} returned a plan dearer than the rounded one it started from (numerical trouble): the rounded plan is kept"));
        return Ok(());
    }
    match info {
        Some(i) => w.prove(c - i.abs_gap),
        None if optimal && opts.mip_gap.is_none_or(|g| g == 0.0) => w.prove(c),
        None => {}
    }
    Ok(())
}

/// A solver's whole-unit point made exact: its integers rounded (a MILP solver holds them
/// within 1e-6, and a millionth of a big instance can carry a small demand) and the rest of
/// the plan solved again with them fixed. `None` when that fails.
fn polish(
    lp: &Lp,
    values: &[f64],
    engine: SolverKind,
    opts: RunOptions,
) -> Result<Option<Vec<f64>>, Error> {
    let fixed: Vec<Option<f64>> = lp
        .vars
        .iter()
        .zip(values)
        .map(|(v, x)| v.integer.then(|| x.round().clamp(v.lb, v.ub)))
        .collect();
    let mut pinned = lp.clone();
    for (v, f) in pinned.vars.iter_mut().zip(&fixed) {
        v.integer = false;
        if let Some(x) = f {
            v.lb = *x;
            v.ub = *x;
        }
    }
    let opts = RunOptions {
        mip_gap: None,
        node_limit: None,
        relax: true,
        ..opts
    };
    Ok(match super::backend::run(&pinned, engine, opts) {
        Ok(Outcome::Optimal(v)) => Some(v),
        Ok(_) | Err(Error::Solver(_)) => None,
        Err(e) => return Err(e),
    })
}

/// microlp's search settings for `lp`, or why its branch and bound is not safe there (in
/// words; see the constants).
fn microlp_options(lp: &Lp, relaxed: &[f64], opts: RunOptions) -> Result<RunOptions, String> {
    let units: f64 = lp
        .vars
        .iter()
        .zip(relaxed)
        .filter(|(v, _)| v.integer)
        .map(|(_, x)| x.abs())
        .sum();
    let ints = lp.vars.iter().filter(|v| v.integer).count();
    if ints > EXACT_MAX_INTEGERS {
        return Err(format!(
            "{ints} integer variables (more than {EXACT_MAX_INTEGERS})"
        ));
    }
    if units > EXACT_MAX_UNITS {
        return Err(format!(
            "{units:.0} whole units in the relaxation (more than {EXACT_MAX_UNITS:.0})"
        ));
    }
    Ok(RunOptions {
        node_limit: Some(exact_nodes(lp, units, ints)),
        ..opts
    })
}

#[cfg(test)]
mod tests {
    use super::gap;

    #[test]
    fn gaps() {
        assert_eq!(gap(100.0, 99.0), 0.01);
        assert_eq!(gap(100.0, 101.0), 0.0);
        assert_eq!(gap(0.0, 0.0), 0.0);
        assert!(gap(0.0, 1.0).is_infinite());
    }
}
