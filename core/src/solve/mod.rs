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
mod certify;
mod dual;
mod rounding;
mod scale;
mod search;

pub(crate) use backend::Outcome;

use crate::document::Status;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::Deadline;
pub use crate::options::{PlanOptions, SolverKind};
use crate::Error;
pub(crate) use backend::{run, RunOptions};
use search::solve_heuristic;

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
    /// Objective (USD, with constant) of the LP relaxation: a lower bound.
    pub bound: Option<f64>,
    /// Row duals of a pure LP, in row order.
    pub duals: Option<Vec<f64>>,
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
    let integer = opts.integer.unwrap_or(model.policy.integer_units);
    let single = model.has_single_routing();
    if !integer && !single {
        return certify::solve_lp(model, opts, deadline);
    }
    if opts.solver.resolve() == SolverKind::Highs {
        return solve_milp(model, opts, integer, deadline);
    }
    solve_heuristic(model, opts, integer, deadline)
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
        duals: None,
        dual_objective: None,
        method,
        notes: Vec::new(),
        dual_seconds: 0.0,
    }
}

fn solve_milp(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    let f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Binary,
            reduce: opts.reductions,
            deadline: deadline.clone(),
        },
    );
    let relaxed = run(
        &f.lp,
        opts.solver,
        RunOptions {
            relax: true,
            time_limit: deadline.remaining(),
            ..RunOptions::default()
        },
    )?;
    let bound = relaxed.values().map(|v| objective(&f, v));
    if matches!(relaxed, Outcome::Infeasible | Outcome::Unbounded) {
        return Ok(from_outcome(relaxed, f, "milp"));
    }
    let run_opts = RunOptions {
        // What the relaxation left: the time limit covers both solves.
        time_limit: deadline.remaining(),
        mip_gap: Some(opts.mip_gap.unwrap_or(1e-6)),
        objective_hint: bound.map(|b| b - f.lp.constant),
        ..RunOptions::default()
    };
    let outcome = run(&f.lp, opts.solver, run_opts)?;
    let mut solution = from_outcome(outcome, f, "milp");
    solution.bound = bound;
    Ok(solution)
}
