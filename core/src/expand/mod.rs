//! Scenario → [`Expanded`]: the scenario as every later stage reads it, made once per call.
//!
//! A [`Scenario`] can hold conveniences: `throughput_ref` (estimates from a reference
//! accelerator), accelerator aliases in throughput keys, `geo` filters. Expansion turns them
//! into plain contract fields (see [`conveniences`]); catalogs must already be loaded
//! (`Scenario::from_path` or [`Scenario::resolve_catalogs`]). The result is the only input of
//! validation ([`crate::validate`]) and of the independent verifier ([`crate::verify`]), so
//! both see exactly the same scenario.

mod conveniences;
mod demand;
mod serving;

pub(crate) use demand::series;

use crate::options::{Deadline, Limits};
use crate::scenario::Scenario;
use crate::Error;

/// A scenario with its catalogs loaded and its conveniences expanded into plain fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Expanded {
    scenario: Scenario,
}

impl Expanded {
    /// The expanded scenario (plain fields only).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The expanded scenario, by value.
    pub fn into_scenario(self) -> Scenario {
        self.scenario
    }

    /// The sources of the throughputs expansion estimated (workloads with a `model`), in
    /// workload order: those of an accelerator and unit size some offering still has (an
    /// edit that switches offerings off does not estimate again).
    pub fn throughput_sources(&self) -> Vec<crate::document::ThroughputSource> {
        let sizes: std::collections::HashSet<(&str, u64)> = self
            .scenario
            .offerings
            .iter()
            .map(|o| (o.accelerator.as_str(), o.chips.to_bits()))
            .collect();
        self.scenario
            .workloads
            .iter()
            .flat_map(|w| w.estimated.iter())
            .filter(|s| sizes.contains(&(s.accelerator.as_str(), f64::from(s.chips).to_bits())))
            .cloned()
            .collect()
    }

    /// A scenario made from an expanded one by editing its plain fields (explain's variants).
    pub(crate) fn from_edited(scenario: Scenario) -> Expanded {
        Expanded { scenario }
    }

    /// A variant of this scenario made by `edit`, which may only change plain fields
    /// (policy values, filters, offerings, demand): explain's relaxations and sweep values.
    pub(crate) fn edited(&self, edit: impl FnOnce(&mut Scenario)) -> Expanded {
        let mut scenario = self.scenario.clone();
        edit(&mut scenario);
        Expanded { scenario }
    }
}

/// Expands `scenario` under the default [`Limits`] and no deadline.
pub fn expand(scenario: &Scenario) -> Result<Expanded, Error> {
    expand_with(scenario, &Limits::default(), &Deadline::none())
}

/// Expands `scenario`: the size limits that can be checked on the raw scenario first (the
/// expansion is linear in workloads × offerings), then the conveniences.
pub fn expand_with(
    scenario: &Scenario,
    limits: &Limits,
    deadline: &Deadline,
) -> Result<Expanded, Error> {
    check_sizes(scenario, limits)?;
    deadline.check("expanding the scenario")?;
    let estimates = |w: &crate::scenario::Workload| w.model.is_some() || !w.estimated.is_empty();
    let scenario = if scenario.workloads.iter().any(estimates) {
        let mut s = scenario.clone();
        serving::estimate_throughputs(&mut s)?;
        deadline.check("expanding the scenario")?;
        // Only the conveniences that apply make another copy.
        let expanded = match conveniences::conveniences(&s)? {
            std::borrow::Cow::Owned(o) => Some(o),
            std::borrow::Cow::Borrowed(_) => None,
        };
        expanded.unwrap_or(s)
    } else {
        conveniences::conveniences(scenario)?.into_owned()
    };
    let scenario = conveniences::demand_growth(scenario)?;
    deadline.check("expanding the scenario")?;
    Ok(Expanded { scenario })
}

/// `s` as a file would state it: without the figures expansion estimated for a served
/// `model` (a file stating them would make them given, and no later edit of the model or
/// its targets would move them).
pub(crate) fn without_estimates(s: &Scenario) -> Scenario {
    let mut s = s.clone();
    s.workloads.iter_mut().for_each(serving::forget_estimates);
    s
}

/// Estimates again the throughputs of the workloads with a `model` of an expanded scenario
/// whose serving inputs an edit changed (see [`serving::estimate_throughputs`]).
pub(crate) fn reestimate(s: &mut Scenario) -> Result<(), Error> {
    serving::estimate_throughputs(s)
}

/// The size limits that can be checked on the raw scenario, before anything (even the
/// expansion of workload conveniences) costs more than the input's own size.
fn check_sizes(s: &Scenario, l: &Limits) -> Result<(), Error> {
    let checks = [
        ("horizon.periods", s.horizon.periods as usize, l.max_periods),
        ("segments", s.segments.len(), l.max_segments),
        ("offerings", s.offerings.len(), l.max_offerings),
        ("workloads", s.workloads.len(), l.max_workloads),
    ];
    for (path, n, max) in checks {
        if n > max {
            return Err(Error::Limit {
                path: path.into(),
                reason: format!("{n} exceeds the limit of {max}"),
            });
        }
    }
    // Validation and the expansion of workload conveniences look at every (workload,
    // offering) pair; each usable pair becomes at least one variable, so more pairs than
    // `max_variables` would be refused later anyway, after seconds of work.
    let pairs = s.workloads.len().saturating_mul(s.offerings.len());
    if pairs > l.max_variables {
        return Err(Error::Limit {
            path: "workloads".into(),
            reason: format!(
                "{} workloads × {} offerings = {pairs} (workload, offering) pairs, more than the variable limit of {}",
                s.workloads.len(),
                s.offerings.len(),
                l.max_variables
            ),
        });
    }
    Ok(())
}
