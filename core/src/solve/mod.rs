//! Solving: picks the path for the program (LP, exact MILP, or rounding and search) and
//! returns a [`Solution`] for the plan stage.
//!
//! - Pure LP: one solve; shadow prices from the dual program with microlp (see [`dual`]),
//!   from HiGHS's own duals with `highs`.
//! - `highs` with integer units or single routing: one exact MILP (relative gap option).
//! - `microlp` with integer units: microlp's exact branch and bound for small programs (at
//!   most 200 integer variables, 100,000 nodes: a few seconds at most); otherwise, or when it
//!   does not finish, LP relaxation, rounding up, repair and greedy descent ([`rounding`]);
//!   the gap to the LP bound is reported ([`search`]).
//! - `microlp` with single routing: every combination of accelerator choices is solved when
//!   there are at most [`MAX_ROUTING_COMBINATIONS`]; otherwise coordinate descent from the
//!   relaxation's dominant accelerators.

mod backend;
pub(crate) mod basis;
mod certify;
mod dual;
pub(crate) mod dust;
mod integer;
mod rounding;
mod scale;
pub(crate) mod search;
mod split;
pub(crate) mod two_stage;

pub(crate) use backend::Outcome;

use crate::document::Status;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::Deadline;
pub use crate::options::{PlanOptions, SolverKind};
use crate::Error;
pub(crate) use backend::{run, RunOptions};
pub(crate) use integer::gap as relative_gap;
use integer::Exact;

/// Most accelerator combinations solved exhaustively for single routing without a MILP solver.
pub const MAX_ROUTING_COMBINATIONS: usize = 64;

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

/// The solve stage's result, read by the plan stage.
#[derive(Debug, Clone)]
pub(crate) struct Solution {
    pub status: Status,
    pub values: Option<Vec<f64>>,
    pub formulation: Formulation,
    /// Best proven lower bound on the objective (USD, with constant): the certified
    /// relaxation, the solver's bound, or the optimum itself.
    pub bound: Option<f64>,
    /// Objective (USD, with constant) of the fractional relaxation (whole-unit plans).
    pub relaxation: Option<f64>,
    /// Row duals of a pure LP, in row order; of a whole-unit plan, those of the LP with its
    /// units fixed (`duals_with_units_fixed`).
    pub duals: Option<Vec<f64>>,
    /// The duals are those of the LP with the plan's whole units fixed.
    pub duals_with_units_fixed: bool,
    /// Dual objective (USD, with constant); equals the cost at optimality.
    pub dual_objective: Option<f64>,
    /// How the plan was found: `lp`, `milp`, `branch_and_bound`, `lp_rounding`,
    /// `routing_search`.
    pub method: &'static str,
    pub notes: Vec<String>,
    /// Seconds inside the solver for the dual program (shadow prices).
    pub dual_seconds: f64,
}

fn objective(f: &Formulation, values: &[f64]) -> f64 {
    f.lp.constant
        + f.lp
            .vars
            .iter()
            .zip(values)
            .map(|(v, x)| v.cost * x)
            .sum::<f64>()
}

/// [`solve`] and where its time went.
pub(crate) fn solve_timed(
    model: &Model,
    opts: &PlanOptions,
    deadline: &Deadline,
) -> Result<(Solution, SolveTimings), Error> {
    let started = web_time::Instant::now();
    let before = backend::clock();
    let solution = solve(model, opts, deadline)?;
    let spent = backend::clock().since(&before);
    let lp = &solution.formulation.lp;
    let total = started.elapsed().as_secs_f64();
    let timings = SolveTimings {
        formulate: (total - spent.load - spent.solver).max(0.0),
        load: spent.load,
        solver: spent.solver,
        dual: solution.dual_seconds,
        solver_calls: spent.calls,
        variables: lp.vars.len(),
        rows: lp.rows.len(),
        nonzeros: lp.nonzeros(),
    };
    Ok((solution, timings))
}

pub(crate) fn solve(
    model: &Model,
    opts: &PlanOptions,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    let mut s = solve_program(model, opts, deadline)?;
    if let Some(v) = &mut s.values {
        dust::clean(model, &s.formulation.lp, v);
    }
    Ok(s)
}

fn solve_program(
    model: &Model,
    opts: &PlanOptions,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    let integer = opts.integer.unwrap_or(model.policy.integer_units);
    let single = model.has_single_routing();
    if !integer && !single {
        return certify::solve_lp(model, opts, deadline);
    }
    let target = opts.mip_gap.unwrap_or(DEFAULT_MIP_GAP);
    if opts.solver.resolve() == SolverKind::Highs && !own_search_first(model, opts, integer) {
        return whole_program(
            model,
            opts,
            integer,
            RoutingMode::Binary,
            Exact::Highs,
            deadline,
        );
    }
    if !single {
        let routing = RoutingMode::Fixed(Vec::new());
        return whole_program(model, opts, true, routing, Exact::Microlp, deadline);
    }
    search::solve_routing(model, opts, integer, target, deadline)
}

/// Integer columns beyond which `auto` with a linked HiGHS ([`crate::link`], the browser)
/// answers a whole-unit program with capmix's own search (certified relaxation, rounding
/// and repair, microlp's node-limited branch and bound, with HiGHS solving the LPs) instead
/// of HiGHS's branch and bound. Measured in Node.js with the npm package `highs` 1.15.3: on
/// the flagship (729 integer columns) HiGHS's root search alone takes 17 s (one node) and
/// its proof of 0.06% 24 s, where capmix's search certifies 0.28% in 2 s and explains the
/// plan in 6 s; on the startup (54) and training (59) presets HiGHS proves the optimum in
/// 30-50 ms. `solver = "highs"` always runs HiGHS's branch and bound.
pub const LINKED_MILP_MAX_INTEGERS: usize = 300;

/// Whether `auto` on a linked HiGHS leaves this whole-unit program to capmix's own search
/// ([`LINKED_MILP_MAX_INTEGERS`]). Never natively: a build with HiGHS compiled in uses its
/// branch and bound whenever it runs HiGHS.
fn own_search_first(model: &Model, opts: &PlanOptions, integer: bool) -> bool {
    if cfg!(feature = "highs") || opts.solver != SolverKind::Auto || crate::link::linked().is_none()
    {
        return false;
    }
    let f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Binary,
            reduce: opts.reductions,
            deadline: Deadline::none(),
        },
    );
    f.lp.vars.iter().filter(|v| v.integer).count() > LINKED_MILP_MAX_INTEGERS
}

/// The relative gap accepted for whole-unit plans when `mip_gap` is not given: 0.1%.
pub const DEFAULT_MIP_GAP: f64 = 1e-3;

/// One whole-unit program (integer units, or routing binaries, or both) through
/// [`integer::solve_whole`].
fn whole_program(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    routing: RoutingMode,
    exact: Exact,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    let f = formulate(
        model,
        &Spec {
            integer,
            routing,
            reduce: opts.reductions,
            deadline: deadline.clone(),
        },
    );
    let target = opts.mip_gap.unwrap_or(DEFAULT_MIP_GAP);
    let w = integer::solve_whole(model, &f.lp, opts.solver, target, exact, deadline)?;
    // Shadow prices of the LP with the units fixed: one more solve, only when asked for.
    // Published only when that LP's certified optimum is the plan's own objective: on badly
    // scaled programs the two can disagree, and prices of another point would mislead.
    let fixed = match (&w.values, w.objective) {
        (Some(v), Some(objective)) if opts.shadow_prices => {
            integer_duals(&f.lp, v, opts.solver, deadline)?
                .filter(|&(_, dual, _)| (dual - objective).abs() <= 1e-6 * objective.abs().max(1.0))
        }
        _ => None,
    };
    let mut s = Solution::whole(f, w);
    if let Some((duals, dual_objective, seconds)) = fixed {
        s.dual_objective = Some(dual_objective + s.formulation.lp.constant);
        s.duals = Some(duals);
        s.dual_seconds = seconds;
        s.duals_with_units_fixed = true;
    }
    Ok(s)
}

/// Shadow prices of a whole-unit plan: the row duals of the LP with every integer variable
/// fixed at the plan's value (what a small change is worth while the units stay as
/// planned), certified like any LP's; `None` when they are not certified. Also the dual
/// objective (USD, without the constant) and the seconds the dual program took.
///
/// The fixed columns are substituted out (their terms move to the right-hand sides and
/// their cost to a constant), since the dual program takes columns with a zero lower
/// bound; rows left without a column have no dual (0).
fn integer_duals(
    lp: &crate::formulate::Lp,
    values: &[f64],
    solver: SolverKind,
    deadline: &Deadline,
) -> Result<Option<(Vec<f64>, f64, f64)>, Error> {
    let fixed = |j: usize| lp.vars[j].integer;
    let mut reduced = crate::formulate::Lp {
        vars: lp.vars.clone(),
        ..crate::formulate::Lp::default()
    };
    let mut fixed_cost = 0.0;
    for (j, v) in reduced.vars.iter_mut().enumerate() {
        if v.integer {
            fixed_cost += v.cost * values[j];
            *v = crate::formulate::Var {
                lb: 0.0,
                ub: 0.0,
                cost: 0.0,
                integer: false,
                ..*v
            };
        }
    }
    let mut kept = Vec::with_capacity(lp.rows.len());
    for (i, row) in lp.rows.iter().enumerate() {
        let moved: f64 = row
            .coefs
            .iter()
            .filter(|&&(j, _)| fixed(j))
            .map(|&(j, a)| a * values[j])
            .sum();
        let coefs: Vec<(usize, f64)> = row
            .coefs
            .iter()
            .copied()
            .filter(|&(j, _)| !fixed(j))
            .collect();
        if coefs.is_empty() {
            continue;
        }
        kept.push(i);
        reduced.add_row(coefs, row.sense, row.rhs - moved, row.tag);
    }
    let c = certify::certified_lp(&reduced, false, solver, deadline)?;
    let (Some(duals), Some(bound)) = (c.duals, c.bound) else {
        return Ok(None);
    };
    let mut all = vec![0.0; lp.rows.len()];
    for (&i, y) in kept.iter().zip(duals) {
        all[i] = y;
    }
    Ok(Some((all, bound + fixed_cost, c.dual_seconds)))
}

impl Solution {
    /// The solution of a whole-unit result.
    fn whole(f: Formulation, w: integer::Whole) -> Solution {
        let constant = f.lp.constant;
        Solution {
            status: w.status,
            values: w.values,
            bound: w.bound.map(|b| b + constant),
            relaxation: w.relaxation.map(|r| r + constant),
            formulation: f,
            duals: None,
            duals_with_units_fixed: false,
            dual_objective: None,
            method: w.method,
            notes: w.notes,
            dual_seconds: 0.0,
        }
    }
}

fn from_outcome(outcome: Outcome, formulation: Formulation, method: &'static str) -> Solution {
    let (status, values) = match outcome {
        Outcome::Optimal(v) => (Status::Optimal, Some(v)),
        Outcome::Feasible(v) => (Status::TimeLimit, Some(v)),
        Outcome::Infeasible => (Status::Infeasible, None),
        Outcome::Unbounded => (Status::Unbounded, None),
        Outcome::NoSolution => (Status::TimeLimit, None),
    };
    let bound = values
        .as_deref()
        .filter(|_| method == "lp")
        .map(|v| objective(&formulation, v));
    Solution {
        status,
        values,
        formulation,
        bound,
        relaxation: None,
        duals: None,
        duals_with_units_fixed: false,
        dual_objective: None,
        method,
        notes: Vec::new(),
        dual_seconds: 0.0,
    }
}
