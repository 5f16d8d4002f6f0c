//! The explanation's headline: the story of the plan in a few sentences, built from the
//! figures already in the [`Explanation`].

use super::{hedging, Explanation, PolicyCost};
use crate::fmt;

/// The story in a few sentences.
/// `commit_in_horizon`: the plan's commitment spend in the horizon (USD; demand scenarios).
pub(super) fn headline(e: &Explanation, commit_in_horizon: f64) -> Vec<String> {
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
