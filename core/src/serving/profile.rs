//! Measured serving profiles: they beat estimates.
//!
//! A profile CSV has the columns `model, accelerator, chips, tensor_parallel, input_tokens,
//! output_tokens, ttft_ms, tpot_ms, tokens_per_second` (any order, extra columns ignored):
//! one measured configuration per row, `chips` chips running `chips / tensor_parallel`
//! replicas, mean request shape in tokens, mean TTFT and TPOT in ms, and
//! `tokens_per_second` = generated (output) tokens per second of **all the row's chips**.
//! Errors name the file, 1-based line and column: `profile.csv:7:6: tpot_ms: ...`.
//!
//! **Lookup** ([`lookup`]): rows of the same model (registry spelling rules) and accelerator
//! (chip spelling rules), and of the same chip count when one is asked for, that meet the
//! SLO; per distinct request shape the best row (most output tokens/s per chip). A shape
//! within 0.5% of the request's is used as is; otherwise the (up to) four nearest shapes in
//! (ln input, ln output) are blended by inverse squared distance: per-chip tokens/s, TTFT and
//! TPOT. Inverse-distance weighting never leaves the range of the rows it blends, so a
//! request outside the measured shapes gets its nearest rows' figures (flagged as such).

use super::chips::{chip, normalize};
use super::csv::{error, Table};
use super::registry::key;
use super::types::{Estimate, Method, Precision, Request, ServingError, Slo};

/// One measured configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Model name as written.
    pub model: String,
    /// Accelerator name as written.
    pub accelerator: String,
    /// Chips measured together.
    pub chips: u32,
    /// Chips per replica.
    pub tensor_parallel: u32,
    /// Mean prompt tokens.
    pub input_tokens: f64,
    /// Mean generated tokens.
    pub output_tokens: f64,
    /// Mean TTFT, ms.
    pub ttft_ms: f64,
    /// Mean TPOT, ms.
    pub tpot_ms: f64,
    /// Generated tokens/s of all `chips`.
    pub tokens_per_second: f64,
}

const COLUMNS: [&str; 9] = [
    "model",
    "accelerator",
    "chips",
    "tensor_parallel",
    "input_tokens",
    "output_tokens",
    "ttft_ms",
    "tpot_ms",
    "tokens_per_second",
];

/// Parses a profile; `file` is the name used in errors.
pub fn parse(text: &str, file: &str) -> Result<Vec<ProfileRow>, ServingError> {
    let t = Table::parse(text, file)?;
    let mut col = [0usize; 9];
    for (i, name) in COLUMNS.iter().enumerate() {
        col[i] = t
            .column(name)
            .ok_or_else(|| error(file, 1, t.header.len() + 1, name, "missing column"))?;
    }
    let mut out = Vec::with_capacity(t.rows.len());
    for r in &t.rows {
        let text_at = |i: usize| -> Result<String, ServingError> {
            let v = r.fields[col[i]].trim();
            if v.is_empty() {
                Err(error(
                    file,
                    r.line,
                    col[i] + 1,
                    COLUMNS[i],
                    "must not be empty",
                ))
            } else {
                Ok(v.to_string())
            }
        };
        let num = |i: usize, min: f64, strict: bool| -> Result<f64, ServingError> {
            let raw = r.fields[col[i]].trim();
            let bad = |why: &str| {
                error(
                    file,
                    r.line,
                    col[i] + 1,
                    COLUMNS[i],
                    format!("{why} (got {raw:?})"),
                )
            };
            let v: f64 = raw.parse().map_err(|_| bad("expected a number"))?;
            let ok = v.is_finite() && if strict { v > min } else { v >= min };
            if ok {
                Ok(v)
            } else {
                Err(bad(&format!(
                    "must be a finite number {} {min}",
                    if strict { ">" } else { "≥" }
                )))
            }
        };
        let int = |i: usize| -> Result<u32, ServingError> {
            let raw = r.fields[col[i]].trim();
            raw.parse::<u32>()
                .ok()
                .filter(|v| (1..=1_000_000).contains(v))
                .ok_or_else(|| {
                    error(
                        file,
                        r.line,
                        col[i] + 1,
                        COLUMNS[i],
                        format!("expected a whole number ≥ 1 (got {raw:?})"),
                    )
                })
        };
        let row = ProfileRow {
            line: r.line,
            model: text_at(0)?,
            accelerator: text_at(1)?,
            chips: int(2)?,
            tensor_parallel: int(3)?,
            input_tokens: num(4, 0.0, true)?,
            output_tokens: num(5, 0.0, true)?,
            ttft_ms: num(6, 0.0, false)?,
            tpot_ms: num(7, 0.0, false)?,
            tokens_per_second: num(8, 0.0, true)?,
        };
        if row.tensor_parallel > row.chips {
            return Err(error(
                file,
                r.line,
                col[3] + 1,
                "tensor_parallel",
                format!(
                    "must be ≤ chips = {} (got {})",
                    row.chips, row.tensor_parallel
                ),
            ));
        }
        out.push(row);
    }
    Ok(out)
}

/// What a profile says for one request shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileMatch {
    /// Generated tokens/s per chip.
    pub output_tokens_per_second_per_chip: f64,
    /// Requests/s per chip at the asked output length.
    pub requests_per_second_per_chip: f64,
    /// Blended TTFT, ms.
    pub ttft_ms: f64,
    /// Blended TPOT, ms.
    pub tpot_ms: f64,
    /// Tensor parallel and chips of the heaviest row.
    pub tensor_parallel: u32,
    /// Chips of the heaviest row.
    pub chips: u32,
    /// Lines used, heaviest first, with their weights.
    pub lines: Vec<(usize, f64)>,
    /// A row had the request's shape.
    pub exact: bool,
    /// The request lies outside the shapes blended (figures are the nearest rows').
    pub outside_range: bool,
    /// Human-readable provenance.
    pub provenance: String,
}

fn same_chip(a: &str, b: &str) -> bool {
    match (chip(a), chip(b)) {
        (Some(x), Some(y)) => x.name == y.name,
        _ => normalize(a) == normalize(b),
    }
}

/// Looks `request` up among `rows` (see the module docs). `None` when no row of that model
/// and accelerator meets the SLO.
pub fn lookup(
    rows: &[ProfileRow],
    file: &str,
    model: &str,
    accelerator: &str,
    chips: Option<u32>,
    request: &Request,
    slo: &Slo,
) -> Option<ProfileMatch> {
    if request.validate().is_err() || slo.validate().is_err() {
        return None;
    }
    let mk = key(model);
    let per_chip = |r: &ProfileRow| r.tokens_per_second / f64::from(r.chips);
    let mut best: Vec<&ProfileRow> = Vec::new();
    for r in rows
        .iter()
        .filter(|r| key(&r.model) == mk && same_chip(&r.accelerator, accelerator))
        .filter(|r| chips.is_none_or(|c| c == r.chips))
        .filter(|r| {
            slo.ttft_ms.is_none_or(|t| r.ttft_ms <= t) && slo.tpot_ms.is_none_or(|t| r.tpot_ms <= t)
        })
    {
        match best
            .iter_mut()
            .find(|b| b.input_tokens == r.input_tokens && b.output_tokens == r.output_tokens)
        {
            Some(b) if per_chip(r) > per_chip(b) => *b = r,
            Some(_) => {}
            None => best.push(r),
        }
    }
    let dist = |r: &ProfileRow| {
        ((r.input_tokens / request.input_tokens).ln().powi(2)
            + (r.output_tokens / request.output_tokens).ln().powi(2))
        .sqrt()
    };
    best.sort_by(|a, b| dist(a).total_cmp(&dist(b)));
    let first = *best.first()?;
    let exact = dist(first) < 0.005;
    let used: Vec<&ProfileRow> = if exact {
        vec![first]
    } else {
        best.iter().take(4).copied().collect()
    };
    let raw: Vec<f64> = used
        .iter()
        .map(|r| if exact { 1.0 } else { 1.0 / dist(r).powi(2) })
        .collect();
    let total: f64 = raw.iter().sum();
    let w: Vec<f64> = raw.iter().map(|x| x / total).collect();
    let blend =
        |f: &dyn Fn(&ProfileRow) -> f64| used.iter().zip(&w).map(|(r, w)| f(r) * w).sum::<f64>();
    let tokens = blend(&per_chip);
    let within = |f: &dyn Fn(&ProfileRow) -> f64, x: f64| {
        let (lo, hi) = used
            .iter()
            .map(|r| f(r))
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                (l.min(v), h.max(v))
            });
        x >= lo * 0.995 && x <= hi * 1.005
    };
    let outside_range = !(exact
        || within(&|r| r.input_tokens, request.input_tokens)
            && within(&|r| r.output_tokens, request.output_tokens));
    let lines: Vec<(usize, f64)> = used.iter().map(|r| r.line).zip(w.iter().copied()).collect();
    let listed: Vec<String> = lines
        .iter()
        .map(|(l, w)| format!("{l} ({:.0}%)", w * 100.0))
        .collect();
    let provenance = format!(
        "profile {file}, line{} {}{}{}",
        if lines.len() > 1 { "s" } else { "" },
        listed.join(", "),
        if exact {
            ", exact shape"
        } else {
            ", inverse-distance blend in log input/output length"
        },
        if outside_range {
            "; request outside the measured shapes"
        } else {
            ""
        }
    );
    Some(ProfileMatch {
        output_tokens_per_second_per_chip: tokens,
        requests_per_second_per_chip: tokens / request.output_tokens,
        ttft_ms: blend(&|r| r.ttft_ms),
        tpot_ms: blend(&|r| r.tpot_ms),
        tensor_parallel: first.tensor_parallel,
        chips: first.chips,
        lines,
        exact,
        outside_range,
        provenance,
    })
}

impl ProfileMatch {
    /// The match as an [`Estimate`] with `method: profile` (batch unknown: 0).
    pub fn to_estimate(&self, precision: Precision) -> Estimate {
        Estimate {
            fits: true,
            reason: None,
            tensor_parallel: self.tensor_parallel,
            replicas_per_unit: self.chips / self.tensor_parallel.max(1),
            batch: 0,
            ttft_ms: Some(self.ttft_ms),
            tpot_ms: Some(self.tpot_ms),
            slo_met: true,
            output_tokens_per_second_per_chip: self.output_tokens_per_second_per_chip,
            requests_per_second_per_chip: self.requests_per_second_per_chip,
            method: Method::Profile,
            compute_precision: precision,
            calibration: None,
            notes: vec![self.provenance.clone()],
        }
    }
}
