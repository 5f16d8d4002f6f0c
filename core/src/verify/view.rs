//! The scenario re-read on its own terms: hours, segments, demand series, limits, usability
//! and existing commitments, derived from the raw [`Scenario`] without the validated model.
//!
//! Indices are 0-based positions in the scenario's lists; periods are 0-based here and
//! 1-based in the plan document.

use crate::scenario::{Demand, Offering, Purchase, Scenario, Segment, Workload, WorkloadKind};
use std::collections::BTreeMap;

/// Hours in a period when the horizon gives neither `hours` nor `hours_per_period`.
const DEFAULT_HOURS: f64 = 730.0;

/// One load-profile segment.
pub(super) struct Seg {
    /// `segments[k].name`, or `S{k+1}`; `all` for the default single segment.
    pub name: String,
    /// Fraction of every period's hours.
    pub share: f64,
    /// Demand multiplier.
    pub level: f64,
}

/// The scenario with defaults applied and ids indexed.
pub(super) struct View<'s> {
    pub scenario: &'s Scenario,
    /// Hours of each period.
    pub hours: Vec<f64>,
    pub segments: Vec<Seg>,
    offerings: BTreeMap<&'s str, usize>,
    workloads: BTreeMap<&'s str, usize>,
    /// Effective provider share cap by provider id.
    provider_limits: BTreeMap<&'s str, f64>,
    /// Serving demand (work units per hour) per workload and period; empty for batch.
    demand: Vec<Vec<f64>>,
    /// Units of existing commitments active per offering and period.
    existing: Vec<Vec<f64>>,
}

impl<'s> View<'s> {
    /// Derives the view. The scenario must be valid (lengths are then consistent).
    pub fn new(scenario: &'s Scenario) -> View<'s> {
        let periods = scenario.horizon.periods as usize;
        let hours = match (&scenario.horizon.hours, scenario.horizon.hours_per_period) {
            (Some(list), _) => list.clone(),
            (None, hpp) => vec![hpp.unwrap_or(DEFAULT_HOURS); periods],
        };
        let segments = if scenario.segments.is_empty() {
            vec![Seg {
                name: "all".into(),
                share: 1.0,
                level: 1.0,
            }]
        } else {
            let seg = |(k, s): (usize, &Segment)| Seg {
                name: s.name.clone().unwrap_or_else(|| format!("S{}", k + 1)),
                share: s.share,
                level: s.level,
            };
            scenario.segments.iter().enumerate().map(seg).collect()
        };
        let offerings: BTreeMap<&str, usize> = scenario
            .offerings
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id.as_str(), i))
            .collect();
        let policy_share = scenario.policy.max_provider_share;
        View {
            scenario,
            segments,
            workloads: scenario
                .workloads
                .iter()
                .enumerate()
                .map(|(i, w)| (w.id.as_str(), i))
                .collect(),
            provider_limits: scenario
                .providers
                .iter()
                .map(|p| (p.id.as_str(), p.max_share.unwrap_or(policy_share)))
                .collect(),
            demand: scenario
                .workloads
                .iter()
                .map(|w| demand_series(w, periods))
                .collect(),
            existing: existing(scenario, &offerings, periods),
            offerings,
            hours,
        }
    }

    /// Number of planning periods.
    pub fn periods(&self) -> usize {
        self.hours.len()
    }

    /// The offering with this id and its index.
    pub fn offering(&self, id: &str) -> Option<(usize, &'s Offering)> {
        let &o = self.offerings.get(id)?;
        Some((o, self.scenario.offerings.get(o)?))
    }

    /// The workload with this id and its index.
    pub fn workload(&self, id: &str) -> Option<(usize, &'s Workload)> {
        let &w = self.workloads.get(id)?;
        Some((w, self.scenario.workloads.get(w)?))
    }

    /// Index of the segment with this name.
    pub fn segment(&self, name: &str) -> Option<usize> {
        self.segments.iter().position(|s| s.name == name)
    }

    /// Segment name for messages.
    pub fn seg_name(&self, k: usize) -> &str {
        self.segments.get(k).map_or("?", |s| s.name.as_str())
    }

    /// Hours of segment `k` in period `t`.
    pub fn seg_hours(&self, t: usize, k: usize) -> f64 {
        self.hours.get(t).copied().unwrap_or(0.0) * self.segments.get(k).map_or(0.0, |s| s.share)
    }

    /// Required rate (work units per hour) of serving workload `w` in (t, k): level × demand.
    pub fn rate(&self, w: usize, t: usize, k: usize) -> f64 {
        let d = self
            .demand
            .get(w)
            .and_then(|d| d.get(t))
            .copied()
            .unwrap_or(0.0);
        d * self.segments.get(k).map_or(0.0, |s| s.level)
    }

    /// Whether `w` is a serving workload (a rate in every period).
    pub fn is_serving(w: &Workload) -> bool {
        w.kind == WorkloadKind::Serving
    }

    /// First and last period (0-based, inclusive) in which `w` may receive capacity.
    pub fn window(&self, w: &Workload) -> (usize, usize) {
        let last = self.periods().saturating_sub(1);
        match (w.kind, w.window) {
            (WorkloadKind::Batch, Some([a, b])) => (
                (a as usize).saturating_sub(1),
                (b as usize).saturating_sub(1),
            ),
            _ => (0, last),
        }
    }

    /// Batch total (work units); 0 for serving workloads.
    pub fn total(w: &Workload) -> f64 {
        match w.kind {
            WorkloadKind::Batch => w.total.unwrap_or(0.0),
            WorkloadKind::Serving => 0.0,
        }
    }

    /// Share of a workload's demand that provider `p` may deliver.
    pub fn provider_limit(&self, p: &str) -> f64 {
        self.provider_limits
            .get(p)
            .copied()
            .unwrap_or(self.scenario.policy.max_provider_share)
    }

    /// Share of a serving workload's demand that spot offerings may deliver.
    pub fn spot_limit(&self, w: &Workload) -> f64 {
        w.max_spot_share
            .unwrap_or(self.scenario.policy.max_spot_share)
    }

    /// Units of existing commitments on offering `o` active in period `t`.
    pub fn existing(&self, o: usize, t: usize) -> f64 {
        self.existing
            .get(o)
            .and_then(|e| e.get(t))
            .copied()
            .unwrap_or(0.0)
    }

    /// Work units per hour that one unit of `o` delivers to `w`: throughput × chips ×
    /// availability; 0 when `w` has no throughput on the accelerator.
    pub fn gain(w: &Workload, o: &Offering) -> f64 {
        let theta = w.throughput.get(&o.accelerator).copied().unwrap_or(0.0);
        theta * o.chips * o.availability.unwrap_or(1.0)
    }

    /// Why `w` may not run on `o`, or `None` when the pair is usable.
    pub fn unusable(w: &Workload, o: &Offering) -> Option<String> {
        if let Some(why) = w.unfit.get(&o.id) {
            return Some(format!(
                "workload `{}` cannot run on offering `{}`: {why}",
                w.id, o.id
            ));
        }
        if !w.throughput.contains_key(&o.accelerator) {
            return Some(format!(
                "workload `{}` has no throughput on accelerator `{}`",
                w.id, o.accelerator
            ));
        }
        if let Some(list) = &w.providers {
            if !list.contains(&o.provider) {
                return Some(format!(
                    "provider `{}` is not in the allow-list of workload `{}`",
                    o.provider, w.id
                ));
            }
        }
        if let Some(globs) = &w.regions {
            if !globs.iter().any(|g| glob(g, &o.region)) {
                return Some(format!(
                    "region `{}` matches no region glob of workload `{}`",
                    o.region, w.id
                ));
            }
        }
        None
    }

    /// Providers with at least one offering usable by `w`, sorted and unique.
    pub fn usable_providers(&self, w: &Workload) -> Vec<&'s str> {
        let mut ps: Vec<&str> = self
            .scenario
            .offerings
            .iter()
            .filter(|o| View::unusable(w, o).is_none())
            .map(|o| o.provider.as_str())
            .collect();
        ps.sort_unstable();
        ps.dedup();
        ps
    }

    /// Commit term and lead (periods) of an offering; `None` for on-demand and spot.
    pub fn term_lead(o: &Offering) -> Option<(usize, usize)> {
        (o.purchase == Purchase::Commit).then(|| {
            (
                o.term_periods.unwrap_or(0) as usize,
                o.lead_periods.unwrap_or(0) as usize,
            )
        })
    }

    /// Cap in units at any time; rounded down to whole units when units are integer (with a
    /// hair of tolerance so that 2.9999999999 counts as 3).
    pub fn cap(o: &Offering, integer: bool) -> Option<f64> {
        o.max_units
            .map(|c| if integer { (c + 1e-9).floor() } else { c })
    }
}

/// Serving demand per period: the series, or `start × (1 + growth)^(t-1)` for 1-based t.
fn demand_series(w: &Workload, periods: usize) -> Vec<f64> {
    match (&w.kind, &w.demand) {
        (WorkloadKind::Serving, Some(Demand::Series(list))) => list.clone(),
        (WorkloadKind::Serving, Some(Demand::Growth { start, growth })) => (0..periods)
            .map(|t| start * (1.0 + growth).powi(i32::try_from(t).unwrap_or(i32::MAX)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Existing commitments: `units` active in periods 1..=remaining_periods (inside the horizon).
fn existing(s: &Scenario, offerings: &BTreeMap<&str, usize>, periods: usize) -> Vec<Vec<f64>> {
    let mut out = vec![vec![0.0; periods]; s.offerings.len()];
    for e in &s.existing {
        let Some(series) = offerings
            .get(e.offering.as_str())
            .and_then(|&o| out.get_mut(o))
        else {
            continue;
        };
        for units in series.iter_mut().take(e.remaining_periods as usize) {
            *units += e.units;
        }
    }
    out
}

/// Region glob: `*` matches any run of characters (also none); everything else literally.
/// Greedy matching with backtracking to the last `*`.
pub(super) fn glob(pattern: &str, text: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), text.as_bytes());
    let (mut i, mut j) = (0, 0);
    // Pattern position after the last `*` seen, and the text position it is tried from.
    let mut star: Option<(usize, usize)> = None;
    while j < s.len() {
        match (p.get(i), s.get(j)) {
            (Some(b'*'), _) => {
                star = Some((i + 1, j));
                i += 1;
            }
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            _ => match star {
                Some((after, from)) => {
                    star = Some((after, from + 1));
                    i = after;
                    j = from + 1;
                }
                None => return false,
            },
        }
    }
    p.iter().skip(i).all(|&b| b == b'*')
}
