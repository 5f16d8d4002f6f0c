//! Provider share: no provider delivers more than its share of a workload's demand
//! (`policy.max_provider_share`, overridden per provider by `max_share`).
//!
//! - Serving, every provider p usable by w and every (t, k) with demand:
//!   Σ_{o∈p} g x ≤ s_p·m_k·D_{w,t} (work units per hour).
//! - Batch: over the window, Σ_t Σ_k h_t φ_k Σ_{o∈p} g x ≤ s_p·total (work units).
//!
//! A row's dual × the row's demand is the USD change per unit of share; relaxed by v, the
//! share that would hold is s_p + v / demand.

use super::{limit, policy_price, Build, Family, Finding, ParamSpec, RowKind, POLICY_WEIGHT};
use crate::document::{Diagnosis, PolicyFamily, PolicyLimit, PolicyPrice, ShadowPrices};
use crate::fmt::{share, usd};
use crate::formulate::{batch_work, delivered, At, Row, Sense, Tag};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub(crate) struct ProviderShare;

impl Family for ProviderShare {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::ProviderShare)
    }

    fn build(&self, b: &mut Build<'_>) {
        let (model, x) = (b.model, b.x);
        for (w, wl) in model.workloads.iter().enumerate() {
            if b.expired() {
                return;
            }
            for p in wl.providers(model) {
                let cap = model.providers[p].max_share;
                let in_p = |o: usize| model.offerings[o].provider == p;
                if wl.is_serving() {
                    for t in 0..model.periods() {
                        for k in 0..model.segments.len() {
                            let rate = model.rate(w, t, k);
                            let coefs = delivered(model, x, w, t, k, in_p);
                            if rate > 0.0 && !coefs.is_empty() {
                                let tag =
                                    Tag::new(RowKind::ProviderShare, At::wtk(w, t, k).group(p));
                                b.lp.add_row(coefs, Sense::Le, cap * rate, tag);
                            }
                        }
                    }
                } else if wl.total > 0.0 {
                    let coefs = batch_work(model, x, w, in_p);
                    if !coefs.is_empty() {
                        let at = At {
                            w: Some(w),
                            g: Some(p),
                            ..At::default()
                        };
                        let tag = Tag::new(RowKind::BatchProviderShare, at);
                        b.lp.add_row(coefs, Sense::Le, cap * wl.total, tag);
                    }
                }
            }
        }
    }

    fn prefix(&self, _kind: RowKind) -> &'static str {
        "share"
    }

    fn slack_weight(&self, _kind: RowKind) -> Option<f64> {
        Some(POLICY_WEIGHT)
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        let at = row.tag.at;
        let scale = model.row_demand(at.w, at.t, at.k);
        out.policy.push(policy_price(
            model,
            PolicyFamily::ProviderShare,
            at,
            y * scale,
        ));
    }

    fn finding(&self, model: &Model, tag: Tag, v: f64, scale: f64) -> Option<Finding> {
        let cap = model.providers[tag.at.g?].max_share;
        let rel = v / scale.max(f64::MIN_POSITIVE);
        Some(Finding::Limit(limit(
            model,
            PolicyFamily::ProviderShare,
            tag.at,
            cap,
            cap + rel,
        )))
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.policy.max_provider_share < 1.0
            || s.providers
                .iter()
                .any(|q| q.max_share.is_some_and(|m| m < 1.0))
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.policy.max_provider_share = 1.0;
        s.providers.iter_mut().for_each(|p| p.max_share = None);
    }

    fn label(&self, _s: &Scenario) -> String {
        "provider share caps".into()
    }

    fn setting(&self, s: &Scenario) -> String {
        let own: Vec<String> = s
            .providers
            .iter()
            .filter_map(|p| {
                p.max_share
                    .filter(|&m| m < 1.0)
                    .map(|m| format!("{} {}", p.id, share(m)))
            })
            .collect();
        let all = share(s.policy.max_provider_share);
        match (s.policy.max_provider_share < 1.0, own.is_empty()) {
            (true, true) => format!("the {all} cap per provider"),
            (true, false) => format!("the {all} cap per provider ({})", own.join(", ")),
            _ => format!("the provider share caps ({})", own.join(", ")),
        }
    }

    fn marginal_key(&self, p: &PolicyPrice) -> (Option<String>, Option<String>) {
        (None, p.provider.clone())
    }

    fn marginal_sentence(&self, rows: usize, v: f64, _w: Option<&str>, g: Option<&str>) -> String {
        format!(
            "the share cap on {} binds ({}): each extra point (0.01) of share saves {}",
            g.unwrap_or("a provider"),
            super::rows_word(rows),
            usd(v.abs() / 100.0)
        )
    }

    fn limit_sentence(&self, l: &PolicyLimit, at: &str, _d: &Diagnosis) -> Option<String> {
        Some(format!(
            "{} would need to carry {} of {}'s demand in {at} (cap {})",
            l.provider.as_deref().unwrap_or("a provider"),
            share(l.relaxed_to),
            l.workload.as_deref().unwrap_or("-"),
            share(l.limit)
        ))
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[
            ParamSpec {
                form: "policy.max_provider_share",
                tightening: -1,
                apply: |s, _, v| {
                    s.policy.max_provider_share = v;
                    Ok(())
                },
            },
            ParamSpec {
                form: "providers.<id>.max_share",
                tightening: -1,
                apply: |s, id, v| {
                    if let Some(p) = s.providers.iter_mut().find(|p| Some(p.id.as_str()) == id) {
                        p.max_share = Some(v);
                    }
                    Ok(())
                },
            },
        ]
    }
}
