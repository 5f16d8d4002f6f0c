//! Plan → text for people (`table`); the CSV tables are in render_tables.rs.

use capmix::document::{Costs, Plan};
use capmix::text::escape;
use capmix::PurchaseLine;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Table figures: one formatter per language, core's (exact dollars, counts).
pub(crate) use capmix::fmt::{count as num, dollars as usd};

fn pct(part: f64, whole: f64) -> String {
    if whole.abs() < 1e-12 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part / whole)
    }
}

fn split(out: &mut String, title: &str, map: &BTreeMap<String, f64>, total: f64) {
    let _ = writeln!(out, "\n{title}");
    let mut rows: Vec<(&String, &f64)> = map.iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    for (k, v) in rows {
        let k = escape(k);
        let _ = writeln!(out, "  {k:<28} {:>18} {:>7}", usd(*v), pct(*v, total));
    }
}

/// The plan for people; `purchases` is [`Plan::purchases`] of the plan.
pub(crate) fn table(plan: &Plan, purchases: &[PurchaseLine]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "capmix plan: {}", escape(&plan.scenario));
    let verified = match &plan.verification {
        Some(v) if v.passed => format!("verified ({} checks)", v.checks),
        Some(v) => format!(
            "VERIFICATION FAILED (max violation {:.2e})",
            v.max_violation
        ),
        None => "not verified".into(),
    };
    let _ = writeln!(
        out,
        "status: {}  [{} via {}; {}]",
        plan.status.as_str(),
        plan.method,
        plan.solver,
        verified
    );
    for note in &plan.notes {
        let _ = writeln!(out, "note: {}", escape(note));
    }
    let Some(total) = plan.total_cost else {
        let _ = writeln!(out, "no plan: {}", plan.status.no_plan_reason());
        return out;
    };
    let label = if plan.uncertainty.is_some() {
        "expected cost    "
    } else {
        "total cost       "
    };
    let _ = writeln!(out, "\n{label} {:>18}", usd(total));
    if plan.costs.shortfall_penalty > 0.0 {
        let _ = writeln!(
            out,
            "shortfall penalty {:>18}",
            usd(plan.costs.shortfall_penalty)
        );
        let _ = writeln!(
            out,
            "objective         {:>18}",
            usd(plan.objective.unwrap_or(total))
        );
    }
    if plan.uncertainty.is_some() && plan.costs.shortfall_penalty <= 0.0 {
        let _ = writeln!(
            out,
            "objective         {:>18}  (the risk measure)",
            usd(plan.objective.unwrap_or(total))
        );
    }
    if let Some(words) = plan.optimality_words() {
        let _ = writeln!(out, "{}", escape(&words));
    }
    if let Some(words) = plan.whole_units_words() {
        let _ = writeln!(out, "{}", escape(&words));
    }
    let _ = writeln!(
        out,
        "model             {:>9} variables, {} constraints",
        plan.model_size.variables, plan.model_size.constraints
    );
    crate::render_uncertainty::table(&mut out, plan.uncertainty.as_ref());
    // With demand scenarios the splits are the shown scenario's, whose total is its own.
    let total = plan
        .uncertainty
        .as_ref()
        .and_then(|u| u.scenarios.iter().find(|s| s.name == u.shown_scenario))
        .map_or(total, |s| s.total_cost);
    by_period(&mut out, plan);
    let c: &Costs = &plan.costs;
    split(&mut out, "Cost by provider", &c.by_provider, total);
    split(&mut out, "Cost by purchase option", &c.by_purchase, total);
    split(&mut out, "Cost by accelerator", &c.by_accelerator, total);
    split(&mut out, "Cost by workload", &c.by_workload, total);
    if c.existing_commitments > 0.0 {
        let _ = writeln!(
            out,
            "\nexisting commitments (included above): {}",
            usd(c.existing_commitments)
        );
    }
    if c.beyond_horizon > 0.0 {
        let how = if c.beyond_horizon_charged {
            "charged, included above"
        } else {
            "amortized, not included"
        };
        let _ = writeln!(
            out,
            "commitment periods after the horizon ({how}): {}",
            usd(c.beyond_horizon)
        );
    }
    commitments(&mut out, plan);
    crate::render_tables::purchases(&mut out, purchases);
    fleet(&mut out, plan);
    achieved(&mut out, plan);
    crate::sources::throughput_sources(&mut out, plan);
    out
}

fn by_period(out: &mut String, plan: &Plan) {
    let _ = writeln!(out, "\nCost by period");
    for (p, cost) in plan.periods.iter().zip(&plan.costs.by_period) {
        let _ = writeln!(out, "  {:<10} {:>18}", escape(&p.label), usd(*cost));
    }
}

fn commitments(out: &mut String, plan: &Plan) {
    let _ = writeln!(out, "\nCommitments to sign");
    if plan.commitments.is_empty() {
        let _ = writeln!(out, "  none");
        return;
    }
    let _ = writeln!(
        out,
        "  {:<28} {:>8} {:>9} {:>8} {:>15} {:>16}",
        "offering", "sign in", "units", "chips", "active", "cost in horizon"
    );
    for c in &plan.commitments {
        let label = plan
            .periods
            .get(c.period - 1)
            .map_or_else(|| c.period.to_string(), |p| escape(&p.label).into_owned());
        let chips = plan
            .fleet
            .iter()
            .find(|f| f.offering == c.offering)
            .map_or(0.0, |f| f.chips / f.units.max(1e-12));
        let _ = writeln!(
            out,
            "  {:<28} {:>8} {:>9} {:>8} {:>15} {:>16}",
            escape(&c.offering),
            label,
            num(c.units),
            num(c.units * chips),
            format!("P{}-P{}", c.first_active_period, c.last_active_period),
            usd(c.cost_in_horizon)
        );
    }
}

/// Peak chips per provider in each period (maximum over segments).
fn fleet(out: &mut String, plan: &Plan) {
    let mut providers: Vec<&str> = plan.fleet.iter().map(|f| f.provider.as_str()).collect();
    providers.sort_unstable();
    providers.dedup();
    let _ = writeln!(out, "\nFleet per period (accelerators, busiest segment)");
    let mut header = format!("  {:<10}", "period");
    for p in &providers {
        let _ = write!(header, " {:>12}", escape(p));
    }
    let _ = writeln!(out, "{header} {:>12}", "total");
    for period in &plan.periods {
        let mut segs: BTreeMap<&str, BTreeMap<&str, f64>> = BTreeMap::new();
        for f in plan.fleet.iter().filter(|f| f.period == period.period) {
            *segs
                .entry(f.segment.as_str())
                .or_default()
                .entry(f.provider.as_str())
                .or_insert(0.0) += f.chips;
        }
        let busiest = segs
            .values()
            .max_by(|a, b| a.values().sum::<f64>().total_cmp(&b.values().sum::<f64>()));
        let mut line = format!("  {:<10}", escape(&period.label));
        let mut total = 0.0;
        for p in &providers {
            let chips = busiest.and_then(|m| m.get(p)).copied().unwrap_or(0.0);
            total += chips;
            let _ = write!(line, " {:>12}", num(chips));
        }
        let _ = writeln!(out, "{line} {:>12}", num(total));
    }
}

fn achieved(out: &mut String, plan: &Plan) {
    let a = &plan.achieved;
    let _ = writeln!(out, "\nAchieved");
    for c in &a.outage_coverage {
        let worst = escape(c.worst_provider.as_deref().unwrap_or("-"));
        let _ = writeln!(
            out,
            "  {:<16} outage coverage {:>6.1}% (target {:.0}%; worst: losing {worst} in P{})",
            escape(&c.workload),
            100.0 * c.coverage,
            100.0 * c.target,
            c.period
        );
    }
    for s in &a.provider_shares {
        let _ = writeln!(
            out,
            "  {:<16} peak share on {:<12} {:>6.1}% (limit {:.0}%)",
            escape(&s.workload),
            escape(s.provider.as_deref().unwrap_or("-")),
            100.0 * s.share,
            100.0 * s.limit
        );
    }
    for s in &a.region_shares {
        let _ = writeln!(
            out,
            "  {:<16} peak share in {:<20} {:>6.1}% (limit {:.0}%)",
            escape(&s.workload),
            escape(s.region.as_deref().unwrap_or("-")),
            100.0 * s.share,
            100.0 * s.limit
        );
    }
    for s in &a.spot_shares {
        let _ = writeln!(
            out,
            "  {:<16} peak spot share {:>6.1}% (limit {:.0}%)",
            escape(&s.workload),
            100.0 * s.share,
            100.0 * s.limit
        );
    }
    let mut util: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for u in &a.commitment_utilisation {
        let e = util.entry(u.offering.as_str()).or_insert((0.0, 0.0));
        e.0 += u.used_units;
        e.1 += u.active_units;
    }
    for (o, (used, active)) in util {
        let _ = writeln!(
            out,
            "  commitment {:<28} utilisation {}",
            escape(o),
            pct(used, active)
        );
    }
    let short: f64 = a.shortfall.iter().map(|s| s.work_units).sum();
    if short > 0.0 {
        let _ = writeln!(
            out,
            "  unmet work: {} work units (penalty {})",
            num(short),
            usd(plan.costs.shortfall_penalty)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        assert_eq!(usd(1234567.4), "$1,234,567");
        assert_eq!(usd(999.5), "$1,000");
        assert_eq!(usd(12.345), "$12.35");
        assert_eq!(usd(-2500.0), "-$2,500");
    }
}
