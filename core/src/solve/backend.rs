//! Runs an [`Lp`] through `good_lp` with the chosen solver.

use crate::formulate::{Lp, Sense};
use crate::Error;
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel,
    Variable, WithTimeLimit,
};

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

pub(crate) fn run(lp: &Lp, solver: SolverKind, opts: RunOptions) -> Result<Outcome, Error> {
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
                    model = good_lp::WithMipGap::with_mip_gap(model, gap as f32).map_err(|e| {
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
                    model =
                        model
                            .set_mip_rel_gap(gap as f32)
                            .map_err(|e| Error::InvalidOption {
                                name: "mip_gap".into(),
                                reason: e.to_string(),
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
    match model.solve() {
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
    let outcome = match model.as_inner().solve_with(options) {
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
