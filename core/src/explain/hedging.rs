//! Demand scenarios in words: what the shared commitments are, which scenario they are sized
//! to, what each other scenario does with them, and what hedging costs. Read from the plan's
//! `uncertainty` only (no re-plan). Money is USD over the horizon.

use crate::document::Uncertainty;
use crate::fmt;
use crate::text::escape;

/// The hedging sentences of an explanation's headline, most important first;
/// `commit_in_horizon`: the commitments' cost in the horizon (USD), which decides whether a
/// scenario's idle commitment is worth a word (as for `sizing_scenario`).
pub(crate) fn sentences(u: &Uncertainty, commit_in_horizon: f64) -> Vec<String> {
    let mut out = Vec::new();
    let name = |n: &str| format!("`{}`", escape(n));
    let alone: Vec<String> = u
        .scenarios
        .iter()
        .map(|s| format!("{} {}", name(&s.name), fmt::count(s.commitment_units_alone)))
        .collect();
    out.push(format!(
        "One set of commitments, {} units ({} in contract value), holds for all {} demand scenarios; planned alone, each would commit: {}.",
        fmt::count(u.commitment_units),
        fmt::usd(u.commitment_usd),
        u.scenarios.len(),
        alone.join(", ")
    ));
    let others = |skip: Option<&str>| -> Vec<String> {
        u.scenarios
            .iter()
            .filter(|s| Some(s.name.as_str()) != skip)
            .filter_map(|s| {
                if !s.uses_every_commitment(commit_in_horizon) {
                    Some(format!(
                        "{} leaves {} of them idle",
                        name(&s.name),
                        fmt::usd(s.idle_commitment_usd)
                    ))
                } else if s.flexible_usd > 0.0 {
                    Some(format!(
                        "{} buys {} more on demand and spot",
                        name(&s.name),
                        fmt::usd(s.flexible_usd)
                    ))
                } else {
                    None
                }
            })
            .collect()
    };
    if u.commitment_usd > 0.0 {
        match &u.sizing_scenario {
            Some(k) => {
                let rest = others(Some(k));
                out.push(if rest.is_empty() {
                    format!("They are sized to {}: it uses all of them.", name(k))
                } else {
                    format!(
                        "They are sized to {}: it uses all of them, while {}.",
                        name(k),
                        rest.join("; ")
                    )
                });
            }
            None => {
                let rest = others(None);
                if !rest.is_empty() {
                    out.push(format!(
                        "No scenario uses all of them: {}.",
                        rest.join("; ")
                    ));
                }
            }
        }
    }
    if let Some(worst) = u
        .scenarios
        .iter()
        .max_by(|a, b| a.regret.total_cmp(&b.regret))
        .filter(|s| s.regret > 0.0)
    {
        let mut s = format!(
            "Hedging costs at most {} (in {}) against planning that scenario alone; knowing demand before signing would save {} on average",
            fmt::usd(worst.regret),
            name(&worst.name),
            fmt::usd(u.expected_value_of_perfect_information)
        );
        if let Some(v) = u.value_of_stochastic_solution {
            s.push_str(&format!(
                ", and committing for the mean demand instead would cost {} more",
                fmt::usd(v)
            ));
        }
        s.push('.');
        out.push(s);
    }
    out
}
