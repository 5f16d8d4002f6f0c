//! SkyPilot catalog import (`vms.csv` of AWS, GCP, Azure, Lambda and OCI, catalog
//! versions v6–v8) into capmix catalog rows: on-demand and spot offerings per region.
//!
//! What the importer does with the upstream quirks (each skipped or corrected row becomes a
//! [`Note`]):
//! - Availability zones are collapsed to regions: the on-demand price is the median of the
//!   zones' quotes (a correction is noted when zones disagree), the spot price is the median
//!   of the zones' spot quotes that are below on-demand.
//! - A spot quote not below on-demand (Azure lists `98.32,98.32`; some AWS zones quote spot at
//!   the on-demand price) means no spot discount is offered: that quote is skipped.
//! - Blank prices (AWS p5e.48xlarge and trn2.48xlarge on-demand) and prices of 0.0 are not
//!   quotes and are skipped; GCP's placeholder price 700.0 ("not offered") likewise.
//! - Azure `Standard_ND96isr_H100_v5` lists 12 GPUs; the VM has 8: corrected.
//! - GCP: a GPU VM costs its host row plus its accelerator row in the same region; TPU slice
//!   rows are mapped to chips (v2–v4 and v5p slice names count TensorCores, two per chip;
//!   v5e/v5litepod and v6e count chips), the slice price stays the unit price. GPU rows
//!   whose spot price exceeds on-demand are inconsistent and skipped, and a GPU row priced
//!   below 60% of the median per-chip price of at least three GCP rows of the same chip is
//!   taken as implausibly low (its on-demand price is skipped). This last rule is a
//!   heuristic: it cannot tell which rows are wrong when most of them are.
//! - Rows without an accelerator name are CPU instances and are ignored (noted only when the
//!   instance type names a GPU, like Azure `Standard_NCC40ads_H100_v5`).
//! - Several instance types with the same accelerator count in one region (Lambda
//!   `gpu_1x_a100` and `gpu_1x_a100_sxm4`) keep the cheapest.
//!
//! The provider is taken from the file's path (a directory named `aws`, `gcp`, `azure`,
//! `lambda` or `oci`), or else recognised from the header line.

mod gcp;
mod instances;
mod rows;

use super::csv::records;
use super::{generated_ids, CatalogRow};
use crate::scenario::Purchase;
use crate::Error;
use instances::Cloud;
use rows::{Columns, Ctx, Emitted};
use std::collections::HashMap;
use std::fmt;

/// What to import.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOptions {
    /// Keep only these accelerators (any alias; `None` keeps all).
    pub accelerators: Option<Vec<String>>,
    /// Written to every row's `as_of`.
    pub as_of: String,
}

/// The imported rows (sorted by provider, accelerator, region, chips, purchase; ids
/// assigned) and what was skipped or corrected.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Import {
    /// Catalog rows.
    pub rows: Vec<CatalogRow>,
    /// Skipped and corrected rows with their reasons.
    pub notes: Vec<Note>,
}

/// Whether a note's row was left out or fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The row (or one of its prices) was not imported.
    Skipped,
    /// The row was imported with a corrected value.
    Corrected,
}

/// A skipped or corrected upstream row.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The file as given.
    pub file: String,
    /// 1-based line of the row.
    pub line: usize,
    /// Instance type (or GCP accelerator row) and region.
    pub what: String,
    /// Skipped or corrected.
    pub action: Action,
    /// Why.
    pub reason: String,
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = match self.action {
            Action::Skipped => "skipped",
            Action::Corrected => "corrected",
        };
        write!(
            f,
            "{}:{}: {}: {action}: {}",
            self.file, self.line, self.what, self.reason
        )
    }
}

/// Imports SkyPilot `vms.csv` files given as (name, text) pairs.
pub fn import(files: &[(String, String)], options: &ImportOptions) -> Result<Import, Error> {
    let mut notes = Vec::new();
    let mut rows = Vec::new();
    for (file, text) in files {
        let recs = records(text, file, false)?;
        let Some((header, body)) = recs.split_first() else {
            return Err(Error::Catalog {
                path: file.clone(),
                line: 1,
                column: 1,
                message: "empty file".into(),
            });
        };
        let cloud = Cloud::detect(file, &header.fields).ok_or_else(|| Error::Catalog {
            path: file.clone(),
            line: 1,
            column: 1,
            message: "cannot tell the provider: put the file in a directory named aws, gcp, azure, lambda or oci".into(),
        })?;
        let start = notes.len();
        let mut ctx = Ctx {
            file,
            provider: cloud.id(),
            options,
            notes: &mut notes,
            rows: Vec::new(),
        };
        let cols = Columns { file, header };
        match cloud {
            Cloud::Gcp => gcp::read(&mut ctx, &cols, body)?,
            _ => instances::read_instances(&mut ctx, cloud, &cols, body)?,
        }
        rows.append(&mut ctx.rows);
        if let Some(mine) = notes.get_mut(start..) {
            mine.sort_by_key(|n| n.line);
        }
    }
    Ok(finish(rows, notes))
}

/// Keeps the cheapest row per (provider, region, accelerator, chips, purchase), sorts,
/// assigns ids.
fn finish(rows: Vec<Emitted>, mut notes: Vec<Note>) -> Import {
    type Key = (String, String, String, u64, Purchase);
    let mut best: Vec<Emitted> = Vec::new();
    let mut index: HashMap<Key, usize> = HashMap::new();
    for e in rows {
        let r = &e.row;
        let key = (
            r.provider.clone(),
            r.region.clone(),
            r.accelerator.clone(),
            r.chips.to_bits(),
            r.purchase,
        );
        let Some(slot) = index.get(&key).and_then(|&i| best.get_mut(i)) else {
            index.insert(key, best.len());
            best.push(e);
            continue;
        };
        let dropped = if e.row.price_per_hour < slot.row.price_per_hour {
            std::mem::replace(slot, e)
        } else {
            e
        };
        let (d, k) = (&dropped.row, &slot.row);
        notes.push(Note {
            file: dropped.file.clone(),
            line: d.line,
            what: format!("{} in {}", dropped.label, d.region),
            action: Action::Skipped,
            reason: format!(
                "{} {} at {} duplicates {} at {} (same region, accelerator and chips): keeping the cheaper",
                d.accelerator,
                d.purchase.as_str(),
                d.price_per_hour,
                slot.label,
                k.price_per_hour
            ),
        });
    }
    let mut rows: Vec<CatalogRow> = best.into_iter().map(|e| e.row).collect();
    rows.sort_by(|a, b| {
        (&a.provider, &a.accelerator, &a.region)
            .cmp(&(&b.provider, &b.accelerator, &b.region))
            .then(b.chips.total_cmp(&a.chips))
            .then(a.purchase.cmp(&b.purchase))
    });
    let ids = generated_ids(&rows);
    for (row, id) in rows.iter_mut().zip(ids) {
        row.id = Some(id);
    }
    Import { rows, notes }
}
