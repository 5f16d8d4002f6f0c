use super::{ge_bound, le_bound, merged, tick, MipInfo, Outcome, RunOptions};
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
    options.time_limit = opts
        .time_limit
        .and_then(|t| Duration::try_from_secs_f64(t.max(0.0)).ok());
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

/// A whole-unit program through microlp's branch and bound, seeded with the incumbent
/// `start`, stopped by the gap, the node budget or the time limit; the bound is microlp's
/// best proven one (from its open nodes when stopped early).
pub(super) fn run_mip(
    lp: &Lp,
    opts: RunOptions,
    start: Option<&[f64]>,
) -> Result<(Outcome, Option<MipInfo>), Error> {
    let loading = Instant::now();
    let (problem, vars, infeasible_bounds, out_of_range) = build(lp, false);
    let load = loading.elapsed().as_secs_f64();
    if out_of_range {
        tick(load, 0.0);
        return Err(Error::Solver(
            "Microlp only supports integer bounds within the i32 range".into(),
        ));
    }
    if infeasible_bounds {
        tick(load, 0.0);
        return Ok((Outcome::Infeasible, None));
    }
    let mut options = microlp::SolveOptions::default();
    options.node_limit = opts.node_limit;
    options.time_limit = opts
        .time_limit
        .and_then(|t| Duration::try_from_secs_f64(t.max(0.0)).ok());
    options.mip_gap = opts.mip_gap.unwrap_or(0.0).max(0.0);
    options.warm_start = start.map(|x| vars.iter().copied().zip(x.iter().copied()).collect());
    let solving = Instant::now();
    let result = problem.solve_with(options);
    tick(load, solving.elapsed().as_secs_f64());
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(microlp::Error::Infeasible) => return Ok((Outcome::Infeasible, None)),
        Err(microlp::Error::Unbounded) => return Ok((Outcome::Unbounded, None)),
        Err(e) => return Err(Error::Solver(e.to_string())),
    };
    let reason = outcome.termination_reason();
    let Some(solution) = outcome.solution() else {
        return Ok((Outcome::NoSolution, None));
    };
    let info = solution
        .stats()
        .best_bound
        .filter(|b| b.is_finite())
        .map(|b| MipInfo {
            abs_gap: (solution.objective() - b).max(0.0),
        });
    let values: Vec<f64> = vars.iter().map(|&v| solution.var_value_raw(v)).collect();
    Ok(match reason {
        TerminationReason::ProvenOptimal | TerminationReason::MipGap => {
            (Outcome::Optimal(values), info)
        }
        _ => (Outcome::Feasible(values), info),
    })
}
