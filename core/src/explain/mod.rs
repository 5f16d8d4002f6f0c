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
mod hedging;
mod param;
mod policy;
mod sweep;
mod values;
mod words;

pub use crate::document::{Diagnosis, ExhaustedCap, PolicyFamily, PolicyLimit, Unserved};
pub use baselines::{Baselines, NoPolicy, ProviderBaseline};
pub use param::{apply_edits, param_forms};
pub use policy::PolicyCost;
pub use sweep::{apply_param, sweep, sweep_with_progress, sweep_within, Sweep, SweepRow};
pub use values::parse_values;
pub use words::{CapMarginal, DemandMarginal, PolicyMarginal, ShadowWords};

use crate::document::{Plan, Status, Uncertainty};
use crate::expand::Expanded;
use crate::fmt;
use crate::model::Model;
use crate::options::{Deadline, PlanOptions};
use crate::parallel;
use crate::pipeline::{plan_prepared, plan_variant, prepare};
use crate::solve::basis::{self, Basis};
use crate::validate::validate_with;
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

/// Re-plans with a memo: identical (scenario, options) pairs are solved once.
pub(crate) struct Solves<'d> {
    done: Vec<(Scenario, PlanOptions, Plan)>,
    count: usize,
    /// Re-plans still expected (an estimate: policy families, baselines); under a time
    /// limit each re-plan gets an equal share of the time left, so a slow whole-unit
    /// re-plan returns its best plan with its gap instead of leaving the others no time.
    expected: usize,
    /// The explanation's deadline.
    pub(crate) deadline: &'d Deadline,
    /// The basis variants start from (the explained plan's, else the first variant's).
    start: Option<Arc<Basis>>,
}

impl<'d> Solves<'d> {
    pub(crate) fn new(deadline: &'d Deadline, expected: usize) -> Solves<'d> {
        Solves {
            done: Vec::new(),
            count: 0,
            expected,
            deadline,
            start: None,
        }
    }

    /// Plans `s`, a variant of the explained scenario made by editing its plain fields,
    /// without shadow prices and diagnosis.
    pub(crate) fn plan(&mut self, s: &Scenario, options: &PlanOptions) -> Result<Plan, Error> {
        let o = variant_options(options);
        if let Some(p) = self.memo(s, &o) {
            return Ok(p.clone());
        }
        let share = 1.0 / self.expected.saturating_sub(self.count).max(1) as f64;
        let deadline = self.deadline.share(share);
        let (plan, recorded) = solve_variant(s, &o, self.start.clone(), &deadline);
        let plan = plan?;
        self.keep(s.clone(), o, plan.clone(), recorded);
        Ok(plan)
    }

    /// The plan of `s` under `o` (options as [`variant_options`] makes them), if solved.
    fn memo(&self, s: &Scenario, o: &PlanOptions) -> Option<&Plan> {
        self.done
            .iter()
            .find(|(ds, dopt, _)| ds == s && dopt == o)
            .map(|(_, _, p)| p)
    }

    /// Remembers a solved variant, and its basis as the start of the next ones when there
    /// is none yet.
    fn keep(&mut self, s: Scenario, o: PlanOptions, plan: Plan, recorded: Option<Arc<Basis>>) {
        self.count += 1;
        if self.start.is_none() {
            self.start = recorded;
        }
        self.done.push((s, o, plan));
    }

    /// Plans `variants` ahead of the explanation's own requests, natively on all cores
    /// ([`crate::parallel`]): the later [`Solves::plan`] calls find them done. Each starts
    /// from the explained plan's basis, or without one from the basis the first variant
    /// leaves (solved alone first), so no answer depends on the number of threads.
    pub(crate) fn prefetch(&mut self, variants: Vec<(Scenario, PlanOptions)>) -> Result<(), Error> {
        let mut todo: Vec<(Scenario, PlanOptions)> = Vec::new();
        for (s, o) in variants {
            let o = variant_options(&o);
            if self.memo(&s, &o).is_none() && !todo.iter().any(|(ts, to)| *ts == s && *to == o) {
                todo.push((s, o));
            }
        }
        let mut next = 0;
        while next < todo.len() {
            // The first variant alone while there is no start basis; then all the rest.
            let size = if self.start.is_none() { 1 } else { todo.len() };
            let chunk = &todo[next..(next + size).min(todo.len())];
            // Variants solved together get together the time they would get one by one
            // (an approximation: with several threads each can use more of it).
            let remaining = self.expected.saturating_sub(self.count).max(chunk.len());
            let deadline = self.deadline.share(chunk.len() as f64 / remaining as f64);
            let start = self.start.clone();
            let solved = parallel::map(chunk, |(s, o)| {
                solve_variant(s, o, start.clone(), &deadline)
            });
            for ((s, o), (plan, recorded)) in chunk.iter().zip(solved) {
                self.keep(s.clone(), o.clone(), plan?, recorded);
            }
            next += size;
        }
        Ok(())
    }
}

/// The options every variant is planned with: the explanation's, without shadow prices
/// (a variant reports figures, not prices).
fn variant_options(options: &PlanOptions) -> PlanOptions {
    PlanOptions {
        shadow_prices: false,
        ..options.clone()
    }
}

/// Plans variant `s` (an edited scenario) from `start`, and, when there is no start, the
/// basis it leaves.
fn solve_variant(
    s: &Scenario,
    o: &PlanOptions,
    start: Option<Arc<Basis>>,
    deadline: &Deadline,
) -> (Result<Plan, Error>, Option<Arc<Basis>>) {
    let expanded = Expanded::from_edited(s.clone());
    let record = start.is_none();
    basis::scoped(start, record, || plan_variant(&expanded, o, deadline))
}

/// The diagnosis of a variant `s` (an edited expanded scenario) that has no plan.
pub(crate) fn why_infeasible(
    s: &Scenario,
    o: &PlanOptions,
    deadline: &Deadline,
) -> Result<Diagnosis, Error> {
    let expanded = Expanded::from_edited(s.clone());
    let model = validate_with(&expanded, &o.limits, deadline)?;
    crate::diagnose::diagnose_model(&expanded, &model, o, deadline, true)
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
    solves.start = start;
    solves
        .done
        .push((scenario.clone(), variant_options(po), plan.clone()));
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
        solves: solves.count + 1,
        uncertainty: plan.uncertainty.clone(),
    };
    let commit_in_horizon = plan.costs.by_purchase.get("commit").copied().unwrap_or(0.0);
    e.headline = headline(&e, commit_in_horizon);
    Ok(e)
}

/// The story in a few sentences.
/// `commit_in_horizon`: the plan's commitment spend in the horizon (USD; demand scenarios).
fn headline(e: &Explanation, commit_in_horizon: f64) -> Vec<String> {
    let mut h = Vec::new();
    let span = match (e.periods.first(), e.periods.last()) {
        (Some(a), Some(b)) if a != b => format!("{} periods ({a}..{b})", e.periods.len()),
        _ => "1 period".into(),
    };
    match e.total_cost {
        Some(total) => {
            let mut split: Vec<(&String, &f64)> = e.cost_by_provider.iter().collect();
            split.sort_by(|a, b| b.1.total_cmp(a.1));
            // With demand scenarios the split is the shown scenario's, and `total` the
            // expected spend: shares are of that scenario's own spend.
            let denominator = match &e.uncertainty {
                Some(_) => e.cost_by_provider.values().sum::<f64>(),
                None => total,
            };
            let parts: Vec<String> = split
                .iter()
                .take(4)
                .map(|(p, v)| format!("{p} {}", fmt::share(**v / denominator.max(1e-12))))
                .collect();
            h.push(match &e.uncertainty {
                Some(u) => format!(
                    "The plan costs {} on average over {span} (expected spend); in `{}`: {}.",
                    fmt::usd(total),
                    crate::text::escape(&u.shown_scenario),
                    parts.join(", ")
                ),
                None => format!(
                    "The plan costs {} over {span}: {}.",
                    fmt::usd(total),
                    parts.join(", ")
                ),
            });
        }
        None => h.push(format!("There is no plan: {}.", e.status.no_plan_reason())),
    }
    if let Some(u) = e.uncertainty.as_ref().filter(|_| e.total_cost.is_some()) {
        h.extend(hedging::sentences(u, commit_in_horizon));
    }
    if let Some(d) = &e.diagnosis {
        // Diagnosis lines start with ids (`chat, 2025-09: ...`): not capitalised.
        h.extend(d.summary.iter().take(4).map(|s| format!("{s}.")));
    }
    // Policies worth a headline: at least 0.5% of the plan, or the cause of infeasibility.
    let mut priced: Vec<&PolicyCost> = e
        .policies
        .iter()
        .filter(|p| p.extra_cost_pct.is_some_and(|x| x >= 0.5) || p.makes_infeasible)
        .collect();
    priced.sort_by(|a, b| {
        b.extra_cost_usd
            .unwrap_or(f64::INFINITY)
            .total_cmp(&a.extra_cost_usd.unwrap_or(f64::INFINITY))
    });
    h.extend(priced.iter().take(3).map(|p| p.sentence.clone()));
    if let Some(b) = &e.baselines {
        if !b.no_policy.relaxed.is_empty() && b.no_policy.policies_add_usd.is_some() {
            h.push(b.no_policy.sentence.clone());
        }
        match (
            &b.best_single,
            b.multi_provider_savings_usd,
            b.multi_provider_objective,
        ) {
            _ if b.providers.len() < 2 => {}
            (Some(p), Some(s), Some(multi)) => {
                let alone = b.providers.iter().find(|x| &x.provider == p);
                let cost = alone.and_then(|x| x.objective).unwrap_or(0.0);
                let pct = b
                    .multi_provider_savings_pct
                    .map(|x| format!(" ({:.1}%)", x.abs()))
                    .unwrap_or_default();
                // Under half a basis point, or a dollar, is "the same", not "saving $0 (0.0%)".
                let verdict = if s.abs() <= (5e-5 * multi.abs()).max(1.0) {
                    "the same".to_string()
                } else if s > 0.0 {
                    format!("saving {}{pct}", fmt::usd(s))
                } else {
                    format!("{} more{pct}", fmt::usd(-s))
                };
                let same_rules = e
                    .objective
                    .is_some_and(|o| (o - multi).abs() > 1e-9 * o.abs().max(1.0));
                h.push(if same_rules {
                    format!(
                        "The best single cloud is {p} at {} ({} vs this plan, without its share caps and outage coverage); under those same rules several clouds cost {}, {verdict}.",
                        fmt::usd(cost),
                        alone.and_then(|x| x.vs_plan_pct).map(fmt::pct_text).unwrap_or_default(),
                        fmt::usd(multi)
                    )
                } else {
                    format!("The best single cloud is {p} at {}; several clouds cost {}, {verdict}.", fmt::usd(cost), fmt::usd(multi))
                });
            }
            (None, _, _) if !b.providers.is_empty() => {
                h.push("No single provider can carry the scenario alone.".into())
            }
            _ => {}
        }
    }
    if let Some(w) = &e.shadow {
        if let Some(c) = w.caps.first() {
            h.push(format!("{}.", capitalised(&c.sentence)));
        }
        let strongest = w.policies.iter().filter(|p| !p.redundant).max_by(|a, b| {
            a.usd_per_unit_of_parameter
                .abs()
                .total_cmp(&b.usd_per_unit_of_parameter.abs())
        });
        if let Some(p) = strongest {
            h.push(format!("{}.", capitalised(&p.sentence)));
        }
    }
    h
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
