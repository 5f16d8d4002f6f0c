//! Provider and region allow-lists of workloads. They build no rows: validation leaves the
//! excluded offerings out of a workload's usable pairs. As policies they can be priced
//! (switched off in a variant) like any other.

use super::Family;
use crate::document::PolicyFamily;
use crate::options::PlanOptions;
use crate::scenario::{Scenario, Workload};

pub(crate) struct ProviderFilters;
pub(crate) struct RegionFilters;

/// Ids of the workloads for which `f` holds, comma-separated.
fn ids(s: &Scenario, f: impl Fn(&Workload) -> bool) -> String {
    let v: Vec<&str> = s
        .workloads
        .iter()
        .filter(|w| f(w))
        .map(|w| w.id.as_str())
        .collect();
    v.join(", ")
}

impl Family for ProviderFilters {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::ProviderFilters)
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.workloads.iter().any(|w| w.providers.is_some())
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.workloads.iter_mut().for_each(|w| w.providers = None);
    }

    fn label(&self, _s: &Scenario) -> String {
        "provider allow-lists".into()
    }

    fn setting(&self, s: &Scenario) -> String {
        format!(
            "the provider allow-lists ({})",
            ids(s, |w| w.providers.is_some())
        )
    }
}

impl Family for RegionFilters {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::RegionFilters)
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.workloads.iter().any(|w| w.regions.is_some())
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.workloads.iter_mut().for_each(|w| w.regions = None);
    }

    fn label(&self, _s: &Scenario) -> String {
        "region allow-lists".into()
    }

    fn setting(&self, s: &Scenario) -> String {
        format!(
            "the region allow-lists ({})",
            ids(s, |w| w.regions.is_some())
        )
    }
}
