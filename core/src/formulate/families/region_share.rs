//! Region share: no provider/region delivers more than `policy.max_region_share` of a
//! serving workload's demand (contract §2). Regions are told apart with their provider:
//! `aws/us-east-1` and `gcp/us-east-1` are two regions.
//!
//! Serving, every provider/region r usable by w and every (t, k) with demand:
//! Σ_{o∈r} g x ≤ ρ·m_k·D_{w,t} (work units per hour).
//!
//! Rows are built only where they can bind: a region's delivery is part of its provider's,
//! which the provider share row already holds to s_p·m_k·D, so with ρ ≥ s_p the region row
//! is implied (exact). At the default ρ = 1 no row is built.
//!
//! A row's group `g` is the first offering of its provider/region (by scenario order), which
//! names the region without an index of its own.

use super::{limit, policy_price, Build, Family, Finding, ParamSpec, RowKind, POLICY_WEIGHT};
use crate::document::{Diagnosis, PolicyFamily, PolicyLimit, PolicyPrice, ShadowPrices};
use crate::fmt::{share, usd};
use crate::formulate::{delivered, At, Row, Sense, Tag};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub(crate) struct RegionShare;

impl Family for RegionShare {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::RegionShare)
    }

    fn build(&self, b: &mut Build<'_>) {
        let (model, x) = (b.model, b.x);
        let rho = model.policy.max_region_share;
        for (w, wl) in model.workloads.iter().enumerate() {
            if !wl.is_serving() {
                continue;
            }
            for r in regions(model, w) {
                let first = &model.offerings[r];
                if rho >= model.providers[first.provider].max_share {
                    continue;
                }
                let in_r = |o: usize| {
                    let off = &model.offerings[o];
                    off.provider == first.provider && off.region == first.region
                };
                for t in 0..model.periods() {
                    for k in 0..model.segments.len() {
                        let rate = model.rate(w, t, k);
                        let coefs = delivered(model, x, w, t, k, in_r);
                        if rate > 0.0 && !coefs.is_empty() {
                            let tag = Tag::new(RowKind::RegionShare, At::wtk(w, t, k).group(r));
                            b.lp.add_row(coefs, Sense::Le, rho * rate, tag);
                        }
                    }
                }
            }
        }
    }

    fn prefix(&self, _kind: RowKind) -> &'static str {
        "region"
    }

    fn slack_weight(&self, _kind: RowKind) -> Option<f64> {
        Some(POLICY_WEIGHT)
    }

    fn group(&self, model: &Model, g: usize) -> Option<String> {
        region_key(model, Some(g))
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        let at = row.tag.at;
        let usd = y * model.row_demand(at.w, at.t, at.k);
        let mut p = policy_price(model, PolicyFamily::RegionShare, at, usd);
        p.provider = provider_of(model, at.g);
        p.region = region_key(model, at.g);
        out.policy.push(p);
    }

    fn finding(&self, model: &Model, tag: Tag, v: f64, scale: f64) -> Option<Finding> {
        let rho = model.policy.max_region_share;
        let rel = v / scale.max(f64::MIN_POSITIVE);
        let mut l = limit(model, PolicyFamily::RegionShare, tag.at, rho, rho + rel);
        l.provider = provider_of(model, tag.at.g);
        l.region = region_key(model, tag.at.g);
        Some(Finding::Limit(l))
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.policy.max_region_share < 1.0
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.policy.max_region_share = 1.0;
    }

    fn label(&self, s: &Scenario) -> String {
        format!("region share cap {}", share(s.policy.max_region_share))
    }

    fn setting(&self, s: &Scenario) -> String {
        format!("the {} cap per region", share(s.policy.max_region_share))
    }

    fn marginal_key(&self, p: &PolicyPrice) -> (Option<String>, Option<String>) {
        (None, p.region.clone())
    }

    fn marginal_sentence(&self, rows: usize, v: f64, _w: Option<&str>, g: Option<&str>) -> String {
        format!(
            "the region share cap on {} binds ({}): each extra point (0.01) of share saves {}",
            g.unwrap_or("a region"),
            super::rows_word(rows),
            usd(v.abs() / 100.0)
        )
    }

    fn limit_sentence(&self, l: &PolicyLimit, at: &str, _d: &Diagnosis) -> Option<String> {
        let region = l.region.as_deref().unwrap_or("a region");
        Some(format!(
            "{region} would need to carry {} of {}'s demand in {at} (region cap {})",
            share(l.relaxed_to),
            l.workload.as_deref().unwrap_or("-"),
            share(l.limit)
        ))
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[ParamSpec {
            form: "policy.max_region_share",
            tightening: -1,
            apply: |s, _, v| {
                s.policy.max_region_share = v;
                Ok(())
            },
        }]
    }
}

/// The provider/regions workload `w` can use, each as its first usable offering.
fn regions(model: &Model, w: usize) -> Vec<usize> {
    let mut first: Vec<usize> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for u in &model.workloads[w].usable {
        let off = &model.offerings[u.offering];
        if seen.insert((off.provider, off.region.as_str())) {
            first.push(u.offering);
        }
    }
    first
}

/// The provider id of group `g`.
fn provider_of(model: &Model, g: Option<usize>) -> Option<String> {
    let off = model.offerings.get(g?)?;
    Some(model.providers.get(off.provider)?.id.clone())
}

/// `provider/region` of group `g` (the key of `costs.by_region`).
fn region_key(model: &Model, g: Option<usize>) -> Option<String> {
    let off = model.offerings.get(g?)?;
    Some(format!(
        "{}/{}",
        model.providers.get(off.provider)?.id,
        off.region
    ))
}
