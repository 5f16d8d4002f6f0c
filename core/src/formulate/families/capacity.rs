//! The running fleet of on-demand and spot offerings, their caps, and their prices.
//!
//! - Whole units: u_{o,t,k} ≥ Σ_w x_{w,o,t,k} with u integer, ≤ the cap floored to whole
//!   units; the cost sits on u (price × segment hours per unit).
//! - Fluid units: Σ_w x_{w,o,t,k} ≤ `max_units` directly; the cost sits on x.
//!
//! A cap row's dual is what one more unit of `max_units` saves (USD per unit, ≥ 0 after the
//! sign flip). Caps stay hard in the elastic program: a quota is a fact.

use super::{Build, Family, ParamSpec, RowKind};
use crate::document::{CapPrice, ShadowPrices};
use crate::formulate::{cap, on_offering, users, At, Row, Sense, Tag, VarKind};
use crate::model::Model;
use crate::scenario::{Offering, Scenario};

pub(crate) struct Capacity;

impl Family for Capacity {
    fn build(&self, b: &mut Build<'_>) {
        let model = b.model;
        let users = users(model);
        for (o, off) in model.offerings.iter().enumerate() {
            if b.expired() {
                return;
            }
            if off.is_commit() || users[o].is_empty() {
                continue;
            }
            let cap = cap(model, o, b.spec.integer);
            for t in 0..model.periods() {
                for k in 0..model.segments.len() {
                    let mut coefs = on_offering(model, b.x, &users[o], t, k);
                    if coefs.is_empty() {
                        continue;
                    }
                    let at = At {
                        o: Some(o),
                        t: Some(t),
                        k: Some(k),
                        ..At::default()
                    };
                    if b.spec.integer {
                        let cost = off.price * model.seg_hours(t, k);
                        let ub = cap.unwrap_or(f64::INFINITY);
                        let u = b.lp.add_var(VarKind::Fleet { o, t, k }, cost, ub, true);
                        coefs.push((u, -1.0));
                        b.lp.add_row(coefs, Sense::Le, 0.0, Tag::new(RowKind::FleetLink, at));
                    } else if let Some(cap) = cap {
                        b.lp.add_row(coefs, Sense::Le, cap, Tag::new(RowKind::OfferingCap, at));
                    }
                }
            }
        }
    }

    fn prefix(&self, kind: RowKind) -> &'static str {
        match kind {
            RowKind::FleetLink => "fleet",
            _ => "cap",
        }
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        if row.tag.kind != RowKind::OfferingCap {
            return;
        }
        if let Some((o, t)) = row.tag.at.o.zip(row.tag.at.t) {
            out.caps.push(CapPrice {
                offering: model.offerings[o].id.clone(),
                period: t + 1,
                usd_per_unit: -y,
            });
        }
    }

    fn cap_row(&self, tag: Tag) -> Option<(usize, usize)> {
        (tag.kind == RowKind::OfferingCap).then_some(tag.at.o.zip(tag.at.t))?
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[
            ParamSpec {
                form: "offerings.<id>.max_units",
                tightening: -1,
                apply: |s, id, v| {
                    if let Some(o) = s.offerings.iter_mut().find(|o| Some(o.id.as_str()) == id) {
                        o.max_units = Some(v);
                    }
                    Ok(())
                },
            },
            ParamSpec {
                form: "offerings.<id>.price_per_hour",
                tightening: 0,
                apply: |s, id, v| {
                    if let Some(o) = s.offerings.iter_mut().find(|o| Some(o.id.as_str()) == id) {
                        o.price_per_hour = v;
                    }
                    Ok(())
                },
            },
            ParamSpec {
                form: "providers.<id>.price_scale",
                tightening: 0,
                apply: price_scale,
            },
            ParamSpec {
                form: "providers.<id>.enabled",
                tightening: 0,
                apply: |s, id, v| {
                    if !switch(v)? {
                        remove_offerings(s, |o| Some(o.provider.as_str()) == id);
                    }
                    Ok(())
                },
            },
            ParamSpec {
                form: "accelerators.<id>.enabled",
                tightening: 0,
                apply: |s, id, v| {
                    if !switch(v)? {
                        remove_offerings(s, |o| Some(o.accelerator.as_str()) == id);
                    }
                    Ok(())
                },
            },
        ]
    }
}

/// Multiplies `price_per_hour` of every offering of provider `i`.
fn price_scale(s: &mut Scenario, id: Option<&str>, f: f64) -> Result<(), &'static str> {
    if f < 0.0 {
        return Err("a scale must be >= 0");
    }
    for o in s
        .offerings
        .iter_mut()
        .filter(|o| Some(o.provider.as_str()) == id)
    {
        o.price_per_hour *= f;
    }
    Ok(())
}

/// 0 or 1 as a switch.
fn switch(v: f64) -> Result<bool, &'static str> {
    match v {
        0.0 => Ok(false),
        1.0 => Ok(true),
        _ => Err("must be 0 (off) or 1 (on)"),
    }
}

/// Switched off (0): the offerings for which `off` holds are removed, with the existing
/// commitments on them; the providers stay declared, so allow-lists still resolve. 1 keeps
/// the scenario as it is.
fn remove_offerings(s: &mut Scenario, off: impl Fn(&Offering) -> bool) {
    s.offerings.retain(|o| !off(o));
    let kept: std::collections::HashSet<&str> = s.offerings.iter().map(|o| o.id.as_str()).collect();
    s.existing.retain(|e| kept.contains(e.offering.as_str()));
}
