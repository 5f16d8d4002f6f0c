//! Spot share: spot offerings deliver at most σ_w of a serving workload's demand
//! (`policy.max_spot_share`, overridden per workload by `max_spot_share`).
//!
//! Serving, every (t, k) with demand: Σ_{o spot} g x ≤ σ_w·m_k·D_{w,t}. A row's dual × its
//! demand is the USD change per unit of share; relaxed by v, the share that would hold is
//! σ_w + v / demand.

use super::{limit, policy_price, Build, Family, Finding, ParamSpec, RowKind, POLICY_WEIGHT};
use crate::document::{Diagnosis, PolicyFamily, PolicyLimit, PolicyPrice, ShadowPrices};
use crate::fmt::{share, usd};
use crate::formulate::{delivered, At, Row, Sense, Tag};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::{Purchase, Scenario};

pub(crate) struct SpotShare;

impl Family for SpotShare {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::SpotShare)
    }

    fn build(&self, b: &mut Build<'_>) {
        let (model, x) = (b.model, b.x);
        let is_spot = |o: usize| model.offerings[o].purchase == Purchase::Spot;
        for (w, wl) in model.workloads.iter().enumerate() {
            if b.expired() {
                return;
            }
            if !wl.is_serving() {
                continue;
            }
            for t in 0..model.periods() {
                for k in 0..model.segments.len() {
                    let rate = model.rate(w, t, k);
                    let coefs = delivered(model, x, w, t, k, is_spot);
                    if rate > 0.0 && !coefs.is_empty() {
                        let tag = Tag::new(RowKind::SpotShare, At::wtk(w, t, k));
                        b.lp.add_row(coefs, Sense::Le, wl.max_spot_share * rate, tag);
                    }
                }
            }
        }
    }

    fn prefix(&self, _kind: RowKind) -> &'static str {
        "spot"
    }

    fn slack_weight(&self, _kind: RowKind) -> Option<f64> {
        Some(POLICY_WEIGHT)
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        let at = row.tag.at;
        let usd = y * model.row_demand(at.w, at.t, at.k);
        out.policy
            .push(policy_price(model, PolicyFamily::SpotShare, at, usd));
    }

    fn finding(&self, model: &Model, tag: Tag, v: f64, scale: f64) -> Option<Finding> {
        let cap = model.workloads[tag.at.w?].max_spot_share;
        let rel = v / scale.max(f64::MIN_POSITIVE);
        Some(Finding::Limit(limit(
            model,
            PolicyFamily::SpotShare,
            tag.at,
            cap,
            cap + rel,
        )))
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.offerings.iter().any(|o| o.purchase == Purchase::Spot)
            && (s.policy.max_spot_share < 1.0
                || s.workloads
                    .iter()
                    .any(|w| w.max_spot_share.is_some_and(|m| m < 1.0)))
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.policy.max_spot_share = 1.0;
        s.workloads.iter_mut().for_each(|w| w.max_spot_share = None);
    }

    fn label(&self, _s: &Scenario) -> String {
        "spot share caps".into()
    }

    fn setting(&self, s: &Scenario) -> String {
        let own: Vec<String> = s
            .workloads
            .iter()
            .filter_map(|w| {
                w.max_spot_share
                    .filter(|&m| m < 1.0)
                    .map(|m| format!("{} {}", w.id, share(m)))
            })
            .collect();
        let all = share(s.policy.max_spot_share);
        match (s.policy.max_spot_share < 1.0, own.is_empty()) {
            (true, true) => format!("the {all} spot share cap"),
            (true, false) => format!("the {all} spot share cap ({})", own.join(", ")),
            _ => format!("the spot share caps ({})", own.join(", ")),
        }
    }

    fn marginal_key(&self, p: &PolicyPrice) -> (Option<String>, Option<String>) {
        (p.workload.clone(), None)
    }

    fn marginal_sentence(&self, rows: usize, v: f64, w: Option<&str>, _g: Option<&str>) -> String {
        format!(
            "the spot cap of {} binds ({}): each extra point (0.01) of spot saves {}",
            w.unwrap_or("a workload"),
            super::rows_word(rows),
            usd(v.abs() / 100.0)
        )
    }

    fn limit_sentence(&self, l: &PolicyLimit, at: &str, _d: &Diagnosis) -> Option<String> {
        Some(format!(
            "spot would need to carry {} of {}'s demand in {at} (cap {})",
            share(l.relaxed_to),
            l.workload.as_deref().unwrap_or("-"),
            share(l.limit)
        ))
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[
            ParamSpec {
                form: "policy.max_spot_share",
                tightening: -1,
                apply: |s, _, v| {
                    s.policy.max_spot_share = v;
                    Ok(())
                },
            },
            ParamSpec {
                form: "workloads.<id>.max_spot_share",
                tightening: -1,
                apply: |s, id, v| {
                    if let Some(w) = s.workloads.iter_mut().find(|w| Some(w.id.as_str()) == id) {
                        w.max_spot_share = Some(v);
                    }
                    Ok(())
                },
            },
        ]
    }
}
