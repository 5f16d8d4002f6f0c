//! Commit offerings: units signed per period, active units A_{o,t} = E_{o,t} + Σ y over the
//! term window after the lead time, their cost and caps (calendar: `model/calendar.rs`).
//!
//! - Σ_w x_{w,o,t,k} − Σ_{s active in t} y_{o,s} ≤ E_{o,t} in every (t, k).
//! - Σ_{s active in t} y_{o,s} ≤ cap − E_{o,t} (existing units may exceed a cap floored to
//!   whole units; then no new units fit, but the existing ones stay).
//! - y_{o,s} costs the commit price over its active hours in the horizon (plus, with
//!   `charge`, its periods after the horizon); existing units are a constant.

use super::{Build, Family, ParamSpec, RowKind};
use crate::document::{CapPrice, ShadowPrices};
use crate::formulate::{cap, on_offering, users, At, Row, Sense, Tag, VarKind};
use crate::model::Model;
use crate::scenario::BeyondHorizon;

pub(crate) struct Commitments;

impl Family for Commitments {
    fn build(&self, b: &mut Build<'_>) {
        let model = b.model;
        let users = users(model);
        for (o, off) in model.offerings.iter().enumerate() {
            if b.expired() {
                return;
            }
            if !off.is_commit() {
                continue;
            }
            b.lp.constant += (0..model.periods())
                .map(|t| off.price * model.hours[t] * off.existing[t])
                .sum::<f64>();
            if users[o].is_empty() || b.dropped[o] {
                continue;
            }
            let cap = cap(model, o, b.spec.integer);
            let ub = cap.unwrap_or(f64::INFINITY);
            let y: Vec<usize> = model
                .signing_periods(o)
                .map(|s| {
                    let cost = model.sign_cost(o, s);
                    b.lp.add_var(VarKind::Sign { o, s }, cost, ub, b.spec.integer)
                })
                .collect();
            for t in 0..model.periods() {
                let active: Vec<(usize, f64)> =
                    model.active_signings(o, t).map(|s| (y[s], -1.0)).collect();
                for k in 0..model.segments.len() {
                    let mut coefs = on_offering(model, b.x, &users[o], t, k);
                    if coefs.is_empty() {
                        continue;
                    }
                    coefs.extend_from_slice(&active);
                    let at = At {
                        o: Some(o),
                        t: Some(t),
                        k: Some(k),
                        ..At::default()
                    };
                    let tag = Tag::new(RowKind::CommitCapacity, at);
                    b.lp.add_row(coefs, Sense::Le, off.existing[t], tag);
                }
                if let (Some(cap), false) = (cap, active.is_empty()) {
                    let coefs = active.iter().map(|&(v, _)| (v, 1.0)).collect();
                    let room = (cap - off.existing[t]).max(0.0);
                    let at = At {
                        o: Some(o),
                        t: Some(t),
                        ..At::default()
                    };
                    b.lp.add_row(coefs, Sense::Le, room, Tag::new(RowKind::CommitCap, at));
                }
            }
        }
    }

    fn prefix(&self, kind: RowKind) -> &'static str {
        match kind {
            RowKind::CommitCap => "commitcap",
            _ => "commit",
        }
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        if row.tag.kind != RowKind::CommitCap {
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
        (tag.kind == RowKind::CommitCap).then_some(tag.at.o.zip(tag.at.t))?
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[ParamSpec {
            form: "policy.commitments_beyond_horizon",
            tightening: 0,
            apply: |s, _, v| {
                s.policy.commitments_beyond_horizon = match v {
                    0.0 => BeyondHorizon::Amortize,
                    1.0 => BeyondHorizon::Charge,
                    _ => return Err("must be 0 (amortize) or 1 (charge)"),
                };
                Ok(())
            },
        }]
    }
}
