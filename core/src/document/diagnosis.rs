//! Why a scenario has no plan, and what would make it feasible: the diagnosis attached to
//! every infeasible plan.

use super::PolicyFamily;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a scenario has no plan, and what would make it feasible.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Diagnosis {
    /// Short sentences, the most important first.
    pub summary: Vec<String>,
    /// Demand that cannot be served (serving: per period and segment; batch: per workload).
    pub unserved: Vec<Unserved>,
    /// Offerings whose `max_units` is used up where something is missing.
    pub exhausted_caps: Vec<ExhaustedCap>,
    /// Policy rows that would have to give, with the value that would make them hold.
    pub policy_limits: Vec<PolicyLimit>,
    /// Compatible offerings that a workload's allow-lists exclude (unserved workloads only).
    pub excluded_offerings: BTreeMap<String, Vec<String>>,
    /// Least `policy.budget` (USD) with which every other rule can be met.
    pub least_budget: Option<f64>,
    /// Largest `policy.outage_coverage` reachable with every other rule held.
    pub max_outage_coverage: Option<f64>,
    /// Families whose removal alone makes the scenario feasible, when the continuous
    /// relaxation is feasible (whole units, single routing).
    pub feasible_without: Vec<PolicyFamily>,
}

/// Demand that cannot be served.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unserved {
    /// Workload id.
    pub workload: String,
    /// 1-based period (serving); absent for batch workloads.
    pub period: Option<usize>,
    /// Period label (serving).
    pub label: Option<String>,
    /// Segment name (serving).
    pub segment: Option<String>,
    /// The workload's unit label.
    pub unit: String,
    /// Demand: work units per hour (serving) or the batch total (work units).
    pub demand: f64,
    /// Missing part of `demand`, same unit.
    pub missing: f64,
    /// `missing / demand`.
    pub missing_share: f64,
    /// Missing work units over the segment's hours (serving) or the window (batch).
    pub missing_work_units: f64,
}

/// A cap that is used up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ExhaustedCap {
    /// Offering id.
    pub offering: String,
    /// Provider id.
    pub provider: String,
    /// The cap (units).
    pub max_units: f64,
    /// 1-based periods in which it is used up.
    pub periods: Vec<usize>,
}

/// A policy row that would have to give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PolicyLimit {
    /// `provider_share`, `outage_coverage`, `spot_share` or `budget`.
    pub family: PolicyFamily,
    /// Workload id (absent for the budget).
    pub workload: Option<String>,
    /// Provider id (provider share: the capped provider; outage: the provider lost).
    pub provider: Option<String>,
    /// `provider/region` (region share: the capped region).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// 1-based period (serving rows).
    pub period: Option<usize>,
    /// Segment name (serving rows).
    pub segment: Option<String>,
    /// The rule's value: a share, a coverage, or USD.
    pub limit: f64,
    /// The value at which this row would hold: a larger cap, a smaller coverage, more USD.
    pub relaxed_to: f64,
}
