//! Calibration checks against the shared MLPerf CSV, read at run time.

use super::calibration::*;
use super::chips::chip;
use super::csv::Table;
use super::mlperf::{Reference, REFERENCES};

/// The chips of the CSV's `accelerator_key`s (the CTS 1 000 W H200 variant left out).
fn chip_of(key: &str) -> Option<&'static str> {
    let map = [
        ("H100-SXM", "H100"),
        ("H200-SXM", "H200"),
        ("B200-SXM", "B200"),
        ("GH200-144GB", "GH200"),
        ("GH200-96GB", "GH200-96GB"),
        ("MI300X", "MI300X"),
        ("Gaudi2", "Gaudi2"),
        ("L40S", "L40S"),
        ("H100-NVL", "H100-NVL"),
        ("H100-PCIe", "H100-PCIe"),
        ("TPU-v5e", "TPU-v5e"),
    ];
    map.iter().find(|(k, _)| *k == key).map(|(_, c)| *c)
}

/// The best result per chip, benchmark and scenario, derived from the CSV at run time.
fn from_csv() -> Vec<Reference> {
    let path = format!("{}/mlperf-llm-inference.csv", super::FACTS_DIR);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let t = Table::parse(&text, "mlperf-llm-inference.csv").unwrap();
    let mut best: Vec<Reference> = Vec::new();
    for row in &t.rows {
        let get = |c: &str| row.get(&t, c).unwrap();
        let Some(chip) = chip_of(get("accelerator_key")) else {
            continue;
        };
        let benchmark = get("benchmark")
            .trim_end_matches("-99.9")
            .trim_end_matches("-99");
        let benchmark: &'static str = DATASETS
            .iter()
            .find(|d| d.benchmark == benchmark)
            .unwrap()
            .benchmark;
        let tokens = match (get("tokens_per_second"), benchmark) {
            ("", "gptj") => get("result_value").parse::<f64>().unwrap() * 69.0,
            ("", _) => continue,
            (v, _) => v.parse().unwrap(),
        };
        let scenario = if get("scenario") == "Offline" {
            "Offline"
        } else {
            "Server"
        };
        let r = Reference {
            chip,
            benchmark,
            scenario,
            round: "",
            system_id: "",
            accelerators: get("accelerator_count").parse().unwrap(),
            nodes: get("nodes").parse().unwrap(),
            tokens_per_second: tokens,
        };
        let per = |r: &Reference| r.tokens_per_second / f64::from(r.accelerators);
        match best
            .iter_mut()
            .find(|b| (b.chip, b.benchmark, b.scenario) == (chip, benchmark, scenario))
        {
            Some(b) if per(&r) > per(b) => *b = r,
            Some(_) => {}
            None => best.push(r),
        }
    }
    best
}

#[test]
fn references_match_the_shared_csv() {
    let derived = from_csv();
    assert_eq!(derived.len(), REFERENCES.len());
    for d in &derived {
        let e = REFERENCES
            .iter()
            .find(|r| (r.chip, r.benchmark, r.scenario) == (d.chip, d.benchmark, d.scenario))
            .unwrap_or_else(|| panic!("{d:?} not embedded"));
        assert_eq!(
            (e.accelerators, e.nodes),
            (d.accelerators, d.nodes),
            "{d:?}"
        );
        assert!(
            (e.tokens_per_second - d.tokens_per_second).abs() < 0.01,
            "{d:?}"
        );
    }
}

/// Calibration error bound, recomputed from the CSV at run time: every row within ±70%,
/// the median row within ±20%, every accelerator's mean within ±50%.
#[test]
fn calibration_error_is_bounded() {
    let rows: Vec<CalibrationRow> = from_csv()
        .iter()
        .map(|r| row(r, &factors(chip(r.chip).unwrap().family)).unwrap())
        .collect();
    let mut errs: Vec<f64> = rows.iter().map(|r| r.relative_error.abs()).collect();
    errs.sort_by(f64::total_cmp);
    for r in &rows {
        assert!(r.relative_error.abs() <= 0.70, "{r:?}");
    }
    assert!(
        errs[errs.len() / 2] <= 0.20,
        "median {}",
        errs[errs.len() / 2]
    );
    for name in rows.iter().map(|r| r.accelerator.clone()) {
        let mine: Vec<f64> = rows
            .iter()
            .filter(|r| r.accelerator == name)
            .map(|r| r.relative_error.abs())
            .collect();
        let mean = mine.iter().sum::<f64>() / mine.len() as f64;
        assert!(mean <= 0.50, "{name}: {mean}");
        assert!((accelerator_error(&name).unwrap() - mean).abs() < 1e-9);
    }
    assert_eq!(calibration_table().len(), REFERENCES.len());
    assert!(accelerator_error("TPU-v6e").is_none());
}
