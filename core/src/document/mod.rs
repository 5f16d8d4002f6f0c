//! The plan document (contract §3) and its parts: a ground room, read by every stage and
//! every door, importing none of them. Field names are stable snake_case JSON; any rename
//! bumps [`SCHEMA_VERSION`].
//!
//! Conventions: periods are 1-based as in the scenario file; money is USD; `units` are
//! instances of an offering; rates are work units per hour; `*_per_hour` costs are USD per
//! hour. Costs split by provider, accelerator, purchase option, region and workload each sum
//! to `total_cost`; `costs.by_period` sums to `total_cost` minus the charged beyond-horizon cost.

mod diagnosis;
mod family;
mod figures;
mod sources;
mod uncertainty;

pub use diagnosis::{Diagnosis, ExhaustedCap, PolicyLimit, Unserved};
pub use family::PolicyFamily;
pub use figures::{
    Achieved, CapPrice, CoverageFigure, DemandPrice, PolicyPrice, ShadowPrices, ShareFigure,
    Shortfall, Utilisation,
};
pub use sources::ThroughputSource;
pub(crate) use uncertainty::committed;
pub use uncertainty::{ScenarioOutcome, Uncertainty};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the plan document layout.
pub const SCHEMA_VERSION: u32 = 1;

/// Key in `costs.by_workload` for paid commitment capacity that no workload uses.
pub const IDLE_COMMITMENT: &str = "idle commitment";

/// Outcome of planning. Only `optimal`, `feasible` and `time_limit` (with values) carry a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Proven least cost (for MILP: within the requested relative gap).
    Optimal,
    /// A verified integer plan from rounding and repair, not proven optimal; see `gap`.
    Feasible,
    /// No plan meets every hard constraint.
    Infeasible,
    /// Cost can decrease without limit (impossible with validated, non-negative prices).
    Unbounded,
    /// The time limit ran out; the best plan found so far, if any, is returned.
    TimeLimit,
    /// No plan was found, and infeasibility is not proven: the integer heuristic found none
    /// though the relaxation is feasible, or microlp found none though the dual program
    /// proves the program (or its relaxation) feasible.
    NoSolution,
    /// The solver's plan failed independent verification; its numbers are not trustworthy.
    VerificationFailed,
}

impl Status {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::TimeLimit => "time_limit",
            Status::NoSolution => "no_solution",
            Status::VerificationFailed => "verification_failed",
        }
    }

    /// Why a plan of this status has no numbers, for people ("no plan: …").
    pub fn no_plan_reason(self) -> &'static str {
        match self {
            Status::Infeasible => "the scenario is infeasible",
            Status::Unbounded => "the scenario is unbounded",
            Status::TimeLimit => "the time limit ran out before a plan was found",
            Status::NoSolution => "the solver found none, and none is proven impossible",
            Status::VerificationFailed => "the solver's plan failed independent verification",
            Status::Optimal | Status::Feasible => "the solver returned no numbers",
        }
    }
}

/// A solved (or unsolvable) scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Plan {
    /// Layout version of this document.
    pub schema_version: u32,
    /// The scenario's name.
    pub scenario: String,
    /// Outcome.
    pub status: Status,
    /// Solver backend used.
    pub solver: String,
    /// `lp`, `milp`, `branch_and_bound`, `lp_rounding` or `routing_search`.
    pub method: String,
    /// Whether units were whole instances.
    pub integer_units: bool,
    /// USD spent on capacity over the horizon (plus charged beyond-horizon commitment cost).
    pub total_cost: Option<f64>,
    /// `total_cost` plus shortfall penalties: what the optimisation minimised.
    pub objective: Option<f64>,
    /// Best proven lower bound on the objective (USD): the optimum itself for a pure LP; for
    /// whole units the certified relaxation or what the exact search proved.
    pub lp_bound: Option<f64>,
    /// How far the plan can be from the best plan: (objective − lp_bound) / objective, 0 for
    /// a proven optimum. For whole units the bound is what the relaxation and the exact search
    /// proved; the status is `optimal` when the gap is within the one asked for (0.1% by
    /// default).
    pub gap: Option<f64>,
    /// Objective (USD) of the fractional relaxation (whole-unit plans): what the same rules
    /// would cost if instances could be bought in fractions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relaxation_objective: Option<f64>,
    /// What whole units add over the fractional relaxation: (objective −
    /// relaxation_objective) / relaxation_objective (whole-unit plans). Not a gap: the best
    /// whole-unit plan has it too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whole_units_premium: Option<f64>,
    /// The planning periods.
    pub periods: Vec<PeriodInfo>,
    /// Cost splits.
    pub costs: Costs,
    /// Units serving each workload, per period, segment and offering.
    pub allocations: Vec<Allocation>,
    /// New commitments to sign.
    pub commitments: Vec<Commitment>,
    /// Units running (on-demand/spot) or active (commit) per period, segment and offering.
    pub fleet: Vec<FleetEntry>,
    /// What the plan achieves against the policy.
    pub achieved: Achieved,
    /// Marginal values of a pure LP (absent for integer plans).
    pub shadow_prices: Option<ShadowPrices>,
    /// Independent re-check of the plan against the scenario.
    pub verification: Option<Verification>,
    /// Size of the program that was solved.
    pub model_size: ModelSize,
    /// Messages for people (method caveats, why no plan was returned).
    pub notes: Vec<String>,
    /// Why an infeasible scenario has no plan and what would make it feasible (present
    /// only when `status` is `infeasible`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
    /// Where estimated throughput figures came from (workloads with a `model`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub throughput_sources: Vec<ThroughputSource>,
    /// With demand scenarios: each scenario's cost, regret and shortfall under the shared
    /// commitments, the value of the stochastic solution and of perfect information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
    /// Wall-clock seconds from validation to verified plan (not serialized: plans are
    /// byte-identical for identical input).
    #[serde(skip)]
    pub solve_seconds: f64,
}

/// One planning period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PeriodInfo {
    /// 1-based.
    pub period: usize,
    /// `2025-07` when the horizon has a monthly `start`, else `P1`, `P2`, ...
    pub label: String,
    /// Hours in the period.
    pub hours: f64,
}

/// Cost splits (USD over the horizon).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Costs {
    /// Spend in each period (same order as `periods`).
    pub by_period: Vec<f64>,
    /// By provider id.
    pub by_provider: BTreeMap<String, f64>,
    /// Spend in each period (same order as `periods`) by provider id: the stacked cost chart.
    /// (Added after the first v1 documents: absent in older ones, read as empty.)
    #[serde(default)]
    pub by_period_and_provider: Vec<BTreeMap<String, f64>>,
    /// Spend in each period by accelerator name.
    #[serde(default)]
    pub by_period_and_accelerator: Vec<BTreeMap<String, f64>>,
    /// Spend in each period by purchase option.
    #[serde(default)]
    pub by_period_and_purchase: Vec<BTreeMap<String, f64>>,
    /// By accelerator name.
    pub by_accelerator: BTreeMap<String, f64>,
    /// By purchase option (`on_demand`, `spot`, `commit`).
    pub by_purchase: BTreeMap<String, f64>,
    /// By `provider/region`.
    pub by_region: BTreeMap<String, f64>,
    /// By workload id, with paid but unused commitment under `idle commitment`.
    pub by_workload: BTreeMap<String, f64>,
    /// Spend on commitments signed before the horizon (included in the splits).
    pub existing_commitments: f64,
    /// Cost of new commitments' periods after the horizon (last period's hours each).
    pub beyond_horizon: f64,
    /// Whether `beyond_horizon` is part of `total_cost` (`commitments_beyond_horizon = "charge"`).
    pub beyond_horizon_charged: bool,
    /// Shortfall penalties (USD), part of `objective` but not of `total_cost`.
    pub shortfall_penalty: f64,
}

/// Units of one offering serving one workload in one segment of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Allocation {
    /// 1-based period.
    pub period: usize,
    /// Segment name.
    pub segment: String,
    /// Workload id.
    pub workload: String,
    /// Offering id.
    pub offering: String,
    /// Provider id.
    pub provider: String,
    /// Region.
    pub region: String,
    /// Accelerator name.
    pub accelerator: String,
    /// Purchase option.
    pub purchase: String,
    /// Units (instances).
    pub units: f64,
    /// Accelerators: units × chips per unit.
    pub chips: f64,
    /// Work units per hour delivered: units × chips × throughput × availability.
    pub delivered_rate: f64,
    /// USD per hour of these units at the offering's price.
    pub cost_per_hour: f64,
}

/// A new commitment to sign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Commitment {
    /// Commit offering id.
    pub offering: String,
    /// Provider id.
    pub provider: String,
    /// Accelerator name.
    pub accelerator: String,
    /// 1-based period in which to sign.
    pub period: usize,
    /// Units to sign.
    pub units: f64,
    /// Term in periods.
    pub term_periods: usize,
    /// Lead in periods.
    pub lead_periods: usize,
    /// First 1-based period in which the units are active.
    pub first_active_period: usize,
    /// Last 1-based period in which the units are active (may lie after the horizon).
    pub last_active_period: usize,
    /// USD for the active periods inside the horizon.
    pub cost_in_horizon: f64,
    /// USD for the active periods after the horizon.
    pub cost_beyond_horizon: f64,
}

/// Capacity held in one segment of one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FleetEntry {
    /// 1-based period.
    pub period: usize,
    /// Segment name.
    pub segment: String,
    /// Offering id.
    pub offering: String,
    /// Provider id.
    pub provider: String,
    /// Accelerator name.
    pub accelerator: String,
    /// Purchase option.
    pub purchase: String,
    /// Units running (on-demand/spot) or active (commit, incl. existing).
    pub units: f64,
    /// Accelerators.
    pub chips: f64,
    /// Units allocated to workloads.
    pub used_units: f64,
}

/// Result of the independent check.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Verification {
    /// True when every constraint holds within 1e-6 relative and the recomputed cost matches.
    pub passed: bool,
    /// Number of constraints checked.
    pub checks: usize,
    /// Largest relative violation found.
    pub max_violation: f64,
    /// Total cost recomputed from allocations, fleet and commitments (USD).
    pub recomputed_total_cost: f64,
    /// First violations, in words.
    pub violations: Vec<String>,
}

/// Size of the solved program.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ModelSize {
    /// Variables.
    pub variables: usize,
    /// Integer variables.
    pub integer_variables: usize,
    /// Constraints.
    pub constraints: usize,
}

impl Plan {
    /// The label of 1-based `period` (`2026-01`, or `P3` without a start month), if the plan
    /// has that period.
    pub fn period_label(&self, period: usize) -> Option<&str> {
        let p = period.checked_sub(1).and_then(|i| self.periods.get(i))?;
        Some(p.label.as_str())
    }

    /// The label of 1-based `period`, past the horizon too (a commitment's last active
    /// month): months count on from the first period's `YYYY-MM` label (`2026-08`), `P14`
    /// when the periods are unnamed. None for period 0 or a plan without periods.
    pub fn period_label_beyond(&self, period: usize) -> Option<String> {
        if let Some(l) = self.period_label(period) {
            return Some(l.to_string());
        }
        let first = self.periods.first()?.label.as_str();
        let offset = i64::try_from(period.checked_sub(1)?).ok()?;
        let month = crate::scenario::month::parse(first);
        Some(match month.and_then(|m0| m0.checked_add(offset)) {
            Some(m) if m / 12 <= 9999 => crate::scenario::month::label(m),
            _ => format!("P{period}"),
        })
    }

    /// A plan document without a solution (no model was built: the call stopped first).
    pub fn without_solution(scenario: &str, status: Status, solver: &str, note: String) -> Plan {
        Plan {
            schema_version: SCHEMA_VERSION,
            scenario: scenario.to_string(),
            status,
            solver: solver.to_string(),
            method: String::new(),
            integer_units: false,
            total_cost: None,
            objective: None,
            lp_bound: None,
            gap: None,
            relaxation_objective: None,
            whole_units_premium: None,
            periods: Vec::new(),
            costs: Costs::default(),
            allocations: Vec::new(),
            commitments: Vec::new(),
            fleet: Vec::new(),
            achieved: Achieved::default(),
            shadow_prices: None,
            verification: None,
            model_size: ModelSize::default(),
            notes: vec![note],
            diagnosis: None,
            throughput_sources: Vec::new(),
            uncertainty: None,
            solve_seconds: 0.0,
        }
    }

    /// Whether the plan carries allocations (optimal, feasible, or time-limited with values).
    pub fn has_solution(&self) -> bool {
        self.total_cost.is_some()
    }

    /// The plan as pretty JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a plan document (any schema version up to [`SCHEMA_VERSION`]).
    pub fn from_json_str(text: &str) -> Result<Plan, crate::Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| crate::Error::Parse {
            path: e.path().to_string(),
            message: e.inner().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_with(labels: &[&str]) -> Plan {
        let mut p = Plan::without_solution("s", Status::Infeasible, "microlp", String::new());
        p.periods = labels
            .iter()
            .enumerate()
            .map(|(i, l)| PeriodInfo {
                period: i + 1,
                label: (*l).to_string(),
                hours: 730.0,
            })
            .collect();
        p
    }

    #[test]
    fn labels_past_the_horizon_count_months_on() {
        let p = plan_with(&["2025-07", "2025-08"]);
        assert_eq!(p.period_label_beyond(2).as_deref(), Some("2025-08"));
        // A 12-month term signed in 2025-09 (period 3) is active until period 14: 2026-08.
        assert_eq!(p.period_label_beyond(14).as_deref(), Some("2026-08"));
        assert_eq!(p.period_label_beyond(0), None);
        let unnamed = plan_with(&["P1", "P2"]);
        assert_eq!(unnamed.period_label_beyond(14).as_deref(), Some("P14"));
        assert_eq!(plan_with(&[]).period_label_beyond(3), None);
        // No month arithmetic past the year 9999.
        let late = plan_with(&["9999-12"]);
        assert_eq!(late.period_label_beyond(2).as_deref(), Some("P2"));
    }
}
