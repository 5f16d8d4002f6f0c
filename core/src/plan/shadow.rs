//! Row duals → shadow prices in the plan's units: each row's family says what its dual
//! means (see `formulate/families`). Cap prices of one offering and period are summed over
//! segments.

use crate::document::{CapPrice, ShadowPrices};
use crate::formulate::Lp;
use crate::model::Model;
use std::collections::BTreeMap;

/// Duals smaller than this (USD per unit of right-hand side) are not reported.
const TINY: f64 = 1e-9;

pub(crate) fn shadow_prices(
    model: &Model,
    lp: &Lp,
    duals: &[f64],
    dual_objective: f64,
) -> ShadowPrices {
    let mut s = ShadowPrices {
        dual_objective,
        ..ShadowPrices::default()
    };
    for (row, &y) in lp.rows.iter().zip(duals) {
        if y.abs() < TINY {
            continue;
        }
        if let Some(family) = row.tag.kind.family() {
            family.price(model, row, y, &mut s);
        }
    }
    // One entry per (offering, period), in offering order then period.
    let index: BTreeMap<&str, usize> = model
        .offerings
        .iter()
        .enumerate()
        .map(|(o, off)| (off.id.as_str(), o))
        .collect();
    let mut caps: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for c in &s.caps {
        let o = index
            .get(c.offering.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        *caps.entry((o, c.period)).or_insert(0.0) += c.usd_per_unit;
    }
    s.caps = caps
        .into_iter()
        .filter(|(_, usd)| usd.abs() >= TINY)
        .filter_map(|((o, period), usd)| {
            Some(CapPrice {
                offering: model.offerings.get(o)?.id.clone(),
                period,
                usd_per_unit: usd,
            })
        })
        .collect();
    s
}
