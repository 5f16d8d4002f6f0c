//! Scenario fields that bring in real price data and workload conveniences: `catalogs`
//! includes (with filters and price adjustments) and `throughput_ref`.
//!
//! ```toml
//! catalogs = ["prices.csv"]                      # a path, relative to the scenario file
//!
//! [[catalogs]]                                   # or a table with filters and adjustments
//! path = "../catalogs/public-prices-2025.csv"
//! providers = ["aws", "gcp"]                     # keep these providers
//! regions = ["us-*", "europe-west4"]             # keep these regions ('*' globs)
//! accelerators = ["H100", "TPU-v6e"]             # keep these accelerators (aliases match)
//! purchase = ["on_demand", "spot"]               # keep these purchase options
//! discount = { aws = 0.9 }                       # price factor: AWS at 90% of list
//! spot_availability = { gcp = 0.8 }              # for spot rows without availability
//! overrides = { "aws-us-east-1-h100-od" = { price_per_hour = 48.0, max_units = 50 } }
//! commit = { terms = [12, 36], discounts = { aws = { "12" = 0.3 } }, lead_periods = 1 }
//! ```

use crate::scenario::Purchase;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// A catalog included by a scenario: a path, or a table with filters and adjustments.
#[derive(Debug, Clone, PartialEq)]
pub enum CatalogInclude {
    /// `"prices.csv"`: every row, as listed.
    Path(String),
    /// `{ path = "prices.csv", providers = [...], ... }`.
    Table(Box<CatalogSpec>),
}

impl CatalogInclude {
    /// The include as a table (a bare path has no filters or adjustments).
    pub fn spec(&self) -> CatalogSpec {
        match self {
            CatalogInclude::Path(path) => CatalogSpec {
                path: path.clone(),
                ..CatalogSpec::default()
            },
            CatalogInclude::Table(spec) => (**spec).clone(),
        }
    }
}

impl Serialize for CatalogInclude {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CatalogInclude::Path(p) => s.serialize_str(p),
            CatalogInclude::Table(t) => t.serialize(s),
        }
    }
}

impl schemars::JsonSchema for CatalogInclude {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CatalogInclude".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let table = generator.subschema_for::<CatalogSpec>();
        schemars::json_schema!({
            "description": "A catalog included by a scenario: a path (every row, as listed), or a table with filters and adjustments.",
            "anyOf": [
                { "type": "string", "description": "CSV file, relative to the scenario file's directory." },
                table
            ]
        })
    }
}

// Hand-written instead of `#[serde(untagged)]` so that a typo inside a table reports its own
// field (`catalogs[0].provider`) rather than "did not match any variant".
impl<'de> Deserialize<'de> for CatalogInclude {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CatalogInclude;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a catalog path or a table { path = \"...\", ... }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CatalogInclude, E> {
                Ok(CatalogInclude::Path(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CatalogInclude, A::Error> {
                CatalogSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|spec| CatalogInclude::Table(Box::new(spec)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A catalog include with filters and price adjustments. Filters keep rows that match any
/// entry of each given list; every entry must match some row of the file (typos are errors).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogSpec {
    /// CSV file, relative to the scenario file's directory.
    pub path: String,
    /// Keep rows of these provider ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub providers: Option<Vec<String>>,
    /// Keep rows whose region matches one of these globs (`*` = any run of characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<String>>,
    /// Keep rows of these accelerators (any alias).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerators: Option<Vec<String>>,
    /// Keep rows of these purchase options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchase: Option<Vec<Purchase>>,
    /// Price factor per provider, applied to every row of the provider (0.9 = pay 90% of
    /// the listed price, a 10% negotiated discount). Any positive factor.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub discount: BTreeMap<String, f64>,
    /// Usable fraction of spot capacity per provider, for spot rows without `availability`
    /// (default: [`crate::catalog::discounts::DEFAULT_SPOT_AVAILABILITY`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub spot_availability: BTreeMap<String, f64>,
    /// Commit offerings generated from the on-demand rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<CommitSpec>,
    /// Final values for offerings by id (generated commit offerings included).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, OfferingOverride>,
}

/// Commit offerings made from on-demand rows: one per on-demand row and term.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitSpec {
    /// Terms in planning periods (default discounts assume monthly periods: 12 and 36).
    pub terms: Vec<u32>,
    /// Fraction off the on-demand price, per provider and term: `{ aws = { "12" = 0.3 } }`.
    /// Missing entries use the documented defaults ([`crate::catalog::discounts`]); a
    /// provider with neither gets no commit offering (reported by `resolve_catalogs`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub discounts: BTreeMap<String, BTreeMap<String, f64>>,
    /// Periods between signing and availability of the generated commitments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_periods: Option<u32>,
}

/// Values that replace an offering's catalog values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferingOverride {
    /// USD per unit-hour (replaces the price after `discount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_hour: Option<f64>,
    /// Cap on units at any time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_units: Option<f64>,
    /// Usable fraction in (0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<f64>,
    /// Commit only: periods between signing and availability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_periods: Option<u32>,
}

/// Throughput measured on one reference accelerator plus a rule to estimate the others.
///
/// `throughput_ref = { accelerator = "H100", value = 9.6, scale_by = "memory_bandwidth" }`
/// gives every registry accelerator with a bandwidth figure `9.6 × its bandwidth / H100's`.
/// These are estimates: explicit `throughput` entries (measured figures) always win.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThroughputRef {
    /// The reference accelerator (any alias).
    pub accelerator: String,
    /// Work units per chip-hour measured on the reference.
    pub value: f64,
    /// `memory_bandwidth` (decode-bound serving), `bf16_tflops` (compute-bound training) or
    /// `ratios` (explicit ratios to the reference).
    pub scale_by: ScaleBy,
    /// With `scale_by = "ratios"`: throughput relative to the reference, per accelerator.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ratios: BTreeMap<String, f64>,
    /// Estimate only these accelerators (default: every one the registry has figures for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accelerators: Option<Vec<String>>,
}

/// What a workload's throughput scales with when estimated from a reference chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScaleBy {
    /// Decode-bound serving: throughput ∝ memory bandwidth per chip.
    MemoryBandwidth,
    /// Compute-bound training: throughput ∝ dense BF16 TFLOPS per chip.
    Bf16Tflops,
    /// Explicit ratios to the reference chip (`ratios = { H200 = 1.4 }`).
    Ratios,
}

impl ScaleBy {
    /// The file-format name.
    pub fn as_str(self) -> &'static str {
        match self {
            ScaleBy::MemoryBandwidth => "memory_bandwidth",
            ScaleBy::Bf16Tflops => "bf16_tflops",
            ScaleBy::Ratios => "ratios",
        }
    }
}
