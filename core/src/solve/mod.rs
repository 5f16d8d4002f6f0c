//! Solving: picks the path for the program (LP, exact MILP, or rounding and search) and
//! returns a [`Solution`] for the plan stage.
//!
//! - Pure LP: one solve; shadow prices from the dual program (see [`dual`]).
//! - `highs` with integer units or single routing: one exact MILP (relative gap option).
//! - `microlp` with integer units: microlp's exact branch and bound for small programs (at
//!   most 200 integer variables, 100,000 nodes: a few seconds at most); otherwise, or when it does not finish, LP relaxation,
//!   rounding up, repair and greedy descent ([`rounding`]); the gap to the LP bound is reported.
//! - `microlp` with single routing: every combination of accelerator choices is solved when
//!   there are at most [`MAX_ROUTING_COMBINATIONS`]; otherwise coordinate descent from the
//!   relaxation's dominant accelerators.

mod backend;
mod dual;
mod rounding;
mod scale;

pub(crate) use backend::Outcome;
pub use backend::SolverKind;

use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::plan::Status;
use crate::scenario::Routing;
use crate::validate::Limits;
use crate::Error;
pub(crate) use backend::{run, RunOptions};
use rounding::{round_and_repair, Effort};
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

/// Accelerator choices (indices into each workload's sorted accelerators) to try.
fn routing_choices(model: &Model) -> Vec<Vec<Option<usize>>> {
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

/// Integer programs with at most this many integer variables first get microlp's exact
/// branch and bound, within [`EXACT_NODES`]; larger ones (or unfinished searches) fall back
/// to rounding and repair.
const EXACT_MAX_INTEGERS: usize = 200;
/// Branch-and-bound nodes before falling back to rounding: a node budget, not a time budget,
/// so that the same input always gives the same plan.
const EXACT_NODES: u64 = 100_000;
/// Whole units (summed over the integer variables of the relaxation) above which branch and
/// bound is not tried: see [`candidate`]. Rounding's gap to the bound there is at most about
/// one unit per integer variable.
const EXACT_MAX_UNITS: f64 = 2_000.0;

/// A candidate plan: objective (USD), its formulation and values, and whether it is proven
/// optimal for its routing choice.
type Candidate = (f64, Formulation, Vec<f64>, bool);

/// One candidate: LP with fixed routing, made integer when units are whole (exact search for
/// small programs, rounding otherwise).
fn candidate(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    choice: Vec<Option<usize>>,
    deadline: Option<Instant>,
    try_exact: bool,
) -> Result<Option<Candidate>, Error> {
    let f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Fixed(choice),
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
    let Some(values) = relaxed.values() else {
        return Ok(None);
    };
    if !integer {
        let values = values.to_vec();
        return Ok(Some((objective(&f, &values), f, values, true)));
    }
    let mut best: Option<(f64, Vec<f64>, bool)> = None;
    // Branch and bound only where it is safe (issue 8); rounding handles any magnitude:
    // - microlp's integer variables live in the i32 range: beyond it, its branch and bound
    //   reports the program infeasible (found by the numerical robustness tests: demand of
    //   1e12 work units per hour gave status no_solution);
    // - its open nodes each hold every bound change on their path, and where whole-unit
    //   splits of equal cost abound (between periods or offerings) it dives one unit per
    //   level, so memory grows with the square of the units (found by fuzzing: a 1 KB
    //   scenario needing 26,000 units per period took 24 GB in a minute).
    let units: f64 =
        f.lp.vars
            .iter()
            .zip(values)
            .filter(|(v, _)| v.integer)
            .map(|(_, x)| x.abs())
            .sum();
    if try_exact
        && units <= EXACT_MAX_UNITS
        && f.lp.vars.iter().filter(|v| v.integer).count() <= EXACT_MAX_INTEGERS
    {
        let exact = RunOptions {
            time_limit: remaining(deadline),
            node_limit: Some(EXACT_NODES),
            ..RunOptions::default()
        };
        match run(&f.lp, opts.solver, exact)? {
            Outcome::Optimal(v) => return Ok(Some((objective(&f, &v), f, v, true))),
            Outcome::Feasible(v) => best = Some((objective(&f, &v), v, false)),
            Outcome::Infeasible => return Ok(None),
            Outcome::Unbounded | Outcome::NoSolution => {}
        }
    }
    let effort = Effort {
        deadline,
        max_tries: 200,
    };
    if let Some(v) = round_and_repair(&f.lp, values, opts.solver, effort)? {
        let cost = objective(&f, &v);
        if best.as_ref().is_none_or(|b| cost < b.0) {
            best = Some((cost, v, false));
        }
    }
    Ok(best.map(|(cost, v, proven)| (cost, f, v, proven)))
}

fn solve_heuristic(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    deadline: Option<Instant>,
) -> Result<Solution, Error> {
    // Lower bound: the relaxation with routing binaries relaxed too.
    let relaxed_f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Binary,
            reduce: opts.reductions,
        },
    );
    let relaxed = run(
        &relaxed_f.lp,
        opts.solver,
        RunOptions {
            relax: true,
            time_limit: remaining(deadline),
            ..RunOptions::default()
        },
    )?;
    let Some(relaxed_values) = relaxed.values().map(<[f64]>::to_vec) else {
        return Ok(from_outcome(relaxed, relaxed_f, "lp_rounding"));
    };
    let bound = objective(&relaxed_f, &relaxed_values);
    let single = model.has_single_routing();
    let method = if single {
        "routing_search"
    } else {
        "lp_rounding"
    };
    let mut notes = Vec::new();
    let mut choices = if single {
        routing_choices(model)
    } else {
        vec![Vec::new()]
    };
    let exhaustive = !choices.is_empty();
    if !exhaustive {
        choices = vec![dominant_choice(model, &relaxed_f, &relaxed_values)];
        notes.push(format!(
            "single routing: more than {MAX_ROUTING_COMBINATIONS} accelerator combinations, so coordinate descent from the relaxation was used (not exhaustive)"
        ));
    }
    let mut best: Option<Candidate> = None;
    let mut best_choice = choices.first().cloned().unwrap_or_default();
    let mut timed_out = false;
    for choice in &choices {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            timed_out = true;
            break;
        }
        if let Some(c) = candidate(model, opts, integer, choice.clone(), deadline, !single)? {
            if best.as_ref().is_none_or(|b| c.0 < b.0) {
                best = Some(c);
                best_choice = choice.clone();
            }
        }
    }
    if !exhaustive {
        timed_out |= descend(model, opts, integer, deadline, &mut best, &mut best_choice)?;
    }
    let Some((cost, f, values, proven)) = best else {
        let status = if timed_out {
            Status::TimeLimit
        } else if single {
            Status::Infeasible
        } else {
            Status::NoSolution
        };
        let mut s = Solution {
            status,
            values: None,
            formulation: relaxed_f,
            bound: Some(bound),
            duals: None,
            dual_objective: None,
            method,
            notes,
            dual_seconds: 0.0,
        };
        if status == Status::NoSolution {
            s.notes.push("rounding and repair found no integer plan although the relaxation is feasible; try --solver highs".into());
        }
        return Ok(s);
    };
    // Trying every routing combination of a continuous model is exact: its best is optimal.
    let bound = if (exhaustive && !integer && !timed_out) || (!single && proven) {
        cost
    } else {
        bound
    };
    let method = if !single && proven {
        "branch_and_bound"
    } else {
        method
    };
    let gap = if cost.abs() > 1e-12 {
        (cost - bound) / cost.abs()
    } else {
        0.0
    };
    let status = if timed_out {
        Status::TimeLimit
    } else if gap <= 1e-6 {
        Status::Optimal
    } else {
        Status::Feasible
    };
    if integer && status != Status::Optimal {
        notes.push("integer units without a MILP solver: LP relaxation, rounding and repair; the gap to the LP bound is reported (build with `highs` for a proven optimum)".into());
    }
    Ok(Solution {
        status,
        values: Some(values),
        formulation: f,
        bound: Some(bound),
        duals: None,
        dual_objective: None,
        method,
        notes,
        dual_seconds: 0.0,
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
    deadline: Option<Instant>,
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
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return Ok(true);
                }
                let mut choice = best_choice.clone();
                choice[w] = Some(a);
                if let Some(c) = candidate(model, opts, integer, choice.clone(), deadline, false)? {
                    if best.as_ref().is_none_or(|b| c.0 < b.0 - 1e-9) {
                        *best = Some(c);
                        *best_choice = choice;
                        improved = true;
                    }
                }
            }
        }
    }
    Ok(false)
}
