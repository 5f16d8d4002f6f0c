//! Readable, unique, format-safe names for variables and rows.

use crate::formulate::two_stage::TwoStage;
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
        .map(|name| crate::text::unique_name(&mut seen, name, '.'))
        .collect()
}

pub(super) fn variables(model: &Model, lp: &Lp) -> Vec<String> {
    unique(raw_variables(model, lp))
}

/// Row names (of `lp.rows`, then of `lp.unsatisfiable`): the family's prefix, then the row's indices in a fixed order (workload,
/// offering, group, period, segment): `demand.chat.p3.peak`, `share.chat.aws.p3.peak`.
pub(super) fn rows(model: &Model, lp: &Lp) -> Vec<String> {
    let all = lp.rows.iter().chain(&lp.unsatisfiable);
    unique(all.map(|r| row(model, r.tag)).collect())
}

/// Names of a stacked two-stage program: block s's own columns and rows are prefixed with
/// its demand scenario's name (`high.x.chat.azure_od.p3.all`), the shared commitments are
/// not (`sign.azure_commit.p1`), and the risk rows and excess columns carry the scenario's
/// name (`risk.high`, `excess.high`). `blocks[s]` is (scenario name, model, program).
pub(super) fn stacked(blocks: &[(&str, &Model, &Lp)], ts: &TwoStage) -> (Vec<String>, Vec<String>) {
    let lp = &ts.lp;
    let scen = |s: usize| clean(blocks.get(s).map_or("s", |b| b.0));
    let mut vars: Vec<Option<String>> = vec![None; lp.vars.len()];
    for (s, (_, model, block)) in blocks.iter().enumerate() {
        let raw = raw_variables(model, block);
        for (j, name) in raw.into_iter().enumerate() {
            let Some(slot) = ts
                .columns
                .get(s)
                .and_then(|c| c.get(j))
                .and_then(|&k| vars.get_mut(k))
            else {
                continue;
            };
            if slot.is_none() {
                *slot = Some(match block.vars[j].kind {
                    VarKind::Sign { .. } => name,
                    _ => format!("{}.{name}", scen(s)),
                });
            }
        }
    }
    let vars = vars
        .into_iter()
        .zip(&lp.vars)
        .map(|(name, v)| match (name, v.kind) {
            (Some(name), _) => name,
            (None, VarKind::Excess { sc }) => format!("excess.{}", scen(sc)),
            (None, kind) => blocks.first().map_or("col".into(), |b| var(b.1, kind)),
        })
        .collect();
    let mut rows = Vec::with_capacity(lp.rows.len() + lp.unsatisfiable.len());
    for (s, (_, model, block)) in blocks.iter().enumerate() {
        rows.extend(
            block
                .rows
                .iter()
                .map(|r| format!("{}.{}", scen(s), row(model, r.tag))),
        );
    }
    for r in &lp.rows[rows.len().min(lp.rows.len())..] {
        rows.push(match r.tag.kind {
            RowKind::Risk => format!("risk.{}", scen(r.tag.at.g.unwrap_or(0))),
            _ => blocks.first().map_or("row".into(), |b| row(b.1, r.tag)),
        });
    }
    for (s, (_, model, block)) in blocks.iter().enumerate() {
        rows.extend(
            block
                .unsatisfiable
                .iter()
                .map(|r| format!("{}.{}", scen(s), row(model, r.tag))),
        );
    }
    // The stack appends each block's rows in block order, then the risk rows; a program
    // that does not (a future stack) still gets one name per row.
    rows.resize_with(lp.rows.len() + lp.unsatisfiable.len(), || "row".into());
    (unique(vars), unique(rows))
}

fn raw_variables(model: &Model, lp: &Lp) -> Vec<String> {
    lp.vars.iter().map(|v| var(model, v.kind)).collect()
}

fn var(model: &Model, kind: VarKind) -> String {
    let w = |w: usize| clean(&model.workloads[w].id);
    let o = |o: usize| clean(&model.offerings[o].id);
    let k = |k: usize| clean(&model.segments[k].name);
    match kind {
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
    }
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
