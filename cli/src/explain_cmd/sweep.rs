//! `capmix sweep`: one plan per value of one parameter, as a table, JSON or CSV.

use super::{line, money};
use crate::args::{Format, SweepArgs};
use crate::grid::{Align::Left, Align::Right, Grid};
use capmix::text::{csv_text, escape};
use capmix::Sweep;
use std::fmt::Write as _;
use std::io::IsTerminal;

/// Runs `capmix sweep`; exit code 0 (each row carries its own status).
pub(crate) fn run(args: &SweepArgs) -> Result<u8, String> {
    let scenario = args.read.load(&args.file)?;
    let values = capmix::parse_values(&args.values).map_err(|e| e.to_string())?;
    let options = args.solve.options();
    let show = !args.quiet && std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if show {
            eprint!("\rcapmix: sweep {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    let s = capmix::explain::sweep_with_progress(
        &scenario,
        &args.param,
        &values,
        &options,
        &mut progress,
    )
    .map_err(|e| e.to_string())?;
    let text = match args.format {
        Format::Table => sweep_table(&s),
        Format::Json => serde_json::to_string_pretty(&s).map_err(|e| e.to_string())? + "\n",
        Format::Csv => sweep_csv(&s),
    };
    crate::write_out(&text)?;
    Ok(0)
}

/// One row per value; provider costs as columns.
fn sweep_table(s: &Sweep) -> String {
    let mut out = String::new();
    line(
        &mut out,
        format!(
            "capmix sweep: {} over {} values",
            escape(&s.param),
            s.rows.len()
        ),
    );
    // Demand scenarios: the risk measure's value and the worst case beside the expected spend.
    let risky = s.rows.iter().any(|r| r.worst_case_cost.is_some());
    // The Pareto column only where the sweep trades cost against coverage (a price sweep
    // marks nothing: core's `SweepRow::pareto`).
    let front = s.rows.iter().any(|r| r.pareto);
    let names: Vec<String> = s.providers.iter().map(|p| escape(p).into_owned()).collect();
    let mut columns = vec![
        ("value", Right),
        ("status", Left),
        ("total cost", Right),
        ("coverage", Right),
    ];
    if front {
        columns.push(("pareto", Right));
    }
    columns.push(("commits", Right));
    if risky {
        columns.extend([("risk measure", Right), ("worst case", Right)]);
    }
    columns.extend(names.iter().map(|n| (n.as_str(), Right)));
    let mut g = Grid::new(&columns);
    for r in &s.rows {
        let mut row = vec![
            num(r.value),
            if r.inferred {
                format!("{}*", r.status.as_str())
            } else {
                r.status.as_str().to_string()
            },
            money(r.total_cost),
            r.outage_coverage
                .map_or_else(|| "-".into(), |c| format!("{:.3}", c)),
        ];
        if front {
            row.push(if r.pareto { "yes" } else { "" }.into());
        }
        row.push(
            r.commitment_units
                .map_or_else(|| "-".into(), capmix::fmt::count),
        );
        if risky {
            row.extend([money(r.objective), money(r.worst_case_cost)]);
        }
        for p in &s.providers {
            row.push(money(
                r.cost_by_provider
                    .get(p)
                    .copied()
                    .or(r.total_cost.map(|_| 0.0)),
            ));
        }
        g.row(row);
    }
    g.write(&mut out);
    if s.rows.iter().any(|r| r.inferred) {
        line(
            &mut out,
            "* not solved: a looser value was already infeasible, so this tighter one is too",
        );
    }
    if front {
        line(
            &mut out,
            "pareto: no other row is both cheaper and better covered",
        );
    }
    out
}

fn num(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Sweep rows as CSV, one column per provider.
fn sweep_csv(s: &Sweep) -> String {
    let mut out = String::from(
        "value,status,total_cost,objective,outage_coverage,pareto,inferred,commitment_units,worst_case_cost",
    );
    for p in &s.providers {
        let _ = write!(out, ",{}", csv_text(&format!("cost_{p}")));
    }
    out.push('\n');
    let opt = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for r in &s.rows {
        let _ = write!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            r.value,
            r.status.as_str(),
            opt(r.total_cost),
            opt(r.objective),
            opt(r.outage_coverage),
            r.pareto,
            r.inferred,
            opt(r.commitment_units),
            opt(r.worst_case_cost)
        );
        for p in &s.providers {
            let _ = write!(
                out,
                ",{}",
                opt(r
                    .cost_by_provider
                    .get(p)
                    .copied()
                    .or(r.total_cost.map(|_| 0.0)))
            );
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn values() {
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1e6), "1000000");
    }
}
