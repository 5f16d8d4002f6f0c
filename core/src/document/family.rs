//! Policy families: the groups of rules that can be switched off as a whole, as plan
//! documents name them.

use serde::{Deserialize, Serialize};

/// A family of policy rules that can be switched off as a whole.
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
pub enum PolicyFamily {
    /// `policy.max_provider_share` and providers' `max_share`.
    ProviderShare,
    /// `policy.max_region_share`.
    RegionShare,
    /// `policy.outage_coverage`.
    OutageCoverage,
    /// `policy.max_spot_share` and workloads' `max_spot_share`.
    SpotShare,
    /// `policy.budget`.
    Budget,
    /// Workloads' `providers` allow-lists.
    ProviderFilters,
    /// Workloads' `regions` allow-lists.
    RegionFilters,
    /// Workloads with `routing = "single"`.
    SingleRouting,
    /// Whole instances (`policy.integer_units` or the `integer` plan option).
    IntegerUnits,
}

impl PolicyFamily {
    /// The JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyFamily::ProviderShare => "provider_share",
            PolicyFamily::RegionShare => "region_share",
            PolicyFamily::OutageCoverage => "outage_coverage",
            PolicyFamily::SpotShare => "spot_share",
            PolicyFamily::Budget => "budget",
            PolicyFamily::ProviderFilters => "provider_filters",
            PolicyFamily::RegionFilters => "region_filters",
            PolicyFamily::SingleRouting => "single_routing",
            PolicyFamily::IntegerUnits => "integer_units",
        }
    }
}
