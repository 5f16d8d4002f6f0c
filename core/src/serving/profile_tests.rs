//! Profile parsing and lookup, derived by hand.

use super::profile::*;
use super::types::{Method, Precision, Request, Slo};

const HEAD: &str = "model,accelerator,chips,tensor_parallel,input_tokens,output_tokens,ttft_ms,tpot_ms,tokens_per_second\n";

#[test]
fn errors_name_file_line_and_column() {
    let bad = format!("{HEAD}llama-3.1-70b,H100,8,2,1000,200,300,40,8000\nllama-3.1-70b,H100,8,2,1000,200,300,fast,8000\n");
    let e = parse(&bad, "profile.csv").unwrap_err();
    assert_eq!(
        e.to_string(),
        "profile.csv:3:8: tpot_ms: expected a number (got \"fast\")"
    );
    let neg = format!("{HEAD}m,H100,8,2,1000,-5,300,40,8000\n");
    assert_eq!(
        parse(&neg, "p.csv").unwrap_err().to_string(),
        "p.csv:2:6: output_tokens: must be a finite number > 0 (got \"-5\")"
    );
    let tp = format!("{HEAD}m,H100,2,4,1000,5,300,40,8000\n");
    assert!(parse(&tp, "p.csv")
        .unwrap_err()
        .to_string()
        .starts_with("p.csv:2:4: tensor_parallel:"));
    let missing = "model,accelerator\nm,H100\n";
    assert_eq!(
        parse(missing, "p.csv").unwrap_err().to_string(),
        "p.csv:1:3: chips: missing column"
    );
    for v in ["NaN", "inf", "1e999"] {
        let t = format!("{HEAD}m,H100,8,2,1000,200,300,40,{v}\n");
        assert!(parse(&t, "p.csv").is_err(), "{v}");
    }
}

#[test]
fn interpolates_in_log_length_among_rows_meeting_the_slo() {
    // Per chip: 1 000 tok/s at 1 000 → 200 tokens and 500 tok/s at 4 000 → 200.
    // The fast row at 1 000 → 200 misses a 50 ms TPOT target and is dropped.
    let text = format!(
        "{HEAD}Llama-3.1-70B,H100-SXM,8,2,1000,200,300,40,8000\n\
        llama-3.1-70b,h100,8,2,4000,200,900,45,4000\n\
        llama-3.1-70b,H100,8,1,1000,200,250,60,12000\n\
        llama-3.1-8b,H100,8,1,2000,200,100,10,99999\n"
    );
    let rows = parse(&text, "p.csv").unwrap();
    let slo = Slo {
        ttft_ms: None,
        tpot_ms: Some(50.0),
    };
    // 2 000 tokens in is ln 2 from both rows: equal weights, (1000 + 500) / 2 = 750.
    let req = Request {
        input_tokens: 2000.0,
        output_tokens: 200.0,
    };
    let m = lookup(&rows, "p.csv", "llama-3.1-70b", "H100", Some(8), &req, &slo).unwrap();
    assert!((m.output_tokens_per_second_per_chip - 750.0).abs() < 1e-9);
    assert!((m.requests_per_second_per_chip - 3.75).abs() < 1e-9);
    assert!((m.tpot_ms - 42.5).abs() < 1e-9 && !m.exact && !m.outside_range);
    assert_eq!(m.lines.iter().map(|l| l.0).collect::<Vec<_>>().len(), 2);
    // The exact shape is used as is; without the SLO the faster TP 1 row wins there.
    let exact = Request {
        input_tokens: 1000.0,
        output_tokens: 200.0,
    };
    let m = lookup(
        &rows,
        "p.csv",
        "llama-3.1-70b",
        "H100",
        None,
        &exact,
        &Slo::default(),
    )
    .unwrap();
    assert!(m.exact && (m.output_tokens_per_second_per_chip - 1500.0).abs() < 1e-9);
    assert_eq!((m.tensor_parallel, m.lines[0].0), (1, 4));
    let e = m.to_estimate(Precision::Fp8);
    assert_eq!((e.method, e.replicas_per_unit), (Method::Profile, 8));
    assert!(e.notes[0].contains("line 4"));
    // Outside the measured shapes: flagged, and bounded by the rows' values.
    let far = Request {
        input_tokens: 50_000.0,
        output_tokens: 200.0,
    };
    let m = lookup(&rows, "p.csv", "llama-3.1-70b", "H100", Some(8), &far, &slo).unwrap();
    assert!(m.outside_range && m.output_tokens_per_second_per_chip >= 500.0);
    // Nothing for other chips, chip counts, or a target no row meets.
    assert!(lookup(&rows, "p.csv", "llama-3.1-70b", "H200", None, &req, &slo).is_none());
    assert!(lookup(&rows, "p.csv", "llama-3.1-70b", "H100", Some(4), &req, &slo).is_none());
    let strict = Slo {
        ttft_ms: Some(10.0),
        tpot_ms: None,
    };
    assert!(lookup(&rows, "p.csv", "llama-3.1-70b", "H100", None, &req, &strict).is_none());
}
