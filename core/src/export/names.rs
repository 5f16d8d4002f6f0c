//! Readable, unique, format-safe names for variables and rows.

use crate::formulate::{Lp, Tag, VarKind};
use crate::model::Model;
use std::collections::HashSet;

/// Keeps letters, digits, `_` and `.`; everything else becomes `_` (LP format reads `-`
/// and `+` as operators, MPS splits on spaces).
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn unique(raw: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::with_capacity(raw.len());
    raw.into_iter()
        .map(|name| {
            let mut candidate = name.clone();
            let mut n = 1;
            while !seen.insert(candidate.clone()) {
                n += 1;
                candidate = format!("{name}.{n}");
            }
            candidate
        })
        .collect()
}

pub(super) fn variables(model: &Model, lp: &Lp) -> Vec<String> {
    let w = |w: usize| clean(&model.workloads[w].id);
    let o = |o: usize| clean(&model.offerings[o].id);
    let k = |k: usize| clean(&model.segments[k].name);
    unique(
        lp.vars
            .iter()
            .map(|v| match v.kind {
                VarKind::Alloc {
                    w: a,
                    o: b,
                    t,
                    k: c,
                } => format!("x.{}.{}.p{}.{}", w(a), o(b), t + 1, k(c)),
                VarKind::Fleet { o: b, t, k: c } => format!("u.{}.p{}.{}", o(b), t + 1, k(c)),
                VarKind::Sign { o: b, s } => format!("sign.{}.p{}", o(b), s + 1),
                VarKind::Short { w: a, t, k: c } => format!("short.{}.p{}.{}", w(a), t + 1, k(c)),
                VarKind::ShortBatch { w: a } => format!("short.{}", w(a)),
                VarKind::Route { w: a, acc } => {
                    let accs = model.workloads[a].accelerators(model);
                    format!(
                        "route.{}.{}",
                        w(a),
                        clean(accs.get(acc).copied().unwrap_or("?"))
                    )
                }
                VarKind::Dual { i } => format!("dual.{i}"),
                VarKind::Slack { row } => format!("slack.{row}"),
                VarKind::Param => "param".into(),
            })
            .collect(),
    )
}

pub(super) fn rows(model: &Model, lp: &Lp) -> Vec<String> {
    let w = |w: usize| clean(&model.workloads[w].id);
    let o = |o: usize| clean(&model.offerings[o].id);
    let p = |p: usize| clean(&model.providers[p].id);
    let k = |k: usize| clean(&model.segments[k].name);
    unique(
        lp.rows
            .iter()
            .map(|r| match r.tag {
                Tag::Demand { w: a, t, k: c } => format!("demand.{}.p{}.{}", w(a), t + 1, k(c)),
                Tag::BatchTotal { w: a } => format!("batch.{}", w(a)),
                Tag::FleetLink { o: b, t, k: c } => format!("fleet.{}.p{}.{}", o(b), t + 1, k(c)),
                Tag::OfferingCap { o: b, t, k: c } => format!("cap.{}.p{}.{}", o(b), t + 1, k(c)),
                Tag::CommitCapacity { o: b, t, k: c } => {
                    format!("commit.{}.p{}.{}", o(b), t + 1, k(c))
                }
                Tag::CommitCap { o: b, t } => format!("commitcap.{}.p{}", o(b), t + 1),
                Tag::ProviderShare {
                    w: a,
                    p: q,
                    t,
                    k: c,
                } => {
                    format!("share.{}.{}.p{}.{}", w(a), p(q), t + 1, k(c))
                }
                Tag::BatchProviderShare { w: a, p: q } => format!("share.{}.{}", w(a), p(q)),
                Tag::Outage {
                    w: a,
                    p: q,
                    t,
                    k: c,
                } => format!("outage.{}.{}.p{}.{}", w(a), p(q), t + 1, k(c)),
                Tag::SpotShare { w: a, t, k: c } => format!("spot.{}.p{}.{}", w(a), t + 1, k(c)),
                Tag::Budget => "budget".into(),
                Tag::RouteChoice { w: a } => format!("route.{}", w(a)),
                Tag::RouteLink {
                    w: a,
                    o: b,
                    t,
                    k: c,
                } => format!("routelink.{}.{}.p{}.{}", w(a), o(b), t + 1, k(c)),
                Tag::DualColumn { j } => format!("dualcol.{j}"),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_clean_and_unique() {
        assert_eq!(clean("azure-h100 eastus"), "azure_h100_eastus");
        assert_eq!(
            unique(vec!["a".into(), "a".into(), "a".into()]),
            vec!["a", "a.2", "a.3"]
        );
    }
}
