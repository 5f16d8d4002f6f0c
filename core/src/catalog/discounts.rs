//! Commitment offers generated from on-demand rows, and spot availability defaults.
//!
//! ## Default commitment discounts (fraction off the on-demand price)
//!
//! Providers publish only "up to" figures (`../shared/data/facts/commitment-discounts.md`).
//! capmix uses the stated maximum for a 36-period (three-year) commitment and half of it for
//! a 12-period (one-year) one. Periods are assumed to be months; with other period lengths
//! give the discounts for your terms explicitly. The maxima are upper bounds that GPU
//! commitments rarely reach: replace them with your quotes (`commit.discounts` in a
//! scenario's catalog include).
//!
//! | provider | 12 | 36 | source |
//! | --- | --- | --- | --- |
//! | aws | 0.33 | 0.66 | AWS Savings Plans FAQ: Compute Savings Plans "up to 66%" |
//! | gcp | 0.285 | 0.57 | GCP committed use discounts "up to 57% for most machine types" |
//! | azure | 0.36 | 0.72 | Azure Reserved VM Instances "up to 72%" (Microsoft via TechTarget) |
//! | coreweave | 0.30 | 0.60 | CoreWeave "up to 60% ... for committed usage" (coreweave.com/pricing) |
//!
//! Lambda and OCI state no commitment discount in the sources: no default, so no commit
//! offers are generated for them unless a scenario gives a discount.
//!
//! ## Spot availability
//!
//! No provider in the sources publishes interruption rates for GPU spot capacity. capmix
//! assumes [`DEFAULT_SPOT_AVAILABILITY`] (70% of spot capacity usable) for every provider, a
//! planning assumption rather than a published figure; override it per provider.

use super::CatalogRow;
use crate::scenario::Purchase;

/// A default commitment discount and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CommitDiscount {
    /// Provider id.
    pub provider: &'static str,
    /// Term in periods (months).
    pub term_periods: u32,
    /// Fraction off the on-demand price, in [0, 1).
    pub off: f64,
    /// Public source of the figure.
    pub source: &'static str,
}

const AWS: &str =
    "AWS Savings Plans FAQ, aws.amazon.com/savingsplans/faqs: Compute Savings Plans up to 66%";
const GCP: &str =
    "GCP committed use discounts up to 57% for most machine types (cloud.google.com via DataCamp)";
const AZURE: &str = "Azure Reserved VM Instances up to 72% (Microsoft via TechTarget)";
const COREWEAVE: &str =
    "coreweave.com/pricing: up to 60% for committed usage (via api-evangelist, 2026-09-20)";

/// The default table (see the module docs for the rule behind the 12-period values).
pub const COMMIT_DISCOUNTS: &[CommitDiscount] = &[
    CommitDiscount {
        provider: "aws",
        term_periods: 12,
        off: 0.33,
        source: AWS,
    },
    CommitDiscount {
        provider: "aws",
        term_periods: 36,
        off: 0.66,
        source: AWS,
    },
    CommitDiscount {
        provider: "gcp",
        term_periods: 12,
        off: 0.285,
        source: GCP,
    },
    CommitDiscount {
        provider: "gcp",
        term_periods: 36,
        off: 0.57,
        source: GCP,
    },
    CommitDiscount {
        provider: "azure",
        term_periods: 12,
        off: 0.36,
        source: AZURE,
    },
    CommitDiscount {
        provider: "azure",
        term_periods: 36,
        off: 0.72,
        source: AZURE,
    },
    CommitDiscount {
        provider: "coreweave",
        term_periods: 12,
        off: 0.30,
        source: COREWEAVE,
    },
    CommitDiscount {
        provider: "coreweave",
        term_periods: 36,
        off: 0.60,
        source: COREWEAVE,
    },
];

/// The default discount of `provider` for a `term`-period commitment, if the sources give one.
pub fn default_commit_discount(provider: &str, term: u32) -> Option<&'static CommitDiscount> {
    COMMIT_DISCOUNTS
        .iter()
        .find(|d| d.provider.eq_ignore_ascii_case(provider) && d.term_periods == term)
}

/// Usable fraction of spot capacity assumed when a row gives none.
pub const DEFAULT_SPOT_AVAILABILITY: f64 = 0.7;

/// The spot availability assumed for `provider` (the same assumption for every provider).
pub fn default_spot_availability(_provider: &str) -> f64 {
    DEFAULT_SPOT_AVAILABILITY
}

/// How commit rows are made from on-demand rows.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitRule<'a> {
    /// Terms in periods; one commit row per on-demand row and term.
    pub terms: &'a [u32],
    /// Periods between signing and availability.
    pub lead_periods: Option<u32>,
}

/// Commit rows for every on-demand row and term of `rule`, priced at on-demand ×
/// (1 − discount). `discount(provider, term)` gives the fraction off and its source;
/// providers without one get no row, and are returned (with the term) so callers can
/// report them. Ids follow the on-demand row's: `…-od` becomes `…-commit-TERM`.
pub fn commit_rows(
    rows: &[CatalogRow],
    rule: &CommitRule<'_>,
    discount: impl Fn(&str, u32) -> Option<(f64, String)>,
) -> (Vec<CatalogRow>, Vec<(String, u32)>) {
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for &term in rule.terms {
        for od in rows.iter().filter(|r| r.purchase == Purchase::OnDemand) {
            let Some((off, source)) = discount(&od.provider, term) else {
                if !missing.iter().any(|(p, t)| *p == od.provider && *t == term) {
                    missing.push((od.provider.clone(), term));
                }
                continue;
            };
            let base = od
                .id
                .as_deref()
                .map(|id| id.strip_suffix("-od").unwrap_or(id).to_string());
            out.push(CatalogRow {
                id: base.map(|b| format!("{b}-commit-{term}")),
                purchase: Purchase::Commit,
                price_per_hour: od.price_per_hour * (1.0 - off),
                availability: None,
                term_periods: Some(term),
                lead_periods: rule.lead_periods,
                source: format!(
                    "on-demand price × (1 − {off}) [{source}]; on-demand: {}",
                    od.source
                ),
                line: 0,
                ..od.clone()
            });
        }
    }
    (out, missing)
}

/// [`default_commit_discount`] as the `discount` argument of [`commit_rows`].
pub fn default_discount(provider: &str, term: u32) -> Option<(f64, String)> {
    default_commit_discount(provider, term).map(|d| (d.off, d.source.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_rows_follow_on_demand() {
        let od = CatalogRow {
            id: Some("aws-us-east-1-h100-od".into()),
            provider: "aws".into(),
            region: "us-east-1".into(),
            accelerator: "H100".into(),
            chips: 8.0,
            purchase: Purchase::OnDemand,
            price_per_hour: 100.0,
            max_units: Some(10.0),
            availability: None,
            term_periods: None,
            lead_periods: None,
            source: "list".into(),
            as_of: "2025-07".into(),
            line: 2,
        };
        let lambda = CatalogRow {
            provider: "lambda".into(),
            id: Some("l".into()),
            ..od.clone()
        };
        let rule = CommitRule {
            terms: &[12, 36],
            lead_periods: Some(1),
        };
        let (rows, missing) = commit_rows(&[od, lambda], &rule, default_discount);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].id.as_deref(), Some("aws-us-east-1-h100-commit-12"));
        assert!((rows[0].price_per_hour - 67.0).abs() < 1e-9);
        assert!((rows[1].price_per_hour - 34.0).abs() < 1e-9);
        assert_eq!(
            (
                rows[1].term_periods,
                rows[1].lead_periods,
                rows[1].max_units
            ),
            (Some(36), Some(1), Some(10.0))
        );
        assert_eq!(
            missing,
            [("lambda".to_string(), 12), ("lambda".to_string(), 36)]
        );
    }
}
