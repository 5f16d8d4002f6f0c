//! The diagnosis summary: its findings as short sentences, most important first.
//!
//! Order: unserved demand (the worst few periods per workload), exhausted caps, allow-lists
//! that exclude compatible offerings, policy rows that would have to give (the worst row
//! per workload and provider), the exact budget and coverage figures, and finally the
//! structural causes (single routing, whole units).

use crate::document::{Diagnosis, ExhaustedCap, PolicyFamily, PolicyLimit, Unserved};
use crate::fmt::{label_runs, qty, rate_unit, share, work_unit};
use crate::formulate::families::of_policy;
use crate::model::Model;
use std::collections::BTreeMap;

/// Rows listed per workload before "and N more".
const ROWS_PER_WORKLOAD: usize = 3;
/// Offering ids listed per workload before "+N more".
const IDS_LISTED: usize = 4;

pub(crate) fn summary(model: &Model, d: &Diagnosis) -> Vec<String> {
    let mut out = Vec::new();
    unserved(model, &d.unserved, &mut out);
    for c in &d.exhausted_caps {
        out.push(cap_sentence(c, &model.labels));
    }
    for (w, ids) in &d.excluded_offerings {
        let more = ids.len().saturating_sub(IDS_LISTED);
        let listed = ids
            .iter()
            .take(IDS_LISTED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let tail = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        out.push(format!(
            "{w}'s provider/region allow-lists exclude compatible offerings: {listed}{tail}"
        ));
    }
    limits(model, d, &mut out);
    for f in &d.feasible_without {
        out.push(match f {
            PolicyFamily::SingleRouting => {
                "with split routing the scenario is feasible: no single accelerator type can carry a single-routing workload within the caps and rules".into()
            }
            PolicyFamily::IntegerUnits => {
                "with fractional units the scenario is feasible: whole units cannot fit the caps or the budget".into()
            }
            other => format!("without {} the scenario is feasible", other.as_str().replace('_', " ")),
        });
    }
    if out.is_empty() {
        out.push("no relaxation found: the continuous program is feasible and no single rule explains the infeasibility".into());
    }
    out
}

fn unserved(model: &Model, rows: &[Unserved], out: &mut Vec<String>) {
    for wl in &model.workloads {
        let mut mine: Vec<&Unserved> = rows.iter().filter(|u| u.workload == wl.id).collect();
        if mine.is_empty() {
            continue;
        }
        mine.sort_by(|a, b| {
            b.missing_share
                .total_cmp(&a.missing_share)
                .then(a.period.cmp(&b.period))
        });
        for u in mine.iter().take(ROWS_PER_WORKLOAD) {
            out.push(match u.period {
                Some(_) => format!(
                    "{}, {}: {} ({}) cannot be served",
                    u.workload,
                    when(u),
                    amount(u),
                    share(u.missing_share)
                ),
                None => format!(
                    "{}: {} ({}) cannot be completed in its window",
                    u.workload,
                    amount(u),
                    share(u.missing_share)
                ),
            });
        }
        if mine.len() > ROWS_PER_WORKLOAD {
            let total: f64 = mine.iter().map(|u| u.missing_work_units).sum();
            out.push(format!(
                "{}: {} more periods or segments short; {} {} missing in total",
                wl.id,
                mine.len() - ROWS_PER_WORKLOAD,
                qty(total),
                work_unit(&mine[0].unit)
            ));
        }
    }
}

/// `2025-09 peak`, `2025-09`, or `its window` for a policy row.
fn at(model: &Model, l: &PolicyLimit) -> String {
    let label = l.period.and_then(|p| model.labels.get(p - 1).cloned());
    match (label, &l.segment) {
        (Some(p), Some(s)) => format!("{p} {s}"),
        (Some(p), None) => p,
        _ => "its window".into(),
    }
}

fn limits(model: &Model, d: &Diagnosis, out: &mut Vec<String>) {
    // Worst row per (family, workload, provider): largest change of the parameter.
    let mut worst: BTreeMap<(PolicyFamily, Option<&str>, Option<&str>), &PolicyLimit> =
        BTreeMap::new();
    for l in &d.policy_limits {
        let key = (l.family, l.workload.as_deref(), l.provider.as_deref());
        let change = |x: &PolicyLimit| (x.relaxed_to - x.limit).abs();
        if worst.get(&key).is_none_or(|w| change(l) > change(w)) {
            worst.insert(key, l);
        }
    }
    for ((family, _, _), l) in worst {
        let Some(f) = of_policy(family) else { continue };
        // Several rows may come to one sentence (the reachable coverage): say it once.
        if let Some(s) = f.limit_sentence(l, &at(model, l), d) {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
}

/// `3 Mtok/h` (serving) or `2 of 5 Mtok` (batch).
fn amount(u: &Unserved) -> String {
    match u.period {
        Some(_) => format!("{} {}", qty(u.missing), rate_unit(&u.unit)),
        None => format!(
            "{} of {} {}",
            qty(u.missing),
            qty(u.demand),
            work_unit(&u.unit)
        ),
    }
}

/// `2025-09 peak` / `2025-09`.
fn when(u: &Unserved) -> String {
    match (&u.label, &u.segment) {
        (Some(l), Some(s)) => format!("{l} {s}"),
        (Some(l), None) => l.clone(),
        _ => "its window".into(),
    }
}

/// `cap of X (5 units) exhausted in P1..P3`.
fn cap_sentence(c: &ExhaustedCap, labels: &[String]) -> String {
    format!(
        "cap of {} ({} units) exhausted in {}",
        c.offering,
        qty(c.max_units),
        label_runs(&c.periods, labels)
    )
}
