use super::highs::{agrees, Once};
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
    let verdict = |outcome| Once {
        answer: (outcome, None, None),
        consistent: None,
    };
    let optimal = match answer.model_status {
        ms::INFEASIBLE | ms::UNBOUNDED_OR_INFEASIBLE => return Ok(verdict(Outcome::Infeasible)),
        ms::UNBOUNDED => return Ok(verdict(Outcome::Unbounded)),
        ms::TIME_LIMIT
        | ms::SOLUTION_LIMIT
        | ms::INTERRUPTED
        | ms::ITERATION_LIMIT
        | ms::MEMORY_LIMIT => false,
        ms::OPTIMAL | ms::OBJECTIVE_BOUND | ms::OBJECTIVE_TARGET => true,
        other => {
            return Err(Error::Solver(format!(
                "HiGHS (linked) model status {other}"
            )))
        }
    };
    if !answer.primal_feasible || answer.col_value.len() != lp.vars.len() {
        return Ok(verdict(Outcome::NoSolution));
    }
    let values = answer.col_value;
    let consistent = is_mip.then(|| answer.objective.is_some_and(|p| agrees(lp, &values, p)));
    let info = is_mip.then(|| MipInfo {
        abs_gap: match (answer.objective, answer.mip_dual_bound) {
            (Some(p), Some(d)) if p.is_finite() && d.is_finite() => (p - d).max(0.0),
            _ => f64::INFINITY,
        },
    });
    if !optimal {
        return Ok(Once {
            answer: (Outcome::Feasible(values), info, None),
            consistent,
        });
    }
    let duals = match (duals, answer.row_dual) {
        (true, Some(rows)) if rows.len() == lp.rows.len() => Some(Duals {
            rows,
            basis: answer
                .basis
                .filter(|(c, r)| !is_mip && c.len() == lp.vars.len() && r.len() == lp.rows.len())
                .map(|(cols, rows)| Statuses { cols, rows }),
        }),
        _ => None,
    };
    Ok(Once {
        answer: (Outcome::Optimal(values), info, duals),
        consistent,
    })
}
