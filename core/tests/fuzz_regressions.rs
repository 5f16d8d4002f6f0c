//! Regressions found by the fuzz targets (fuzz/README.md): each input that crashed a target,
//! reduced to what it exercised, with the behaviour now expected.
#![expect(clippy::unwrap_used, reason = "test helpers unwrap, as tests do")]

mod common;

use capmix::catalog::skypilot::{import, Action, ImportOptions};
use capmix::catalog::{read_csv, write_csv};
use capmix::{plan, validate_scenario, PlanOptions, Scenario, Status};

/// skypilot_import: a SkyPilot row without a Region was imported as a catalog row with an
/// empty region, and the written catalog could not be read back ("region: must not be
/// empty"). Such rows are now skipped with a note.
#[test]
fn skypilot_rows_without_a_region_are_skipped() {
    let text = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice\n\
                gpu_1x_a10,A10,1.0,30.0,200.0,1.29,,,\n\
                gpu_8x_h100_sxm5,H100,8.0,208.0,1800.0,31.92,us-east-1,,\n";
    let options = ImportOptions {
        accelerators: None,
        as_of: "2025-10-01".into(),
    };
    let imported = import(&[("v8/lambda/vms.csv".into(), text.into())], &options).unwrap();
    assert_eq!(imported.rows.len(), 1, "{:?}", imported.rows);
    assert_eq!(imported.rows[0].region, "us-east-1");
    let note = imported
        .notes
        .iter()
        .find(|n| n.line == 2)
        .unwrap_or_else(|| unreachable!("no note for line 2: {:?}", imported.notes));
    assert_eq!(note.action, Action::Skipped);
    assert!(note.reason.contains("Region"), "{note}");
    let written = write_csv(&imported.rows, &[]);
    assert_eq!(read_csv(&written, "written.csv").unwrap().len(), 1);
}

/// plan_structured: a throughput of 7.46e-181 work units per chip-hour (and an availability
/// of 1e-9) gave a plan of 4e192 USD whose cost split held NaN, so the plan document did not
/// parse back. Numbers outside [1e-9, 1e18] are now refused by validation (see
/// tests/numerics.rs); at the edge of the range the plan is sound.
#[test]
fn vanishing_throughput_is_refused_and_the_edge_of_the_range_plans() {
    let json = r#"{
      "name": "fuzz",
      "horizon": { "periods": 3, "start": "2025-07" },
      "segments": [
        { "share": 0.021499961852445258, "level": 0.5375448233768215 },
        { "share": 0.9785000381475547, "level": 0.25 }
      ],
      "providers": [ { "id": "p0" }, { "id": "p1" } ],
      "offerings": [
        { "id": "o0", "provider": "p1", "region": "us-west", "accelerator": "TPU-v6e", "chips": 1.0,
          "purchase": "commit", "price_per_hour": 644785.2293023255, "term_periods": 2, "lead_periods": 2 },
        { "id": "o1", "provider": "p1", "region": "ap-south", "accelerator": "TPU-v6e", "chips": 4.0,
          "purchase": "spot", "price_per_hour": 1000000.0, "availability": 1e-9 },
        { "id": "o2", "provider": "p0", "region": "eu-west", "accelerator": "MI300X", "chips": 1.0,
          "purchase": "on_demand", "price_per_hour": 677775.2346396842 },
        { "id": "o3", "provider": "p1", "region": "eu-west", "accelerator": "TPU-v6e", "chips": 8.0,
          "purchase": "on_demand", "price_per_hour": 663721.6754742321 }
      ],
      "workloads": [
        { "id": "w0", "kind": "batch", "throughput": { "A100": 4.593960997940033, "MI300X": 7.462302936799614e-181 },
          "total": 4392767.223620966, "window": [3, 3] }
      ],
      "policy": { "max_spot_share": 0.9523613336385137, "commitments_beyond_horizon": "charge" }
    }"#;
    let mut s = Scenario::from_json_str(json).unwrap();
    let err = validate_scenario(&s).map(|_| ()).unwrap_err();
    assert_eq!(err.path(), Some("workloads[0].throughput.MI300X"), "{err}");
    // At the smallest supported throughput the plan is huge but finite, and its document
    // (no NaN anywhere) parses back.
    s.workloads[0]
        .throughput
        .insert("MI300X".into(), capmix::MIN_MAGNITUDE);
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert!(
        matches!(p.status, Status::Optimal | Status::VerificationFailed),
        "{:?}",
        p.status
    );
    if p.status == Status::Optimal {
        common::assert_verified(&p);
    }
    let doc = p.to_json_string();
    assert_eq!(
        capmix::Plan::from_json_str(&doc).unwrap().to_json_string(),
        doc
    );
}

/// parse_scenario: a `horizon.start` with a year of 19 digits overflowed (`year * 12`) before
/// the year was checked, a panic in debug builds. It is now an informational label that
/// falls back to P1, P2, ... like any other non-`YYYY-MM` start.
#[test]
fn start_label_with_a_huge_year_does_not_overflow() {
    let mut s = common_scenario();
    s.horizon.start = Some("000000000000000000000003542238459257625586-07".into());
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal);
    assert_eq!(p.periods[0].label, "P1");
}

fn common_scenario() -> Scenario {
    Scenario::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/01-on-demand.toml"
    ))
    .unwrap()
}

/// plan_structured: a one-offering batch scenario needing about 26,000 whole units per
/// period sent microlp's exact branch and bound into a dive of one unit per level (every
/// split of the units between the two periods costs the same); each open node held its whole
/// path, and without a time limit the process reached 24 GB in a minute. Branch and bound is
/// now tried only up to 2,000 units; rounding finds the plan at once.
#[test]
fn whole_units_in_the_thousands_do_not_exhaust_memory() {
    let json = r#"{
      "name": "fuzz",
      "horizon": { "periods": 3, "start": "2025-07" },
      "segments": [ { "share": 1.0, "level": 0.1915770199130236 } ],
      "providers": [ { "id": "p0" } ],
      "offerings": [
        { "id": "o0", "provider": "p0", "region": "eu-west", "accelerator": "A100", "chips": 4.0,
          "purchase": "spot", "price_per_hour": 693919.2798047746, "availability": 0.6650339513237201 }
      ],
      "workloads": [
        { "id": "w0", "kind": "batch",
          "throughput": { "A100": 0.016259006637674524, "H100": 479.4542475623713, "TPU-v6e": 0.0001 },
          "total": 1653009.8420691234, "window": [1, 2] }
      ],
      "policy": { "outage_coverage": 0.3270618753337911, "max_spot_share": 0.6415655756466011,
                  "commitments_beyond_horizon": "charge" }
    }"#;
    let s = Scenario::from_json_str(json).unwrap();
    let started = std::time::Instant::now();
    let p = plan(
        &s,
        &PlanOptions {
            integer: Some(true),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    assert!(
        matches!(p.status, Status::Optimal | Status::Feasible),
        "{:?} {:?}",
        p.status,
        p.notes
    );
    common::assert_verified(&p);
    assert!(p.gap.unwrap() < 1e-3, "{:?}", p.gap);
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}
