//! Parameter paths of sweeps: `policy.outage_coverage`, `providers.aws.price_scale`,
//! `demand_scenarios.high.probability`, ...
//!
//! The forms come from the families of the registry (each family lists its parameters). A
//! path is parsed and resolved against the scenario once ([`Param::parse`]); applying a value
//! to a copy of the scenario is then a field write ([`Param::apply`]).

use crate::formulate::families::{params, reestimates, text_params, ParamSpec, TextParamSpec};
use crate::scenario::Scenario;
use crate::Error;
use serde::{Deserialize, Serialize};

/// The value of an edit: a number for every sweepable parameter, a name for the few
/// parameters that are names (`workloads.<id>.model`, `workloads.<id>.precision`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum EditValue {
    /// A number (a share, a scale, a switch 0 or 1, tokens, ms, ...).
    Number(f64),
    /// A name.
    Text(String),
}

impl From<f64> for EditValue {
    fn from(v: f64) -> EditValue {
        EditValue::Number(v)
    }
}

impl From<&str> for EditValue {
    fn from(v: &str) -> EditValue {
        EditValue::Text(v.to_string())
    }
}

impl From<String> for EditValue {
    fn from(v: String) -> EditValue {
        EditValue::Text(v)
    }
}

/// Every accepted form, for error messages and documentation (the names last).
pub fn param_forms() -> String {
    params()
        .map(|p| p.form)
        .chain(text_params().map(|p| p.form))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A parameter path resolved to a family's parameter and the ids of the items it writes
/// (`None` for `policy.*`; every item of the section for the id `*`).
#[derive(Clone)]
pub(crate) struct Param {
    spec: &'static ParamSpec,
    targets: Option<Vec<String>>,
}

/// A name parameter resolved like a [`Param`].
struct TextParam {
    spec: &'static TextParamSpec,
    targets: Vec<String>,
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
        let (form, field, targets) = targets(scenario, path, section, rest)?;
        let spec = params().find(|p| p.form == form).ok_or_else(|| {
            bad_path(
                path,
                &format!("`{field}` is not a sweepable field of {section}"),
            )
        })?;
        if form == "demand_scenarios.<id>.probability" && targets.len() > 1 {
            // Each scenario's probability rescales the others: only one can be set.
            return Err(bad_path(
                path,
                "name one demand scenario: probabilities cannot all be set to one value",
            ));
        }
        Ok(Param {
            spec,
            targets: Some(targets),
        })
    }

    /// Writes `value` into `s`. Values that only the parameter can judge (finite, scales
    /// ≥ 0, switches 0 or 1) are checked here, everything else by validation.
    pub(crate) fn apply(&self, s: &mut Scenario, path: &str, value: f64) -> Result<(), Error> {
        self.apply_plain(s, path, value)?;
        if self.reestimates() {
            crate::expand::reestimate(s)?;
        }
        Ok(())
    }

    /// [`Param::apply`] without estimating the throughputs again.
    fn apply_plain(&self, s: &mut Scenario, path: &str, value: f64) -> Result<(), Error> {
        let bad = |reason: &str| Error::InvalidOption {
            name: path.into(),
            reason: format!("{reason} (got {value})"),
        };
        if !value.is_finite() {
            return Err(bad("must be a finite number"));
        }
        match &self.targets {
            None => (self.spec.apply)(s, None, value).map_err(bad)?,
            Some(targets) => targets
                .iter()
                .try_for_each(|id| (self.spec.apply)(s, Some(id), value).map_err(bad))?,
        }
        Ok(())
    }

    /// Whether the parameter is a serving input (the throughputs follow it).
    fn reestimates(&self) -> bool {
        reestimates(self.spec.form)
    }

    /// +1 when raising the value only removes plans (outage coverage), −1 when lowering it
    /// only removes plans (share caps, budget, unit caps), 0 otherwise. Used to infer
    /// infeasibility in sweeps of pure LPs without solving.
    pub(crate) fn tightening(&self) -> i8 {
        self.spec.tightening
    }
}

/// `<id>.<field>` of `section` resolved against `scenario`: the path's form
/// (`workloads.<id>.tpot_ms`), its field and the ids it writes (every item for `*`).
fn targets(
    scenario: &Scenario,
    path: &str,
    section: &str,
    rest: &str,
) -> Result<(String, String, Vec<String>), Error> {
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
    let mut targets = if id == "*" {
        ids.iter().map(|i| i.to_string()).collect()
    } else {
        index_of(path, what, id, ids)?;
        vec![id.to_string()]
    };
    if section == "workloads" && reestimates(&form) {
        targets = crate::formulate::families::serving_targets(scenario, id, field, targets)
            .map_err(|why| bad_path(path, &why))?;
    }
    Ok((form, field.to_string(), targets))
}

impl TextParam {
    /// `Some` when `path` is a name parameter (`workloads.<id>.model`), resolved.
    fn parse(scenario: &Scenario, path: &str) -> Result<Option<TextParam>, Error> {
        let Some((section, rest)) = path.split_once('.') else {
            return Ok(None);
        };
        let Some(field) = rest.rsplit_once('.').map(|(_, f)| f) else {
            return Ok(None);
        };
        let form = format!("{section}.<id>.{field}");
        let Some(spec) = text_params().find(|p| p.form == form) else {
            return Ok(None);
        };
        let (_, _, targets) = targets(scenario, path, section, rest)?;
        Ok(Some(TextParam { spec, targets }))
    }

    fn apply(&self, s: &mut Scenario, path: &str, value: &str) -> Result<(), Error> {
        for id in &self.targets {
            (self.spec.apply)(s, Some(id), value).map_err(|reason| Error::InvalidOption {
                name: path.into(),
                reason: format!("{reason} (got `{value}`)"),
            })?;
        }
        Ok(())
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
/// an item another edit removed is no edit); a name goes to a name parameter
/// (`workloads.<id>.model`), a number to a sweepable one. When a serving input changed, the
/// throughputs of the served models are estimated again. Not validated.
pub fn apply_edits(scenario: &Scenario, edits: &[(String, EditValue)]) -> Result<Scenario, Error> {
    enum Parsed<'a> {
        Number(Param, f64),
        Text(TextParam, &'a str),
    }
    let mut parsed = Vec::with_capacity(edits.len());
    let mut estimate = false;
    for (path, value) in edits {
        let p = match value {
            EditValue::Number(v) => {
                let param = Param::parse(scenario, path)?;
                estimate |= param.reestimates();
                Parsed::Number(param, *v)
            }
            EditValue::Text(name) => {
                let param = TextParam::parse(scenario, path)?.ok_or_else(|| {
                    let names: Vec<&str> = text_params().map(|p| p.form).collect();
                    bad_path(
                        path,
                        &format!("a name is the value only of {}", names.join(", ")),
                    )
                })?;
                estimate = true;
                Parsed::Text(param, name.as_str())
            }
        };
        parsed.push((p, path.as_str()));
    }
    let mut s = scenario.clone();
    for (p, path) in parsed {
        match p {
            Parsed::Number(param, v) => param.apply_plain(&mut s, path, v)?,
            Parsed::Text(param, name) => param.apply(&mut s, path, name)?,
        }
    }
    if estimate {
        crate::expand::reestimate(&mut s)?;
    }
    Ok(s)
}
