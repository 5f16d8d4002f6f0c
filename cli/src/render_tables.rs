//! The purchase list in `capmix plan`'s table, and the plan's tables as CSV
//! (`--format csv --table allocations|purchases|fleet|commitments`).
//!
//! CSV cells that are text go through [`csv_text`] (quoted, formulas neutralised); numbers
//! are written as numbers, full precision, so a spreadsheet sums them exactly.

use crate::args::PlanTable;
use crate::grid::{Align::Left, Align::Right, Grid};
use crate::render::{num, usd};
use capmix::document::Plan;
use capmix::text::{csv_text, escape};
use capmix::PurchaseLine;
use std::fmt::Write;

/// The "Purchases" section: what to buy, one row per offering and period.
pub(crate) fn purchases(out: &mut String, lines: &[PurchaseLine]) {
    let _ = writeln!(
        out,
        "\nPurchases (units: most held in any segment; signed: new commitments)"
    );
    if lines.is_empty() {
        let _ = writeln!(out, "  none");
        return;
    }
    let mut g = Grid::new(&[
        ("period", Left),
        ("offering", Left),
        ("purchase", Left),
        ("units", Right),
        ("chips", Right),
        ("signed", Right),
        ("cost", Right),
    ]);
    for l in lines {
        let signed = if l.signed_units > 0.0 {
            num(l.signed_units)
        } else {
            "-".into()
        };
        g.row([
            escape(&l.label).into_owned(),
            escape(&l.offering).into_owned(),
            escape(&l.purchase).into_owned(),
            num(l.units),
            num(l.chips),
            signed,
            usd(l.cost),
        ]);
    }
    g.write(out);
}

/// The label of 1-based `period`, empty when the plan has no such period.
fn label(plan: &Plan, period: usize) -> String {
    csv_text(plan.period_label(period).unwrap_or(""))
}

/// One CSV table of the plan; `purchases` is read for [`PlanTable::Purchases`] only.
pub(crate) fn csv(plan: &Plan, table: PlanTable, purchases: &[PurchaseLine]) -> String {
    match table {
        PlanTable::Allocations => allocations(plan),
        PlanTable::Purchases => purchases_csv(purchases),
        PlanTable::Fleet => fleet(plan),
        PlanTable::Commitments => commitments(plan),
    }
}

/// One row per allocation.
fn allocations(plan: &Plan) -> String {
    let mut out = String::from(
        "period,label,segment,workload,offering,provider,region,accelerator,purchase,units,chips,delivered_rate,cost_per_hour\n",
    );
    for a in &plan.allocations {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{}",
            a.period,
            label(plan, a.period),
            csv_text(&a.segment),
            csv_text(&a.workload),
            csv_text(&a.offering),
            csv_text(&a.provider),
            csv_text(&a.region),
            csv_text(&a.accelerator),
            csv_text(&a.purchase),
            a.units,
            a.chips,
            a.delivered_rate,
            a.cost_per_hour
        );
    }
    out
}

fn purchases_csv(lines: &[PurchaseLine]) -> String {
    let mut out = String::from(
        "period,label,offering,provider,region,accelerator,purchase,units,chips,signed_units,cost\n",
    );
    for l in lines {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
            l.period,
            csv_text(&l.label),
            csv_text(&l.offering),
            csv_text(&l.provider),
            csv_text(&l.region),
            csv_text(&l.accelerator),
            csv_text(&l.purchase),
            l.units,
            l.chips,
            l.signed_units,
            l.cost
        );
    }
    out
}

fn fleet(plan: &Plan) -> String {
    let mut out = String::from(
        "period,label,segment,offering,provider,accelerator,purchase,units,chips,used_units\n",
    );
    for f in &plan.fleet {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{}",
            f.period,
            label(plan, f.period),
            csv_text(&f.segment),
            csv_text(&f.offering),
            csv_text(&f.provider),
            csv_text(&f.accelerator),
            csv_text(&f.purchase),
            f.units,
            f.chips,
            f.used_units
        );
    }
    out
}

fn commitments(plan: &Plan) -> String {
    let mut out = String::from(
        "period,label,offering,provider,accelerator,units,term_periods,lead_periods,first_active_period,last_active_period,cost_in_horizon,cost_beyond_horizon\n",
    );
    for c in &plan.commitments {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{}",
            c.period,
            label(plan, c.period),
            csv_text(&c.offering),
            csv_text(&c.provider),
            csv_text(&c.accelerator),
            c.units,
            c.term_periods,
            c.lead_periods,
            c.first_active_period,
            c.last_active_period,
            c.cost_in_horizon,
            c.cost_beyond_horizon
        );
    }
    out
}
