//! `capmix explain` and `capmix sweep`, and the diagnosis block of `capmix plan`.
//!
//! The core returns data and short sentences; these files only lay them out. The explain
//! table is meant to fit one screen: long lists are cut to their first few entries.

mod sweep;

pub(crate) use sweep::run as sweep;

use crate::args::{ExplainArgs, ExplainFormat};
use crate::grid::{Align::Left, Align::Right, Grid};
use crate::render::usd;
use capmix::explain::{Baselines, Explanation};
use capmix::text::escape;
use capmix::{Diagnosis, ExplainOptions};
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
        line(&mut out, "\nCost by provider");
        let mut g = Grid::new(&[("provider", Left), ("USD", Right), ("share", Right)]);
        let mut rows: Vec<(&String, &f64)> = e.cost_by_provider.iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
        for (p, v) in rows {
            g.row([
                escape(p).into_owned(),
                dollars(*v),
                format!("{:.1}%", 100.0 * v / total.max(1e-12)),
            ]);
        }
        g.row(["total".to_string(), dollars(total), String::new()]);
        g.write(&mut out);
        crate::render_uncertainty::table(&mut out, e.uncertainty.as_ref());
    }
    if !e.policies.is_empty() && e.total_cost.is_some() {
        line(&mut out, "\nWhat each policy adds");
        let mut g = Grid::new(&[("policy", Left), ("extra cost", Right), ("", Right)]);
        for p in &e.policies {
            let (cost, rel) = match p.extra_cost_usd {
                Some(x) => (dollars(x), pct(p.extra_cost_pct)),
                None => (format!("({})", p.relaxed_status.as_str()), String::new()),
            };
            g.row([escape(&p.label).into_owned(), cost, rel]);
        }
        g.write(&mut out);
    } else if !e.policies.is_empty() {
        // No plan: what switching each family off alone would give.
        line(&mut out, "\nWithout each policy");
        let mut g = Grid::new(&[("policy", Left), ("plan cost", Right), ("", Left)]);
        for p in &e.policies {
            let cost = p
                .relaxed_objective
                .map_or_else(|| format!("({})", p.relaxed_status.as_str()), dollars);
            let culprit = if p.makes_infeasible { "culprit" } else { "" };
            g.row([escape(&p.label).into_owned(), cost, culprit.to_string()]);
        }
        g.write(&mut out);
        if e.policies.iter().any(|p| p.makes_infeasible) {
            line(
                &mut out,
                "  culprit: without this policy alone the scenario has a plan",
            );
        }
    }
    if let Some(b) = &e.baselines {
        baselines(&mut out, e, b);
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

/// The "Baselines" section: each provider alone, no policy at all, all providers without
/// share caps or coverage, and the best single provider against the plan.
fn baselines(out: &mut String, e: &Explanation, b: &Baselines) {
    line(out, "\nBaselines");
    let mut g = Grid::new(&[("", Left), ("cost", Right), ("vs plan", Right)]);
    // Why a provider alone has no plan, under the table.
    let mut reasons: Vec<String> = Vec::new();
    for p in &b.providers {
        let name = format!("{} alone", escape(&p.provider));
        match (&p.objective, &p.reason) {
            (Some(c), _) => g.row([name, dollars(*c), pct(p.vs_plan_pct)]),
            (None, reason) => {
                if let Some(r) = reason {
                    reasons.push(format!("  {name} is {}: {}", p.status.as_str(), escape(r)));
                }
                g.row([name, p.status.as_str().to_string(), String::new()]);
            }
        }
    }
    let vs = |x: Option<f64>| {
        x.zip(e.objective)
            .and_then(|(n, o)| (o.abs() > 1e-12).then(|| 100.0 * (n - o) / o.abs()))
    };
    let np = &b.no_policy;
    g.row([
        "no policy at all".to_string(),
        money(np.objective),
        pct(vs(np.objective)),
    ]);
    if b.multi_provider_objective != e.objective {
        g.row([
            "all providers, no share cap or coverage".to_string(),
            money(b.multi_provider_objective),
            pct(vs(b.multi_provider_objective)),
        ]);
    }
    g.write(out);
    for r in reasons {
        line(out, r);
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
            out,
            format!(
                "  best single provider: {}; under the same rules {verdict} {}{rel}",
                escape(best),
                dollars(s.abs())
            ),
        );
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
