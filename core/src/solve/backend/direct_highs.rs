use super::highs::{read, Ended, Once, Run};
use super::{ge_bound, le_bound, merged, tick, Duals, MipInfo, Outcome, RunOptions};
use crate::formulate::{Lp, Sense};
use crate::Error;
use capmix_highs_basis::Statuses;
use highs::{HighsModelStatus, HighsSolutionStatus, RowProblem};
use web_time::Instant;

/// [`super::highs::solve`] with the HiGHS compiled into this build.
pub(super) fn solve(
    lp: &Lp,
    opts: RunOptions,
    duals: bool,
    start: Option<&[f64]>,
    basis: Option<&Statuses>,
) -> Result<(Outcome, Option<MipInfo>, Option<Duals>), Error> {
    super::highs::solve(lp, opts, duals, start, basis, solve_once)
}

fn solve_once(
    lp: &Lp,
    opts: RunOptions,
    duals: bool,
    start: Option<&[f64]>,
    basis: Option<&Statuses>,
) -> Result<Once, Error> {
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
        // Only the relative gap: an absolute one (1e-6 by default) stops at once on a
        // program whose objective is about 1e-6 USD, or scaled down to that.
        model
            .try_set_option("mip_abs_gap", 0.0)
            .map_err(|_| option("mip_abs_gap"))?;
        // Integrality stays at HiGHS's 1e-6 (1e-9 made the flagship's search several
        // times slower): capmix rounds HiGHS's integers and re-solves the rest of the plan
        // before it keeps a point (see `solve::integer`).
    }
    if let Some(t) = opts.time_limit {
        model
            .try_set_option("time_limit", t)
            .map_err(|_| option("time_limit"))?;
    }
    let is_mip = !opts.relax && lp.vars.iter().any(|v| v.integer);
    if let (true, Some(start)) = (is_mip, start) {
        // A start HiGHS rejects (wrong length) is no start: the search goes on without it.
        let _ = model.try_set_solution(Some(start), None, None, None);
    }
    if let (false, Some(b)) = (is_mip, basis) {
        // A basis HiGHS does not take (wrong size) is no start: the solve begins from
        // scratch.
        let _ = capmix_highs_basis::set_basis(&mut model, b);
    }
    let load = loading.elapsed().as_secs_f64();
    let solving = Instant::now();
    let solved = model.try_solve();
    tick(load, solving.elapsed().as_secs_f64());
    let solved =
        solved.map_err(|e| Error::Solver(format!("HiGHS error while solving model: {e:?}")))?;
    let ended = match solved.status() {
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => Ended::Infeasible,
        HighsModelStatus::Unbounded => Ended::Unbounded,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedMemoryLimit => Ended::Stopped,
        HighsModelStatus::Optimal
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget => Ended::Optimal,
        other => return Err(Error::Solver(format!("HiGHS status {other:?}"))),
    };
    let feasible = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let solution = feasible.then(|| solved.get_solution());
    let duals = solution
        .as_ref()
        .filter(|_| duals && ended == Ended::Optimal)
        .map(|s| Duals {
            rows: s.dual_rows().to_vec(),
            basis: (!is_mip)
                .then(|| capmix_highs_basis::basis(&solved))
                .flatten(),
        });
    let run = Run {
        ended,
        values: solution.as_ref().map(|s| s.columns().to_vec()),
        objective: solved.double_info_value(c"objective_function_value").ok(),
        dual_bound: solved.double_info_value(c"mip_dual_bound").ok(),
        duals,
    };
    Ok(read(lp, is_mip, run))
}
