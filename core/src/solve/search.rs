//! Integer units and single routing without a MILP solver: exact branch and bound for
//! small programs, rounding and repair otherwise, and the search over accelerator choices.

use super::backend::{run, Outcome, RunOptions};
use super::rounding::{round_and_repair, Effort};
use super::{from_outcome, objective, PlanOptions, Solution, MAX_ROUTING_COMBINATIONS};
use crate::document::Status;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::Deadline;
use crate::scenario::Routing;
use crate::Error;

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
/// Bytes that the open nodes of one branch and bound may hold, about: each node keeps the
/// bound changes of its path (24 bytes each; the path is about as long as the units and
/// integer variables) and a basis (a byte per column and row). The node budget shrinks for
/// programs whose nodes are large, so that the search stays within this whatever the input
/// (found by replaying the fuzz corpus: a small program took 550 MB).
const EXACT_MEMORY: f64 = 256e6;

/// The node budget of branch and bound for `lp`, whose relaxation has `units` whole units in
/// `ints` integer variables: [`EXACT_NODES`], less where nodes are large ([`EXACT_MEMORY`]).
fn exact_nodes(lp: &crate::formulate::Lp, units: f64, ints: usize) -> u64 {
    let per_node = 24.0 * (units + ints as f64) + (lp.vars.len() + lp.rows.len()) as f64 + 256.0;
    EXACT_NODES.min((EXACT_MEMORY / per_node) as u64)
}

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
    deadline: &Deadline,
    try_exact: bool,
) -> Result<Option<Candidate>, Error> {
    let f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Fixed(choice),
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
    let ints = f.lp.vars.iter().filter(|v| v.integer).count();
    if try_exact && units <= EXACT_MAX_UNITS && ints <= EXACT_MAX_INTEGERS {
        let relaxed_objective = objective(&f, values) - f.lp.constant;
        let exact = RunOptions {
            time_limit: deadline.remaining(),
            node_limit: Some(exact_nodes(&f.lp, units, ints)),
            objective_hint: Some(relaxed_objective),
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

pub(super) fn solve_heuristic(
    model: &Model,
    opts: &PlanOptions,
    integer: bool,
    deadline: &Deadline,
) -> Result<Solution, Error> {
    // Lower bound: the relaxation with routing binaries relaxed too.
    let relaxed_f = formulate(
        model,
        &Spec {
            integer,
            routing: RoutingMode::Binary,
            reduce: opts.reductions,
            deadline: deadline.clone(),
        },
    );
    let relaxed = run(
        &relaxed_f.lp,
        opts.solver,
        RunOptions {
            relax: true,
            time_limit: deadline.remaining(),
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
        if deadline.expired() {
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
        // The deadline may also have passed inside the last candidate (its rounding stops
        // then): no plan because time ran out, not because none exists.
        let status = if timed_out || deadline.expired() {
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
    } else if deadline.expired() {
        // Rounding and repair stop at the deadline: the best plan found when time ran out.
        Status::TimeLimit
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
    deadline: &Deadline,
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
                if deadline.expired() {
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
