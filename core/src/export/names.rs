//! Readable, unique, format-safe names for variables and rows.

use crate::formulate::{Lp, RowKind, Tag, VarKind};
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
                VarKind::Delivered { w: a, t, k: c } => {
                    format!("delivered.{}.p{}.{}", w(a), t + 1, k(c))
                }
                VarKind::Dual { i } => format!("dual.{i}"),
                VarKind::Slack { row } => format!("slack.{row}"),
                VarKind::Param => "param".into(),
                VarKind::Risk => "risk".into(),
                VarKind::Excess { sc } => format!("excess.s{}", sc + 1),
            })
            .collect(),
    )
}

/// Row names (of `lp.rows`, then of `lp.unsatisfiable`): the family's prefix, then the row's indices in a fixed order (workload,
/// offering, group, period, segment): `demand.chat.p3.peak`, `share.chat.aws.p3.peak`.
pub(super) fn rows(model: &Model, lp: &Lp) -> Vec<String> {
    let all = lp.rows.iter().chain(&lp.unsatisfiable);
    unique(all.map(|r| row(model, r.tag)).collect())
}

/// The name of one row (also of the unsatisfiable rows the exporters keep).
pub(super) fn row(model: &Model, tag: Tag) -> String {
    if tag.kind == RowKind::DualColumn {
        return format!("dualcol.{}", tag.at.o.unwrap_or(0));
    }
    if tag.kind == RowKind::Risk {
        return format!("risk.s{}", tag.at.g.map_or(0, |s| s + 1));
    }
    let prefix = tag.kind.family().map_or("row", |f| f.prefix(tag.kind));
    let at = tag.at;
    let mut parts = vec![prefix.to_string()];
    parts.extend(at.w.map(|w| clean(&model.workloads[w].id)));
    parts.extend(at.o.map(|o| clean(&model.offerings[o].id)));
    let group =
        at.g.zip(tag.kind.family())
            .and_then(|(g, f)| f.group(model, g));
    parts.extend(group.map(|g| clean(&g)));
    parts.extend(at.t.map(|t| format!("p{}", t + 1)));
    parts.extend(at.k.map(|k| clean(&model.segments[k].name)));
    parts.join(".")
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
