//! Rules of uncertain demand (contract §1): `[[demand_scenarios]]` and `policy.risk`.
//!
//! Names are unique and not empty; probabilities are shares that sum to 1 (within 1e-9);
//! a scale is a finite factor ≥ 0 (per workload: of a declared workload); an explicit
//! series names a serving workload and has one value ≥ 0 per period. Each scenario's own
//! demand is then validated again as a deterministic scenario when it is planned.

use super::{err, id, nonneg, share};
use crate::scenario::{DemandScale, Risk, Scenario, WorkloadKind};
use crate::Error;
use std::collections::HashSet;

/// Largest difference of the probabilities' sum from 1.
pub(crate) const PROBABILITY_TOLERANCE: f64 = 1e-9;

/// Checks `s.demand_scenarios` and `s.policy.risk`.
pub(super) fn check(s: &Scenario, periods: usize) -> Result<(), Error> {
    if let Risk::Cvar(alpha) = s.policy.risk {
        if !(alpha.is_finite() && (0.0..1.0).contains(&alpha)) {
            return Err(err(
                "policy.risk.cvar",
                format!("must be a level in [0, 1) (got {alpha})"),
            ));
        }
    }
    let mut names = HashSet::new();
    let mut sum = 0.0;
    for (i, d) in s.demand_scenarios.iter().enumerate() {
        let at = |f: &str| format!("demand_scenarios[{i}].{f}");
        id(&at("name"), &d.name)?;
        if !names.insert(d.name.as_str()) {
            return Err(err(at("name"), format!("duplicate name `{}`", d.name)));
        }
        sum += share(&at("probability"), d.probability)?;
        match &d.scale {
            None => {}
            Some(DemandScale::All(f)) => {
                nonneg(&at("scale"), *f)?;
            }
            Some(DemandScale::PerWorkload(m)) => {
                for (w, f) in m {
                    workload(s, &at(&format!("scale.{w}")), w)?;
                    nonneg(&at(&format!("scale.{w}")), *f)?;
                }
            }
        }
        for (w, series) in &d.demand {
            let path = at(&format!("demand.{w}"));
            if workload(s, &path, w)? != WorkloadKind::Serving {
                return Err(err(
                    path,
                    "an explicit series is for serving workloads; scale a batch total with `scale`",
                ));
            }
            if series.len() != periods {
                return Err(err(
                    path,
                    format!(
                        "needs one value per period ({periods}), got {}",
                        series.len()
                    ),
                ));
            }
            for (t, v) in series.iter().enumerate() {
                nonneg(&format!("{path}[{t}]"), *v)?;
            }
        }
    }
    if !s.demand_scenarios.is_empty() && (sum - 1.0).abs() > PROBABILITY_TOLERANCE {
        return Err(err(
            "demand_scenarios",
            format!(
                "probabilities must sum to 1 (they sum to {})",
                crate::fmt::near(sum, 1.0)
            ),
        ));
    }
    Ok(())
}

/// The kind of the workload with id `w`, or an error at `path` naming the unknown id.
fn workload(s: &Scenario, path: &str, w: &str) -> Result<WorkloadKind, Error> {
    s.workloads
        .iter()
        .find(|x| x.id == w)
        .map(|x| x.kind)
        .ok_or_else(|| err(path, format!("unknown workload `{w}`")))
}
