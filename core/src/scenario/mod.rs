//! The scenario: serde types that mirror the file format of the model contract exactly.
//!
//! Field names are the TOML/JSON keys. Unknown keys are rejected (a typo such as
//! `max_shares` is an error, not a silently ignored setting). Units are part of every
//! field's doc: prices are USD per unit-hour, throughput is work units per chip-hour,
//! serving demand is work units per hour, batch totals are work units.

mod include;
mod load;
pub(crate) mod month;
mod resolve;
mod sandbox;
mod uncertain;

pub use include::{
    CatalogInclude, CatalogSpec, CommitSpec, OfferingOverride, ScaleBy, ThroughputRef,
};
pub use sandbox::Loader;
pub use uncertain::{DemandGrowth, DemandScale, DemandScenario, Risk};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A planning question: horizon, load profile, providers, offerings, workloads and policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Free-form title.
    #[serde(default)]
    pub name: String,
    /// Planning periods and their hours.
    pub horizon: Horizon,
    /// Load profile inside every period; empty means one segment `{share = 1, level = 1}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<Segment>,
    /// Declared providers; every offering names one of them.
    #[serde(default)]
    pub providers: Vec<Provider>,
    /// What can be bought.
    #[serde(default)]
    pub offerings: Vec<Offering>,
    /// Price catalogs (CSV) whose rows become offerings; see [`Scenario::resolve_catalogs`].
    /// Empty once resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catalogs: Vec<CatalogInclude>,
    /// What must be served or completed.
    #[serde(default)]
    pub workloads: Vec<Workload>,
    /// Portfolio-wide rules.
    #[serde(default)]
    pub policy: Policy,
    /// Commitments already signed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub existing: Vec<Existing>,
    /// Model architectures for workload `model`s the bundled registry does not have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<crate::serving::ModelArch>,
    /// Serving-profile CSV files (paths relative to the scenario file, read like `catalogs`)
    /// whose rows become `measurements`. Empty once resolved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<String>,
    /// Measured serving configurations: for a workload with a `model` they beat the
    /// estimate; an explicit `throughput` entry beats both.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<crate::serving::Measurement>,
    /// Country code (ISO 3166-1 alpha-2) of regions the registry does not know, for
    /// workload `geo` filters: `region_geo = { "my-dc-1" = "DE" }`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub region_geo: BTreeMap<String, String>,
    /// Uncertain demand: the possible futures and their probabilities (contract §1);
    /// empty means demand is known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub demand_scenarios: Vec<DemandScenario>,
    /// Convenience: three growth scenarios (`low`, `base`, `high`) stated once, expanded into
    /// `demand_scenarios`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand_growth: Option<DemandGrowth>,
}

/// Planning periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    /// Number of planning periods (e.g. months).
    pub periods: u32,
    /// Hours in every period (used when `hours` is absent). Default 730.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_period: Option<f64>,
    /// Hours of each period, one per period; wins over `hours_per_period`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Vec<f64>>,
    /// Label of period 1, `YYYY-MM` for monthly labels; informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
}

/// One slice of every period's hours with its own demand level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// Fraction of the period's hours, in [0, 1]; shares sum to 1.
    pub share: f64,
    /// Demand multiplier in this segment (peak = 1.0).
    pub level: f64,
    /// Optional label, e.g. "peak".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A cloud or neocloud.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// Unique id, referenced by offerings and workload allow-lists.
    pub id: String,
    /// Overrides `policy.max_provider_share` for this provider.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_share: Option<f64>,
}

/// How an offering is bought.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Purchase {
    /// Pay per running unit-hour.
    OnDemand,
    /// Pay per running unit-hour, preemptible (availability < 1).
    Spot,
    /// Pay per active unit-hour for `term_periods`, used or not.
    Commit,
}

impl Purchase {
    /// The file-format name.
    pub fn as_str(self) -> &'static str {
        match self {
            Purchase::OnDemand => "on_demand",
            Purchase::Spot => "spot",
            Purchase::Commit => "commit",
        }
    }
}

/// Something rentable: an instance type in a region under one purchase option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    /// Unique id; referenced by `existing`.
    pub id: String,
    /// A declared provider id.
    pub provider: String,
    /// Region name (matched against workload region globs).
    pub region: String,
    /// Accelerator name, matched against workload throughput keys.
    pub accelerator: String,
    /// Accelerators per unit (one rentable instance).
    pub chips: f64,
    /// Purchase option.
    pub purchase: Purchase,
    /// USD per unit-hour (commit: per active unit-hour, used or not).
    pub price_per_hour: f64,
    /// Cap on units running (or active, for commit) at any time in a period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_units: Option<f64>,
    /// Expected usable fraction in (0, 1]; default 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Commit only: periods a commitment lasts once active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_periods: Option<u32>,
    /// Commit only: periods between signing and availability; default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_periods: Option<u32>,
}

/// Serving sustains a rate; batch finishes a total inside a window.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadKind {
    /// A rate (work units per hour) to sustain in every period.
    #[default]
    Serving,
    /// A total (work units) to complete within `window`.
    Batch,
}

/// How a workload may spread over accelerator types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    /// Any mix of accelerators.
    #[default]
    Split,
    /// One accelerator type for the whole horizon.
    Single,
}

/// Serving demand: an explicit series or a growth rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Demand {
    /// Work units per hour, one value per period.
    Series(Vec<f64>),
    /// Period t (1-based) is `start * (1 + growth)^(t-1)`.
    Growth {
        /// Work units per hour in period 1.
        start: f64,
        /// Growth per period (0.08 = +8% per period).
        growth: f64,
    },
}

/// Something to serve or complete.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    /// Unique id.
    pub id: String,
    /// Serving or batch.
    #[serde(default)]
    pub kind: WorkloadKind,
    /// Informational label of the work unit (e.g. "Mtok/h").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Serving only: work units per hour per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demand: Option<Demand>,
    /// Work units per chip-hour by accelerator name; absent = cannot run there. Names match
    /// offering accelerators through their aliases (`H100` matches `H100-SXM`).
    #[serde(default)]
    pub throughput: BTreeMap<String, f64>,
    /// Throughput estimated for other accelerators from one reference; explicit
    /// `throughput` entries win.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput_ref: Option<ThroughputRef>,
    /// A model of the bundled registry or of `[[models]]`: throughput is estimated for every
    /// accelerator without a `throughput` entry (see [`crate::serving`]); needs `request`
    /// and a `unit` of req/s, req/h, tok/s or Mtok/h (serving) or req, tok or Mtok (batch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Weight precision of `model` (default bf16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<crate::serving::Precision>,
    /// Mean request shape of `model`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<crate::serving::Request>,
    /// Latency targets the estimated capacity must meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slo: Option<crate::serving::Slo>,
    /// Offerings this workload cannot use, with the reason (filled by expansion: units that
    /// cannot hold `model` or miss `slo`). Not part of the file format.
    #[serde(skip)]
    #[schemars(skip)]
    pub unfit: BTreeMap<String, String>,
    /// Where expansion's figures for `model` came from, one per accelerator and unit size:
    /// the `throughput` entries it filled are those with a rate, and `unfit` is all its own,
    /// so a later expansion (after an edit of `request`, `slo`, `precision` or `model`)
    /// replaces them instead of reading them as given. Not part of the file format.
    #[serde(skip)]
    #[schemars(skip)]
    pub estimated: Vec<crate::document::ThroughputSource>,
    /// Allow-list of provider ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub providers: Option<Vec<String>>,
    /// Allow-list of region names; `*` matches any run of characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// Allow-list of geographies (`EU`, `US`, `Europe`, `APAC`, ...), for data residency;
    /// combined with `regions` when both are given. See [`crate::catalog::regions`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Vec<String>>,
    /// Overrides `policy.max_spot_share`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_spot_share: Option<f64>,
    /// Split (default) or single accelerator type.
    #[serde(default)]
    pub routing: Routing,
    /// USD per unmet work unit; absent = demand is a hard constraint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall_penalty: Option<f64>,
    /// Batch only: work units to complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<f64>,
    /// Batch only: first and last period (1-based, inclusive); default the whole horizon.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "window_pair"
    )]
    pub window: Option<[u32; 2]>,
}

/// What happens to the cost of commitment periods that fall after the horizon.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BeyondHorizon {
    /// Reported only; the plan pays the commit rate for the periods inside the horizon.
    #[default]
    Amortize,
    /// Added to the objective, each period priced at the last period's hours.
    Charge,
}

/// Portfolio-wide rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Per serving workload: no provider delivers more than this share of demand.
    pub max_provider_share: f64,
    /// Losing any one provider still leaves at least this share of demand served.
    pub outage_coverage: f64,
    /// Spot capacity delivers at most this share of demand.
    pub max_spot_share: f64,
    /// Total USD cap over the horizon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// Units are whole instances (MILP), the default; `false` asks for the fluid relaxation
    /// (fractions of instances).
    pub integer_units: bool,
    /// Per serving workload: no provider/region delivers more than this share of demand.
    pub max_region_share: f64,
    /// Amortize (default) or charge commitment periods after the horizon.
    pub commitments_beyond_horizon: BeyondHorizon,
    /// With `demand_scenarios`: the measure the shared commitments minimise.
    #[serde(skip_serializing_if = "Risk::is_expected")]
    pub risk: Risk,
}

impl Policy {
    /// The policy fields that are shares in [0, 1], with their paths (validation checks
    /// each; a new share-valued policy is one more entry here).
    pub fn shares(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("policy.max_provider_share", self.max_provider_share),
            ("policy.outage_coverage", self.outage_coverage),
            ("policy.max_spot_share", self.max_spot_share),
            ("policy.max_region_share", self.max_region_share),
        ]
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_provider_share: 1.0,
            outage_coverage: 0.0,
            max_spot_share: 1.0,
            budget: None,
            integer_units: true,
            max_region_share: 1.0,
            commitments_beyond_horizon: BeyondHorizon::Amortize,
            risk: Risk::Expected,
        }
    }
}

/// A commitment already signed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Existing {
    /// A commit offering id.
    pub offering: String,
    /// Active units.
    pub units: f64,
    /// Active from period 1 for this many periods.
    pub remaining_periods: u32,
}

/// Reads `[first, last]`, rejecting lists of any other length (some readers would truncate).
fn window_pair<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Option<[u32; 2]>, D::Error> {
    let list: Vec<u32> = Deserialize::deserialize(de)?;
    match list.as_slice() {
        &[first, last] => Ok(Some([first, last])),
        other => Err(serde::de::Error::invalid_length(
            other.len(),
            &"length 2 ([first, last])",
        )),
    }
}
