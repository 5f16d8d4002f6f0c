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
//! Limitations: single routing (`routing = "single"`) is refused with demand scenarios
//! (an error naming `workloads[i].routing`); whole units use the deterministic whole-unit
//! path on the stacked program (relaxation, rounding and repair, bounded branch and bound),
//! so their status and gap say how close the plan is proven to be.

mod figures;

use crate::document::{Plan, Status};
use crate::error::ScenarioError;
use crate::expand::Expanded;
use crate::formulate::two_stage::TwoStage;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::pipeline::Phase;
use crate::solve::two_stage::{block_solution, solve_stacked, Stacked};
use crate::validate::validate_with;
use crate::Error;

/// One demand scenario as a deterministic question: its scenario, model and program.
pub(crate) struct Block {
    pub variant: Expanded,
    pub model: Model,
    pub f: Formulation,
}

/// The program capmix builds for every block (no exact reductions: a block's columns must
/// mean the same as every other block's, and the shared commitments must all exist).
pub(crate) fn spec(integer: bool, deadline: &Deadline) -> Spec {
    Spec {
        integer,
        routing: RoutingMode::Fixed(Vec::new()),
        reduce: false,
        deadline: deadline.clone(),
    }
}

/// Validates and formulates demand scenario `i` of `expanded`; errors name the scenario.
pub(crate) fn block(
    variant: Expanded,
    i: usize,
    integer: bool,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<Block, Error> {
    let model = validate_with(&variant, &options.limits, deadline).map_err(|e| match e {
        Error::Invalid(e) => Error::Invalid(ScenarioError::new(
            format!("demand_scenarios[{i}]"),
            format!("with this scenario's demand, {}: {}", e.path, e.reason),
        )),
        other => other,
    })?;
    let f = formulate(&model, &spec(integer, deadline));
    Ok(Block { variant, model, f })
}

/// Every demand scenario's block, in scenario order.
fn blocks(
    expanded: &Expanded,
    base: &Model,
    integer: bool,
    options: &PlanOptions,
    deadline: &Deadline,
) -> Result<Vec<Block>, Error> {
    if let Some(w) = base
        .workloads
        .iter()
        .position(|w| w.routing == crate::scenario::Routing::Single)
    {
        return Err(Error::Invalid(ScenarioError::new(
            format!("workloads[{w}].routing"),
            "routing = \"single\" is not supported with demand scenarios yet; use \"split\"",
        )));
    }
    let mut blocks = Vec::new();
    for i in 0..expanded.demand_scenario_names().len() {
        if let Some(variant) = expanded.demand_variant(i) {
            blocks.push(block(variant, i, integer, options, deadline)?);
        }
    }
    Ok(blocks)
}

/// The stacked program of `blocks` under the scenario's risk measure; `best[s]` (scenario s's
/// optimum alone) is read by `regret` only.
fn stack(expanded: &Expanded, base: &Model, blocks: &[Block], best: &[f64]) -> TwoStage {
    let probabilities: Vec<f64> = expanded
        .demand_scenario_names()
        .iter()
        .map(|(_, p)| *p)
        .collect();
    let lps: Vec<&crate::formulate::Lp> = blocks.iter().map(|b| &b.f.lp).collect();
    crate::formulate::two_stage::stack(&lps, &probabilities, base.policy.risk, best)
}

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
    let blocks = blocks(expanded, base, integer, options, deadline)?;
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
    let blocks = blocks(expanded, base, integer, options, deadline)?;
    progress(Phase::Validated {
        variables: blocks.iter().map(|b| b.model.estimate_variables()).sum(),
    });
    progress(Phase::Solving);
    let mut best = Vec::with_capacity(blocks.len());
    // What each scenario would commit planned alone: (units, contract USD).
    let mut alone_commitments = Vec::with_capacity(blocks.len());
    for (b, (name, _)) in blocks.iter().zip(&names) {
        let alone = solve_stacked(&b.model, &b.f.lp, integer, options, deadline)?;
        let Some(o) = alone.objective else {
            return alone_failed(b, name, alone, options, deadline);
        };
        best.push(o);
        alone_commitments.push(match alone.values {
            Some(v) => {
                let sol = block_solution(&b.model, b.f.clone(), v, alone.status, alone.method);
                crate::document::committed(&crate::plan::build(&b.model, &sol, options).commitments)
            }
            None => (0.0, 0.0),
        });
    }
    let ts = stack(expanded, base, &blocks, &best);
    let first = &blocks[0].model;
    let solved = solve_stacked(first, &ts.lp, integer, options, deadline)?;
    let Some(x) = solved.values.as_deref() else {
        let mut p = Plan::without_solution(
            base.name(),
            solved.status,
            options.solver.resolve().as_str(),
            "no plan meets every demand scenario with one set of commitments".into(),
        );
        p.notes.extend(solved.notes);
        return Ok(p);
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
