//! `capmix explain` and `capmix sweep`, and the diagnosis block of `capmix plan`.
//!
//! The core returns data and short sentences; these files only lay them out. The explain
//! table is meant to fit one screen: long lists are cut to their first few entries.

mod sweep;

pub(crate) use sweep::run as sweep;

use crate::args::{ExplainArgs, ExplainFormat};
use crate::render::usd;
use capmix::explain::Explanation;
use capmix::text::escape;
use capmix::{Diagnosis, ExplainOptions, Status};
use std::fmt::Write;
use std::io::IsTerminal;

/// Entries shown per list in the explain table.
const TOP: usize = 4;

fn say(quiet: bool, message: &str) {
    if !quiet && std::io::stderr().is_terminal() {
        eprintln!("capmix: {message}");
    }
}

pub(crate) fn explain(args: &ExplainArgs) -> Result<u8, String> {
    let scenario = args.read.load(&args.file)?;
    let options = ExplainOptions {
        plan: args.solve.options(),
        ..ExplainOptions::default()
    };
    say(
        args.quiet,
        "planning, then re-planning without each policy and with each provider alone…",
    );
    let e = capmix::explain(&scenario, &options).map_err(|e| e.to_string())?;
    let text = match args.format {
        ExplainFormat::Table => table(&e),
        ExplainFormat::Json => e.to_json_string() + "\n",
    };
    crate::write_out(&text)?;
    Ok(crate::exit_code(e.status, e.total_cost.is_some()))
}

fn line(out: &mut String, text: impl AsRef<str>) {
    let _ = writeln!(out, "{}", text.as_ref());
}

/// `+3.1%`, `+0.04%` for small changes, `0%` for noise, `-` when absent.
fn pct(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(p) if p.abs() < 0.005 => "0%".into(),
        Some(p) if p.abs() < 0.095 => format!("{}{p:.2}%", if p >= 0.0 { "+" } else { "" }),
        Some(p) => format!("{}{p:.1}%", if p >= 0.0 { "+" } else { "" }),
    }
}

fn money(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), dollars)
}

/// Whole dollars; solver noise below half a dollar is `$0`.
fn dollars(v: f64) -> String {
    if v.abs() < 0.5 {
        "$0".into()
    } else {
        usd(v)
    }
}

/// Column layout of the explain table: label (escaped), amount, percentage.
fn row3(label: &str, amount: &str, rel: &str) -> String {
    format!("  {:<40} {amount:>16} {rel:>8}", clip(&escape(label), 40))
}

fn title3(title: &str, amount: &str, rel: &str) -> String {
    format!("\n{title:<42} {amount:>16} {rel:>8}")
}

/// The explanation for people, one screen.
pub(crate) fn table(e: &Explanation) -> String {
    let mut out = String::new();
    line(&mut out, format!("capmix explain: {}", escape(&e.scenario)));
    let plans = if e.solves == 1 {
        "1 plan solved".to_string()
    } else {
        format!("{} plans solved", e.solves)
    };
    line(&mut out, format!("status: {} ({plans})", e.status.as_str()));
    line(&mut out, "\nIn short");
    // Diagnosis sentences are listed in full below; the headline's copies are skipped.
    let diagnosed: Vec<String> = e
        .diagnosis
        .iter()
        .flat_map(|d| d.summary.iter().map(|s| format!("{s}.")))
        .collect();
    for h in e.headline.iter().filter(|h| !diagnosed.contains(h)) {
        line(&mut out, format!("  * {}", escape(h)));
    }
    if let Some(total) = e.total_cost {
        line(&mut out, title3("Cost by provider", "USD", "share"));
        let mut rows: Vec<(&String, &f64)> = e.cost_by_provider.iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        for (p, v) in rows {
            line(
                &mut out,
                row3(
                    p,
                    &dollars(*v),
                    &format!("{:.1}%", 100.0 * v / total.max(1e-12)),
                ),
            );
        }
        line(&mut out, row3("total", &dollars(total), ""));
        crate::render_uncertainty::table(&mut out, e.uncertainty.as_ref());
    }
    if !e.policies.is_empty() && e.total_cost.is_some() {
        line(&mut out, title3("What each policy adds", "extra cost", ""));
        for p in &e.policies {
            let (cost, rel) = match p.extra_cost_usd {
                Some(x) => (dollars(x), pct(p.extra_cost_pct)),
                None => (format!("({})", p.relaxed_status.as_str()), String::new()),
            };
            line(&mut out, row3(&p.label, &cost, &rel));
        }
    } else if !e.policies.is_empty() {
        // No plan: what switching each family off alone would give.
        line(&mut out, title3("Without each policy", "plan cost", ""));
        for p in &e.policies {
            let cost = p
                .relaxed_objective
                .map_or_else(|| format!("({})", p.relaxed_status.as_str()), dollars);
            line(
                &mut out,
                row3(
                    &p.label,
                    &cost,
                    if p.makes_infeasible { "culprit" } else { "" },
                ),
            );
        }
    }
    if let Some(b) = &e.baselines {
        line(&mut out, title3("Baselines", "cost", "vs plan"));
        for p in &b.providers {
            let name = format!("{} alone", p.provider);
            match (&p.objective, &p.reason) {
                (Some(c), _) => line(&mut out, row3(&name, &dollars(*c), &pct(p.vs_plan_pct))),
                (None, Some(r)) if p.status == Status::Infeasible => line(
                    &mut out,
                    format!("  {}: infeasible: {}", escape(&name), escape(r)),
                ),
                (None, Some(r)) => line(&mut out, format!("  {}: {}", escape(&name), escape(r))),
                (None, None) => line(
                    &mut out,
                    format!("  {:<40} {}", escape(&name), p.status.as_str()),
                ),
            }
        }
        let vs = |x: Option<f64>| {
            x.zip(e.objective)
                .and_then(|(n, o)| (o.abs() > 1e-12).then(|| 100.0 * (n - o) / o.abs()))
        };
        let np = &b.no_policy;
        line(
            &mut out,
            row3(
                "no policy at all",
                &money(np.objective),
                &pct(vs(np.objective)),
            ),
        );
        if b.multi_provider_objective != e.objective {
            line(
                &mut out,
                row3(
                    "all providers, no share cap or coverage",
                    &money(b.multi_provider_objective),
                    &pct(vs(b.multi_provider_objective)),
                ),
            );
        }
        if let (Some(best), Some(s), true) = (
            &b.best_single,
            b.multi_provider_savings_usd,
            b.providers.len() > 1,
        ) {
            let verdict = if s >= 0.0 {
                "several providers save"
            } else {
                "several providers cost"
            };
            let rel = b
                .multi_provider_savings_pct
                .map(|p| format!(" ({:.1}%)", p.abs()))
                .unwrap_or_default();
            line(
                &mut out,
                format!(
                    "  best single provider: {}; under the same rules {verdict} {}{rel}",
                    escape(best),
                    dollars(s.abs())
                ),
            );
        }
    }
    if let Some(w) = &e.shadow {
        let items: Vec<&String> = w
            .caps
            .iter()
            .take(3)
            .map(|c| &c.sentence)
            .chain(w.policies.iter().take(TOP).map(|p| &p.sentence))
            .chain(w.demand.iter().take(1).map(|d| &d.sentence))
            .collect();
        if !items.is_empty() || w.basis.is_some() {
            line(&mut out, "\nWhat binds (marginal values)");
            if let Some(b) = &w.basis {
                line(&mut out, format!("  {}", escape(b)));
            }
            for s in items {
                line(&mut out, format!("  * {}", escape(s)));
            }
            let more = w.caps.len().saturating_sub(3) + w.policies.len().saturating_sub(TOP);
            if more > 0 {
                line(
                    &mut out,
                    format!("  ({more} more binding caps and policy rows in --format json)"),
                );
            }
        }
    }
    out.push_str(&diagnosis_block(e.diagnosis.as_ref()));
    for n in &e.notes {
        line(&mut out, format!("note: {}", escape(n)));
    }
    out
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// "Why there is no plan" for a plan's diagnosis (empty without one).
pub(crate) fn diagnosis_block(d: Option<&Diagnosis>) -> String {
    let Some(d) = d else { return String::new() };
    let mut out = String::from("\nWhy there is no plan\n");
    for s in &d.summary {
        line(&mut out, format!("  * {}", escape(s)));
    }
    out
}
