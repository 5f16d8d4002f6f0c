use super::{Outcome, RunOptions, SolverKind};
use crate::formulate::{Lp, Sense};
use crate::Error;
use good_lp::{
    variable, Expression, ProblemVariables, ResolutionError, Solution, SolutionStatus, SolverModel,
    Variable, WithTimeLimit,
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
    match solver.resolve() {
        SolverKind::Auto | SolverKind::Microlp => {
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
    options.time_limit =
        time_limit.and_then(|t| std::time::Duration::try_from_secs_f64(t.max(0.0)).ok());
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
