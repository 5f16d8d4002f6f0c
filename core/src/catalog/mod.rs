//! Real price data: catalogs, SkyPilot import, commitment offers, accelerator and region
//! registries. This room produces [`Scenario`](crate::Scenario) parts; once a scenario's
//! catalogs are resolved it holds plain `offerings` and the rest of the engine is unchanged.
//!
//! ## The capmix catalog format (CSV)
//!
//! One offering per row, with a header line. Full reference: `docs/catalog-format.md`.
//!
//! | column | required | meaning |
//! | --- | --- | --- |
//! | `provider` | yes | provider id (lower-cased on reading) |
//! | `region` | yes | provider region name |
//! | `accelerator` | yes | chip name; aliases are canonicalised (`H100-80GB` → `H100`) |
//! | `chips` | yes | accelerators per unit (one rentable instance or slice), > 0 |
//! | `purchase` | yes | `on_demand`, `spot` or `commit` |
//! | `price_per_hour` | yes | USD per unit-hour, >= 0 (commit: per active unit-hour) |
//! | `max_units` | no | cap on units at any time |
//! | `availability` | no | usable fraction in (0, 1]; blank spot rows get a provider default |
//! | `term_periods` | commit | periods a commitment lasts (commit rows only, >= 1) |
//! | `lead_periods` | no | periods between signing and availability (commit rows only) |
//! | `source` | no | where the price comes from |
//! | `as_of` | no | date of the price (`YYYY-MM-DD` or `YYYY-MM`) |
//! | `id` | no | offering id; generated when blank (below) |
//!
//! Columns may come in any order; an unknown column is an error (a typo must not drop a
//! price). Empty lines and lines starting with `#` are ignored. Fields follow RFC 4180
//! (`"` quotes, `""` escapes). Errors name the file, line and column:
//! `prices.csv:7:6: price_per_hour: `abc` is not a number`.
//!
//! ## Offering ids
//!
//! A row without an `id` gets `{provider}-{region}-{accelerator}-{od|spot|commit-TERM}`,
//! lower case with every run of other characters as `-`: `aws-us-east-1-h100-od`,
//! `gcp-us-central1-tpu-v6e-spot`, `azure-eastus-h100-commit-12`. When one file has
//! several unit sizes of the same accelerator in a region (AWS p5.48xlarge and p5.4xlarge),
//! the chips per unit follow the accelerator in all of that accelerator's rows there, for
//! every purchase option: `aws-us-east-1-h100x8-od`, `aws-us-east-1-h100x8-spot`. Two rows that
//! would get the same id are an error; give one an explicit `id`.

pub mod accelerators;
mod csv;
pub mod discounts;
mod format;
pub mod regions;
pub mod skypilot;

pub use format::{read_csv, write_csv};

use crate::scenario::{Offering, Provider, Purchase};
use crate::Error;
use std::collections::{BTreeMap, HashMap};

/// The catalog columns in their written order; the first six are required.
pub const COLUMNS: [&str; 13] = [
    "provider",
    "region",
    "accelerator",
    "chips",
    "purchase",
    "price_per_hour",
    "max_units",
    "availability",
    "term_periods",
    "lead_periods",
    "source",
    "as_of",
    "id",
];

/// One catalog row: an offering with its provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct CatalogRow {
    /// Explicit offering id, or `None` for a generated one.
    pub id: Option<String>,
    /// Provider id (lower case).
    pub provider: String,
    /// Region name.
    pub region: String,
    /// Canonical accelerator name.
    pub accelerator: String,
    /// Accelerators per unit.
    pub chips: f64,
    /// Purchase option.
    pub purchase: Purchase,
    /// USD per unit-hour (commit: per active unit-hour).
    pub price_per_hour: f64,
    /// Cap on units at any time.
    pub max_units: Option<f64>,
    /// Usable fraction in (0, 1].
    pub availability: Option<f64>,
    /// Commit only: term in periods.
    pub term_periods: Option<u32>,
    /// Commit only: lead in periods.
    pub lead_periods: Option<u32>,
    /// Where the price comes from.
    pub source: String,
    /// Date of the price.
    pub as_of: String,
    /// 1-based line in its file (0 for generated rows).
    pub line: usize,
}

impl CatalogRow {
    /// The row as a scenario offering with id `id`.
    pub fn to_offering(&self, id: &str) -> Offering {
        Offering {
            id: id.to_string(),
            provider: self.provider.clone(),
            region: self.region.clone(),
            accelerator: self.accelerator.clone(),
            chips: self.chips,
            purchase: self.purchase,
            price_per_hour: self.price_per_hour,
            max_units: self.max_units,
            availability: self.availability,
            term_periods: self.term_periods,
            lead_periods: self.lead_periods,
        }
    }

    /// `od`, `spot` or `commit-TERM`: the purchase part of a generated id.
    fn purchase_tag(&self) -> String {
        match self.purchase {
            Purchase::OnDemand => "od".into(),
            Purchase::Spot => "spot".into(),
            Purchase::Commit => format!("commit-{}", self.term_periods.unwrap_or(0)),
        }
    }
}

/// Lower case, every run of characters other than `a-z0-9` as one `-`.
pub(crate) fn slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The id of every row: its explicit id, or the generated one (see the module docs).
pub fn generated_ids(rows: &[CatalogRow]) -> Vec<String> {
    // Chip sizes seen per (provider, region, accelerator) among unnamed rows, over all
    // purchase options, so that the on-demand, spot and commit rows of one instance size
    // share their stem.
    let key = |r: &CatalogRow| (slug(&r.provider), slug(&r.region), slug(&r.accelerator));
    let mut sizes: HashMap<_, Vec<f64>> = HashMap::new();
    for r in rows.iter().filter(|r| r.id.is_none()) {
        let list = sizes.entry(key(r)).or_default();
        if !list.contains(&r.chips) {
            list.push(r.chips);
        }
    }
    rows.iter()
        .map(|r| {
            if let Some(id) = &r.id {
                return id.clone();
            }
            let k = key(r);
            let several = sizes.get(&k).is_some_and(|s| s.len() > 1);
            let acc = if several {
                format!("{}x{}", k.2, slug(&r.chips.to_string()))
            } else {
                k.2
            };
            format!("{}-{}-{acc}-{}", k.0, k.1, r.purchase_tag())
        })
        .collect()
}

/// Gives every row of `file` its id and rejects two rows with the same id.
pub fn assign_ids(rows: &mut [CatalogRow], file: &str) -> Result<(), Error> {
    let ids = generated_ids(rows);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (row, id) in rows.iter().zip(&ids) {
        if let Some(first) = seen.insert(id, row.line) {
            return Err(Error::Catalog {
                path: file.to_string(),
                line: row.line,
                column: 1,
                message: format!(
                    "duplicate offering id `{id}` (also line {first}): give one of the rows an explicit `id`"
                ),
            });
        }
    }
    for (row, id) in rows.iter_mut().zip(ids) {
        row.id = Some(id);
    }
    Ok(())
}

/// Rows as scenario TOML: `[[providers]]` for every provider, then `[[offerings]]`, ready
/// to paste into a scenario (sources and dates are not scenario fields and are left out).
pub fn to_toml(rows: &[CatalogRow]) -> Result<String, Error> {
    #[derive(serde::Serialize)]
    struct Fragment {
        providers: Vec<Provider>,
        offerings: Vec<Offering>,
    }
    let mut ids: Vec<&str> = rows.iter().map(|r| r.provider.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let providers = ids
        .into_iter()
        .map(|id| Provider {
            id: id.to_string(),
            max_share: None,
        })
        .collect();
    let offerings = rows
        .iter()
        .zip(generated_ids(rows))
        .map(|(r, id)| r.to_offering(&id))
        .collect();
    toml::to_string(&Fragment {
        providers,
        offerings,
    })
    .map_err(|e| Error::Parse {
        path: String::new(),
        message: e.to_string(),
    })
}

/// Median of a non-empty list (mean of the two middle values for an even count).
pub(crate) fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => v.get(n / 2).copied(),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(provider: &str, region: &str, acc: &str, chips: f64, purchase: Purchase) -> CatalogRow {
        CatalogRow {
            id: None,
            provider: provider.into(),
            region: region.into(),
            accelerator: acc.into(),
            chips,
            purchase,
            price_per_hour: 1.0,
            max_units: None,
            availability: None,
            term_periods: (purchase == Purchase::Commit).then_some(12),
            lead_periods: None,
            source: String::new(),
            as_of: String::new(),
            line: 2,
        }
    }

    #[test]
    fn readable_ids() {
        let rows = vec![
            row("aws", "us-east-1", "H100", 8.0, Purchase::OnDemand),
            row("gcp", "us-central1", "TPU-v6e", 1.0, Purchase::Spot),
            row("azure", "eastus", "H100", 8.0, Purchase::Commit),
            row("aws", "us-west-2", "H100", 8.0, Purchase::OnDemand),
            row("aws", "us-west-2", "H100", 1.0, Purchase::OnDemand),
        ];
        assert_eq!(
            generated_ids(&rows),
            [
                "aws-us-east-1-h100-od",
                "gcp-us-central1-tpu-v6e-spot",
                "azure-eastus-h100-commit-12",
                "aws-us-west-2-h100x8-od",
                "aws-us-west-2-h100x1-od"
            ]
        );
    }

    #[test]
    fn duplicate_rows_need_an_id() {
        let mut rows = vec![row("aws", "r", "H100", 8.0, Purchase::Spot); 2];
        rows[1].line = 3;
        let e = assign_ids(&mut rows, "p.csv").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("p.csv:3:1: duplicate offering id `aws-r-h100-spot` (also line 2)"),
            "{e}"
        );
        rows[1].id = Some("mine".into());
        assign_ids(&mut rows, "p.csv").unwrap();
        assert_eq!(rows[0].id.as_deref(), Some("aws-r-h100-spot"));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
