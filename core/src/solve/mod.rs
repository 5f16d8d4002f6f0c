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
mod dual;
mod rounding;
mod scale;
mod search;

pub(crate) use backend::Outcome;
pub use backend::SolverKind;

use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::plan::Status;
use crate::validate::Limits;
use crate::Error;
pub(crate) use backend::{run, RunOptions};
use search::solve_heuristic;
use std::time::Duration;
use web_time::Instant;

/// Most accelerator combinations solved exhaustively for single routing without a MILP solver.
pub const MAX_ROUTING_COMBINATIONS: usize = 64;

/// How to plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanOptions {
    /// Solver backend.
    pub solver: SolverKind,
    /// Overrides `policy.integer_units` when set.
    pub integer: Option<bool>,
    /// Wall-clock seconds for the whole solve; the best plan found is returned with status
    /// `time_limit` when it runs out.
    pub time_limit: Option<f64>,
    /// Relative MIP gap accepted by the exact MILP path (default 1e-6).
    pub mip_gap: Option<f64>,
    /// Compute shadow prices of pure LPs (microlp: one extra solve of the dual program;
    /// HiGHS reports its duals with the solve).
    pub shadow_prices: bool,
    /// Apply exact reductions before solving (offerings dominated by a cheaper uncapped twin
    /// are not built; the optimum is unchanged). `false` solves the program exactly as
    /// formulated, for comparisons.
    pub reductions: bool,
    /// Size limits checked before building the model.
    pub limits: Limits,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            solver: SolverKind::Microlp,
            integer: None,
            time_limit: None,
            mip_gap: None,
            shadow_prices: true,
            reductions: true,
            limits: Limits::default(),
        }
    }
}

impl PlanOptions {
    pub(crate) fn check(&self) -> Result<(), Error> {
        if !self.solver.is_available() {
            return Err(Error::SolverUnavailable(self.solver.as_str().into()));
        }
        if let Some(t) = self.time_limit {
            if !(t.is_finite() && t >= 0.0) {
                return Err(Error::InvalidOption {
                    name: "time_limit".into(),
                    reason: format!("must be a finite number of seconds >= 0 (got {t})"),
                });
            }
        }
        if let Some(g) = self.mip_gap {
            if !(g.is_finite() && (0.0..1.0).contains(&g)) {
                return Err(Error::InvalidOption {
                    name: "mip_gap".into(),
                    reason: format!("must be in [0, 1) (got {g})"),
                });
            }
        }
        Ok(())
    }
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
) -> Result<(Solution, crate::SolveTimings), Error> {
    let started = Instant::now();
    let before = backend::clock();
    let solution = solve(model, opts)?;
    let spent = backend::clock().since(&before);
    let lp = &solution.formulation.lp;
    let total = started.elapsed().as_secs_f64();
    let timings = crate::SolveTimings {
        formulate: (total - spent.load - spent.solver).max(0.0),
        load: spent.load,
        solver: spent.solver,
        dual: solution.dual_seconds,
        solver_calls: spent.calls,
        variables: lp.vars.len(),
        rows: lp.rows.len(),
        nonzeros: lp.rows.iter().map(|r| r.coefs.len()).sum(),
    };
    Ok((solution, timings))
}

pub(crate) fn solve(model: &Model, opts: &PlanOptions) -> Result<Solution, Error> {
    let started = Instant::now();
    let deadline = opts
        .time_limit
        .map(|t| started + Duration::from_secs_f64(t));
    let integer = opts.integer.unwrap_or(model.integer_units);
    let single = model.has_single_routing();
    if !integer && !single {
        return solve_lp(model, opts, deadline);
    }
    if opts.solver == SolverKind::Highs {
        return solve_milp(model, opts, integer, deadline);
    }
    solve_heuristic(model, opts, integer, deadline)
}

fn remaining(deadline: Option<Instant>) -> Option<f64> {
    deadline.map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64())
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

fn solve_lp(
    model: &Model,
    opts: &PlanOptions,
    deadline: Option<Instant>,
) -> Result<Solution, Error> {
    let f = formulate(
        model,
        &Spec {
            integer: false,
            routing: RoutingMode::Fixed(Vec::new()),
            reduce: opts.reductions,
        },
    );
    let (outcome, native) = backend::run_with_duals(
        &f.lp,
        opts.solver,
        RunOptions {
            time_limit: remaining(deadline),
            ..RunOptions::default()
        },
    )?;
    let mut solution = from_outcome(outcome, f, "lp");
    if solution.status != Status::Optimal || !opts.shadow_prices {
        return Ok(solution);
    }
    if let Some(native) = native {
        // HiGHS reports its duals: no second solve.
        let lp = &solution.formulation.lp;
        solution.dual_objective = Some(dual::objective_of(lp, &native) + lp.constant);
        solution.duals = Some(native.rows);
        return Ok(solution);
    }
    let before = backend::clock();
    let duals = dual::row_duals(&solution.formulation.lp, opts.solver, remaining(deadline))?;
    solution.dual_seconds = backend::clock().since(&before).solver;
    if let Some((duals, obj)) = duals {
        solution.dual_objective = Some(obj + solution.formulation.lp.constant);
        solution.duals = Some(duals);
    } else {
        solution.notes.push(
            "shadow prices unavailable: the dual program was not solved to optimality".into(),
        );
    }
    Ok(solution)
}

fn solve_milp(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    deadline: Option<Instant>,
) -> Result<Solution, Error> {
    let f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Binary,
            reduce: opts.reductions,
        },
    );
    let relaxed = run(
        &f.lp,
        opts.solver,
        RunOptions {
            relax: true,
            time_limit: remaining(deadline),
            ..RunOptions::default()
        },
    )?;
    let bound = relaxed.values().map(|v| objective(&f, v));
    if matches!(relaxed, Outcome::Infeasible | Outcome::Unbounded) {
        return Ok(from_outcome(relaxed, f, "milp"));
    }
    let run_opts = RunOptions {
        // What the relaxation left: the time limit covers both solves.
        time_limit: remaining(deadline),
        mip_gap: Some(opts.mip_gap.unwrap_or(1e-6)),
        ..RunOptions::default()
    };
    let outcome = run(&f.lp, opts.solver, run_opts)?;
    let mut solution = from_outcome(outcome, f, "milp");
    solution.bound = bound;
    Ok(solution)
}
