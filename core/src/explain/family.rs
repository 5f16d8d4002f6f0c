//! Policy families as explanations see them: each [`PolicyFamily`] delegates to its family
//! in the registry (`formulate/families`), which owns its facets.

use crate::formulate::families::{of_policy, policies};
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub use crate::document::PolicyFamily;

impl PolicyFamily {
    /// Every policy family, in reporting order.
    pub fn all() -> Vec<PolicyFamily> {
        policies()
    }

    /// Whether the family restricts `s` planned with `options` (a spot cap without spot
    /// offerings restricts nothing).
    pub fn is_active(self, s: &Scenario, options: &PlanOptions) -> bool {
        of_policy(self).is_some_and(|f| f.is_active(s, options))
    }

    /// Switches the family off in `s` and `options`.
    pub fn relax(self, s: &mut Scenario, options: &mut PlanOptions) {
        if let Some(f) = of_policy(self) {
            f.relax(s, options);
        }
    }

    /// A short name for tables, e.g. `outage coverage 50%`.
    pub fn label(self, s: &Scenario) -> String {
        of_policy(self).map_or_else(String::new, |f| f.label(s))
    }

    /// The family's setting in words, e.g. `the 50% cap per provider`.
    pub fn setting(self, s: &Scenario) -> String {
        of_policy(self).map_or_else(String::new, |f| f.setting(s))
    }
}
