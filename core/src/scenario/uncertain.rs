//! Uncertain demand (contract §1): `[[demand_scenarios]]`, the `demand_growth` convenience
//! and `policy.risk`.
//!
//! A demand scenario says what every workload's demand would be if it came true: a `scale`
//! multiplying each serving series and batch total (one number for every workload, or a
//! table per workload id, where workloads not named keep a factor of one), or an explicit
//! `demand` series per serving workload, which wins over `scale` for that workload.
//! Commitments are signed once for all scenarios; everything else is decided per scenario
//! (see `formulate::two_stage`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One possible future of demand, with its probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandScenario {
    /// Unique name, e.g. `high`.
    pub name: String,
    /// Probability in [0, 1]; the probabilities of all scenarios sum to 1.
    pub probability: f64,
    /// Multiplies every workload's demand (serving, work units per hour) and total (batch,
    /// work units): one number, or a table per workload id. Default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<DemandScale>,
    /// Explicit serving demand per workload id (work units per hour, one value per
    /// period); wins over `scale` for the workloads it names.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub demand: BTreeMap<String, Vec<f64>>,
}

/// A demand scenario's scale: one factor, or one per workload id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum DemandScale {
    /// The same factor for every workload.
    All(f64),
    /// A factor per workload id; workloads not named keep factor 1.
    PerWorkload(BTreeMap<String, f64>),
}

impl DemandScenario {
    /// The factor on workload `id`'s demand or total (1 when not scaled).
    pub fn factor(&self, id: &str) -> f64 {
        match &self.scale {
            None => 1.0,
            Some(DemandScale::All(f)) => *f,
            Some(DemandScale::PerWorkload(m)) => m.get(id).copied().unwrap_or(1.0),
        }
    }
}

/// `demand_growth = { low = 0.04, base = 0.08, high = 0.12, probabilities = [0.25, 0.5, 0.25] }`:
/// three demand scenarios `low`, `base`, `high` in which every serving workload's demand
/// grows from its period-1 value by that rate per period (period t, 1-based, is
/// D_1·(1+g)^(t−1)); batch totals are unchanged. Expanded into `demand_scenarios`
/// (`expand/conveniences.rs`); it cannot be combined with explicit `demand_scenarios`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandGrowth {
    /// Growth per period in the `low` scenario (0.04 = +4% per period).
    pub low: f64,
    /// Growth per period in the `base` scenario.
    pub base: f64,
    /// Growth per period in the `high` scenario.
    pub high: f64,
    /// Probabilities of `low`, `base` and `high`; default `[0.25, 0.5, 0.25]`.
    #[serde(default = "default_growth_probabilities")]
    pub probabilities: [f64; 3],
}

impl DemandGrowth {
    /// The names of the three scenarios it expands into, in order.
    pub const NAMES: [&'static str; 3] = ["low", "base", "high"];

    /// `(name, rate)` of each scenario, in [`Self::NAMES`] order.
    pub fn named_rates(&self) -> [(&'static str, f64); 3] {
        [
            (Self::NAMES[0], self.low),
            (Self::NAMES[1], self.base),
            (Self::NAMES[2], self.high),
        ]
    }

    /// The growth rate of the scenario called `name`.
    pub fn rate_mut(&mut self, name: &str) -> Option<&mut f64> {
        match Self::NAMES.iter().position(|n| *n == name)? {
            0 => Some(&mut self.low),
            1 => Some(&mut self.base),
            _ => Some(&mut self.high),
        }
    }
}

fn default_growth_probabilities() -> [f64; 3] {
    [0.25, 0.5, 0.25]
}

/// What the commitments hedge against when demand is uncertain (`policy.risk`).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// Minimise the expected objective Σ_s π_s·cost_s (the default).
    #[default]
    Expected,
    /// Minimise the largest objective over the scenarios.
    WorstCase,
    /// Minimise the largest regret: cost_s minus scenario s's cost when planned alone.
    Regret,
    /// Minimise the conditional value at risk at level α in [0, 1): the expected objective
    /// of the worst (1 − α) of probability (`{ cvar = 0.9 }`).
    Cvar(f64),
}

impl Risk {
    /// Whether this is the default (`expected`): then it is not written out.
    pub fn is_expected(&self) -> bool {
        *self == Risk::Expected
    }

    /// The file-format name: `expected`, `worst_case`, `regret`, `cvar(0.9)`.
    pub fn label(&self) -> String {
        match self {
            Risk::Expected => "expected".into(),
            Risk::WorstCase => "worst_case".into(),
            Risk::Regret => "regret".into(),
            Risk::Cvar(a) => format!("cvar({a})"),
        }
    }
}
