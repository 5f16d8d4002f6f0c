//! Baselines: each provider alone, and no policy at all.
//!
//! A provider alone keeps only that provider's offerings. Provider share caps and outage
//! coverage cannot hold with a single provider, so they are switched off; every other rule
//! (spot share, budget, filters, routing, whole units, shortfall penalties) stays. Existing
//! commitments on other providers' offerings are dropped from the program, but their cost
//! inside the horizon is paid regardless and is added to the baseline's figures, so that
//! the comparison with the plan is like for like.
//!
//! The multi-provider figure compared with the best single provider is planned under the
//! same rules (share caps and coverage off), so that the saving is what using several
//! providers is worth, not what the resilience rules cost.
//!
//! The no-policy plan switches every [`PolicyFamily`] off at once; shortfall penalties and
//! existing commitments are facts, not policy, and stay.

use super::family::PolicyFamily;
use super::Solves;
use crate::document::{Plan, Status};
use crate::fmt::{pct_text, signed_pct, usd};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;
use crate::Error;
use serde::{Deserialize, Serialize};

/// Single-provider and no-policy baselines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Baselines {
    /// One entry per declared provider, in declaration order.
    pub providers: Vec<ProviderBaseline>,
    /// The cheapest feasible single provider.
    pub best_single: Option<String>,
    /// Objective (USD) of a plan over all providers under the single-provider baselines'
    /// rules, i.e. without provider share caps and outage coverage: the like-for-like
    /// multi-provider figure. Equal to the plan's objective when neither rule is active.
    pub multi_provider_objective: Option<f64>,
    /// Objective of the best single provider − `multi_provider_objective` (USD): what using
    /// several providers saves under the same rules. Absent unless both exist.
    pub multi_provider_savings_usd: Option<f64>,
    /// `multi_provider_savings_usd` as a percentage of the best single provider's objective.
    pub multi_provider_savings_pct: Option<f64>,
    /// The plan with every policy family switched off.
    pub no_policy: NoPolicy,
}

/// The cheapest plan using one provider alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ProviderBaseline {
    /// Provider id.
    pub provider: String,
    /// Outcome (`infeasible` also when some workload cannot run there at all).
    pub status: Status,
    /// USD spent, including other providers' existing commitments.
    pub total_cost: Option<f64>,
    /// `total_cost` plus shortfall penalties (USD).
    pub objective: Option<f64>,
    /// This baseline's objective − the plan's objective (USD).
    pub vs_plan_usd: Option<f64>,
    /// `vs_plan_usd` as a percentage of the plan's objective.
    pub vs_plan_pct: Option<f64>,
    /// USD of existing commitments on other providers included in the figures.
    pub sunk_existing_usd: f64,
    /// Why there is no plan, in words.
    pub reason: Option<String>,
    /// One sentence for people.
    pub sentence: String,
}

/// The plan without any policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct NoPolicy {
    /// Families that were active and switched off.
    pub relaxed: Vec<PolicyFamily>,
    /// Outcome.
    pub status: Status,
    /// USD spent.
    pub total_cost: Option<f64>,
    /// `total_cost` plus shortfall penalties (USD).
    pub objective: Option<f64>,
    /// The plan's objective − this objective (USD): what all policies together add.
    pub policies_add_usd: Option<f64>,
    /// `policies_add_usd` as a percentage of this objective.
    pub policies_add_pct: Option<f64>,
    /// One sentence for people.
    pub sentence: String,
}

/// The variants [`baselines`] plans, in its order (solved ahead of it, on all cores).
pub(crate) fn variants(
    scenario: &Scenario,
    model: &Model,
    options: &PlanOptions,
) -> Vec<(Scenario, PlanOptions)> {
    let mut out: Vec<_> = (0..model.providers.len())
        .filter(|&p| cannot_run(scenario, model, p).is_none())
        .map(|p| alone_variant(scenario, options, &model.providers[p].id))
        .collect();
    out.extend(multi_variant(scenario, options));
    out.push(no_policy_variant(scenario, options).1);
    out
}

/// Provider `id` alone: its offerings and existing commitments only, without share caps
/// and outage coverage.
fn alone_variant(scenario: &Scenario, options: &PlanOptions, id: &str) -> (Scenario, PlanOptions) {
    let mut s = scenario.clone();
    let mut o = options.clone();
    PolicyFamily::ProviderShare.relax(&mut s, &mut o);
    PolicyFamily::OutageCoverage.relax(&mut s, &mut o);
    s.offerings.retain(|off| off.provider == id);
    s.existing
        .retain(|e| s.offerings.iter().any(|off| off.id == e.offering));
    (s, o)
}

/// Every provider together without share caps and outage coverage; `None` when neither is
/// set (the plan itself).
fn multi_variant(scenario: &Scenario, options: &PlanOptions) -> Option<(Scenario, PlanOptions)> {
    let (mut s, mut o) = (scenario.clone(), options.clone());
    PolicyFamily::ProviderShare.relax(&mut s, &mut o);
    PolicyFamily::OutageCoverage.relax(&mut s, &mut o);
    (s != *scenario).then_some((s, o))
}

/// Every active family switched off, and which ones those were.
fn no_policy_variant(
    scenario: &Scenario,
    options: &PlanOptions,
) -> (Vec<PolicyFamily>, (Scenario, PlanOptions)) {
    let (mut s, mut o) = (scenario.clone(), options.clone());
    let relaxed: Vec<PolicyFamily> = PolicyFamily::all()
        .into_iter()
        .filter(|f| f.is_active(scenario, options))
        .collect();
    for f in &relaxed {
        f.relax(&mut s, &mut o);
    }
    (relaxed, (s, o))
}

pub(crate) fn baselines(
    scenario: &Scenario,
    model: &Model,
    options: &PlanOptions,
    base: &Plan,
    solves: &mut Solves,
) -> Result<Baselines, Error> {
    let mut providers = Vec::new();
    for p in 0..model.providers.len() {
        providers.push(alone(scenario, model, options, base, p, solves)?);
    }
    let best = providers
        .iter()
        .filter_map(|b| b.objective.map(|o| (o, b.provider.clone())))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let multi = match multi_variant(scenario, options) {
        None => base.objective,
        Some((s, o)) => solves.plan(&s, &o)?.objective,
    };
    let savings = best.as_ref().zip(multi).map(|((b, _), m)| b - m);
    let savings_pct = savings
        .zip(best.as_ref())
        .and_then(|(s, (b, _))| signed_pct(s, *b));
    Ok(Baselines {
        providers,
        best_single: best.map(|(_, p)| p),
        multi_provider_objective: multi,
        multi_provider_savings_usd: savings,
        multi_provider_savings_pct: savings_pct,
        no_policy: no_policy(scenario, options, base, solves)?,
    })
}

fn alone(
    scenario: &Scenario,
    model: &Model,
    options: &PlanOptions,
    base: &Plan,
    p: usize,
    solves: &mut Solves,
) -> Result<ProviderBaseline, Error> {
    let id = model.providers[p].id.clone();
    let mut b = ProviderBaseline {
        provider: id.clone(),
        status: Status::Infeasible,
        total_cost: None,
        objective: None,
        vs_plan_usd: None,
        vs_plan_pct: None,
        sunk_existing_usd: 0.0,
        reason: None,
        sentence: String::new(),
    };
    if let Some(reason) = cannot_run(scenario, model, p) {
        b.sentence = format!("{id} alone: infeasible: {reason}.");
        b.reason = Some(reason);
        return Ok(b);
    }
    let (s, o) = alone_variant(scenario, options, &id);
    b.sunk_existing_usd = sunk(model, p);
    let plan = solves.plan(&s, &o)?;
    b.status = plan.status;
    b.total_cost = plan.total_cost.map(|c| c + b.sunk_existing_usd);
    b.objective = plan.objective.map(|c| c + b.sunk_existing_usd);
    b.vs_plan_usd = b.objective.zip(base.objective).map(|(a, plan)| a - plan);
    b.vs_plan_pct = b
        .vs_plan_usd
        .zip(base.objective)
        .and_then(|(d, plan)| signed_pct(d, plan));
    b.sentence = match (b.objective, b.vs_plan_pct) {
        (Some(c), Some(pct)) => format!("{id} alone: {} ({} vs this plan).", usd(c), pct_text(pct)),
        (Some(c), None) => format!("{id} alone: {}.", usd(c)),
        (None, _) => {
            let why = if plan.status == Status::Infeasible {
                match super::why_infeasible(&s, &o, solves.deadline) {
                    Ok(d) if !d.summary.is_empty() => d
                        .summary
                        .iter()
                        .take(2)
                        .cloned()
                        .collect::<Vec<_>>()
                        .join("; "),
                    Ok(_) => "no plan meets every rule".into(),
                    Err(e) => e.to_string(),
                }
            } else if plan.status == Status::TimeLimit {
                "not solved within the time limit".into()
            } else {
                format!("no plan found ({})", plan.status.as_str())
            };
            b.reason = Some(why.clone());
            if plan.status == Status::Infeasible {
                format!("{id} alone: infeasible: {why}")
            } else {
                format!("{id} alone: {why}")
            }
        }
    };
    Ok(b)
}

/// Why some workload cannot use provider `p` at all, or `None` when every workload can.
fn cannot_run(scenario: &Scenario, model: &Model, p: usize) -> Option<String> {
    let id = &model.providers[p].id;
    for (wl, raw) in model.workloads.iter().zip(&scenario.workloads) {
        if wl
            .usable
            .iter()
            .any(|u| model.offerings[u.offering].provider == p)
        {
            continue;
        }
        // Usable pairs need a throughput entry and passing filters: tell the two apart.
        let compatible = model
            .offerings
            .iter()
            .any(|o| o.provider == p && raw.throughput.contains_key(&o.accelerator));
        return Some(if compatible {
            format!(
                "workload {} is not allowed on {id} (its provider/region filters)",
                wl.id
            )
        } else {
            format!(
                "workload {} cannot run on {id} (no compatible accelerator)",
                wl.id
            )
        });
    }
    None
}

/// USD of existing commitments inside the horizon on offerings of providers other than `p`.
fn sunk(model: &Model, p: usize) -> f64 {
    model
        .offerings
        .iter()
        .filter(|o| o.provider != p)
        .map(|o| {
            (0..model.periods())
                .map(|t| o.price * model.hours[t] * o.existing[t])
                .sum::<f64>()
        })
        .sum()
}

fn no_policy(
    scenario: &Scenario,
    options: &PlanOptions,
    base: &Plan,
    solves: &mut Solves,
) -> Result<NoPolicy, Error> {
    let (relaxed, (s, o)) = no_policy_variant(scenario, options);
    let plan = solves.plan(&s, &o)?;
    let add = base.objective.zip(plan.objective).map(|(b, n)| b - n);
    let pct = add.zip(plan.objective).and_then(|(a, n)| signed_pct(a, n));
    let sentence = match (plan.objective, add) {
        _ if relaxed.is_empty() => {
            "No policy is active: the plan is the unconstrained optimum.".to_string()
        }
        (Some(n), Some(a)) => format!(
            "Without any policy the plan would cost {}; the policies together add {} ({}).",
            usd(n),
            usd(a),
            pct.map(pct_text).unwrap_or_default()
        ),
        (Some(n), None) => format!("Without any policy the plan would cost {}.", usd(n)),
        (None, _) => format!(
            "Even without any policy there is no plan ({}).",
            plan.status.as_str()
        ),
    };
    Ok(NoPolicy {
        relaxed,
        status: plan.status,
        total_cost: plan.total_cost,
        objective: plan.objective,
        policies_add_usd: add,
        policies_add_pct: pct,
        sentence,
    })
}
