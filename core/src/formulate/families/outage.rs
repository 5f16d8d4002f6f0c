//! Outage coverage (N-1): losing any one provider still leaves at least β of a serving
//! workload's demand served (`policy.outage_coverage`).
//!
//! Serving, every provider p usable by w and every (t, k) with demand:
//! Σ_{o∉p} g x ≥ β·m_k·D_{w,t} (work units per hour). A row's dual × its demand is the USD
//! change per unit of β; relaxed by v, the coverage that would hold is β − v / demand.
//!
//! Written in O(N) nonzeros, exactly: one variable d_{w,t,k} = Σ_o g x (the delivered total,
//! one equality row) and, for each provider p, the row d − Σ_{o∈p} g x ≥ β·m_k·D. Each
//! allocation then appears in two of the family's rows instead of N − 1 (N providers).

use super::{limit, policy_price, Build, Family, Finding, ParamSpec, RowKind, POLICY_WEIGHT};
use crate::document::{Diagnosis, PolicyFamily, PolicyLimit, ShadowPrices};
use crate::fmt::{qty, share, usd};
use crate::formulate::{delivered, At, Row, Sense, Tag, VarKind};
use crate::model::Model;
use crate::options::PlanOptions;
use crate::scenario::Scenario;

pub(crate) struct Outage;

impl Family for Outage {
    fn policy(&self) -> Option<PolicyFamily> {
        Some(PolicyFamily::OutageCoverage)
    }

    fn build(&self, b: &mut Build<'_>) {
        let (model, x) = (b.model, b.x);
        let beta = model.policy.outage_coverage;
        if beta <= 0.0 {
            return;
        }
        for (w, wl) in model.workloads.iter().enumerate() {
            if b.expired() {
                return;
            }
            if !wl.is_serving() {
                continue;
            }
            let kk = model.segments.len();
            let mut totals = vec![usize::MAX; model.periods() * kk];
            for t in 0..model.periods() {
                for k in 0..kk {
                    if model.rate(w, t, k) <= 0.0 {
                        continue;
                    }
                    let d =
                        b.lp.add_var(VarKind::Delivered { w, t, k }, 0.0, f64::INFINITY, false);
                    totals[t * kk + k] = d;
                    let mut coefs = vec![(d, 1.0)];
                    coefs.extend(
                        delivered(model, x, w, t, k, |_| true)
                            .into_iter()
                            .map(|(v, g)| (v, -g)),
                    );
                    let tag = Tag::new(RowKind::OutageTotal, At::wtk(w, t, k));
                    b.lp.add_row(coefs, Sense::Eq, 0.0, tag);
                }
            }
            for p in wl.providers(model) {
                for t in 0..model.periods() {
                    for k in 0..model.segments.len() {
                        let rate = model.rate(w, t, k);
                        if rate <= 0.0 {
                            continue;
                        }
                        let total = totals[t * kk + k];
                        let mut coefs = vec![(total, 1.0)];
                        let own = |o: usize| model.offerings[o].provider == p;
                        coefs.extend(
                            delivered(model, x, w, t, k, own)
                                .into_iter()
                                .map(|(v, g)| (v, -g)),
                        );
                        let tag = Tag::new(RowKind::Outage, At::wtk(w, t, k).group(p));
                        b.lp.add_row(coefs, Sense::Ge, beta * rate, tag);
                    }
                }
            }
        }
    }

    fn prefix(&self, kind: RowKind) -> &'static str {
        match kind {
            RowKind::OutageTotal => "delivered",
            _ => "outage",
        }
    }

    fn slack_weight(&self, kind: RowKind) -> Option<f64> {
        (kind == RowKind::Outage).then_some(POLICY_WEIGHT)
    }

    fn price(&self, model: &Model, row: &Row, y: f64, out: &mut ShadowPrices) {
        if row.tag.kind != RowKind::Outage {
            return;
        }
        let at = row.tag.at;
        let usd = y * model.row_demand(at.w, at.t, at.k);
        out.policy
            .push(policy_price(model, PolicyFamily::OutageCoverage, at, usd));
    }

    fn finding(&self, model: &Model, tag: Tag, v: f64, scale: f64) -> Option<Finding> {
        if tag.kind != RowKind::Outage {
            return None;
        }
        let beta = model.policy.outage_coverage;
        let rel = v / scale.max(f64::MIN_POSITIVE);
        let l = limit(
            model,
            PolicyFamily::OutageCoverage,
            tag.at,
            beta,
            beta - rel,
        );
        Some(Finding::Limit(l))
    }

    fn is_active(&self, s: &Scenario, _o: &PlanOptions) -> bool {
        s.policy.outage_coverage > 0.0
    }

    fn relax(&self, s: &mut Scenario, _o: &mut PlanOptions) {
        s.policy.outage_coverage = 0.0;
    }

    fn label(&self, s: &Scenario) -> String {
        format!("outage coverage {}", share(s.policy.outage_coverage))
    }

    fn setting(&self, s: &Scenario) -> String {
        format!("outage coverage of {}", share(s.policy.outage_coverage))
    }

    fn marginal_sentence(&self, rows: usize, v: f64, _w: Option<&str>, _g: Option<&str>) -> String {
        format!(
            "outage coverage binds ({}): each extra point (0.01) costs {}",
            super::rows_word(rows),
            usd(v.abs() / 100.0)
        )
    }

    fn limit_sentence(&self, l: &PolicyLimit, at: &str, d: &Diagnosis) -> Option<String> {
        match d.max_outage_coverage {
            Some(b) => Some(format!(
                "outage coverage reachable: at most {} (asked {})",
                qty(b),
                qty(l.limit)
            )),
            None => Some(format!(
                "{} keeps only {} of its demand without {} in {at} (coverage asked {})",
                l.workload.as_deref().unwrap_or("-"),
                share(l.relaxed_to.max(0.0)),
                l.provider.as_deref().unwrap_or("a provider"),
                share(l.limit)
            )),
        }
    }

    fn params(&self) -> &'static [ParamSpec] {
        &[ParamSpec {
            form: "policy.outage_coverage",
            tightening: 1,
            apply: |s, _, v| {
                s.policy.outage_coverage = v;
                Ok(())
            },
        }]
    }
}
