//! Work units: from a serving estimate to capmix's throughput and demand.
//!
//! capmix's throughput is **work units per chip-hour** and its serving demand is a rate in
//! **work units per hour**. A workload that declares `model` names its unit, one of:
//!
//! | unit     | work unit                 | demand value means      | demand per hour       | throughput per chip-hour        |
//! |----------|---------------------------|-------------------------|-----------------------|---------------------------------|
//! | `req/s`  | one request               | requests per second     | value × 3 600         | requests/s per chip × 3 600     |
//! | `req/h`  | one request               | requests per hour       | value                 | requests/s per chip × 3 600     |
//! | `tok/s`  | one generated token       | output tokens per second| value × 3 600         | output tokens/s per chip × 3 600|
//! | `Mtok/h` | 10⁶ generated tokens      | Mtok per hour           | value                 | output tokens/s per chip × 0.0036|
//!
//! A batch workload's `total` is an amount, not a rate: its unit is `req`, `tok` or `Mtok`,
//! and its throughput is that amount per chip-hour (requests/s or output tokens/s per chip
//! × 3 600, or × 0.0036 for Mtok), as for a batch workload without a model.
//!
//! So for `req/s` capmix converts the demand to requests per hour internally
//! ([`WorkUnit::demand_per_hour`]), and the throughput is requests per chip-hour
//! ([`WorkUnit::per_chip_hour`]); chips needed = demand per hour / throughput per chip-hour.
//! Tokens are generated (output) tokens, the figure MLPerf and the profiles report.
//!
//! [`capacity`] applies the precedence: an explicit throughput given by the user, then a
//! measured profile, then the roofline estimate.

use super::types::{Estimate, Method};
use serde::{Deserialize, Serialize};

/// A workload's unit when it names a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkUnit {
    /// Requests, demand given per second.
    #[serde(rename = "req/s")]
    ReqPerSec,
    /// Requests, demand given per hour.
    #[serde(rename = "req/h")]
    ReqPerHour,
    /// Generated tokens, demand given per second.
    #[serde(rename = "tok/s")]
    TokPerSec,
    /// Millions of generated tokens, demand given per hour.
    #[serde(rename = "Mtok/h")]
    MtokPerHour,
    /// Requests, a batch total.
    #[serde(rename = "req")]
    Req,
    /// Generated tokens, a batch total.
    #[serde(rename = "tok")]
    Tok,
    /// Millions of generated tokens, a batch total.
    #[serde(rename = "Mtok")]
    Mtok,
}

impl WorkUnit {
    /// Every unit of a serving workload's rate.
    pub const ALL: [WorkUnit; 4] = [
        WorkUnit::ReqPerSec,
        WorkUnit::ReqPerHour,
        WorkUnit::TokPerSec,
        WorkUnit::MtokPerHour,
    ];

    /// Every unit of a batch workload's total.
    pub const TOTALS: [WorkUnit; 3] = [WorkUnit::Req, WorkUnit::Tok, WorkUnit::Mtok];

    /// The file-format spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkUnit::ReqPerSec => "req/s",
            WorkUnit::ReqPerHour => "req/h",
            WorkUnit::TokPerSec => "tok/s",
            WorkUnit::MtokPerHour => "Mtok/h",
            WorkUnit::Req => "req",
            WorkUnit::Tok => "tok",
            WorkUnit::Mtok => "Mtok",
        }
    }

    /// Parses a rate's spelling (exact, after trimming; `Mtok/h` is case-sensitive in M).
    pub fn parse(s: &str) -> Option<WorkUnit> {
        WorkUnit::ALL.into_iter().find(|u| u.as_str() == s.trim())
    }

    /// Parses a batch total's spelling (`req`, `tok`, `Mtok`).
    pub fn parse_total(s: &str) -> Option<WorkUnit> {
        WorkUnit::TOTALS
            .into_iter()
            .find(|u| u.as_str() == s.trim())
    }

    /// Work units per chip-hour an estimate delivers (0 when it cannot serve).
    pub fn per_chip_hour(self, e: &Estimate) -> f64 {
        let (req, tok) = (
            e.requests_per_second_per_chip,
            e.output_tokens_per_second_per_chip,
        );
        match self {
            WorkUnit::ReqPerSec | WorkUnit::ReqPerHour | WorkUnit::Req => req * 3600.0,
            WorkUnit::TokPerSec | WorkUnit::Tok => tok * 3600.0,
            WorkUnit::MtokPerHour | WorkUnit::Mtok => tok * 3600.0 / 1e6,
        }
    }

    /// The rate one chip sustains, in this unit (what a scenario's `throughput` means for
    /// a workload with a `model`: demand is a rate in the same unit, so chips = demand / θ;
    /// for a batch total, the amount per chip-hour, so chip-hours = total / θ).
    pub fn rate_per_chip(self, e: &Estimate) -> f64 {
        let (req, tok) = (
            e.requests_per_second_per_chip,
            e.output_tokens_per_second_per_chip,
        );
        match self {
            WorkUnit::ReqPerSec => req,
            WorkUnit::ReqPerHour | WorkUnit::Req => req * 3600.0,
            WorkUnit::TokPerSec => tok,
            WorkUnit::Tok => tok * 3600.0,
            WorkUnit::MtokPerHour | WorkUnit::Mtok => tok * 3600.0 / 1e6,
        }
    }

    /// A demand value in this unit as work units per hour (capmix's demand rate); a batch
    /// total is returned as it is.
    pub fn demand_per_hour(self, value: f64) -> f64 {
        match self {
            WorkUnit::ReqPerSec | WorkUnit::TokPerSec => value * 3600.0,
            WorkUnit::ReqPerHour | WorkUnit::MtokPerHour => value,
            WorkUnit::Req | WorkUnit::Tok | WorkUnit::Mtok => value,
        }
    }
}

/// A throughput for capmix with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Capacity {
    /// Work units per chip-hour.
    pub work_units_per_chip_hour: f64,
    /// Given, profile or roofline.
    pub method: Method,
    /// Provenance or the estimate's reason.
    pub detail: String,
}

/// The throughput capmix should use: `given` (work units per chip-hour, finite and > 0)
/// always wins, then a profile estimate, then the roofline. `Err` explains why the chip
/// cannot serve (does not fit, or misses the SLO): capmix then leaves it out.
pub fn capacity(
    given: Option<f64>,
    profile: Option<&Estimate>,
    roofline: &Estimate,
    unit: WorkUnit,
) -> Result<Capacity, String> {
    if let Some(v) = given {
        return if v.is_finite() && v > 0.0 {
            Ok(Capacity {
                work_units_per_chip_hour: v,
                method: Method::Given,
                detail: "given".into(),
            })
        } else {
            Err(format!(
                "a given throughput must be finite and > 0 (got {v})"
            ))
        };
    }
    let e = profile.filter(|p| p.fits && p.slo_met).unwrap_or(roofline);
    if !(e.fits && e.slo_met) {
        return Err(e.reason.clone().unwrap_or_else(|| "cannot serve".into()));
    }
    let detail = e
        .notes
        .first()
        .filter(|_| e.method == Method::Profile)
        .cloned()
        .unwrap_or_else(|| {
            format!(
                "roofline: tensor parallel {}, batch {}, TTFT {:.0} ms, TPOT {:.1} ms",
                e.tensor_parallel,
                e.batch,
                e.ttft_ms.unwrap_or(0.0),
                e.tpot_ms.unwrap_or(0.0)
            )
        });
    Ok(Capacity {
        work_units_per_chip_hour: unit.per_chip_hour(e),
        method: e.method,
        detail,
    })
}

#[cfg(test)]
mod tests {
    use super::super::types::Precision;
    use super::*;

    fn est(req: f64, tok: f64) -> Estimate {
        let mut e = Estimate::unfit("x", Precision::Fp8);
        (e.fits, e.slo_met, e.reason) = (true, true, None);
        (
            e.requests_per_second_per_chip,
            e.output_tokens_per_second_per_chip,
        ) = (req, tok);
        e
    }

    #[test]
    fn conversions_are_per_hour() {
        // 0.5 req/s and 100 output tok/s per chip (200 tokens per request).
        let e = est(0.5, 100.0);
        assert_eq!(WorkUnit::ReqPerSec.per_chip_hour(&e), 1800.0);
        assert_eq!(WorkUnit::ReqPerHour.per_chip_hour(&e), 1800.0);
        assert_eq!(WorkUnit::TokPerSec.per_chip_hour(&e), 360_000.0);
        assert!((WorkUnit::MtokPerHour.per_chip_hour(&e) - 0.36).abs() < 1e-12);
        // 40 req/s of demand is 144 000 requests per hour: 80 chips at 1 800 per chip-hour,
        // the same 80 chips as 40 / 0.5 computed per second.
        let demand = WorkUnit::ReqPerSec.demand_per_hour(40.0);
        assert_eq!(demand, 144_000.0);
        assert_eq!(demand / WorkUnit::ReqPerSec.per_chip_hour(&e), 80.0);
        assert_eq!(WorkUnit::ReqPerHour.demand_per_hour(7.0), 7.0);
        assert_eq!(
            WorkUnit::TokPerSec.demand_per_hour(8000.0) / WorkUnit::TokPerSec.per_chip_hour(&e),
            80.0
        );
        assert_eq!(
            WorkUnit::MtokPerHour.demand_per_hour(28.8) / WorkUnit::MtokPerHour.per_chip_hour(&e),
            80.0
        );
        for u in WorkUnit::ALL {
            assert_eq!(WorkUnit::parse(u.as_str()), Some(u));
            assert_eq!(
                serde_json::to_string(&u).unwrap(),
                format!("\"{}\"", u.as_str())
            );
        }
        assert_eq!(WorkUnit::parse("tokens"), None);
    }

    #[test]
    fn batch_totals_are_amounts_per_chip_hour() {
        // 0.5 req/s and 100 tok/s per chip: 1 800 requests, 360 000 tokens or 0.36 Mtok per
        // chip-hour; a total of 36 Mtok is then 100 chip-hours.
        let e = est(0.5, 100.0);
        assert_eq!(WorkUnit::Req.rate_per_chip(&e), 1800.0);
        assert_eq!(WorkUnit::Tok.rate_per_chip(&e), 360_000.0);
        assert!((WorkUnit::Mtok.rate_per_chip(&e) - 0.36).abs() < 1e-12);
        assert!((36.0 / WorkUnit::Mtok.rate_per_chip(&e) - 100.0).abs() < 1e-9);
        for u in WorkUnit::TOTALS {
            assert_eq!(WorkUnit::parse_total(u.as_str()), Some(u));
            assert_eq!(WorkUnit::parse(u.as_str()), None, "a total is not a rate");
            assert_eq!(u.per_chip_hour(&e), u.rate_per_chip(&e));
        }
        assert_eq!(WorkUnit::parse_total("Mtok/h"), None);
    }

    #[test]
    fn given_beats_profile_beats_roofline() {
        let roof = est(1.0, 100.0);
        let mut prof = est(2.0, 200.0);
        prof.method = Method::Profile;
        prof.notes = vec!["profile p.csv, line 3".into()];
        let u = WorkUnit::ReqPerHour;
        assert_eq!(
            capacity(Some(5.0), Some(&prof), &roof, u).unwrap().method,
            Method::Given
        );
        let p = capacity(None, Some(&prof), &roof, u).unwrap();
        assert_eq!(
            (p.method, p.work_units_per_chip_hour, p.detail.as_str()),
            (Method::Profile, 7200.0, "profile p.csv, line 3")
        );
        assert_eq!(
            capacity(None, None, &roof, u)
                .unwrap()
                .work_units_per_chip_hour,
            3600.0
        );
        assert!(capacity(Some(f64::NAN), None, &roof, u).is_err());
        let unfit = Estimate::unfit("does not fit", Precision::Bf16);
        assert_eq!(capacity(None, None, &unfit, u).unwrap_err(), "does not fit");
    }
}
