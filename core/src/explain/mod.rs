//! Explaining a plan: what it costs, what each policy adds, what a single cloud would cost,
//! what binds, and — when there is no plan — why.
//!
//! - [`explain`]: the whole story for one scenario ([`Explanation`]).
//! - [`sweep`] / [`apply_param`]: one plan per value of one parameter ([`Sweep`]).
//! - [`diagnose`]: why a scenario is infeasible ([`Diagnosis`]); [`crate::plan()`](fn@crate::plan) attaches it
//!   to every infeasible plan.
//!
//! Everything here is data plus short sentences; laying it out is the door's job. Figures
//! compare objectives (USD: `total_cost` plus shortfall penalties), so a rule that causes
//! unmet demand is priced by its penalties. All re-plans skip shadow prices and diagnosis,
//! and identical re-plans (the no-policy plan when only one family is active, say) are
//! solved once.

mod baselines;
mod family;
mod headline;
mod hedging;
mod param;
mod policy;
mod solves;
mod sweep;
mod values;
mod words;

pub use crate::document::{Diagnosis, ExhaustedCap, PolicyFamily, PolicyLimit, Unserved};
pub use baselines::{Baselines, NoPolicy, ProviderBaseline};
pub use param::{apply_edits, param_forms, EditValue};
pub use policy::PolicyCost;
pub use sweep::{apply_param, sweep, sweep_with_progress, sweep_within, Sweep, SweepRow};
pub use values::parse_values;
pub use words::{CapMarginal, DemandMarginal, PolicyMarginal, ShadowWords};

use self::headline::headline;
pub(crate) use solves::{why_infeasible, Solves};

use crate::document::{Plan, Status, Uncertainty};
use crate::expand::Expanded;
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::pipeline::{plan_prepared, prepare};
use crate::solve::basis::{self, Basis};
use crate::{Error, Scenario};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What to explain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ExplainOptions {
    /// How to plan (every re-plan uses the same solver and limits).
    pub plan: PlanOptions,
    /// Price every active policy family (one re-plan each).
    pub policies: bool,
    /// Single-provider and no-policy baselines (one re-plan per provider, plus one).
    pub baselines: bool,
}

impl Default for ExplainOptions {
    fn default() -> Self {
        ExplainOptions {
            plan: PlanOptions::default(),
            policies: true,
            baselines: true,
        }
    }
}

/// The plan and its reasons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Explanation {
    /// The scenario's name.
    pub scenario: String,
    /// Outcome of planning.
    pub status: Status,
    /// USD spent over the horizon.
    pub total_cost: Option<f64>,
    /// `total_cost` plus shortfall penalties (USD).
    pub objective: Option<f64>,
    /// Period labels, first to last.
    pub periods: Vec<String>,
    /// USD by provider id.
    pub cost_by_provider: BTreeMap<String, f64>,
    /// The story in a few sentences, most important first.
    pub headline: Vec<String>,
    /// What each active policy family adds.
    pub policies: Vec<PolicyCost>,
    /// Single-provider and no-policy plans.
    pub baselines: Option<Baselines>,
    /// Shadow prices in words (pure LP plans).
    pub shadow: Option<ShadowWords>,
    /// Why there is no plan (infeasible scenarios).
    pub diagnosis: Option<Diagnosis>,
    /// The plan's own notes (method caveats).
    pub notes: Vec<String>,
    /// Plans solved for this explanation, the plan itself included.
    pub solves: usize,
    /// The plan's demand scenarios (their costs, idle commitment and regret), when it has
    /// them; the headline says what they mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
}

impl Explanation {
    /// The explanation as pretty JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Plans `scenario` and explains the plan (see the module documentation).
///
/// `options.plan.time_limit` bounds the whole explanation: the plan and every re-plan share
/// it, and a re-plan that finds no time left has status `time_limit` (its figures are then
/// absent).
pub fn explain(scenario: &Scenario, options: &ExplainOptions) -> Result<Explanation, Error> {
    explain_within(scenario, options, &Deadline::after(options.plan.time_limit))
}

/// [`explain`] under a deadline the caller holds (one it can cancel: Ctrl-C in Python, a
/// cancel button); `options.plan.time_limit` is not consulted.
pub fn explain_within(
    scenario: &Scenario,
    options: &ExplainOptions,
    deadline: &Deadline,
) -> Result<Explanation, Error> {
    let po = &options.plan;
    po.check()?;
    let (expanded, model) = prepare(scenario, po, deadline)?;
    // Under a time limit the plan itself gets half of it; the re-plans share the rest.
    let half = deadline.share(0.5);
    let (plan, start) = basis::scoped(None, true, || {
        plan_prepared(&expanded, &model, po, &half, &mut |_| {})
    });
    explain_from(&expanded, &model, &plan?, options, deadline, start)
}

/// Explains `plan`, the plan of `model` (validated from `expanded`) under `options.plan`,
/// without planning it again: only the variants (each policy relaxed, each provider alone,
/// no policy) are solved, within `deadline`.
pub fn explain_plan(
    expanded: &Expanded,
    model: &Model,
    plan: &Plan,
    options: &ExplainOptions,
    deadline: &Deadline,
) -> Result<Explanation, Error> {
    explain_from(expanded, model, plan, options, deadline, None)
}

/// [`explain_plan`], the variants starting from `start`, the plan's own basis when known.
fn explain_from(
    expanded: &Expanded,
    model: &Model,
    plan: &Plan,
    options: &ExplainOptions,
    deadline: &Deadline,
    start: Option<Arc<Basis>>,
) -> Result<Explanation, Error> {
    let po = &options.plan;
    let scenario = expanded.scenario();
    // Policy families (about 6) and baselines (each provider, no policy, no share caps).
    let expected = usize::from(options.policies) * 6
        + usize::from(options.baselines) * (model.providers.len() + 2);
    let mut solves = Solves::new(deadline, expected);
    solves.seed(scenario.clone(), po, plan.clone(), start);
    let mut ahead = Vec::new();
    if options.policies {
        ahead.extend(policy::variants(scenario, po));
    }
    if options.baselines && plan.has_solution() {
        ahead.extend(baselines::variants(scenario, model, po));
    }
    solves.prefetch(ahead)?;
    let policies = if options.policies {
        policy::prices(scenario, po, plan, &mut solves)?
    } else {
        Vec::new()
    };
    let baselines = if options.baselines && plan.has_solution() {
        Some(baselines::baselines(
            scenario,
            model,
            po,
            plan,
            &mut solves,
        )?)
    } else {
        None
    };
    let mut shadow = words::shadow_words(scenario, model, plan);
    if let Some(w) = &mut shadow {
        words::mark_redundant(w, &policies);
    }
    let mut e = Explanation {
        scenario: plan.scenario.clone(),
        status: plan.status,
        total_cost: plan.total_cost,
        objective: plan.objective,
        periods: plan.periods.iter().map(|p| p.label.clone()).collect(),
        cost_by_provider: plan.costs.by_provider.clone(),
        headline: Vec::new(),
        policies,
        baselines,
        shadow,
        diagnosis: plan.diagnosis.clone(),
        notes: plan.notes.clone(),
        solves: solves.count() + 1,
        uncertainty: plan.uncertainty.clone(),
    };
    let commit_in_horizon = plan.costs.by_purchase.get("commit").copied().unwrap_or(0.0);
    e.headline = headline(&e, commit_in_horizon);
    Ok(e)
}
