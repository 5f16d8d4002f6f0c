//! Policy families: the groups of rules that can be switched off as a whole, how to tell
//! whether one is active, and how to switch it off in a scenario (see [`super::policy`]).

pub use crate::document::PolicyFamily;
use crate::fmt::{share, usd};
use crate::options::PlanOptions;
use crate::scenario::{Purchase, Routing, Scenario};

impl PolicyFamily {
    /// Whether the family restricts `s` planned with `options` (a spot cap without spot
    /// offerings restricts nothing).
    pub fn is_active(self, s: &Scenario, options: &PlanOptions) -> bool {
        let p = &s.policy;
        match self {
            PolicyFamily::ProviderShare => {
                p.max_provider_share < 1.0
                    || s.providers
                        .iter()
                        .any(|q| q.max_share.is_some_and(|m| m < 1.0))
            }
            PolicyFamily::OutageCoverage => p.outage_coverage > 0.0,
            PolicyFamily::SpotShare => {
                s.offerings.iter().any(|o| o.purchase == Purchase::Spot)
                    && (p.max_spot_share < 1.0
                        || s.workloads
                            .iter()
                            .any(|w| w.max_spot_share.is_some_and(|m| m < 1.0)))
            }
            PolicyFamily::Budget => p.budget.is_some(),
            PolicyFamily::ProviderFilters => s.workloads.iter().any(|w| w.providers.is_some()),
            PolicyFamily::RegionFilters => s.workloads.iter().any(|w| w.regions.is_some()),
            PolicyFamily::SingleRouting => s.workloads.iter().any(|w| w.routing == Routing::Single),
            PolicyFamily::IntegerUnits => options.integer.unwrap_or(p.integer_units),
        }
    }

    /// Switches the family off in `s` and `options`.
    pub fn relax(self, s: &mut Scenario, options: &mut PlanOptions) {
        match self {
            PolicyFamily::ProviderShare => {
                s.policy.max_provider_share = 1.0;
                s.providers.iter_mut().for_each(|p| p.max_share = None);
            }
            PolicyFamily::OutageCoverage => s.policy.outage_coverage = 0.0,
            PolicyFamily::SpotShare => {
                s.policy.max_spot_share = 1.0;
                s.workloads.iter_mut().for_each(|w| w.max_spot_share = None);
            }
            PolicyFamily::Budget => s.policy.budget = None,
            PolicyFamily::ProviderFilters => {
                s.workloads.iter_mut().for_each(|w| w.providers = None)
            }
            PolicyFamily::RegionFilters => s.workloads.iter_mut().for_each(|w| w.regions = None),
            PolicyFamily::SingleRouting => s
                .workloads
                .iter_mut()
                .for_each(|w| w.routing = Routing::Split),
            PolicyFamily::IntegerUnits => {
                s.policy.integer_units = false;
                options.integer = Some(false);
            }
        }
    }

    /// A short name for tables, e.g. `outage coverage 50%`.
    pub fn label(self, s: &Scenario) -> String {
        match self {
            PolicyFamily::ProviderShare => "provider share caps".into(),
            PolicyFamily::OutageCoverage => {
                format!("outage coverage {}", share(s.policy.outage_coverage))
            }
            PolicyFamily::SpotShare => "spot share caps".into(),
            PolicyFamily::Budget => format!("budget {}", usd(s.policy.budget.unwrap_or(0.0))),
            PolicyFamily::ProviderFilters => "provider allow-lists".into(),
            PolicyFamily::RegionFilters => "region allow-lists".into(),
            PolicyFamily::SingleRouting => "single routing".into(),
            PolicyFamily::IntegerUnits => "whole units".into(),
        }
    }

    /// The family's setting in words, e.g. `the 50% cap per provider`.
    pub fn setting(self, s: &Scenario) -> String {
        let ids = |f: &dyn Fn(&crate::Workload) -> bool| {
            let v: Vec<&str> = s
                .workloads
                .iter()
                .filter(|w| f(w))
                .map(|w| w.id.as_str())
                .collect();
            v.join(", ")
        };
        match self {
            PolicyFamily::ProviderShare => {
                let own: Vec<String> = s
                    .providers
                    .iter()
                    .filter_map(|p| {
                        p.max_share
                            .filter(|&m| m < 1.0)
                            .map(|m| format!("{} {}", p.id, share(m)))
                    })
                    .collect();
                match (s.policy.max_provider_share < 1.0, own.is_empty()) {
                    (true, true) => format!(
                        "the {} cap per provider",
                        share(s.policy.max_provider_share)
                    ),
                    (true, false) => format!(
                        "the {} cap per provider ({})",
                        share(s.policy.max_provider_share),
                        own.join(", ")
                    ),
                    _ => format!("the provider share caps ({})", own.join(", ")),
                }
            }
            PolicyFamily::OutageCoverage => {
                format!("outage coverage of {}", share(s.policy.outage_coverage))
            }
            PolicyFamily::SpotShare => {
                let own: Vec<String> = s
                    .workloads
                    .iter()
                    .filter_map(|w| {
                        w.max_spot_share
                            .filter(|&m| m < 1.0)
                            .map(|m| format!("{} {}", w.id, share(m)))
                    })
                    .collect();
                match (s.policy.max_spot_share < 1.0, own.is_empty()) {
                    (true, true) => {
                        format!("the {} spot share cap", share(s.policy.max_spot_share))
                    }
                    (true, false) => format!(
                        "the {} spot share cap ({})",
                        share(s.policy.max_spot_share),
                        own.join(", ")
                    ),
                    _ => format!("the spot share caps ({})", own.join(", ")),
                }
            }
            PolicyFamily::Budget => {
                format!("the budget of {}", usd(s.policy.budget.unwrap_or(0.0)))
            }
            PolicyFamily::ProviderFilters => format!(
                "the provider allow-lists ({})",
                ids(&|w| w.providers.is_some())
            ),
            PolicyFamily::RegionFilters => {
                format!("the region allow-lists ({})", ids(&|w| w.regions.is_some()))
            }
            PolicyFamily::SingleRouting => format!(
                "single routing ({})",
                ids(&|w| w.routing == Routing::Single)
            ),
            PolicyFamily::IntegerUnits => "whole units".into(),
        }
    }
}
