//! Figures of a plan: what it achieves against the policy, and its shadow prices.

use super::PolicyFamily;
use serde::{Deserialize, Serialize};

/// Achieved figures.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Achieved {
    /// Largest share of demand each provider delivers to each workload.
    pub provider_shares: Vec<ShareFigure>,
    /// Largest share of each serving workload's demand delivered by spot.
    pub spot_shares: Vec<ShareFigure>,
    /// Largest share of demand each provider/region delivers to each serving workload
    /// (only when `policy.max_region_share` < 1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub region_shares: Vec<ShareFigure>,
    /// Worst case over providers, periods and segments of the share of demand still served
    /// when one provider is lost, per serving workload.
    pub outage_coverage: Vec<CoverageFigure>,
    /// Active commitment units and their average use, per offering and period.
    pub commitment_utilisation: Vec<Utilisation>,
    /// Unmet work per workload and period (work units).
    pub shortfall: Vec<Shortfall>,
}

/// A share achieved against its limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShareFigure {
    /// Workload id.
    pub workload: String,
    /// Provider id (absent for spot shares).
    pub provider: Option<String>,
    /// `provider/region` (region shares only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Largest achieved share over periods and segments (batch: over the window).
    pub share: f64,
    /// The limit that applies.
    pub limit: f64,
}

/// Worst-case N-1 coverage of a serving workload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CoverageFigure {
    /// Workload id.
    pub workload: String,
    /// Smallest share of demand served without one provider (1 = fully covered).
    pub coverage: f64,
    /// The provider whose loss hurts most.
    pub worst_provider: Option<String>,
    /// 1-based period of the worst case.
    pub period: usize,
    /// The policy's target β.
    pub target: f64,
}

/// Use of a commitment in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Utilisation {
    /// Commit offering id.
    pub offering: String,
    /// 1-based period.
    pub period: usize,
    /// Active units (existing plus new).
    pub active_units: f64,
    /// Units in use, averaged over the period's hours.
    pub used_units: f64,
    /// used / active (0 when nothing is active).
    pub utilisation: f64,
}

/// Unmet work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Shortfall {
    /// Workload id.
    pub workload: String,
    /// 1-based period (batch: the window's last period).
    pub period: usize,
    /// Segment name (serving); absent for batch workloads.
    pub segment: Option<String>,
    /// Work units not delivered.
    pub work_units: f64,
    /// USD of penalty.
    pub penalty: f64,
}

/// Marginal values: of the LP, or for a whole-unit plan of the LP with its whole units fixed
/// at the plan's values (`whole_units_fixed`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ShadowPrices {
    /// Whole-unit plans: these are the duals of the LP with every whole unit (fleet, signing,
    /// routing choice) fixed at the plan's value: what a small change is worth while the
    /// units stay as planned. A whole unit more or less is worth what re-planning says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub whole_units_fixed: bool,
    /// Cost of one more work unit of demand.
    pub demand: Vec<DemandPrice>,
    /// Saving from one more unit of an offering's cap.
    pub caps: Vec<CapPrice>,
    /// Binding policy rows.
    pub policy: Vec<PolicyPrice>,
    /// Objective of the dual program (USD): equal to `objective` at a proven optimum.
    pub dual_objective: f64,
}

/// Marginal cost of demand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DemandPrice {
    /// Workload id.
    pub workload: String,
    /// 1-based period (batch: absent).
    pub period: Option<usize>,
    /// Segment name (batch: absent).
    pub segment: Option<String>,
    /// USD per additional work unit.
    pub usd_per_work_unit: f64,
}

/// Marginal saving of a cap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CapPrice {
    /// Offering id.
    pub offering: String,
    /// 1-based period.
    pub period: usize,
    /// USD saved by one more unit of cap in this period (≥ 0).
    pub usd_per_unit: f64,
}

/// A binding policy row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PolicyPrice {
    /// The policy family of the row.
    pub family: PolicyFamily,
    /// Workload id (absent for the budget).
    pub workload: Option<String>,
    /// Provider id where the row is about one.
    pub provider: Option<String>,
    /// `provider/region` where the row is about a region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// 1-based period (absent for the budget and batch rows).
    pub period: Option<usize>,
    /// Segment name.
    pub segment: Option<String>,
    /// USD change of the objective per unit increase of the policy parameter
    /// (share, coverage β, or budget USD). Negative: loosening saves money.
    pub usd_per_unit_of_parameter: f64,
}
