//! Shared machinery of the SkyPilot readers: price parsing, zone collapsing, row output.

use super::{Action, ImportOptions, Note};
use crate::catalog::csv::Record;
use crate::catalog::{accelerators, discounts, median, CatalogRow};
use crate::scenario::Purchase;
use crate::Error;

/// One upstream record's prices (USD per instance-hour).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Quote {
    pub line: usize,
    pub od: Option<f64>,
    pub spot: Option<f64>,
}

/// Shared state of one file's import.
pub(super) struct Ctx<'a> {
    pub file: &'a str,
    pub provider: &'static str,
    pub options: &'a ImportOptions,
    pub notes: &'a mut Vec<Note>,
    pub rows: Vec<Emitted>,
}

/// An imported row with its file and upstream label, until duplicates are resolved.
pub(super) struct Emitted {
    pub row: CatalogRow,
    pub file: String,
    pub label: String,
}

impl Ctx<'_> {
    pub fn note(&mut self, line: usize, what: &str, action: Action, reason: impl Into<String>) {
        self.notes.push(Note {
            file: self.file.to_string(),
            line,
            what: what.to_string(),
            action,
            reason: reason.into(),
        });
    }

    /// True when `canonical` passes the `--accelerators` filter.
    pub fn wanted(&self, canonical: &str) -> bool {
        self.options
            .accelerators
            .as_ref()
            .is_none_or(|list| list.iter().any(|a| accelerators::same(a, canonical)))
    }

    /// Parses a price field: blank → `None`; not a number → a note and `Err`.
    pub fn price(
        &mut self,
        line: usize,
        what: &str,
        column: &str,
        text: &str,
    ) -> Result<Option<f64>, ()> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(None);
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
            _ => {
                self.note(
                    line,
                    what,
                    Action::Skipped,
                    format!("{column} `{t}` is not a price"),
                );
                Err(())
            }
        }
    }

    /// Region-level (on-demand, spot) from zone quotes; see the module docs.
    pub fn collapse(&mut self, what: &str, quotes: &[Quote]) -> (Option<f64>, Option<f64>) {
        let mut ods = Vec::new();
        for q in quotes {
            match q.od {
                Some(v) if v > 0.0 => ods.push(v),
                Some(_) => self.note(
                    q.line,
                    what,
                    Action::Skipped,
                    "on-demand price 0.0 is not a quote",
                ),
                None => self.note(q.line, what, Action::Skipped, "blank on-demand price"),
            }
        }
        let od = median(&ods);
        let (lo, hi) = ods
            .iter()
            .fold((f64::INFINITY, 0.0_f64), |(l, h), &v| (l.min(v), h.max(v)));
        if let (Some(m), Some(q)) = (od, quotes.first()) {
            if hi > lo {
                let why = format!("zones quote on-demand {lo}..{hi}; using the median {m}");
                self.note(q.line, what, Action::Corrected, why);
            }
        }
        let mut spots = Vec::new();
        for q in quotes {
            match (q.spot, od) {
                (Some(s), Some(o)) if s >= o => {
                    let why = format!(
                        "spot price {s} is not below on-demand {o}: no spot discount quoted"
                    );
                    self.note(q.line, what, Action::Skipped, why);
                }
                (Some(s), _) if s <= 0.0 => self.note(
                    q.line,
                    what,
                    Action::Skipped,
                    "spot price 0.0 is not a quote",
                ),
                (Some(s), _) => spots.push(s),
                (None, _) => {}
            }
        }
        (od, median(&spots))
    }

    /// Adds the on-demand and spot rows of one region.
    /// `label` names the upstream rows (`p5.48xlarge`, `a3-highgpu-8g + 8 H100 rows`).
    pub fn emit(
        &mut self,
        line: usize,
        region: &str,
        accelerator: &str,
        chips: f64,
        prices: (Option<f64>, Option<f64>),
        label: &str,
    ) {
        let (od, spot) = prices;
        if region.trim().is_empty() && (od.is_some() || spot.is_some()) {
            // A catalog row needs a region (found by fuzzing: the rows were imported and the
            // written catalog could not be read back).
            self.note(line, label, Action::Skipped, "no Region");
            return;
        }
        for (purchase, price) in [(Purchase::OnDemand, od), (Purchase::Spot, spot)] {
            let Some(price) = price else { continue };
            let availability = (purchase == Purchase::Spot)
                .then(|| discounts::default_spot_availability(self.provider));
            // Sums of upstream prices (GCP host + accelerator) carry float noise; upstream
            // quotes have at most six decimals.
            let price = (price * 1e6).round() / 1e6;
            let row = CatalogRow {
                id: None,
                provider: self.provider.to_string(),
                region: region.to_string(),
                accelerator: accelerator.to_string(),
                chips,
                purchase,
                price_per_hour: price,
                max_units: None,
                availability,
                term_periods: None,
                lead_periods: None,
                source: format!("SkyPilot {} ({label})", self.file),
                as_of: self.options.as_of.clone(),
                line,
            };
            self.rows.push(Emitted {
                row,
                file: self.file.to_string(),
                label: label.to_string(),
            });
        }
    }
}

/// Column positions by header name.
pub(super) struct Columns<'a> {
    pub file: &'a str,
    pub header: &'a Record,
}

impl Columns<'_> {
    pub fn get(&self, name: &str) -> Result<usize, Error> {
        self.header
            .fields
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| Error::Catalog {
                path: self.file.to_string(),
                line: self.header.line,
                column: 1,
                message: format!("not a SkyPilot vms.csv: no `{name}` column in the header"),
            })
    }
}

/// The trimmed field `i` of a record (empty when missing).
pub(super) fn field(rec: &Record, i: usize) -> &str {
    rec.fields.get(i).map_or("", |s| s.trim())
}
