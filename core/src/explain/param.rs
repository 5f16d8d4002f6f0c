//! Parameter paths of sweeps: `policy.outage_coverage`, `providers.aws.price_scale`, ...
//!
//! A path is parsed and resolved against the scenario once ([`Param::parse`]); applying a
//! value to a clone of the scenario is then a field write ([`Param::apply`]).

use crate::scenario::{BeyondHorizon, Demand, Scenario};
use crate::Error;

/// Every accepted form, for error messages and documentation.
pub const PARAM_FORMS: &str = "policy.max_provider_share, policy.outage_coverage, \
policy.max_spot_share, policy.budget, policy.integer_units (0 or 1), \
policy.commitments_beyond_horizon (0 = amortize, 1 = charge), providers.<id>.max_share, \
providers.<id>.price_scale, workloads.<id>.demand_scale, workloads.<id>.max_spot_share, \
offerings.<id>.max_units, offerings.<id>.price_per_hour";

/// A parameter path resolved to indices of the scenario's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    MaxProviderShare,
    OutageCoverage,
    MaxSpotShare,
    Budget,
    IntegerUnits,
    BeyondHorizon,
    /// `providers[i].max_share`.
    ProviderMaxShare(usize),
    /// Multiplies `price_per_hour` of every offering of `providers[i]`.
    ProviderPriceScale(usize),
    /// Multiplies `workloads[i]`'s demand (series or growth start) or batch total.
    DemandScale(usize),
    /// `workloads[i].max_spot_share`.
    WorkloadMaxSpotShare(usize),
    /// `offerings[i].max_units`.
    MaxUnits(usize),
    /// `offerings[i].price_per_hour`.
    Price(usize),
}

fn bad_path(path: &str, why: &str) -> Error {
    Error::InvalidOption {
        name: path.into(),
        reason: format!("{why}; valid forms: {PARAM_FORMS}"),
    }
}

fn index_of(path: &str, what: &str, id: &str, ids: Vec<&str>) -> Result<usize, Error> {
    ids.iter().position(|&i| i == id).ok_or_else(|| {
        let known = if ids.len() > 12 {
            format!("{}, ...", ids[..12].join(", "))
        } else {
            ids.join(", ")
        };
        Error::InvalidOption {
            name: path.into(),
            reason: format!("unknown {what} `{id}` (declared: {known})"),
        }
    })
}

impl Param {
    /// Parses `path` and resolves its id against `scenario`.
    pub(crate) fn parse(scenario: &Scenario, path: &str) -> Result<Param, Error> {
        let (section, rest) = path
            .split_once('.')
            .ok_or_else(|| bad_path(path, "not a parameter path"))?;
        if section == "policy" {
            return match rest {
                "max_provider_share" => Ok(Param::MaxProviderShare),
                "outage_coverage" => Ok(Param::OutageCoverage),
                "max_spot_share" => Ok(Param::MaxSpotShare),
                "budget" => Ok(Param::Budget),
                "integer_units" => Ok(Param::IntegerUnits),
                "commitments_beyond_horizon" => Ok(Param::BeyondHorizon),
                _ => Err(bad_path(path, &format!("unknown policy field `{rest}`"))),
            };
        }
        // Ids may contain dots: the field is the last component.
        let (id, field) = rest
            .rsplit_once('.')
            .ok_or_else(|| bad_path(path, "expected <section>.<id>.<field>"))?;
        if id.is_empty() {
            return Err(bad_path(path, "the id is empty"));
        }
        let s = scenario;
        match (section, field) {
            ("providers", "max_share" | "price_scale") => {
                let i = index_of(
                    path,
                    "provider",
                    id,
                    s.providers.iter().map(|p| p.id.as_str()).collect(),
                )?;
                Ok(if field == "max_share" {
                    Param::ProviderMaxShare(i)
                } else {
                    Param::ProviderPriceScale(i)
                })
            }
            ("workloads", "demand_scale" | "max_spot_share") => {
                let i = index_of(
                    path,
                    "workload",
                    id,
                    s.workloads.iter().map(|w| w.id.as_str()).collect(),
                )?;
                Ok(if field == "demand_scale" {
                    Param::DemandScale(i)
                } else {
                    Param::WorkloadMaxSpotShare(i)
                })
            }
            ("offerings", "max_units" | "price_per_hour") => {
                let i = index_of(
                    path,
                    "offering",
                    id,
                    s.offerings.iter().map(|o| o.id.as_str()).collect(),
                )?;
                Ok(if field == "max_units" {
                    Param::MaxUnits(i)
                } else {
                    Param::Price(i)
                })
            }
            ("providers" | "workloads" | "offerings", _) => Err(bad_path(
                path,
                &format!("`{field}` is not a sweepable field of {section}"),
            )),
            _ => Err(bad_path(path, &format!("unknown section `{section}`"))),
        }
    }

    /// Writes `value` into `s`. Values that only the parameter can judge (finite, scales
    /// ≥ 0, switches 0 or 1) are checked here, everything else by validation.
    pub(crate) fn apply(self, s: &mut Scenario, path: &str, value: f64) -> Result<(), Error> {
        let bad = |reason: &str| Error::InvalidOption {
            name: path.into(),
            reason: format!("{reason} (got {value})"),
        };
        if !value.is_finite() {
            return Err(bad("must be a finite number"));
        }
        let switch = || {
            if value == 0.0 {
                Ok(false)
            } else if value == 1.0 {
                Ok(true)
            } else {
                Err(bad("must be 0 or 1"))
            }
        };
        let scale = || {
            if value >= 0.0 {
                Ok(value)
            } else {
                Err(bad("a scale must be >= 0"))
            }
        };
        match self {
            Param::MaxProviderShare => s.policy.max_provider_share = value,
            Param::OutageCoverage => s.policy.outage_coverage = value,
            Param::MaxSpotShare => s.policy.max_spot_share = value,
            Param::Budget => s.policy.budget = Some(value),
            Param::IntegerUnits => s.policy.integer_units = switch()?,
            Param::BeyondHorizon => {
                s.policy.commitments_beyond_horizon = if switch()? {
                    BeyondHorizon::Charge
                } else {
                    BeyondHorizon::Amortize
                };
            }
            Param::ProviderMaxShare(i) => s.providers[i].max_share = Some(value),
            Param::ProviderPriceScale(i) => {
                let f = scale()?;
                let id = s.providers[i].id.clone();
                for o in s.offerings.iter_mut().filter(|o| o.provider == id) {
                    o.price_per_hour *= f;
                }
            }
            Param::DemandScale(i) => {
                let f = scale()?;
                let w = &mut s.workloads[i];
                match &mut w.demand {
                    Some(Demand::Series(list)) => list.iter_mut().for_each(|d| *d *= f),
                    Some(Demand::Growth { start, .. }) => *start *= f,
                    None => {}
                }
                if let Some(total) = &mut w.total {
                    *total *= f;
                }
            }
            Param::WorkloadMaxSpotShare(i) => s.workloads[i].max_spot_share = Some(value),
            Param::MaxUnits(i) => s.offerings[i].max_units = Some(value),
            Param::Price(i) => s.offerings[i].price_per_hour = value,
        }
        Ok(())
    }

    /// +1 when raising the value only removes plans (outage coverage), −1 when lowering it
    /// only removes plans (share caps, budget, unit caps), 0 otherwise. Used to infer
    /// infeasibility in sweeps of pure LPs without solving.
    pub(crate) fn tightening(self) -> i8 {
        match self {
            Param::OutageCoverage => 1,
            Param::MaxProviderShare
            | Param::MaxSpotShare
            | Param::Budget
            | Param::ProviderMaxShare(_)
            | Param::WorkloadMaxSpotShare(_)
            | Param::MaxUnits(_) => -1,
            _ => 0,
        }
    }
}
