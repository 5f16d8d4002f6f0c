//! Workload conveniences expanded into plain contract fields before validation:
//! `throughput_ref` (estimates from a reference accelerator), accelerator aliases, and
//! `geo` (data residency by geography); and, for the whole scenario, `demand_growth` (three
//! growth scenarios stated once, see [`demand_growth`]).
//!
//! [`conveniences`] returns a scenario in which
//! - `throughput_ref` has become `throughput` entries (explicit entries win, compared by
//!   canonical accelerator name), keyed by canonical names;
//! - every offering accelerator that a workload names under an alias (`H100` for an offering
//!   on `H100-SXM`) has an exact `throughput` entry with the alias's value;
//! - `geo` has become a `regions` list of the exact region names, among the offerings the
//!   workload can use (provider and region filters, compatible accelerator), whose geography
//!   matches one of the `geo` values.
//!
//! Validation, formulation and the independent verifier therefore all see the same plain
//! scenario; [`crate::plan`] verifies against it.

use crate::catalog::accelerators::{self, ScaleBy, ACCELERATORS};
use crate::catalog::regions;
use crate::error::ScenarioError;
use crate::glob::glob_match;
use crate::scenario::{Offering, Scenario, Workload};
use crate::Error;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

fn err(path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::Invalid(ScenarioError::new(path, reason))
}

/// The scenario with its workload conveniences expanded (borrowed when there are none).
/// Errors when catalogs are still unresolved, and for bad `throughput_ref`, `geo` or
/// `region_geo` entries, naming the path.
pub(super) fn conveniences(s: &Scenario) -> Result<Cow<'_, Scenario>, Error> {
    if !s.catalogs.is_empty() {
        return Err(err(
            "catalogs",
            "the scenario includes catalogs that are not loaded yet: read it with Scenario::from_path, \
             or call Scenario::resolve_catalogs(base_dir) first",
        ));
    }
    if !s.profiles.is_empty() {
        return Err(err(
            "profiles",
            "the scenario includes serving profiles that are not loaded yet: read it with \
             Scenario::from_path, or call Scenario::resolve_catalogs(base_dir) first",
        ));
    }
    for (key, code) in &s.region_geo {
        if regions::country(code).is_none() {
            return Err(err(
                format!("region_geo.{key}"),
                format!("unknown country code `{code}` (ISO 3166-1 alpha-2, e.g. DE)"),
            ));
        }
    }
    let mut accs: Vec<&str> = s.offerings.iter().map(|o| o.accelerator.as_str()).collect();
    accs.sort_unstable();
    accs.dedup();
    // Registry identities, computed once per name: comparing every workload key with every
    // offering accelerator through `accelerators::same` costs a registry scan per pair.
    let accs: Vec<(&str, Identity)> = accs.into_iter().map(|a| (a, identity(a))).collect();
    let aliases = |w: &Workload| {
        let mut by_identity: HashMap<Identity, f64> = HashMap::new();
        for (k, &v) in &w.throughput {
            by_identity.entry(identity(k)).or_insert(v);
        }
        let found: Vec<(String, f64)> = accs
            .iter()
            .filter(|(a, _)| !w.throughput.contains_key(*a))
            .filter_map(|(a, id)| by_identity.get(id).map(|&v| ((*a).to_string(), v)))
            .collect();
        found
    };
    if !s
        .workloads
        .iter()
        .any(|w| w.throughput_ref.is_some() || w.geo.is_some() || !aliases(w).is_empty())
    {
        return Ok(Cow::Borrowed(s));
    }
    let mut out = s.clone();
    for (i, w) in out.workloads.iter_mut().enumerate() {
        expand_ref(i, w)?;
        for (a, v) in aliases(w) {
            w.throughput.insert(a, v);
        }
        resolve_geo(i, w, &s.offerings, &s.region_geo)?;
    }
    Ok(Cow::Owned(out))
}

/// `demand_growth = { low, base, high, probabilities }` → three `demand_scenarios` named
/// `low`, `base` and `high`, in which every serving workload's demand is its period-1 value
/// grown by that rate per period (D_t = D_1·(1+g)^(t−1), work units per hour); batch totals
/// are unchanged. Growth rates must be finite and > −1; it cannot be combined with explicit
/// `demand_scenarios` (the probabilities are checked with the scenarios, in validation).
pub(super) fn demand_growth(mut s: Scenario) -> Result<Scenario, Error> {
    let Some(g) = s.demand_growth.take() else {
        return Ok(s);
    };
    if !s.demand_scenarios.is_empty() {
        return Err(err(
            "demand_growth",
            "state either `demand_growth` or `[[demand_scenarios]]`, not both",
        ));
    }
    let periods = s.horizon.periods as usize;
    let named = g.named_rates();
    for (i, (name, rate)) in named.iter().enumerate() {
        if !(rate.is_finite() && *rate > -1.0) {
            return Err(err(
                format!("demand_growth.{name}"),
                format!("must be a finite growth rate > -1 (got {rate})"),
            ));
        }
        let demand = s
            .workloads
            .iter()
            .filter(|w| w.kind == crate::scenario::WorkloadKind::Serving)
            .filter_map(|w| {
                let first = *super::series(w.demand.as_ref()?, periods).first()?;
                let grown = (0..periods)
                    .map(|t| first * (1.0 + rate).powi(i32::try_from(t).unwrap_or(i32::MAX)))
                    .collect();
                Some((w.id.clone(), grown))
            })
            .collect();
        s.demand_scenarios.push(crate::scenario::DemandScenario {
            name: (*name).to_string(),
            probability: g.probabilities[i],
            scale: None,
            demand,
        });
    }
    Ok(s)
}

/// `throughput_ref` → `throughput` entries for every accelerator it can estimate.
fn expand_ref(i: usize, w: &mut Workload) -> Result<(), Error> {
    let Some(r) = w.throughput_ref.take() else {
        return Ok(());
    };
    let at = |f: &str| format!("workloads[{i}].throughput_ref.{f}");
    if !(r.value.is_finite() && r.value > 0.0) {
        return Err(err(at("value"), format!("must be > 0 (got {})", r.value)));
    }
    let mut estimates: Vec<(String, f64)> =
        vec![(accelerators::canonical(&r.accelerator), r.value)];
    if r.scale_by == ScaleBy::Ratios {
        if r.ratios.is_empty() {
            return Err(err(
                at("ratios"),
                "scale_by = \"ratios\" needs `ratios = { H200 = 1.4, ... }`",
            ));
        }
        if r.accelerators.is_some() {
            return Err(err(
                at("accelerators"),
                "with scale_by = \"ratios\" the accelerators are the keys of `ratios`",
            ));
        }
        for (name, &ratio) in &r.ratios {
            if !(ratio.is_finite() && ratio > 0.0) {
                return Err(err(
                    at(&format!("ratios.{name}")),
                    format!("must be > 0 (got {ratio})"),
                ));
            }
            estimates.push((accelerators::canonical(name), r.value * ratio));
        }
    } else {
        let metric = r.scale_by.as_str();
        if !r.ratios.is_empty() {
            return Err(err(at("ratios"), "`ratios` needs scale_by = \"ratios\""));
        }
        let known: Vec<&str> = ACCELERATORS
            .iter()
            .filter(|s| accelerators::metric(r.scale_by, s).is_some())
            .map(|s| s.name)
            .collect();
        let has = |name: &str| {
            accelerators::lookup(name)
                .and_then(|s| accelerators::metric(r.scale_by, s))
                .is_some()
        };
        if !has(&r.accelerator) {
            let why = format!(
                "no {metric} figure for `{}` in the registry; known: {}",
                r.accelerator,
                known.join(", ")
            );
            return Err(err(at("accelerator"), why));
        }
        let targets: Vec<String> = match &r.accelerators {
            Some(list) => {
                for (j, a) in list.iter().enumerate() {
                    if !has(a) {
                        let why = format!(
                            "no {metric} figure for `{a}` in the registry; known: {}",
                            known.join(", ")
                        );
                        return Err(err(at(&format!("accelerators[{j}]")), why));
                    }
                }
                list.clone()
            }
            None => known.iter().map(|s| s.to_string()).collect(),
        };
        for t in targets {
            if let Some(v) = accelerators::estimate(&r.accelerator, r.value, r.scale_by, &t) {
                estimates.push((accelerators::canonical(&t), v));
            }
        }
    }
    let mut present: HashSet<Identity> = w.throughput.keys().map(|k| identity(k)).collect();
    for (name, v) in estimates {
        if present.insert(identity(&name)) {
            w.throughput.insert(name, v);
        }
    }
    Ok(())
}

/// What [`accelerators::same`] compares: the registry entry of a name, or its normal form
/// for names the registry does not know (`same(a, b)` ⟺ `identity(a) == identity(b)`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Identity {
    Known(&'static str),
    Unknown(String),
}

pub(super) fn identity(name: &str) -> Identity {
    match accelerators::lookup(name) {
        Some(spec) => Identity::Known(spec.name),
        None => Identity::Unknown(accelerators::normalize(name)),
    }
}

/// `geo` → `regions`: the exact names of usable regions whose geography matches.
fn resolve_geo(
    i: usize,
    w: &mut Workload,
    offerings: &[Offering],
    declared: &BTreeMap<String, String>,
) -> Result<(), Error> {
    let Some(geo) = w.geo.take() else {
        return Ok(());
    };
    if geo.is_empty() {
        return Err(err(
            format!("workloads[{i}].geo"),
            "must list at least one geography (e.g. [\"EU\"])",
        ));
    }
    for (j, g) in geo.iter().enumerate() {
        if !regions::is_known_geo(g) {
            return Err(err(
                format!("workloads[{i}].geo[{j}]"),
                format!("unknown geography `{g}`: use a country code (DE), a continent (Europe) or a bloc (EU, EEA, EMEA, APAC, LATAM, Middle East)"),
            ));
        }
    }
    // For a served model, every accelerator the estimate looked at counts, whether or not
    // it fits: the regions must not depend on the model, its precision or its targets, which
    // edits change without resolving `geo` again (unfit units stay unusable anyway).
    let estimated: BTreeSet<String> = w.estimated.iter().map(|s| s.accelerator.clone()).collect();
    let mut allowed = BTreeSet::new();
    let mut unknown = BTreeSet::new();
    for o in offerings {
        let usable = (w.throughput.contains_key(&o.accelerator)
            || estimated.contains(&o.accelerator))
            && w.providers
                .as_ref()
                .is_none_or(|ps| ps.contains(&o.provider))
            && w.regions
                .as_ref()
                .is_none_or(|gs| gs.iter().any(|g| glob_match(g, &o.region)));
        if !usable {
            continue;
        }
        let own = declared
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&o.region))
            .and_then(|(_, c)| regions::country(c));
        match own.or_else(|| regions::geography(&o.region)) {
            Some(g) if geo.iter().any(|v| g.matches(v)) => {
                allowed.insert(o.region.clone());
            }
            Some(_) => {}
            None => {
                unknown.insert(format!("{}/{}", o.provider, o.region));
            }
        }
    }
    if !unknown.is_empty() {
        let list: Vec<String> = unknown.into_iter().collect();
        return Err(err(
            format!("workloads[{i}].geo"),
            format!(
                "no known geography for region(s) {}: declare them in `region_geo` (e.g. region_geo = {{ \"{}\" = \"US\" }})",
                list.join(", "),
                list.first().and_then(|r| r.split_once('/')).map_or("", |(_, r)| r)
            ),
        ));
    }
    if allowed.is_empty() {
        let why = format!("no offering the workload can use is in {}", geo.join(", "));
        return Err(err(format!("workloads[{i}].geo"), why));
    }
    w.regions = Some(allowed.into_iter().collect());
    Ok(())
}
