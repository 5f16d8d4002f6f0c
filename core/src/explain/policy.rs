//! The price of each policy: re-plan with one family relaxed and compare.
//!
//! A family is relaxed by editing a clone of the scenario (and, for integer units, the plan
//! options), never the program, so each figure is the difference of two ordinary plans:
//! - provider share: `policy.max_provider_share = 1` and no provider `max_share`;
//! - outage coverage: `policy.outage_coverage = 0`;
//! - spot share: `policy.max_spot_share = 1` and no workload `max_spot_share`;
//! - budget: no `policy.budget`;
//! - provider filters / region filters: workload `providers` / `regions` allow-lists removed;
//! - single routing: every workload `routing = "split"`;
//! - integer units: continuous units (`policy.integer_units = false`, no `--integer`).
//!
//! Extra cost = objective with the policy − objective without it (USD; the objective is
//! `total_cost` plus shortfall penalties, so a policy that causes unmet demand is priced by
//! its penalties). Percentages are relative to the plan without the policy.

use super::family::PolicyFamily;

use super::Solves;
use crate::document::{Plan, Status};
use crate::fmt::{pct_text, signed_pct, usd};
use crate::options::PlanOptions;
use crate::scenario::Scenario;
use crate::Error;
use serde::{Deserialize, Serialize};

/// What one policy family adds to the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PolicyCost {
    /// The family.
    pub family: PolicyFamily,
    /// Further families switched off together with `family` (empty for a single family).
    /// Provider share caps and outage coverage are also priced together: each can hold the
    /// plan where the other would, so each alone may look free while both together are not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub together_with: Vec<PolicyFamily>,
    /// A short name for tables.
    pub label: String,
    /// Its setting in words.
    pub setting: String,
    /// Status of the plan with this family switched off.
    pub relaxed_status: Status,
    /// Objective (USD) of the plan with this family switched off.
    pub relaxed_objective: Option<f64>,
    /// Objective with the policy − objective without it (USD); absent unless both plans
    /// exist.
    pub extra_cost_usd: Option<f64>,
    /// `extra_cost_usd` as a percentage of the objective without the policy.
    pub extra_cost_pct: Option<f64>,
    /// The scenario is infeasible, and switching this family off makes it feasible.
    pub makes_infeasible: bool,
    /// One sentence for people.
    pub sentence: String,
}

/// The provider share and outage families, also priced together.
const PAIR: [PolicyFamily; 2] = [PolicyFamily::ProviderShare, PolicyFamily::OutageCoverage];

/// `scenario` and `options` with `families` switched off.
fn relaxed(
    scenario: &Scenario,
    options: &PlanOptions,
    families: &[PolicyFamily],
) -> (Scenario, PlanOptions) {
    let (mut s, mut o) = (scenario.clone(), options.clone());
    families.iter().for_each(|f| f.relax(&mut s, &mut o));
    (s, o)
}

/// The variants [`prices`] plans, in its order (solved ahead of it, on all cores).
pub(crate) fn variants(scenario: &Scenario, options: &PlanOptions) -> Vec<(Scenario, PlanOptions)> {
    let active = |f: &PolicyFamily| f.is_active(scenario, options);
    let mut out: Vec<_> = PolicyFamily::all()
        .into_iter()
        .filter(active)
        .map(|f| relaxed(scenario, options, &[f]))
        .collect();
    if PAIR.iter().all(active) {
        out.push(relaxed(scenario, options, &PAIR));
    }
    out
}

/// Prices every active family against `base`, the plan of `scenario` under `options`.
pub(crate) fn prices(
    scenario: &Scenario,
    options: &PlanOptions,
    base: &Plan,
    solves: &mut Solves,
) -> Result<Vec<PolicyCost>, Error> {
    let mut out = Vec::new();
    for family in PolicyFamily::all() {
        if !family.is_active(scenario, options) {
            continue;
        }
        let (s, o) = relaxed(scenario, options, &[family]);
        let relaxed = solves.plan(&s, &o)?;
        out.push(compare(
            family,
            family.label(scenario),
            family.setting(scenario),
            base,
            &relaxed,
        ));
    }
    let pair = PAIR;
    if pair.iter().all(|f| f.is_active(scenario, options)) {
        let (s, o) = relaxed(scenario, options, &pair);
        let relaxed = solves.plan(&s, &o)?;
        let setting = format!(
            "{} and {} together",
            pair[0].setting(scenario),
            pair[1].setting(scenario)
        );
        let label = "share caps + outage coverage".to_string();
        let mut both = compare(pair[0], label, setting, base, &relaxed);
        both.together_with = vec![pair[1]];
        let alone: f64 = out
            .iter()
            .filter_map(|p| p.extra_cost_usd.filter(|_| pair.contains(&p.family)))
            .sum();
        if both
            .extra_cost_usd
            .is_some_and(|x| x > 2.0 * alone.max(0.0) + 1e-6)
        {
            both.sentence = format!(
                "{} Each alone costs less because the other holds the plan in much the same place.",
                both.sentence
            );
        }
        out.push(both);
    }
    Ok(out)
}

/// Compares the plan with a rule (`base`) to the plan without it (`relaxed`).
pub(crate) fn compare(
    family: PolicyFamily,
    label: String,
    setting: String,
    base: &Plan,
    relaxed: &Plan,
) -> PolicyCost {
    let extra = base.objective.zip(relaxed.objective).map(|(b, r)| b - r);
    let pct = extra
        .zip(relaxed.objective)
        .and_then(|(e, r)| signed_pct(e, r));
    let makes_infeasible = !base.has_solution() && relaxed.has_solution();
    let mut cap = setting.clone();
    if let Some(first) = cap.get(0..1) {
        let upper = first.to_uppercase();
        cap.replace_range(0..1, &upper);
    }
    // "The 50% cap ... costs", "The provider allow-lists ... cost".
    let plural = setting.contains(" caps")
        || setting.contains("allow-lists")
        || setting.ends_with(" together")
        || setting == "whole units";
    let (costs, makes, it) = if plural {
        ("cost", "make", "them")
    } else {
        ("costs", "makes", "it")
    };
    let sentence = match (extra, relaxed.objective) {
        (Some(e), Some(r)) if e.abs() <= 1e-6 * r.abs().max(1.0) => {
            format!("{cap} {costs} nothing: the plan is as cheap without {it}.")
        }
        (Some(e), _) if e < 0.0 => format!(
            "{cap} appear{} to save {} ({}): the plans are not proven optimal, so this is search noise.",
            if plural { "" } else { "s" },
            usd(-e),
            pct.map(pct_text).unwrap_or_default()
        ),
        (Some(e), _) => format!("{cap} {costs} {} over the horizon ({}).", usd(e), pct.map(pct_text).unwrap_or_default()),
        (None, Some(r)) if makes_infeasible => {
            format!("{cap} {makes} the scenario infeasible; without {it} the plan costs {}.", usd(r))
        }
        (None, None) if !base.has_solution() => format!("Even without {setting} the scenario has no plan."),
        _ => format!("Without {setting} no plan was found ({}).", relaxed.status.as_str()),
    };
    PolicyCost {
        family,
        together_with: Vec::new(),
        label,
        setting,
        relaxed_status: relaxed.status,
        relaxed_objective: relaxed.objective,
        extra_cost_usd: extra,
        extra_cost_pct: pct,
        makes_infeasible,
        sentence,
    }
}
