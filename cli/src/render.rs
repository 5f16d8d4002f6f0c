//! Plan → text for people (`table`); the CSV tables are in render_tables.rs.

use crate::grid::{Align::Left, Align::Right, Grid};
use capmix::document::{Costs, Plan};
use capmix::text::escape;
use capmix::PurchaseLine;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Table figures: one formatter per language, core's (exact dollars, counts).
pub(crate) use capmix::fmt::{count as num, dollars as usd};

pub(crate) fn pct(part: f64, whole: f64) -> String {
    if whole.abs() < 1e-12 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part / whole)
    }
}

/// "Cost by {title}": one row per `key` (a provider, purchase option, ...), its share of `total`.
fn split(out: &mut String, (title, key): (&str, &str), map: &BTreeMap<String, f64>, total: f64) {
    let _ = writeln!(out, "\nCost by {title}");
    if map.is_empty() {
        return;
    }
    let mut rows: Vec<(&String, &f64)> = map.iter().collect();
    rows.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    let mut g = Grid::new(&[(key, Left), ("cost", Right), ("share", Right)]);
    for (k, v) in rows {
        g.row([escape(k).into_owned(), usd(*v), pct(*v, total)]);
    }
    g.write(out);
}

/// The label of 1-based `period`, months past the horizon counted on (`2026-08`).
pub(crate) fn period_label(plan: &Plan, period: usize) -> String {
    plan.period_label_beyond(period)
        .map_or_else(|| period.to_string(), |l| escape(&l).into_owned())
}

/// Periods `first..=last` by label: "2025-09 to 2026-08", or one label.
fn period_range(plan: &Plan, first: usize, last: usize) -> String {
    if first == last {
        period_label(plan, first)
    } else {
        format!(
            "{} to {}",
            period_label(plan, first),
            period_label(plan, last)
        )
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
    let how = if plan.method.is_empty() {
        plan.solver.clone()
    } else {
        format!("{} via {}", plan.method, plan.solver)
    };
    let _ = writeln!(out, "status: {}  [{how}; {verified}]", plan.status.as_str());
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
    split(&mut out, ("provider", "provider"), &c.by_provider, total);
    split(
        &mut out,
        ("purchase option", "purchase"),
        &c.by_purchase,
        total,
    );
    split(
        &mut out,
        ("accelerator", "accelerator"),
        &c.by_accelerator,
        total,
    );
    split(&mut out, ("workload", "workload"), &c.by_workload, total);
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
    crate::render_achieved::achieved(&mut out, plan);
    crate::sources::throughput_sources(&mut out, plan);
    out
}

fn by_period(out: &mut String, plan: &Plan) {
    let _ = writeln!(out, "\nCost by period");
    let mut g = Grid::new(&[("period", Left), ("cost", Right)]);
    for (p, cost) in plan.periods.iter().zip(&plan.costs.by_period) {
        g.row([escape(&p.label).into_owned(), usd(*cost)]);
    }
    g.write(out);
}

fn commitments(out: &mut String, plan: &Plan) {
    let _ = writeln!(out, "\nCommitments to sign");
    if plan.commitments.is_empty() {
        let _ = writeln!(out, "  none");
        return;
    }
    let mut g = Grid::new(&[
        ("offering", Left),
        ("sign in", Left),
        ("units", Right),
        ("chips", Right),
        ("active", Left),
        ("cost in horizon", Right),
    ]);
    for c in &plan.commitments {
        let chips = plan
            .fleet
            .iter()
            .find(|f| f.offering == c.offering)
            .map_or(0.0, |f| f.chips / f.units.max(1e-12));
        g.row([
            escape(&c.offering).into_owned(),
            period_label(plan, c.period),
            num(c.units),
            num(c.units * chips),
            period_range(plan, c.first_active_period, c.last_active_period),
            usd(c.cost_in_horizon),
        ]);
    }
    g.write(out);
}

/// Peak chips per provider in each period (maximum over segments).
fn fleet(out: &mut String, plan: &Plan) {
    let mut providers: Vec<&str> = plan.fleet.iter().map(|f| f.provider.as_str()).collect();
    providers.sort_unstable();
    providers.dedup();
    let _ = writeln!(out, "\nFleet per period (accelerators, busiest segment)");
    let names: Vec<String> = providers.iter().map(|p| escape(p).into_owned()).collect();
    let mut columns = vec![("period", Left)];
    columns.extend(names.iter().map(|n| (n.as_str(), Right)));
    columns.push(("total", Right));
    let mut g = Grid::new(&columns);
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
        let mut row = vec![escape(&period.label).into_owned()];
        let mut total = 0.0;
        for p in &providers {
            let chips = busiest.and_then(|m| m.get(p)).copied().unwrap_or(0.0);
            total += chips;
            row.push(num(chips));
        }
        row.push(num(total));
        g.row(row);
    }
    g.write(out);
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
