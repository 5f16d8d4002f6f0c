//! The plan's `uncertainty` (contract §3): present only when the scenario has demand
//! scenarios.
//!
//! Money is USD over the horizon. A scenario's `objective` is its spend plus shortfall
//! penalties (what the risk measure weighs); `total_cost` its spend. The plan's own
//! `total_cost` is the expected spend Σ_s π_s·total_cost_s and its `objective` the value of
//! the risk measure. The plan's allocations, fleet, costs and achieved figures are those of
//! `shown_scenario` (the most probable one, the first on ties); its commitments are the
//! commitments of every scenario (they are shared).

use serde::{Deserialize, Serialize};

/// How the shared commitments fare across the demand scenarios.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Uncertainty {
    /// The measure minimised: `expected`, `worst_case`, `regret` or `cvar`.
    pub risk: String,
    /// The CVaR level α (`risk = "cvar"` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvar_level: Option<f64>,
    /// Σ_s π_s·objective_s (USD).
    pub expected_cost: f64,
    /// max_s objective_s (USD).
    pub worst_case_cost: f64,
    /// The scenario whose allocations, fleet, costs and achieved figures the plan shows.
    pub shown_scenario: String,
    /// Every demand scenario, in file order.
    pub scenarios: Vec<ScenarioOutcome>,
    /// Expected objective of the commitments planned for the probability-weighted mean
    /// demand, each scenario's recourse re-solved with them fixed, minus `expected_cost`
    /// (USD; `risk = "expected"` only; absent when those commitments leave some scenario
    /// without a plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_of_stochastic_solution: Option<f64>,
    /// `expected_cost` minus Σ_s π_s·best_s, best_s scenario s planned alone (USD): what
    /// knowing demand before signing would be worth.
    pub expected_value_of_perfect_information: f64,
    /// The shared commitments: units signed, summed over offerings and signing periods.
    #[serde(default)]
    pub commitment_units: f64,
    /// Their contract value: every period of their terms, beyond the horizon too (USD).
    #[serde(default)]
    pub commitment_usd: f64,
    /// The scenario the shared commitments are sized to: of the scenarios that leave
    /// (almost) none of them idle (at most 0.5% of their cost in the horizon), the one that
    /// buys least on demand and spot. Absent when every scenario leaves some idle, or
    /// nothing is committed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizing_scenario: Option<String>,
    /// Accelerators (chips) of the commitments active in each period, existing ones
    /// included: the same in every scenario (one value per period).
    #[serde(default)]
    pub committed_chips_by_period: Vec<f64>,
}

/// One demand scenario under the shared commitments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScenarioOutcome {
    /// The scenario's name.
    pub name: String,
    /// Its probability.
    pub probability: f64,
    /// USD spent on capacity if it comes true.
    pub total_cost: f64,
    /// `total_cost` plus shortfall penalties (USD).
    pub objective: f64,
    /// The scenario's objective planned alone, as if its demand were known (USD).
    pub best_objective: f64,
    /// `objective − best_objective` (USD, ≥ 0).
    pub regret: f64,
    /// Work units not delivered (serving: rate × hours; batch: work), over all workloads.
    pub shortfall: f64,
    /// Whether the independent verifier accepted this scenario's plan.
    pub verified: bool,
    /// Units of commitments this scenario would sign planned alone (its `best_objective`
    /// plan), summed over offerings and signing periods: against
    /// [`Uncertainty::commitment_units`], what hedging changes.
    #[serde(default)]
    pub commitment_units_alone: f64,
    /// Their contract value (USD, as [`Uncertainty::commitment_usd`]).
    #[serde(default)]
    pub commitment_usd_alone: f64,
    /// USD of the shared commitments' capacity that this scenario leaves unused, in the
    /// horizon (its `costs.by_workload["idle commitment"]`).
    #[serde(default)]
    pub idle_commitment_usd: f64,
    /// USD this scenario spends on on-demand and spot capacity: what it buys beyond the
    /// commitments.
    #[serde(default)]
    pub flexible_usd: f64,
    /// Accelerators (chips) held in each period, in the period's busiest segment: the fleet
    /// this scenario runs, commitments included (one value per period).
    #[serde(default)]
    pub chips_by_period: Vec<f64>,
    /// Serving demand of each serving workload in each period (work units per hour, before
    /// segment levels), by workload id: the fan of futures the commitments face.
    #[serde(default)]
    pub demand_by_period: std::collections::BTreeMap<String, Vec<f64>>,
}

/// Idle commitment up to this share of the commitments' cost in the horizon counts as none.
const NEGLIGIBLE_IDLE: f64 = 0.005;

impl ScenarioOutcome {
    /// Whether this scenario uses (almost) every committed unit: its idle commitment is at
    /// most 0.5% of `commit_in_horizon`, the commitments' cost in the horizon (USD). The one
    /// rule behind [`Uncertainty::sizing_scenario`] and explain's sentences.
    pub(crate) fn uses_every_commitment(&self, commit_in_horizon: f64) -> bool {
        self.idle_commitment_usd <= NEGLIGIBLE_IDLE * commit_in_horizon
    }
}

/// Units and contract value (USD) of a plan's commitments to sign.
pub(crate) fn committed(commitments: &[super::Commitment]) -> (f64, f64) {
    commitments.iter().fold((0.0, 0.0), |(u, c), x| {
        (u + x.units, c + x.cost_in_horizon + x.cost_beyond_horizon)
    })
}
