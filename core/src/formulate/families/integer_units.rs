//! Whole instances (`policy.integer_units`, or the `integer` plan option): units are integer
//! variables (the capacity and commitment families make them so). As a policy, its price is
//! what whole units add over the fluid relaxation.

use super::{Family, ParamSpec};
use crate::document::PolicyFamily;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub(crate) struct IntegerUnits;

impl Family for IntegerUnits {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::IntegerUnits)
    }

    fn is_active(&self, s: &Scenario, o: &PlanOptions) -> bool {
        o.integer.unwrap_or(s.policy.integer_units)
    }

    fn relax(&self, s: &mut Scenario, o: &mut PlanOptions) {
        s.policy.integer_units = false;
        o.integer = Some(false);
    }

    fn label(&self, _s: &Scenario) -> String {
        "whole units".into()
    }

    fn setting(&self, _s: &Scenario) -> String {
        "whole units".into()
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[ParamSpec {
            form: "policy.integer_units",
            tightening: 0,
            apply: |s, _, v| {
                s.policy.integer_units = match v {
                    0.0 => false,
                    1.0 => true,
                    _ => return Err("must be 0 or 1"),
                };
                Ok(())
            },
        }]
    }
}
