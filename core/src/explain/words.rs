//! Shadow prices in words (pure LP plans only).
//!
//! Shadow prices are marginal: they hold for a small change around the plan. The policy
//! prices of [`super::policy`] re-solve instead and hold for switching a whole family off;
//! the two agree only while the same rows keep binding.
//!
//! - Demand, per workload and period: the cost of one more work unit per hour of demand
//!   in the period (every segment at its level), Σ_k y_k·m_k with y_k the USD per unit of
//!   rate over segment k, and the same per work unit, divided by Σ_k m_k·h_t·φ_k.
//! - Caps, per offering: the saving of one more unit of `max_units` in each binding period.
//! - Policies, per family (and provider or workload): the sum of the rows' marginal values,
//!   i.e. the USD change of the objective per unit of the policy parameter.

use super::family::PolicyFamily;
use crate::document::Plan;
use crate::fmt::{label_runs, period_word, rate_unit, usd, work_unit};
use crate::formulate::families::of_policy;
use crate::model::Model;
use crate::Scenario;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Marginal values below this (USD) are not reported.
const TINY: f64 = 1e-6;

/// The plan's shadow prices, aggregated and in words.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShadowWords {
    /// Marginal cost of demand, dearest first.
    pub demand: Vec<DemandMarginal>,
    /// Binding caps, largest total saving first.
    pub caps: Vec<CapMarginal>,
    /// Binding policy families.
    pub policies: Vec<PolicyMarginal>,
    /// What the marginal values are of, when it is not the plan's own LP: for whole-unit
    /// plans, the LP with the plan's units fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// [`ShadowWords::basis`] of whole-unit plans.
pub(crate) const UNITS_FIXED: &str = "with the plan's whole units fixed: demand within the units bought costs nothing more, and what one whole unit more or less is worth comes from re-planning (capmix sweep)";

/// What one more unit of demand costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DemandMarginal {
    /// Workload id.
    pub workload: String,
    /// 1-based period (absent for batch workloads).
    pub period: Option<usize>,
    /// Period label.
    pub label: Option<String>,
    /// The workload's unit label.
    pub unit: String,
    /// Serving: USD for one more work unit per hour of demand in this period.
    pub usd_per_unit_rate: Option<f64>,
    /// USD per additional work unit.
    pub usd_per_work_unit: f64,
    /// One sentence for people.
    pub sentence: String,
}

/// A binding cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CapMarginal {
    /// Offering id.
    pub offering: String,
    /// 1-based periods in which the cap binds.
    pub periods: Vec<usize>,
    /// Largest saving (USD) of one more unit of cap in one period.
    pub usd_per_unit_per_period: f64,
    /// Saving (USD) of one more unit of cap in every binding period.
    pub usd_per_unit_all_periods: f64,
    /// One sentence for people.
    pub sentence: String,
}

/// A binding policy family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PolicyMarginal {
    /// `provider_share`, `outage_coverage`, `spot_share` or `budget`.
    pub family: PolicyFamily,
    /// Workload id (spot share).
    pub workload: Option<String>,
    /// Provider id (provider share).
    pub provider: Option<String>,
    /// Number of binding rows.
    pub rows: usize,
    /// USD change of the objective per unit increase of the parameter (share, coverage, or
    /// budget USD); negative when loosening saves money.
    pub usd_per_unit_of_parameter: f64,
    /// Switching the whole family off does not lower the cost (see
    /// [`PolicyCost`](super::PolicyCost)): other rules hold the plan at the same point, and
    /// this marginal value is one of several valid splits between them (a degenerate LP).
    pub redundant: bool,
    /// One sentence for people.
    pub sentence: String,
}

/// Flags binding families whose re-solved price is zero, and says so in their sentence.
pub(crate) fn mark_redundant(words: &mut ShadowWords, prices: &[super::PolicyCost]) {
    for m in &mut words.policies {
        let free = prices.iter().any(|p| {
            p.family == m.family
                && p.together_with.is_empty()
                && p.extra_cost_usd
                    .zip(p.relaxed_objective)
                    .is_some_and(|(x, r)| x.abs() <= 1e-6 * r.abs().max(1.0))
        });
        if free {
            m.redundant = true;
            // The marginal price is one valid split among rules binding at the same point; a
            // reader must not take it for what dropping the rule would save.
            m.sentence.push_str(
                " at the margin, but dropping it alone would not lower the cost: other rules hold the plan at the same point",
            );
        }
    }
}

/// Words for `plan`'s shadow prices; `None` when the plan has none (integer plans).
pub(crate) fn shadow_words(scenario: &Scenario, model: &Model, plan: &Plan) -> Option<ShadowWords> {
    let sp = plan.shadow_prices.as_ref()?;
    let unit = |id: &str| {
        scenario
            .workloads
            .iter()
            .find(|w| w.id == id)
            .and_then(|w| w.unit.clone())
            .unwrap_or_else(|| "work units".into())
    };
    // Serving: (Σ_k y_k m_k, Σ_k m_k h φ) per (workload, period); batch: USD per work unit.
    let mut serving: BTreeMap<(usize, usize), (f64, f64)> = BTreeMap::new();
    let mut words = ShadowWords {
        basis: sp.whole_units_fixed.then(|| UNITS_FIXED.to_string()),
        ..ShadowWords::default()
    };
    for d in &sp.demand {
        let Some(w) = model.workloads.iter().position(|wl| wl.id == d.workload) else {
            continue;
        };
        match (d.period, &d.segment) {
            (Some(p), Some(seg)) => {
                let Some(k) = model.segments.iter().position(|s| &s.name == seg) else {
                    continue;
                };
                let (t, level) = (p - 1, model.segments[k].level);
                let e = serving.entry((w, t)).or_insert((0.0, 0.0));
                e.0 += d.usd_per_work_unit * model.seg_hours(t, k) * level;
            }
            _ => {
                let u = unit(&d.workload);
                words.demand.push(DemandMarginal {
                    workload: d.workload.clone(),
                    period: None,
                    label: None,
                    usd_per_unit_rate: None,
                    usd_per_work_unit: d.usd_per_work_unit,
                    sentence: format!(
                        "one more {} of {} costs {}",
                        work_unit(&u),
                        d.workload,
                        usd(d.usd_per_work_unit)
                    ),
                    unit: u,
                });
            }
        }
    }
    for ((w, t), (per_rate, _)) in &serving {
        let work: f64 = (0..model.segments.len())
            .map(|k| model.segments[k].level * model.seg_hours(*t, k))
            .sum();
        let per_work = if work > 0.0 { *per_rate / work } else { 0.0 };
        if per_rate.abs() < TINY {
            continue;
        }
        let id = &model.workloads[*w].id;
        let u = unit(id);
        let label = model.labels[*t].clone();
        words.demand.push(DemandMarginal {
            workload: id.clone(),
            period: Some(t + 1),
            sentence: format!(
                "one more {} of {id} in {label} costs {} (about {} per {})",
                rate_unit(&u),
                usd(*per_rate),
                usd(per_work),
                work_unit(&u)
            ),
            label: Some(label),
            unit: u,
            usd_per_unit_rate: Some(*per_rate),
            usd_per_work_unit: per_work,
        });
    }
    words
        .demand
        .sort_by(|a, b| b.usd_per_work_unit.total_cmp(&a.usd_per_work_unit));
    words.caps = caps(model, plan);
    words.policies = policies(plan);
    Some(words)
}

fn caps(model: &Model, plan: &Plan) -> Vec<CapMarginal> {
    let Some(sp) = &plan.shadow_prices else {
        return Vec::new();
    };
    let mut by: BTreeMap<&str, Vec<(usize, f64)>> = BTreeMap::new();
    for c in sp.caps.iter().filter(|c| c.usd_per_unit > TINY) {
        by.entry(c.offering.as_str())
            .or_default()
            .push((c.period, c.usd_per_unit));
    }
    let per = period_word(model.labels.first().map_or("", String::as_str));
    let mut out: Vec<CapMarginal> = by
        .into_iter()
        .map(|(o, mut v)| {
            v.sort_by_key(|x| x.0);
            let periods: Vec<usize> = v.iter().map(|x| x.0).collect();
            let max = v.iter().map(|x| x.1).fold(0.0, f64::max);
            let min = v.iter().map(|x| x.1).fold(f64::INFINITY, f64::min);
            let all: f64 = v.iter().map(|x| x.1).sum();
            let runs = label_runs(&periods, &model.labels);
            let sentence = if max - min <= 1e-6 * max.max(1.0) {
                format!(
                    "one more unit of quota on {o} saves {} per {per} ({runs})",
                    usd(max)
                )
            } else {
                format!(
                    "one more unit of quota on {o} saves up to {} per {per} ({runs}; {} in all)",
                    usd(max),
                    usd(all)
                )
            };
            CapMarginal {
                offering: o.to_string(),
                periods,
                usd_per_unit_per_period: max,
                usd_per_unit_all_periods: all,
                sentence,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.usd_per_unit_all_periods
            .total_cmp(&a.usd_per_unit_all_periods)
    });
    out
}

fn policies(plan: &Plan) -> Vec<PolicyMarginal> {
    let Some(sp) = &plan.shadow_prices else {
        return Vec::new();
    };
    // (family, workload, group) → (binding rows, Σ USD per unit of the parameter); the
    // family says how its rows group.
    type Key = (PolicyFamily, Option<String>, Option<String>);
    let mut by: BTreeMap<Key, (usize, f64)> = BTreeMap::new();
    for p in sp
        .policy
        .iter()
        .filter(|p| p.usd_per_unit_of_parameter.abs() > TINY)
    {
        let Some(f) = of_policy(p.family) else {
            continue;
        };
        let (workload, group) = f.marginal_key(p);
        let e = by.entry((p.family, workload, group)).or_insert((0, 0.0));
        e.0 += 1;
        e.1 += p.usd_per_unit_of_parameter;
    }
    by.into_iter()
        .map(|((family, workload, group), (rows, v))| {
            let sentence = of_policy(family).map_or_else(String::new, |f| {
                f.marginal_sentence(rows, v, workload.as_deref(), group.as_deref())
            });
            PolicyMarginal {
                family,
                workload,
                provider: group,
                rows,
                usd_per_unit_of_parameter: v,
                redundant: false,
                sentence,
            }
        })
        .collect()
}
