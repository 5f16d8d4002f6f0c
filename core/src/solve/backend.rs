//! Runs an [`Lp`] through the chosen solver.
//!
//! The solvers are loaded directly from the [`Lp`] (column bounds and costs, then rows),
//! not through good_lp's expression builder: good_lp builds one hash map per row and per
//! objective term, which dominated capmix's time outside the solver on large programs. The
//! loaded problems are the ones good_lp builds (same columns, rows, senses, options), so
//! results are unchanged.

use crate::formulate::Lp;
use crate::Error;

/// Seconds spent loading programs into solvers and inside solver calls on this thread, and
/// the number of calls: a running total that [`clock`] reads, for [`crate::SolveTimings`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Clock {
    pub load: f64,
    pub solver: f64,
    pub calls: usize,
}

impl Clock {
    /// The time spent between `earlier` and this reading.
    pub fn since(&self, earlier: &Clock) -> Clock {
        Clock {
            load: self.load - earlier.load,
            solver: self.solver - earlier.solver,
            calls: self.calls - earlier.calls,
        }
    }
}

thread_local! {
    static CLOCK: std::cell::Cell<Clock> = const {
        std::cell::Cell::new(Clock { load: 0.0, solver: 0.0, calls: 0 })
    };
}

/// The running totals of this thread.
pub(crate) fn clock() -> Clock {
    CLOCK.with(std::cell::Cell::get)
}

fn tick(load: f64, solver: f64) {
    CLOCK.with(|c| {
        let mut v = c.get();
        v.load += load;
        v.solver += solver;
        v.calls += 1;
        c.set(v);
    });
}

/// Which solver runs the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SolverKind {
    /// Pure-Rust simplex (default; also in wasm). Integer plans by LP rounding and repair.
    #[default]
    Microlp,
    /// HiGHS: exact MILP and large LPs (feature `highs`).
    Highs,
}

impl SolverKind {
    /// The name used on the command line and in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            SolverKind::Microlp => "microlp",
            SolverKind::Highs => "highs",
        }
    }

    /// Whether this build includes the solver.
    pub fn is_available(self) -> bool {
        match self {
            SolverKind::Microlp => cfg!(feature = "microlp"),
            SolverKind::Highs => cfg!(feature = "highs"),
        }
    }
}

impl std::str::FromStr for SolverKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "microlp" => Ok(SolverKind::Microlp),
            "highs" => Ok(SolverKind::Highs),
            other => Err(Error::InvalidOption {
                name: "solver".into(),
                reason: format!("unknown solver `{other}` (expected microlp or highs)"),
            }),
        }
    }
}

/// The solver's verdict on one program.
#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// Proven optimal (within the MIP gap for integer programs).
    Optimal(Vec<f64>),
    /// Stopped by the time limit with a feasible incumbent.
    Feasible(Vec<f64>),
    Infeasible,
    Unbounded,
    /// Stopped by the time limit before any feasible point was found.
    NoSolution,
}

impl Outcome {
    pub fn values(&self) -> Option<&[f64]> {
        match self {
            Outcome::Optimal(v) | Outcome::Feasible(v) => Some(v),
            _ => None,
        }
    }
}

/// Solver settings for one run.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RunOptions {
    pub time_limit: Option<f64>,
    pub mip_gap: Option<f64>,
    /// Treat integer variables as continuous.
    pub relax: bool,
    /// microlp only: stop branch and bound after this many nodes (deterministic, unlike a
    /// time limit).
    pub node_limit: Option<u64>,
}

/// Row duals (USD per unit of each row's right-hand side, in row order) and column reduced
/// costs of an optimal LP, as the solver reports them (HiGHS only).
#[derive(Debug, Clone)]
pub(crate) struct Duals {
    pub rows: Vec<f64>,
    pub columns: Vec<f64>,
}

/// [`run`] for a pure LP, with the solver's own duals where it reports them (HiGHS; `None`
/// from microlp, whose duals come from the explicit dual program instead).
pub(crate) fn run_with_duals(
    lp: &Lp,
    solver: SolverKind,
    opts: RunOptions,
) -> Result<(Outcome, Option<Duals>), Error> {
    #[cfg(feature = "highs")]
    if solver == SolverKind::Highs
        && lp.trivially_infeasible.is_none()
        && !lp.rows.is_empty()
        && opts.time_limit.is_none_or(|t| t > 0.0)
    {
        return direct_highs::solve(lp, opts, true);
    }
    run(lp, solver, opts).map(|o| (o, None))
}

/// Solves `lp`; badly scaled programs are scaled first and their values unscaled
/// ([`super::scale`]).
pub(crate) fn run(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
    if let Some(scaled) = super::scale::Scaled::new(lp) {
        return run_unscaled(&scaled.lp, solver, opts).map(|o| scaled.unscale(o));
    }
    run_unscaled(lp, solver, opts)
}

fn run_unscaled(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
    if lp.trivially_infeasible.is_some() {
        return Ok(Outcome::Infeasible);
    }
    if lp.rows.is_empty() {
        return Ok(without_rows(lp));
    }
    if let Some(t) = opts.time_limit {
        if t <= 0.0 {
            return Ok(Outcome::NoSolution);
        }
    }
    #[cfg(any(feature = "microlp", feature = "highs"))]
    if good_lp_loader() {
        return via_good_lp::run(lp, solver, opts);
    }
    match solver {
        SolverKind::Microlp => {
            #[cfg(feature = "microlp")]
            {
                direct_microlp::run(lp, opts)
            }
            #[cfg(not(feature = "microlp"))]
            {
                Err(Error::SolverUnavailable("microlp".into()))
            }
        }
        SolverKind::Highs => {
            #[cfg(feature = "highs")]
            {
                direct_highs::solve(lp, opts, false).map(|(o, _)| o)
            }
            #[cfg(not(feature = "highs"))]
            {
                Err(Error::SolverUnavailable("highs".into()))
            }
        }
    }
}

/// Whether `CAPMIX_LOADER=good_lp` asks for the previous loader (before/after benchmarks).
#[cfg(any(feature = "microlp", feature = "highs"))]
fn good_lp_loader() -> bool {
    static CHOICE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CHOICE.get_or_init(|| std::env::var("CAPMIX_LOADER").is_ok_and(|v| v == "good_lp"))
}

/// The right-hand side of a `≤` (or `=`) row exactly as good_lp computes it (`expr − b`
/// normalised, then negated): the same value, down to the sign of zero.
#[cfg_attr(not(any(feature = "microlp", feature = "highs")), expect(dead_code))]
fn le_bound(rhs: f64) -> f64 {
    -(0.0 + -rhs)
}

/// The bound of a `≥` row exactly as good_lp computes it (`b − expr ≤ 0` normalised).
#[cfg_attr(not(any(feature = "microlp", feature = "highs")), expect(dead_code))]
fn ge_bound(rhs: f64) -> f64 {
    rhs + -0.0
}

/// A row's coefficients with repeated columns summed (the formulation never repeats a
/// column within a row, but the solvers' bulk loaders require it), in first-seen order.
/// `seen[j]` holds the row stamp and position of column j; `stamp` is unique per row.
#[cfg_attr(not(any(feature = "microlp", feature = "highs")), expect(dead_code))]
fn merged<'a>(
    coefs: &'a [(usize, f64)],
    seen: &mut [(usize, usize)],
    stamp: usize,
    buf: &'a mut Vec<(usize, f64)>,
) -> &'a [(usize, f64)] {
    let mut repeated = false;
    for (pos, &(j, _)) in coefs.iter().enumerate() {
        if seen[j].0 == stamp {
            repeated = true;
            break;
        }
        seen[j] = (stamp, pos);
    }
    if !repeated {
        return coefs;
    }
    buf.clear();
    let stamp = stamp | (1 << (usize::BITS - 1));
    for &(j, a) in coefs {
        if seen[j].0 == stamp {
            buf[seen[j].1].1 += a;
        } else {
            seen[j] = (stamp, buf.len());
            buf.push((j, a));
        }
    }
    buf
}

/// microlp, loaded directly (no per-row hash maps): the same problem good_lp's microlp
/// backend builds, variable for variable and row for row (down to the sign of zero), so
/// results are identical. A `≥` row goes in as `−a·x ≤ −b`, as good_lp normalises it.
#[cfg(feature = "microlp")]
mod direct_microlp {
    use super::{ge_bound, le_bound, merged, tick, Outcome, RunOptions};
    use crate::formulate::{Lp, Sense};
    use crate::Error;
    use microlp::{ComparisonOp, LinearExpr, OptimizationDirection, Problem, TerminationReason};
    use std::time::Duration;
    use web_time::Instant;

    fn int_bound(v: f64, infinite: f64, fallback: i32) -> Option<i32> {
        if v == infinite {
            return Some(fallback);
        }
        (f64::from(i32::MIN)..=f64::from(i32::MAX))
            .contains(&v)
            .then_some(v as i32)
    }

    /// The microlp problem of `lp`, its variables, and whether some integer bounds are
    /// empty (infeasible) or outside i32 (unsupported).
    pub(super) fn build(lp: &Lp, relax: bool) -> (Problem, Vec<microlp::Variable>, bool, bool) {
        let mut problem = Problem::new(OptimizationDirection::Minimize);
        let mut infeasible_bounds = false;
        let mut out_of_range = false;
        let vars: Vec<microlp::Variable> = lp
            .vars
            .iter()
            .map(|v| {
                let cost = if v.cost != 0.0 { v.cost } else { 0.0 };
                if v.integer && !relax {
                    let min = int_bound(v.lb.ceil(), f64::NEG_INFINITY, i32::MIN);
                    let max = int_bound(v.ub.floor(), f64::INFINITY, i32::MAX);
                    match (min, max) {
                        (Some(min), Some(max)) if min <= max => {
                            problem.add_integer_var(cost, (min, max))
                        }
                        (Some(_), Some(_)) => {
                            infeasible_bounds = true;
                            problem.add_integer_var(cost, (0, 0))
                        }
                        _ => {
                            out_of_range = true;
                            problem.add_integer_var(cost, (0, 0))
                        }
                    }
                } else {
                    problem.add_var(cost, (v.lb, v.ub))
                }
            })
            .collect();
        let mut seen = vec![(usize::MAX, 0); lp.vars.len()];
        let mut buf = Vec::new();
        for (i, row) in lp.rows.iter().enumerate() {
            let coefs = merged(&row.coefs, &mut seen, i, &mut buf);
            let (sign, op, rhs) = match row.sense {
                Sense::Le => (1.0, ComparisonOp::Le, le_bound(row.rhs)),
                Sense::Ge => (-1.0, ComparisonOp::Le, -ge_bound(row.rhs)),
                Sense::Eq => (1.0, ComparisonOp::Eq, le_bound(row.rhs)),
            };
            let expr: LinearExpr = coefs
                .iter()
                .map(|&(j, a)| (vars[j], 0.0 + sign * a))
                .collect();
            problem.add_constraint(expr, op, rhs);
        }
        (problem, vars, infeasible_bounds, out_of_range)
    }

    pub(super) fn run(lp: &Lp, opts: RunOptions) -> Result<Outcome, Error> {
        let loading = Instant::now();
        let (problem, vars, infeasible_bounds, out_of_range) = build(lp, opts.relax);
        let load = loading.elapsed().as_secs_f64();
        if out_of_range {
            tick(load, 0.0);
            return Err(Error::Solver(
                "Microlp only supports integer bounds within the i32 range".into(),
            ));
        }
        if infeasible_bounds {
            tick(load, 0.0);
            return Ok(Outcome::Infeasible);
        }
        let mut options = microlp::SolveOptions::default();
        options.node_limit = opts.node_limit;
        options.time_limit = opts.time_limit.map(Duration::from_secs_f64);
        if let Some(gap) = opts.mip_gap {
            // good_lp passes the gap as f32; keep that rounding.
            options.mip_gap = f64::from(gap as f32);
        }
        let solving = Instant::now();
        let result = problem.solve_with(options);
        tick(load, solving.elapsed().as_secs_f64());
        let outcome = match result {
            Ok(outcome) => outcome,
            Err(microlp::Error::Infeasible) => return Ok(Outcome::Infeasible),
            Err(microlp::Error::Unbounded) => return Ok(Outcome::Unbounded),
            Err(e) if opts.node_limit.is_some() => {
                let _ = e;
                return Ok(Outcome::NoSolution);
            }
            Err(e) => return Err(Error::Solver(e.to_string())),
        };
        let reason = outcome.termination_reason();
        let Some(solution) = outcome.solution() else {
            return Ok(Outcome::NoSolution);
        };
        // As before: raw values after a node-limited search, rounded ones otherwise.
        let values: Vec<f64> = if opts.node_limit.is_some() {
            solution.iter().map(|(_, v)| v).collect()
        } else {
            vars.iter().map(|&v| solution.var_value(v)).collect()
        };
        Ok(match reason {
            TerminationReason::ProvenOptimal => Outcome::Optimal(values),
            TerminationReason::MipGap if opts.node_limit.is_none() => Outcome::Optimal(values),
            _ => Outcome::Feasible(values),
        })
    }
}

/// HiGHS, loaded directly into its column-wise matrix (no per-row hash maps): the same
/// problem good_lp's highs backend builds, with one thread.
#[cfg(feature = "highs")]
mod direct_highs {
    use super::{ge_bound, le_bound, merged, tick, Duals, Outcome, RunOptions};
    use crate::formulate::{Lp, Sense};
    use crate::Error;
    use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem};
    use web_time::Instant;

    /// Solves `lp`; with `duals`, an optimal LP also returns HiGHS's row duals and reduced
    /// costs.
    pub(super) fn solve(
        lp: &Lp,
        opts: RunOptions,
        duals: bool,
    ) -> Result<(Outcome, Option<Duals>), Error> {
        let loading = Instant::now();
        let mut problem = RowProblem::default();
        let cols: Vec<highs::Col> = lp
            .vars
            .iter()
            .map(|v| {
                let cost = if v.cost != 0.0 { v.cost } else { 0.0 };
                problem.add_column_with_integrality(cost, v.lb..v.ub, v.integer && !opts.relax)
            })
            .collect();
        let mut seen = vec![(usize::MAX, 0); lp.vars.len()];
        let mut buf = Vec::new();
        for (i, row) in lp.rows.iter().enumerate() {
            let coefs = merged(&row.coefs, &mut seen, i, &mut buf);
            match row.sense {
                Sense::Le => {
                    let factors = coefs.iter().map(|&(j, a)| (cols[j], 0.0 + a));
                    problem.add_row(..=le_bound(row.rhs), factors);
                }
                Sense::Ge => {
                    let factors = coefs.iter().map(|&(j, a)| (cols[j], -(0.0 - a)));
                    problem.add_row(ge_bound(row.rhs).., factors);
                }
                Sense::Eq => {
                    let b = le_bound(row.rhs);
                    let factors = coefs.iter().map(|&(j, a)| (cols[j], 0.0 + a));
                    problem.add_row(b..=b, factors);
                }
            }
        }
        let mut model = problem
            .try_optimise(highs::Sense::Minimise)
            .map_err(|e| Error::Solver(format!("HiGHS error while building model: {e:?}")))?;
        let option = |name: &str| Error::Solver(format!("HiGHS error while setting option {name}"));
        model
            .try_set_option("threads", 1i32)
            .map_err(|_| option("threads"))?;
        if let Some(gap) = opts.mip_gap {
            model
                .try_set_option("mip_rel_gap", f64::from(gap as f32))
                .map_err(|_| option("mip_rel_gap"))?;
        }
        if let Some(t) = opts.time_limit {
            model
                .try_set_option("time_limit", t)
                .map_err(|_| option("time_limit"))?;
        }
        let load = loading.elapsed().as_secs_f64();
        let solving = Instant::now();
        let solved = model.try_solve();
        tick(load, solving.elapsed().as_secs_f64());
        let solved =
            solved.map_err(|e| Error::Solver(format!("HiGHS error while solving model: {e:?}")))?;
        let optimal = match solved.status() {
            HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => {
                return Ok((Outcome::Infeasible, None))
            }
            HighsModelStatus::Unbounded => return Ok((Outcome::Unbounded, None)),
            HighsModelStatus::ReachedTimeLimit
            | HighsModelStatus::ReachedSolutionLimit
            | HighsModelStatus::ReachedInterrupt
            | HighsModelStatus::ReachedIterationLimit
            | HighsModelStatus::ReachedMemoryLimit => false,
            HighsModelStatus::Optimal
            | HighsModelStatus::ObjectiveBound
            | HighsModelStatus::ObjectiveTarget => true,
            other => return Err(Error::Solver(format!("HiGHS status {other:?}"))),
        };
        if solved.primal_solution_status() != HighsSolutionStatus::Feasible {
            return Ok((Outcome::NoSolution, None));
        }
        let solution = solved.get_solution();
        let values = solution.columns().to_vec();
        if !optimal {
            return Ok((Outcome::Feasible(values), None));
        }
        let duals = duals.then(|| Duals {
            rows: solution.dual_rows().to_vec(),
            columns: solution.dual_columns().to_vec(),
        });
        Ok((Outcome::Optimal(values), duals))
    }
}

/// The previous loader: through good_lp's expression builder. Kept to check that the direct
/// loaders build the same problems (tests), and for before/after benchmarks
/// (`CAPMIX_LOADER=good_lp`).
#[cfg(any(feature = "microlp", feature = "highs"))]
pub(crate) mod via_good_lp {
    use super::{Outcome, RunOptions, SolverKind};
    use crate::formulate::{Lp, Sense};
    use crate::Error;
    use good_lp::{
        variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus,
        SolverModel, Variable, WithTimeLimit,
    };

    thread_local! {
        static SOLVING: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    }

    fn timed<T>(f: impl FnOnce() -> T) -> T {
        let t = web_time::Instant::now();
        let out = f();
        SOLVING.with(|s| s.set(s.get() + t.elapsed().as_secs_f64()));
        out
    }

    pub(crate) fn run(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
        SOLVING.with(|s| s.set(0.0));
        let t = web_time::Instant::now();
        let out = run_inner(lp, solver, opts);
        let solving = SOLVING.with(std::cell::Cell::get);
        super::tick(t.elapsed().as_secs_f64() - solving, solving);
        out
    }

    fn run_inner(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
        let mut vars = ProblemVariables::new();
        let handles: Vec<Variable> = lp
            .vars
            .iter()
            .map(|v| {
                let mut def = variable().min(v.lb);
                if v.ub.is_finite() {
                    def = def.max(v.ub);
                }
                if v.integer && !opts.relax {
                    def = def.integer();
                }
                vars.add(def)
            })
            .collect();
        let objective: Expression = lp
            .vars
            .iter()
            .zip(&handles)
            .filter(|(v, _)| v.cost != 0.0)
            .map(|(v, &h)| v.cost * h)
            .sum();
        let problem = vars.minimise(objective);
        match solver {
            SolverKind::Microlp => {
                #[cfg(feature = "microlp")]
                {
                    let mut model = problem.using(good_lp::microlp);
                    if let Some(nodes) = opts.node_limit {
                        add_rows(&mut model, lp, &handles);
                        return Ok(microlp_with_node_limit(&model, nodes, opts.time_limit));
                    }
                    if let Some(gap) = opts.mip_gap {
                        model =
                            good_lp::WithMipGap::with_mip_gap(model, gap as f32).map_err(|e| {
                                Error::InvalidOption {
                                    name: "mip_gap".into(),
                                    reason: e.to_string(),
                                }
                            })?;
                    }
                    finish(model, lp, &handles, opts)
                }
                #[cfg(not(feature = "microlp"))]
                {
                    let _ = problem;
                    Err(Error::SolverUnavailable("microlp".into()))
                }
            }
            SolverKind::Highs => {
                #[cfg(feature = "highs")]
                {
                    let mut model = problem.using(good_lp::highs).set_threads(1);
                    if let Some(gap) = opts.mip_gap {
                        model = model.set_mip_rel_gap(gap as f32).map_err(|e| {
                            Error::InvalidOption {
                                name: "mip_gap".into(),
                                reason: e.to_string(),
                            }
                        })?;
                    }
                    finish(model, lp, &handles, opts)
                }
                #[cfg(not(feature = "highs"))]
                {
                    let _ = problem;
                    Err(Error::SolverUnavailable("highs".into()))
                }
            }
        }
    }

    #[cfg_attr(not(any(feature = "microlp", feature = "highs")), expect(dead_code))]
    fn finish<M>(
        mut model: M,
        lp: &Lp,
        handles: &[Variable],
        opts: RunOptions,
    ) -> Result<Outcome, Error>
    where
        M: SolverModel<Error = ResolutionError> + WithTimeLimit,
    {
        if let Some(t) = opts.time_limit {
            model = model.with_time_limit(t);
        }
        add_rows(&mut model, lp, handles);
        match timed(|| model.solve()) {
            Ok(solution) => {
                let values: Vec<f64> = handles.iter().map(|&h| solution.value(h)).collect();
                Ok(match solution.status() {
                    SolutionStatus::Optimal | SolutionStatus::GapLimit => Outcome::Optimal(values),
                    SolutionStatus::TimeLimit => Outcome::Feasible(values),
                })
            }
            Err(ResolutionError::Infeasible) => Ok(Outcome::Infeasible),
            Err(ResolutionError::Unbounded) => Ok(Outcome::Unbounded),
            Err(ResolutionError::Other(msg))
                if msg.contains("Time limit") || msg == "NoSolutionFound" =>
            {
                Ok(Outcome::NoSolution)
            }
            Err(e) => Err(Error::Solver(e.to_string())),
        }
    }

    #[cfg_attr(not(any(feature = "microlp", feature = "highs")), expect(dead_code))]
    fn add_rows<M: SolverModel>(model: &mut M, lp: &Lp, handles: &[Variable]) {
        for row in &lp.rows {
            let expr: Expression = row.coefs.iter().map(|&(i, c)| c * handles[i]).sum();
            let constraint = match row.sense {
                Sense::Le => expr.leq(row.rhs),
                Sense::Ge => expr.geq(row.rhs),
                Sense::Eq => expr.eq(row.rhs),
            };
            model.add_constraint(constraint);
        }
    }

    /// microlp's branch and bound with a node budget, which good_lp does not expose; the
    /// problem built by good_lp keeps variable order, so values map back by index.
    #[cfg(feature = "microlp")]
    fn microlp_with_node_limit(
        model: &good_lp::solvers::microlp::MicroLpProblem,
        nodes: u64,
        time_limit: Option<f64>,
    ) -> Outcome {
        let mut options = microlp::SolveOptions::default();
        options.node_limit = Some(nodes);
        options.time_limit = time_limit.map(std::time::Duration::from_secs_f64);
        let outcome = match timed(|| model.as_inner().solve_with(options)) {
            Ok(outcome) => outcome,
            Err(microlp::Error::Infeasible) => return Outcome::Infeasible,
            Err(microlp::Error::Unbounded) => return Outcome::Unbounded,
            Err(_) => return Outcome::NoSolution,
        };
        let proven = outcome.termination_reason() == microlp::TerminationReason::ProvenOptimal;
        match outcome.solution() {
            Some(solution) => {
                let values: Vec<f64> = solution.iter().map(|(_, v)| v).collect();
                if proven {
                    Outcome::Optimal(values)
                } else {
                    Outcome::Feasible(values)
                }
            }
            None => Outcome::NoSolution,
        }
    }
}

/// A program with no rows: each variable sits at the bound its cost prefers.
fn without_rows(lp: &Lp) -> Outcome {
    let mut values = Vec::with_capacity(lp.vars.len());
    for v in &lp.vars {
        if v.cost < 0.0 {
            if !v.ub.is_finite() {
                return Outcome::Unbounded;
            }
            values.push(v.ub);
        } else {
            values.push(v.lb);
        }
    }
    Outcome::Optimal(values)
}

#[cfg(all(test, feature = "microlp"))]
mod tests {
    use super::*;
    use crate::formulate::{formulate, RoutingMode, Spec};

    #[expect(
        clippy::unwrap_used,
        reason = "a test helper fails loudly on bad files"
    )]
    fn scenarios() -> Vec<crate::Scenario> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["examples/scenarios", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if (name.ends_with(".toml") || name.ends_with(".json")) && name != "expected.json" {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
            .iter()
            .map(|f| crate::Scenario::from_path(f).unwrap())
            .collect()
    }

    fn same(a: &Outcome, b: &Outcome) -> bool {
        match (a, b) {
            (Outcome::Optimal(x), Outcome::Optimal(y))
            | (Outcome::Feasible(x), Outcome::Feasible(y)) => {
                x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits()) && x.len() == y.len()
            }
            (Outcome::Infeasible, Outcome::Infeasible)
            | (Outcome::Unbounded, Outcome::Unbounded)
            | (Outcome::NoSolution, Outcome::NoSolution) => true,
            _ => false,
        }
    }

    /// The direct loader builds the problem good_lp builds: bit-identical values on every
    /// example and fixture, for the LP, the dual program and the integer program.
    #[test]
    fn direct_loading_gives_the_same_results_as_good_lp() {
        let mut compared = 0;
        for scenario in scenarios() {
            let Ok(model) = crate::validate(&scenario) else {
                continue;
            };
            for integer in [false, true] {
                let spec = Spec {
                    integer,
                    routing: RoutingMode::Binary,
                    reduce: false,
                };
                let lp = formulate(&model, &spec).lp;
                // Integer programs: the relaxation, and branch and bound within a small node
                // budget (an unlimited search can run for a long time).
                let mut programs = vec![(
                    lp.clone(),
                    RunOptions {
                        relax: true,
                        ..RunOptions::default()
                    },
                )];
                if !integer {
                    if let Some((dual, _)) = crate::solve::dual::dual_program(&lp) {
                        programs.push((dual, RunOptions::default()));
                    }
                } else if lp.vars.iter().filter(|v| v.integer).count() <= 60 {
                    programs.push((
                        lp.clone(),
                        RunOptions {
                            node_limit: Some(500),
                            ..RunOptions::default()
                        },
                    ));
                }
                for (program, opts) in programs {
                    if program.trivially_infeasible.is_some() || program.rows.is_empty() {
                        continue;
                    }
                    let direct = direct_microlp::run(&program, opts).unwrap();
                    let old = via_good_lp::run(&program, SolverKind::Microlp, opts).unwrap();
                    assert!(
                        same(&direct, &old),
                        "{} {opts:?}: {direct:?} vs {old:?}",
                        scenario.name
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared >= 20, "{compared}");
    }

    #[test]
    fn repeated_columns_are_summed() {
        let mut seen = vec![(usize::MAX, 0); 3];
        let mut buf = Vec::new();
        let row = [(0, 1.0), (2, 2.0), (0, 3.0)];
        assert_eq!(merged(&row, &mut seen, 0, &mut buf), &[(0, 4.0), (2, 2.0)]);
        let row = [(1, 1.0), (2, 2.0)];
        assert_eq!(merged(&row, &mut seen, 1, &mut buf), &row);
    }
}
