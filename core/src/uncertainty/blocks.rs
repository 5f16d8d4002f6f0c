//! The blocks of the two-stage program: each demand scenario as its own validated model and
//! program, with the single-routing choice shared by all of them fixed, and their stack.

use crate::error::ScenarioError;
use crate::expand::Expanded;
use crate::formulate::two_stage::TwoStage;
use crate::formulate::{formulate, Formulation, RoutingMode, Spec};
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::validate::validate_with;
use crate::Error;

/// One demand scenario as a deterministic question: its scenario, model and program.
pub(crate) struct Block {
    pub variant: Expanded,
    pub model: Model,
    pub f: Formulation,
}

/// Accelerator choices of single-routing workloads (indices into each workload's sorted
/// accelerators; `None` for split routing), shared by every block.
pub(crate) type Choice = Vec<Option<usize>>;

/// The program capmix builds for every block (no exact reductions: a block's columns must
/// mean the same as every other block's, and the shared commitments must all exist), with
/// the single-routing `choice` fixed.
pub(crate) fn spec(integer: bool, choice: &[Option<usize>], deadline: &Deadline) -> Spec {
    Spec {
        integer,
        routing: RoutingMode::Fixed(choice.to_vec()),
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
    choice: &[Option<usize>],
    deadline: &Deadline,
) -> Result<Block, Error> {
    let model = validate_with(&variant, &options.limits, deadline).map_err(|e| match e {
        Error::Invalid(e) => Error::Invalid(ScenarioError::new(
            format!("demand_scenarios[{i}]"),
            format!("with this scenario's demand, {}: {}", e.path, e.reason),
        )),
        other => other,
    })?;
    let f = formulate(&model, &spec(integer, choice, deadline));
    Ok(Block { variant, model, f })
}

/// Every combination of single-routing choices to plan (one empty choice without single
/// routing). Each block must offer the workload the same accelerators as the base model,
/// so that one index means one accelerator in every scenario.
pub(super) fn choices(base: &Model) -> Result<Vec<Choice>, Error> {
    let Some(w) = base
        .workloads
        .iter()
        .position(|w| w.routing == crate::scenario::Routing::Single)
    else {
        return Ok(vec![Vec::new()]);
    };
    let combos = crate::solve::search::routing_choices(base);
    if combos.is_empty() {
        return Err(Error::Invalid(ScenarioError::new(
            format!("workloads[{w}].routing"),
            format!(
                "single routing with demand scenarios tries every combination of accelerators, \
                 and these workloads have more than {}; use \"split\" for some of them",
                crate::solve::MAX_ROUTING_COMBINATIONS
            ),
        )));
    }
    Ok(combos)
}

/// Every demand scenario's block, in scenario order, with `choice` fixed.
pub(super) fn blocks(
    expanded: &Expanded,
    base: &Model,
    integer: bool,
    options: &PlanOptions,
    choice: &[Option<usize>],
    deadline: &Deadline,
) -> Result<Vec<Block>, Error> {
    let mut blocks = Vec::new();
    for i in 0..expanded.demand_scenario_names().len() {
        if let Some(variant) = expanded.demand_variant(i) {
            let b = block(variant, i, integer, options, choice, deadline)?;
            let same = b.model.workloads.iter().zip(&base.workloads).all(|(a, w)| {
                w.routing != crate::scenario::Routing::Single
                    || a.accelerators(&b.model) == w.accelerators(base)
            });
            if !same {
                return Err(Error::Invalid(ScenarioError::new(
                    format!("demand_scenarios[{i}]"),
                    "with single routing, every demand scenario must offer each workload the \
                     same accelerators",
                )));
            }
            blocks.push(b);
        }
    }
    Ok(blocks)
}

/// `blocks` (validated once) formulated again with another single-routing `choice`.
pub(super) fn with_choice(
    blocks: &[Block],
    integer: bool,
    choice: &[Option<usize>],
    deadline: &Deadline,
) -> Vec<Block> {
    blocks
        .iter()
        .map(|b| Block {
            variant: b.variant.clone(),
            model: b.model.clone(),
            f: formulate(&b.model, &spec(integer, choice, deadline)),
        })
        .collect()
}

/// The stacked program of `blocks` under the scenario's risk measure; `best[s]` (scenario s's
/// optimum alone) is read by `regret` only.
pub(super) fn stack(expanded: &Expanded, base: &Model, blocks: &[Block], best: &[f64]) -> TwoStage {
    let probabilities: Vec<f64> = expanded
        .demand_scenario_names()
        .iter()
        .map(|(_, p)| *p)
        .collect();
    let lps: Vec<&crate::formulate::Lp> = blocks.iter().map(|b| &b.f.lp).collect();
    crate::formulate::two_stage::stack(&lps, &probabilities, base.policy.risk, best)
}
