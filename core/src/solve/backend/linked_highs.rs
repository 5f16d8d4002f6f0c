use super::highs::{read, Ended, Once, Run};
use super::{ge_bound, le_bound, merged, tick, Duals, MipInfo, Outcome, RunOptions};
use crate::formulate::{Lp, Sense};
use crate::link::{model_status as ms, HighsLink, HighsProblem};
use crate::Error;
use capmix_highs_basis::Statuses;
use web_time::Instant;

/// [`super::highs::solve`] through the host's HiGHS ([`crate::link`]).
pub(super) fn solve(
    link: &dyn HighsLink,
    lp: &Lp,
    opts: RunOptions,
    duals: bool,
    start: Option<&[f64]>,
    basis: Option<&Statuses>,
) -> Result<(Outcome, Option<MipInfo>, Option<Duals>), Error> {
    super::highs::solve(
        lp,
        opts,
        duals,
        start,
        basis,
        |lp, opts, duals, start, basis| solve_once(link, lp, opts, duals, start, basis),
    )
}

/// `lp` as the program HiGHS receives: the same columns, rows and bounds as the native
/// backend loads (down to the sign of zero), row-wise.
pub(super) fn problem(lp: &Lp, opts: RunOptions) -> Result<HighsProblem, Error> {
    let index = |n: usize| {
        i32::try_from(n)
            .map_err(|_| Error::Solver("program too large for HiGHS's 32-bit indices".into()))
    };
    let mut p = HighsProblem {
        num_cols: lp.vars.len(),
        num_rows: lp.rows.len(),
        ..HighsProblem::default()
    };
    for v in &lp.vars {
        p.col_cost.push(if v.cost != 0.0 { v.cost } else { 0.0 });
        p.col_lower.push(v.lb);
        p.col_upper.push(v.ub);
    }
    let is_mip = !opts.relax && lp.vars.iter().any(|v| v.integer);
    if is_mip {
        p.integrality = Some(lp.vars.iter().map(|v| i32::from(v.integer)).collect());
    }
    let mut seen = vec![(usize::MAX, 0); lp.vars.len()];
    let mut buf = Vec::new();
    p.row_starts.push(0);
    for (i, row) in lp.rows.iter().enumerate() {
        let coefs = merged(&row.coefs, &mut seen, i, &mut buf);
        let (lower, upper, sign) = match row.sense {
            Sense::Le => (f64::NEG_INFINITY, le_bound(row.rhs), false),
            Sense::Ge => (ge_bound(row.rhs), f64::INFINITY, true),
            Sense::Eq => (le_bound(row.rhs), le_bound(row.rhs), false),
        };
        p.row_lower.push(lower);
        p.row_upper.push(upper);
        for &(j, a) in coefs {
            p.row_indices.push(index(j)?);
            p.row_values.push(if sign { -(0.0 - a) } else { 0.0 + a });
        }
        p.row_starts.push(index(p.row_indices.len())?);
    }
    p.time_limit = opts.time_limit;
    p.mip_rel_gap = opts.mip_gap.map(|g| f64::from(g as f32));
    Ok(p)
}

fn solve_once(
    link: &dyn HighsLink,
    lp: &Lp,
    opts: RunOptions,
    duals: bool,
    start: Option<&[f64]>,
    basis: Option<&Statuses>,
) -> Result<Once, Error> {
    let loading = Instant::now();
    let mut p = problem(lp, opts)?;
    let is_mip = p.integrality.is_some();
    if is_mip {
        p.mip_start = start.map(<[f64]>::to_vec);
    } else {
        p.basis = basis.map(|b| (b.cols.clone(), b.rows.clone()));
    }
    p.want_duals = duals;
    let load = loading.elapsed().as_secs_f64();
    let solving = Instant::now();
    let answer = link.solve(&p);
    tick(load, solving.elapsed().as_secs_f64());
    let answer = answer.map_err(|e| Error::Solver(format!("HiGHS (linked) error: {e}")))?;
    let ended = match answer.model_status {
        ms::INFEASIBLE | ms::UNBOUNDED_OR_INFEASIBLE => Ended::Infeasible,
        ms::UNBOUNDED => Ended::Unbounded,
        ms::TIME_LIMIT
        | ms::SOLUTION_LIMIT
        | ms::INTERRUPTED
        | ms::ITERATION_LIMIT
        | ms::MEMORY_LIMIT => Ended::Stopped,
        ms::OPTIMAL | ms::OBJECTIVE_BOUND | ms::OBJECTIVE_TARGET => Ended::Optimal,
        other => {
            return Err(Error::Solver(format!(
                "HiGHS (linked) model status {other}"
            )))
        }
    };
    let (cols, rows) = (lp.vars.len(), lp.rows.len());
    let feasible = answer.primal_feasible && answer.col_value.len() == cols;
    let duals = match answer.row_dual {
        Some(dual) if duals && feasible && ended == Ended::Optimal && dual.len() == rows => {
            Some(Duals {
                rows: dual,
                basis: answer
                    .basis
                    .filter(|(c, r)| !is_mip && c.len() == cols && r.len() == rows)
                    .map(|(cols, rows)| Statuses { cols, rows }),
            })
        }
        _ => None,
    };
    let run = Run {
        ended,
        values: feasible.then_some(answer.col_value),
        objective: answer.objective,
        dual_bound: answer.mip_dual_bound,
        duals,
    };
    Ok(read(lp, is_mip, run))
}
