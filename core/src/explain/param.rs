//! Parameter paths of sweeps: `policy.outage_coverage`, `providers.aws.price_scale`,
//! `demand_scenarios.high.probability`, ...
//!
//! The forms come from the families of the registry (each family lists its parameters). A
//! path is parsed and resolved against the scenario once ([`Param::parse`]); applying a value
//! to a copy of the scenario is then a field write ([`Param::apply`]).

use crate::formulate::families::{params, ParamSpec};
use crate::scenario::Scenario;
use crate::Error;

/// Every accepted form, for error messages and documentation.
pub fn param_forms() -> String {
    params().map(|p| p.form).collect::<Vec<_>>().join(", ")
}

/// A parameter path resolved to a family's parameter and the ids of the items it writes
/// (`None` for `policy.*`; every item of the section for the id `*`).
#[derive(Clone)]
pub(crate) struct Param {
    spec: &'static ParamSpec,
    targets: Option<Vec<String>>,
}

fn bad_path(path: &str, why: &str) -> Error {
    Error::InvalidOption {
        name: path.into(),
        reason: format!("{why}; valid forms: {}", param_forms()),
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
            return params()
                .find(|p| p.form == path)
                .map(|spec| Param {
                    spec,
                    targets: None,
                })
                .ok_or_else(|| bad_path(path, &format!("unknown policy field `{rest}`")));
        }
        // Ids may contain dots: the field is the last component.
        let (id, field) = rest
            .rsplit_once('.')
            .ok_or_else(|| bad_path(path, "expected <section>.<id>.<field>"))?;
        if id.is_empty() {
            return Err(bad_path(path, "the id is empty"));
        }
        let accelerators = accelerators(scenario);
        let demand_scenarios = crate::formulate::families::demand_scenario_names(scenario);
        let (what, ids): (&str, Vec<&str>) = match section {
            "providers" => (
                "provider",
                scenario.providers.iter().map(|p| p.id.as_str()).collect(),
            ),
            "workloads" => (
                "workload",
                scenario.workloads.iter().map(|w| w.id.as_str()).collect(),
            ),
            "offerings" => (
                "offering",
                scenario.offerings.iter().map(|o| o.id.as_str()).collect(),
            ),
            "accelerators" => (
                "accelerator",
                accelerators.iter().map(String::as_str).collect(),
            ),
            "demand_scenarios" => (
                "demand scenario",
                demand_scenarios.iter().map(String::as_str).collect(),
            ),
            _ => return Err(bad_path(path, &format!("unknown section `{section}`"))),
        };
        let form = format!("{section}.<id>.{field}");
        let spec = params().find(|p| p.form == form).ok_or_else(|| {
            bad_path(
                path,
                &format!("`{field}` is not a sweepable field of {section}"),
            )
        })?;
        if id == "*" && section == "demand_scenarios" && field == "probability" {
            // Each scenario's probability rescales the others: only one can be set.
            return Err(bad_path(
                path,
                "name one demand scenario: probabilities cannot all be set to one value",
            ));
        }
        let targets = if id == "*" {
            ids.iter().map(|i| i.to_string()).collect()
        } else {
            index_of(path, what, id, ids)?;
            vec![id.to_string()]
        };
        Ok(Param {
            spec,
            targets: Some(targets),
        })
    }

    /// Writes `value` into `s`. Values that only the parameter can judge (finite, scales
    /// ≥ 0, switches 0 or 1) are checked here, everything else by validation.
    pub(crate) fn apply(&self, s: &mut Scenario, path: &str, value: f64) -> Result<(), Error> {
        let bad = |reason: &str| Error::InvalidOption {
            name: path.into(),
            reason: format!("{reason} (got {value})"),
        };
        if !value.is_finite() {
            return Err(bad("must be a finite number"));
        }
        match &self.targets {
            None => (self.spec.apply)(s, None, value).map_err(bad),
            Some(targets) => targets
                .iter()
                .try_for_each(|id| (self.spec.apply)(s, Some(id), value).map_err(bad)),
        }
    }

    /// +1 when raising the value only removes plans (outage coverage), −1 when lowering it
    /// only removes plans (share caps, budget, unit caps), 0 otherwise. Used to infer
    /// infeasibility in sweeps of pure LPs without solving.
    pub(crate) fn tightening(&self) -> i8 {
        self.spec.tightening
    }
}

/// The accelerator names of `s`'s offerings, sorted: the ids of the `accelerators` section.
pub(crate) fn accelerators(s: &Scenario) -> Vec<String> {
    let mut names: Vec<String> = s.offerings.iter().map(|o| o.accelerator.clone()).collect();
    names.sort();
    names.dedup();
    names
}

/// `scenario` with every `(path, value)` edit applied in order: the calculator's controls as
/// core edits. Every path is resolved against `scenario` before any is applied (an edit of
/// an item another edit removed is no edit). Not validated.
pub fn apply_edits(scenario: &Scenario, edits: &[(String, f64)]) -> Result<Scenario, Error> {
    let mut parsed = Vec::with_capacity(edits.len());
    for (path, value) in edits {
        parsed.push((Param::parse(scenario, path)?, path.as_str(), *value));
    }
    let mut s = scenario.clone();
    for (param, path, value) in parsed {
        param.apply(&mut s, path, value)?;
    }
    Ok(s)
}
