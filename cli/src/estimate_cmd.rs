//! `capmix estimate`: what each accelerator delivers for one model, request shape and
//! latency targets (the core's serving room; this file only parses and prints).

use crate::grid::{Align::Left, Align::Right, Grid};
use capmix::serving::{estimate_query, AcceleratorEstimate, EstimateQuery};
use capmix::text::escape;
use clap::ValueEnum;
use std::fmt::Write;

#[derive(Debug, clap::Args)]
pub(crate) struct EstimateArgs {
    /// Model of the bundled registry (`llama-3.1-70b`, `deepseek-v3`, `gpt-oss-120b`, ...).
    #[arg(long, required_unless_present = "calibration")]
    pub model: Option<String>,
    /// Accelerator (`H100`, `MI300X`, `TPU-v6e`, ...); left out: a table over every one.
    #[arg(long)]
    pub accelerator: Option<String>,
    /// Chips per unit (one rentable instance).
    #[arg(long, default_value_t = capmix::serving::query::DEFAULT_CHIPS)]
    pub chips: u32,
    /// Weight precision: bf16, fp8, fp4, int8, int4.
    #[arg(long, default_value = "bf16")]
    pub precision: String,
    /// Mean prompt tokens per request.
    #[arg(long, required_unless_present = "calibration")]
    pub input_tokens: Option<f64>,
    /// Mean generated tokens per request.
    #[arg(long, required_unless_present = "calibration")]
    pub output_tokens: Option<f64>,
    /// Time-to-first-token target, ms.
    #[arg(long)]
    pub ttft_ms: Option<f64>,
    /// Time-per-output-token target, ms.
    #[arg(long)]
    pub tpot_ms: Option<f64>,
    /// table (for people) or json (an array of rows).
    #[arg(long, value_enum, default_value = "table")]
    pub format: EstimateFormat,
    /// Instead: the estimator against every MLPerf result it is calibrated on (relative
    /// error per accelerator and benchmark).
    #[arg(long, conflicts_with_all = ["model", "accelerator"])]
    pub calibration: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum EstimateFormat {
    /// One row per accelerator.
    Table,
    /// The estimates as a JSON array.
    Json,
}

/// Runs the command; exit code 0 when at least one accelerator meets the targets, 2 when
/// none does (the rows still say the best each can do).
pub(crate) fn run(args: &EstimateArgs) -> Result<u8, String> {
    if args.calibration {
        return calibration(args.format);
    }
    let query = EstimateQuery {
        model: args.model.clone().unwrap_or_default(),
        accelerator: args.accelerator.clone(),
        chips: Some(args.chips),
        precision: Some(args.precision.clone()),
        input_tokens: args.input_tokens.unwrap_or(f64::NAN),
        output_tokens: args.output_tokens.unwrap_or(f64::NAN),
        ttft_ms: args.ttft_ms,
        tpot_ms: args.tpot_ms,
    };
    let rows = estimate_query(&query).map_err(|e| e.to_string())?;
    let text = match args.format {
        EstimateFormat::Json => {
            let mut s = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
            s.push('\n');
            s
        }
        EstimateFormat::Table => table(&query, &rows),
    };
    crate::write_out(&text)?;
    Ok(
        if rows.iter().any(|r| r.estimate.fits && r.estimate.slo_met) {
            0
        } else {
            2
        },
    )
}

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.0}"))
}

fn table(q: &EstimateQuery, rows: &[AcceleratorEstimate]) -> String {
    let mut out = String::new();
    let targets = match (q.ttft_ms, q.tpot_ms) {
        (None, None) => "no latency targets".to_string(),
        (a, b) => format!("TTFT <= {} ms, TPOT <= {} ms", ms(a), ms(b)),
    };
    let _ = writeln!(
        out,
        "{} at {}, {} tokens in / {} out, {targets}, {} chips per unit",
        escape(&q.model),
        q.precision.as_deref().unwrap_or("bf16"),
        q.input_tokens,
        q.output_tokens,
        q.chips.unwrap_or(capmix::serving::query::DEFAULT_CHIPS)
    );
    let mut g = Grid::new(&[
        ("accelerator", Left),
        ("tp", Right),
        ("repl", Right),
        ("batch", Right),
        ("TTFT ms", Right),
        ("TPOT ms", Right),
        ("tok/s/chip", Right),
        ("req/s/chip", Right),
        ("notes", Left),
    ]);
    for r in rows {
        let e = &r.estimate;
        let note = if !e.fits || !e.slo_met {
            e.reason.clone().unwrap_or_default()
        } else {
            e.notes.join("; ")
        };
        let status = if e.fits && e.slo_met { "" } else { "x " };
        g.row([
            escape(&r.accelerator).into_owned(),
            e.tensor_parallel.to_string(),
            e.replicas_per_unit.to_string(),
            e.batch.to_string(),
            ms(e.ttft_ms),
            e.tpot_ms.map_or_else(|| "-".into(), |v| format!("{v:.1}")),
            format!("{:.1}", e.output_tokens_per_second_per_chip),
            format!("{:.3}", e.requests_per_second_per_chip),
            format!("{status}{}", escape(&note)),
        ]);
    }
    g.write(&mut out);
    let _ = writeln!(
        out,
        "x: does not fit or misses a target (the figures are the best it can do). Method: \
         calibrated roofline (docs: capmix::serving); per-chip figures count every chip of the unit."
    );
    out
}

/// The calibration table: the estimate against each MLPerf result, and the mean absolute
/// relative error per accelerator.
fn calibration(format: EstimateFormat) -> Result<u8, String> {
    let rows = capmix::serving::calibration_table();
    let text = match format {
        EstimateFormat::Json => {
            let mut s = serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?;
            s.push('\n');
            s
        }
        EstimateFormat::Table => {
            let mut out = String::new();
            let mut g = Grid::new(&[
                ("accelerator", Left),
                ("benchmark", Left),
                ("scenario", Left),
                ("chips", Right),
                ("MLPerf tok/s", Right),
                ("estimate", Right),
                ("error", Right),
            ]);
            let mut per: Vec<&str> = Vec::new();
            for r in &rows {
                g.row([
                    r.accelerator.clone(),
                    r.benchmark.clone(),
                    r.scenario.clone(),
                    r.chips_per_unit.to_string(),
                    format!("{:.1}", r.mlperf_tokens_per_second_per_chip),
                    format!("{:.1}", r.estimate_tokens_per_second_per_chip),
                    format!("{:+.1}%", 100.0 * r.relative_error),
                ]);
                if !per.contains(&r.accelerator.as_str()) {
                    per.push(&r.accelerator);
                }
            }
            g.write(&mut out);
            let _ = writeln!(
                out,
                "\nmean |error| per accelerator (tokens/s per chip, per MLPerf result)"
            );
            for a in per {
                let n = rows.iter().filter(|r| r.accelerator == a).count();
                let err = capmix::serving::calibration::accelerator_error(a).unwrap_or(f64::NAN);
                let _ = writeln!(out, "  {a:<11} {:>5.1}%  ({n} results)", 100.0 * err);
            }
            out
        }
    };
    crate::write_out(&text)?;
    Ok(0)
}
