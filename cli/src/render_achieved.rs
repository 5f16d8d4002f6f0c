//! The "Achieved" section of `capmix plan`'s table: each policy measured on the plan
//! against its limit (outage coverage, provider, region and spot shares), commitment
//! utilisation, and unmet work.

use crate::grid::{Align::Left, Align::Right, Grid};
use crate::render::{num, pct, period_label, usd};
use capmix::document::Plan;
use capmix::text::escape;
use std::collections::BTreeMap;
use std::fmt::Write;

/// One row per policy measured on the plan: what it achieved against its limit.
pub(crate) fn achieved(out: &mut String, plan: &Plan) {
    let a = &plan.achieved;
    let _ = writeln!(out, "\nAchieved");
    let mut g = Grid::new(&[
        ("of", Left),
        ("measure", Left),
        ("achieved", Right),
        ("limit", Right),
        ("where", Left),
    ]);
    let share = |v: f64| format!("{:.1}%", 100.0 * v);
    let limit = |op: &str, v: f64| format!("{op} {:.0}%", 100.0 * v);
    let mut rows = 0;
    for c in &a.outage_coverage {
        let worst = escape(c.worst_provider.as_deref().unwrap_or("-"));
        g.row([
            escape(&c.workload).into_owned(),
            "outage coverage".into(),
            share(c.coverage),
            limit(">=", c.target),
            format!("worst: losing {worst} in {}", period_label(plan, c.period)),
        ]);
        rows += 1;
    }
    for s in &a.provider_shares {
        g.row([
            escape(&s.workload).into_owned(),
            format!(
                "peak share on {}",
                escape(s.provider.as_deref().unwrap_or("-"))
            ),
            share(s.share),
            limit("<=", s.limit),
            String::new(),
        ]);
        rows += 1;
    }
    for s in &a.region_shares {
        g.row([
            escape(&s.workload).into_owned(),
            format!(
                "peak share in {}",
                escape(s.region.as_deref().unwrap_or("-"))
            ),
            share(s.share),
            limit("<=", s.limit),
            String::new(),
        ]);
        rows += 1;
    }
    for s in &a.spot_shares {
        g.row([
            escape(&s.workload).into_owned(),
            "peak spot share".into(),
            share(s.share),
            limit("<=", s.limit),
            String::new(),
        ]);
        rows += 1;
    }
    let mut util: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for u in &a.commitment_utilisation {
        let e = util.entry(u.offering.as_str()).or_insert((0.0, 0.0));
        e.0 += u.used_units;
        e.1 += u.active_units;
    }
    for (o, (used, active)) in util {
        g.row([
            escape(o).into_owned(),
            "commitment utilisation".into(),
            pct(used, active),
            String::new(),
            "units in use / units held, all periods".into(),
        ]);
        rows += 1;
    }
    if rows > 0 {
        g.write(out);
    }
    let short: f64 = a.shortfall.iter().map(|s| s.work_units).sum();
    if short > 0.0 {
        let _ = writeln!(
            out,
            "  unmet work: {} work units (penalty {})",
            num(short),
            usd(plan.costs.shortfall_penalty)
        );
    } else if rows == 0 {
        let _ = writeln!(out, "  none");
    }
}
