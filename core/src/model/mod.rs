//! The validated, indexed view of a scenario that every later stage works on.
//!
//! A [`Model`] only exists for a scenario that passed [`crate::validate`]: ids are resolved
//! to indices, demand rules are expanded to series, defaults are applied, and the usable
//! (workload, offering) pairs are listed with their delivered rate per unit.

mod calendar;

use crate::scenario::{Policy, Purchase, Routing, WorkloadKind};

/// A checked scenario. Build it with [`crate::validate`].
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) name: String,
    /// Hours in each period.
    pub(crate) hours: Vec<f64>,
    /// Display label of each period (`2025-07` or `P1`).
    pub(crate) labels: Vec<String>,
    pub(crate) segments: Vec<Seg>,
    pub(crate) providers: Vec<ProviderM>,
    pub(crate) offerings: Vec<OfferingM>,
    pub(crate) workloads: Vec<WorkloadM>,
    /// The scenario's policy table, checked: every policy family reads its values here.
    pub(crate) policy: Policy,
}

/// A load-profile segment.
#[derive(Debug, Clone)]
pub(crate) struct Seg {
    /// Fraction of each period's hours.
    pub share: f64,
    /// Demand multiplier.
    pub level: f64,
    pub name: String,
}

#[derive(Debug, Clone)]
pub(crate) struct ProviderM {
    pub id: String,
    /// Effective share cap (provider override or policy default).
    pub max_share: f64,
}

#[derive(Debug, Clone)]
pub(crate) struct OfferingM {
    pub id: String,
    pub provider: usize,
    pub region: String,
    pub accelerator: String,
    pub chips: f64,
    pub purchase: Purchase,
    /// USD per unit-hour.
    pub price: f64,
    /// Units; `None` = uncapped.
    pub cap: Option<f64>,
    pub availability: f64,
    /// Commit term in periods (0 for non-commit offerings).
    pub term: usize,
    /// Commit lead in periods.
    pub lead: usize,
    /// Units of existing commitments active in each period.
    pub existing: Vec<f64>,
}

impl OfferingM {
    pub fn is_commit(&self) -> bool {
        self.purchase == Purchase::Commit
    }
}

#[derive(Debug, Clone)]
pub(crate) struct WorkloadM {
    pub id: String,
    pub kind: WorkloadKind,
    /// Serving: work units per hour in each period (empty for batch).
    pub demand: Vec<f64>,
    /// Batch: work units to complete.
    pub total: f64,
    /// Batch: first and last period, 0-based inclusive (serving: the whole horizon).
    pub window: (usize, usize),
    pub max_spot_share: f64,
    pub routing: Routing,
    /// USD per unmet work unit.
    pub penalty: Option<f64>,
    /// Offerings this workload may run on, in offering order.
    pub usable: Vec<Usable>,
}

/// A usable (workload, offering) pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Usable {
    pub offering: usize,
    /// Delivered work units per hour per unit: throughput × chips × availability.
    pub gain: f64,
}

impl WorkloadM {
    pub fn is_serving(&self) -> bool {
        self.kind == WorkloadKind::Serving
    }

    /// Work units per hour one unit of offering `o` delivers to this workload (0 when the
    /// pair is not usable). `usable` is in offering order, so this is a binary search.
    pub fn gain(&self, o: usize) -> f64 {
        self.usable
            .binary_search_by_key(&o, |u| u.offering)
            .map_or(0.0, |j| self.usable[j].gain)
    }

    /// Periods in which this workload can receive capacity.
    pub fn periods(&self) -> std::ops::RangeInclusive<usize> {
        self.window.0..=self.window.1
    }

    /// Providers this workload can use, sorted and unique.
    pub fn providers(&self, model: &Model) -> Vec<usize> {
        let mut ps: Vec<usize> = self
            .usable
            .iter()
            .map(|u| model.offerings[u.offering].provider)
            .collect();
        ps.sort_unstable();
        ps.dedup();
        ps
    }

    /// Accelerator names this workload can use, sorted and unique.
    pub fn accelerators<'m>(&self, model: &'m Model) -> Vec<&'m str> {
        let mut a: Vec<&str> = self
            .usable
            .iter()
            .map(|u| model.offerings[u.offering].accelerator.as_str())
            .collect();
        a.sort_unstable();
        a.dedup();
        a
    }
}

impl Model {
    /// Number of planning periods.
    pub fn periods(&self) -> usize {
        self.hours.len()
    }

    /// Number of usable (workload, offering) pairs.
    pub fn usable_pairs(&self) -> usize {
        self.workloads.iter().map(|w| w.usable.len()).sum()
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether units must be whole instances.
    pub fn integer_units(&self) -> bool {
        self.policy.integer_units
    }

    /// Segment `k`'s name when the scenario has more than one segment (diagnosis wording).
    pub(crate) fn segment_name(&self, k: usize) -> Option<String> {
        (self.segments.len() > 1).then(|| self.segments[k].name.clone())
    }

    /// Whether some workload asks for single routing.
    pub fn has_single_routing(&self) -> bool {
        self.workloads.iter().any(|w| w.routing == Routing::Single)
    }
}
