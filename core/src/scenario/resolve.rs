//! Resolving a scenario's `catalogs` includes into plain `offerings`, and its `profiles`
//! into `measurements`.
//!
//! Order of operations for each include: read and check the CSV, give rows their ids, apply
//! the filters, fill spot availability, multiply prices by the provider's `discount`
//! factor, generate commit offerings from the (discounted) on-demand rows, apply
//! `overrides`. Then the includes are merged:
//! - an inline offering wins over a catalog offering with the same id;
//! - a later include wins over an earlier one with the same id (layered price lists);
//! - providers named by catalog rows but not declared are appended to `providers` (sorted,
//!   without `max_share`), so a catalog needs no boilerplate. Declare a provider yourself to
//!   give it a `max_share`.
//!
//! Afterwards `catalogs` and `profiles` are empty and the scenario is self-contained.

use super::sandbox::Loader;
use super::{CatalogSpec, Offering, Provider, Scenario};
use crate::catalog::discounts::{self, CommitRule};
use crate::catalog::{accelerators, assign_ids, read_csv, CatalogRow};
use crate::error::ScenarioError;
use crate::glob::glob_match;
use crate::scenario::Purchase;
use crate::serving::Measurement;
use crate::Error;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

fn err(path: impl Into<String>, reason: impl Into<String>) -> Error {
    Error::Invalid(ScenarioError::new(path, reason))
}

impl Scenario {
    /// Loads the included catalogs (paths relative to `base_dir`) into `offerings`, then
    /// empties `catalogs`. [`Scenario::from_path`] calls it with the scenario file's
    /// directory; a scenario parsed from a string must call it itself, or validation
    /// reports the unresolved includes. Returns notes on what was left out (ids shadowed by
    /// inline offerings, commit terms without a known discount).
    pub fn resolve_catalogs(&mut self, base_dir: &Path) -> Result<Vec<String>, Error> {
        Loader::new().allow_dir(base_dir)?.resolve(self, base_dir)
    }
}

impl Loader {
    /// Reads a `.toml` or `.json` scenario file (other extensions: sniffed from the content)
    /// and loads its `catalogs`, relative to the file's directory, inside this sandbox (the
    /// file's directory tree is allowed too). Notes of the catalog resolution are dropped.
    pub fn load(&self, path: &Path) -> Result<Scenario, Error> {
        let mut budget = self.max_total_bytes;
        let text = self.read_named(path, &mut budget)?;
        let mut scenario = match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Scenario::from_json_str(&text)?,
            Some("toml") => Scenario::from_toml_str(&text)?,
            _ => Scenario::from_str_auto(&text)?,
        };
        if !scenario.catalogs.is_empty() || !scenario.profiles.is_empty() {
            let dir = path.parent().unwrap_or_else(|| Path::new(""));
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            self.resolve_within(&mut scenario, dir, Some(dir), &mut budget)?;
        }
        Ok(scenario)
    }

    /// [`Scenario::resolve_catalogs`] inside this sandbox: includes relative to `base_dir`.
    pub fn resolve(&self, s: &mut Scenario, base_dir: &Path) -> Result<Vec<String>, Error> {
        let mut budget = self.max_total_bytes;
        self.resolve_within(s, base_dir, None, &mut budget)
    }

    fn resolve_within(
        &self,
        s: &mut Scenario,
        base_dir: &Path,
        extra_root: Option<&Path>,
        budget: &mut u64,
    ) -> Result<Vec<String>, Error> {
        let read = Read {
            loader: self,
            base_dir,
            extra_root,
        };
        s.resolve_with(&read, budget)
    }
}

/// How one scenario's includes are read.
struct Read<'a> {
    loader: &'a Loader,
    base_dir: &'a Path,
    extra_root: Option<&'a Path>,
}

impl Scenario {
    fn resolve_with(&mut self, read: &Read<'_>, budget: &mut u64) -> Result<Vec<String>, Error> {
        let mut notes = Vec::new();
        let inline: HashSet<String> = self.offerings.iter().map(|o| o.id.clone()).collect();
        let mut merged: Vec<Offering> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, include) in self.catalogs.iter().enumerate() {
            for o in load(i, &include.spec(), read, budget, &mut notes)? {
                if inline.contains(&o.id) {
                    notes.push(format!(
                        "catalogs[{i}]: inline offering `{}` replaces the catalog row",
                        o.id
                    ));
                } else if let Some(slot) = index.get(&o.id).and_then(|&k| merged.get_mut(k)) {
                    notes.push(format!(
                        "catalogs[{i}]: offering `{}` replaces the one of an earlier catalog",
                        o.id
                    ));
                    *slot = o;
                } else {
                    index.insert(o.id.clone(), merged.len());
                    merged.push(o);
                }
            }
        }
        let declared: HashSet<&str> = self.providers.iter().map(|p| p.id.as_str()).collect();
        let missing: BTreeSet<String> = merged
            .iter()
            .filter(|o| !declared.contains(o.provider.as_str()))
            .map(|o| o.provider.clone())
            .collect();
        self.providers
            .extend(missing.into_iter().map(|id| Provider {
                id,
                max_share: None,
            }));
        self.offerings.extend(merged);
        self.catalogs.clear();
        self.resolve_profiles(read, budget)?;
        Ok(notes)
    }

    /// Reads each of `profiles` (a serving-profile CSV, [`crate::serving::profile`]) into
    /// `measurements`, after the inline ones, in order; then empties `profiles`.
    fn resolve_profiles(&mut self, read: &Read<'_>, budget: &mut u64) -> Result<(), Error> {
        for (i, path) in self.profiles.iter().enumerate() {
            let at = format!("profiles[{i}]");
            if path.trim().is_empty() {
                return Err(err(at, "must name a CSV file"));
            }
            let text =
                read.loader
                    .read_include(&at, path, read.base_dir, read.extra_root, budget)?;
            let rows = crate::serving::profile::parse(&text, path)
                .map_err(|e| err(at.clone(), e.to_string()))?;
            self.measurements
                .extend(rows.iter().map(|r| Measurement::from_row(r, path)));
        }
        self.profiles.clear();
        Ok(())
    }
}

/// One include's offerings.
fn load(
    i: usize,
    spec: &CatalogSpec,
    read: &Read<'_>,
    budget: &mut u64,
    notes: &mut Vec<String>,
) -> Result<Vec<Offering>, Error> {
    let at = |f: &str| format!("catalogs[{i}].{f}");
    if spec.path.trim().is_empty() {
        return Err(err(at("path"), "must name a CSV file"));
    }
    let text = read.loader.read_include(
        &at("path"),
        &spec.path,
        read.base_dir,
        read.extra_root,
        budget,
    )?;
    let file = spec.path.clone();
    let mut rows = read_csv(&text, &file)?;
    assign_ids(&mut rows, &file)?;
    filter(i, spec, &file, &mut rows)?;
    for (p, &f) in &spec.spot_availability {
        if !rows.iter().any(|r| &r.provider == p) {
            let why = format!("no row of {file} (after filters) has provider `{p}`");
            return Err(err(at(&format!("spot_availability.{p}")), why));
        }
        if !(f.is_finite() && f > 0.0 && f <= 1.0) {
            return Err(err(
                at(&format!("spot_availability.{p}")),
                format!("must be in (0, 1] (got {f})"),
            ));
        }
    }
    for (p, &f) in &spec.discount {
        if !(f.is_finite() && f > 0.0) {
            return Err(err(
                at(&format!("discount.{p}")),
                format!("must be a price factor > 0 (got {f}; 0.9 = pay 90%)"),
            ));
        }
        if !rows.iter().any(|r| &r.provider == p) {
            return Err(err(
                at(&format!("discount.{p}")),
                format!("no row of {file} (after filters) has provider `{p}`"),
            ));
        }
    }
    for r in &mut rows {
        if r.purchase == Purchase::Spot && r.availability.is_none() {
            let f = spec.spot_availability.get(&r.provider).copied();
            r.availability =
                Some(f.unwrap_or_else(|| discounts::default_spot_availability(&r.provider)));
        }
        r.price_per_hour *= spec.discount.get(&r.provider).copied().unwrap_or(1.0);
    }
    if let Some(c) = &spec.commit {
        let generated = commit(i, c, &rows, notes)?;
        rows.extend(generated);
    }
    let mut offerings: Vec<Offering> = rows
        .iter()
        .map(|r| r.to_offering(r.id.as_deref().unwrap_or_default()))
        .collect();
    for (id, o) in &spec.overrides {
        let path = at(&format!("overrides.{id}"));
        let target = offerings.iter_mut().find(|x| &x.id == id).ok_or_else(|| {
            err(
                path.clone(),
                format!(
                    "no offering `{id}` in {file} (after filters; generated commit ids included)"
                ),
            )
        })?;
        if let Some(v) = o.price_per_hour {
            target.price_per_hour = v;
        }
        if let Some(v) = o.max_units {
            target.max_units = Some(v);
        }
        if let Some(v) = o.availability {
            target.availability = Some(v);
        }
        if let Some(v) = o.lead_periods {
            if target.purchase != Purchase::Commit {
                return Err(err(
                    format!("{path}.lead_periods"),
                    "only commit offerings have a lead time",
                ));
            }
            target.lead_periods = Some(v);
        }
    }
    Ok(offerings)
}

/// Applies the include's filters; an entry that matches no row of the file (before any
/// filtering) is an error.
fn filter(
    i: usize,
    spec: &CatalogSpec,
    file: &str,
    rows: &mut Vec<CatalogRow>,
) -> Result<(), Error> {
    type Test = fn(&CatalogRow, &str) -> bool;
    let lists: [(&str, Option<&Vec<String>>, Test); 3] = [
        ("providers", spec.providers.as_ref(), |r, p| {
            r.provider.eq_ignore_ascii_case(p.trim())
        }),
        ("regions", spec.regions.as_ref(), |r, g| {
            glob_match(g, &r.region)
        }),
        ("accelerators", spec.accelerators.as_ref(), |r, a| {
            accelerators::same(a, &r.accelerator)
        }),
    ];
    for (name, list, test) in &lists {
        for (j, v) in list.iter().flat_map(|l| l.iter()).enumerate() {
            if !rows.iter().any(|r| test(r, v)) {
                let why = format!("`{v}` matches no row of {file}");
                return Err(err(format!("catalogs[{i}].{name}[{j}]"), why));
            }
        }
    }
    for (_, list, test) in lists {
        if let Some(list) = list {
            rows.retain(|r| list.iter().any(|v| test(r, v)));
        }
    }
    if let Some(list) = &spec.purchase {
        rows.retain(|r| list.contains(&r.purchase));
    }
    Ok(())
}

/// The commit rows of an include's `commit` table.
fn commit(
    i: usize,
    c: &super::CommitSpec,
    rows: &[CatalogRow],
    notes: &mut Vec<String>,
) -> Result<Vec<CatalogRow>, Error> {
    let at = |f: &str| format!("catalogs[{i}].commit.{f}");
    if c.terms.is_empty() {
        return Err(err(
            at("terms"),
            "must list at least one term in periods (e.g. [12, 36])",
        ));
    }
    if let Some(j) = c.terms.iter().position(|&t| t == 0) {
        return Err(err(at(&format!("terms[{j}]")), "must be at least 1"));
    }
    let mut table: HashMap<(String, u32), f64> = HashMap::new();
    for (p, terms) in &c.discounts {
        for (t, &off) in terms {
            let path = at(&format!("discounts.{p}.{t}"));
            let term: u32 = t
                .trim()
                .parse()
                .map_err(|_| err(path.clone(), "the key must be a term in periods"))?;
            if !(off.is_finite() && (0.0..1.0).contains(&off)) {
                return Err(err(
                    path,
                    format!("must be a fraction off in [0, 1) (got {off}; 0.3 = 30% off)"),
                ));
            }
            table.insert((p.clone(), term), off);
        }
    }
    let rule = CommitRule {
        terms: &c.terms,
        lead_periods: c.lead_periods,
    };
    let discount = |p: &str, t: u32| match table.get(&(p.to_string(), t)) {
        Some(&off) => Some((off, format!("catalogs[{i}].commit.discounts"))),
        None => discounts::default_discount(p, t),
    };
    let (generated, missing) = discounts::commit_rows(rows, &rule, discount);
    for (p, t) in missing {
        notes.push(format!(
            "catalogs[{i}].commit: no commitment discount known for `{p}` at term {t}: no commit offerings \
             (set commit.discounts.{p}.\"{t}\")"
        ));
    }
    let existing: HashSet<&str> = rows.iter().filter_map(|r| r.id.as_deref()).collect();
    let (kept, shadowed): (Vec<CatalogRow>, Vec<CatalogRow>) = generated
        .into_iter()
        .partition(|r| r.id.as_deref().is_none_or(|id| !existing.contains(id)));
    for r in shadowed {
        let id = r.id.unwrap_or_default();
        notes.push(format!(
            "catalogs[{i}].commit: the file already has `{id}`; keeping the file's row"
        ));
    }
    Ok(kept)
}
