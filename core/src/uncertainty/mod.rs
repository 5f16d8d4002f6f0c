//! Uncertain demand, on top of the pipeline: plans the two-stage program of contract §2 and
//! assembles the plan's `uncertainty` (contract §3).
//!
//! 1. Each demand scenario becomes a deterministic scenario ([`Expanded::demand_variant`]),
//!    validated into its own [`Model`] and formulated on its own.
//! 2. Each is solved alone first: best_s, for `regret` and for the expected value of perfect
//!    information. A scenario without a plan even alone makes the whole question infeasible;
//!    its own plan (with its diagnosis) is returned, with a note naming it.
//! 3. The programs are stacked with shared commitments under the risk measure
//!    ([`crate::formulate::two_stage`]) and solved ([`crate::solve::two_stage`]).
//! 4. Each scenario's part of the point becomes a plan (the plan stage, unchanged) that the
//!    independent verifier checks against that scenario's demand; their commitments must
//!    agree ([`crate::verify::verify_scenarios`]).
//! 5. The figures ([`figures`]): risk measure, expected and worst-case cost, regrets,
//!    shortfall, the value of the stochastic solution (expected measure only) and EVPI.
//!
//! Single routing (`routing = "single"`): the accelerator a workload runs on is decided
//! once, like the commitments, and shared by every scenario. Steps 1-3 run once per
//! combination of accelerator choices ([`crate::solve::search::routing_choices`]), each
//! block formulated with that choice fixed; best_s is scenario s's least objective over the
//! choices (its own best routing), and the plan is the combination whose stacked program
//! has the least objective: exact up to each stacked solve's own gap. Too many
//! combinations are refused (an error naming `workloads[i].routing`).
//!
//! Whole units use the deterministic whole-unit path on the stacked program (relaxation,
//! rounding and repair, bounded branch and bound), so their status and gap say how close
//! the plan is proven to be.

mod blocks;
mod conflict;
mod figures;

use blocks::{blocks, choices, stack, with_choice};
pub(crate) use blocks::{spec, Block, Choice};

use crate::document::{Plan, Status};
use crate::error::ScenarioError;
use crate::expand::Expanded;
use crate::formulate::two_stage::TwoStage;
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::pipeline::Phase;
use crate::solve::two_stage::{block_solution, solve_stacked, Stacked};
use crate::Error;

/// The program `plan` solves for a scenario with demand scenarios, for the exporters: the
/// blocks (each scenario's own model and program) and their stack. With `regret`, each
/// scenario is solved alone first (its optimum is in the regret rows' right-hand side).
pub(crate) fn program(
    expanded: &Expanded,
    base: &Model,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<(Vec<Block>, TwoStage), Error> {
    let integer = options.integer.unwrap_or(base.policy.integer_units);
    if let Some(w) = base
        .workloads
        .iter()
        .position(|w| w.routing == crate::scenario::Routing::Single)
    {
        // One program per accelerator combination: there is no single program to write.
        return Err(Error::Invalid(ScenarioError::new(
            format!("workloads[{w}].routing"),
            "export of single routing with demand scenarios is not supported (capmix plans \
             one stacked program per accelerator combination); use \"split\" to export",
        )));
    }
    let blocks = blocks(expanded, base, integer, options, &[], deadline)?;
    let mut best = vec![0.0; blocks.len()];
    if base.policy.risk == crate::scenario::Risk::Regret {
        for (s, b) in blocks.iter().enumerate() {
            let alone = solve_stacked(&b.model, &b.f.lp, integer, options, deadline)?;
            best[s] = alone.objective.ok_or_else(|| {
                Error::Invalid(ScenarioError::new(
                    format!("demand_scenarios[{s}]"),
                    "regret needs this scenario's optimum alone, and it has no plan".to_string(),
                ))
            })?;
        }
    }
    let ts = stack(expanded, base, &blocks, &best);
    Ok((blocks, ts))
}

/// Plans a scenario with demand scenarios: see the module documentation.
pub(crate) fn plan(
    expanded: &Expanded,
    base: &Model,
    options: &PlanOptions,
    deadline: &Deadline,
    progress: &mut dyn FnMut(Phase),
) -> Result<Plan, Error> {
    let integer = options.integer.unwrap_or(base.policy.integer_units);
    let names = expanded.demand_scenario_names();
    let combos = choices(base)?;
    let mut runs: Vec<(Choice, Vec<Block>, Vec<Stacked>)> = Vec::with_capacity(combos.len());
    for choice in combos {
        // Each scenario is validated once; a further choice only re-formulates its model.
        let blocks = match runs.first() {
            None => {
                let blocks = blocks(expanded, base, integer, options, &choice, deadline)?;
                progress(Phase::Validated {
                    variables: blocks.iter().map(|b| b.model.estimate_variables()).sum(),
                });
                progress(Phase::Solving);
                blocks
            }
            Some((_, first, _)) => with_choice(first, integer, &choice, deadline),
        };
        let mut alone = Vec::with_capacity(blocks.len());
        for b in &blocks {
            alone.push(solve_stacked(
                &b.model, &b.f.lp, integer, options, deadline,
            )?);
        }
        runs.push((choice, blocks, alone));
    }
    // best_s over every choice (each scenario's own best routing), and what it commits there:
    // (units, contract USD).
    let mut best = Vec::with_capacity(names.len());
    let mut alone_commitments = Vec::with_capacity(names.len());
    for (s, (name, _)) in names.iter().enumerate() {
        let argmin = (0..runs.len())
            .filter(|&r| runs[r].2[s].objective.is_some())
            .min_by(|&a, &b| {
                let o = |r: usize| runs[r].2[s].objective.unwrap_or(f64::INFINITY);
                o(a).total_cmp(&o(b))
            });
        let Some(r) = argmin else {
            let (_, blocks, alone) = runs.swap_remove(0);
            let (b, a) = blocks
                .into_iter()
                .zip(alone)
                .nth(s)
                .ok_or_else(|| Error::Solver("demand scenario without its block".into()))?;
            return alone_failed(&b, name, a, options, deadline);
        };
        let (_, blocks, alone) = &runs[r];
        best.push(alone[s].objective.unwrap_or(f64::INFINITY));
        alone_commitments.push(match &alone[s].values {
            Some(v) => {
                let b = &blocks[s];
                let sol = block_solution(
                    &b.model,
                    b.f.clone(),
                    v.clone(),
                    alone[s].status,
                    alone[s].method,
                );
                crate::document::committed(&crate::plan::build(&b.model, &sol, options).commitments)
            }
            None => (0.0, 0.0),
        });
    }
    // The stacked program of every choice under which each scenario has a plan alone; the
    // least objective wins.
    let mut chosen: Option<(Choice, Vec<Block>, TwoStage, Stacked)> = None;
    let mut last_status = Status::Infeasible;
    let mut notes = Vec::new();
    // The first pair of scenarios found unable to share commitments (names).
    let mut conflict: Option<(String, String)> = None;
    let single_choice = runs.len() == 1;
    for (choice, blocks, alone) in runs {
        if alone.iter().any(|a| a.objective.is_none()) {
            continue;
        }
        let ts = stack(expanded, base, &blocks, &best);
        let solved = solve_stacked(&blocks[0].model, &ts.lp, integer, options, deadline)?;
        let better = match (&solved.objective, &chosen) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(o), Some((_, _, _, c))) => c.objective.is_none_or(|co| *o < co),
        };
        if better {
            chosen = Some((choice, blocks, ts, solved));
        } else if solved.values.is_none() {
            last_status = solved.status;
            notes.extend(solved.notes);
            // Without single routing there is one choice: which two scenarios conflict.
            if solved.status == Status::Infeasible && single_choice {
                let pair = conflict::conflicting_pair(&blocks, integer, options, deadline)?;
                conflict = pair
                    .and_then(|(i, j)| Some((names.get(i)?.0.clone(), names.get(j)?.0.clone())));
            }
        }
    }
    let Some((choice, blocks, ts, solved)) = chosen.filter(|(_, _, _, s)| s.values.is_some())
    else {
        let mut p = Plan::without_solution(
            base.name(),
            last_status,
            options.solver.resolve().as_str(),
            match &conflict {
                Some((a, b)) => format!(
                    "demand scenarios `{a}` and `{b}` cannot share one set of commitments: each \
                     has a plan alone, the two together have none (the budget, caps and policies \
                     hold in both, and the commitments of one are paid in the other)"
                ),
                None if !single_choice => "no accelerator choice of the single-routing \
                                           workloads serves every demand scenario with one set \
                                           of commitments"
                    .into(),
                None => "no plan meets every demand scenario with one set of commitments".into(),
            },
        );
        p.notes.extend(notes);
        return Ok(p);
    };
    let Some(x) = solved.values.as_deref() else {
        return Err(Error::Solver("chosen stacked plan without values".into()));
    };
    progress(Phase::Verifying);
    let plans: Vec<Plan> = blocks
        .iter()
        .enumerate()
        .map(|(s, b)| {
            let values = ts.block_values(s, x);
            let sol = block_solution(&b.model, b.f.clone(), values, solved.status, solved.method);
            crate::plan::build(&b.model, &sol, options)
        })
        .collect();
    let verifications = crate::verify::verify_scenarios(expanded, &plans);
    let inputs = figures::Inputs {
        expanded,
        blocks: &blocks,
        plans: &plans,
        verifications: &verifications,
        best: &best,
        alone_commitments: &alone_commitments,
        risk: base.policy.risk,
        integer,
        choice: &choice,
        options,
        deadline,
    };
    figures::document(&inputs, &solved, &ts.lp)
}

/// The plan of a demand scenario that has no plan even alone, with its diagnosis.
fn alone_failed(
    b: &Block,
    name: &str,
    alone: Stacked,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<Plan, Error> {
    if alone.status != Status::Infeasible {
        let mut p = Plan::without_solution(
            b.model.name(),
            alone.status,
            options.solver.resolve().as_str(),
            format!("demand scenario `{name}` was not solved in time: no plan"),
        );
        p.notes.extend(alone.notes);
        return Ok(p);
    }
    let mut p =
        crate::pipeline::plan_prepared(&b.variant, &b.model, options, deadline, &mut |_| {})?;
    p.notes.insert(
        0,
        format!("demand scenario `{name}` is infeasible on its own: no commitments can serve it"),
    );
    Ok(p)
}
