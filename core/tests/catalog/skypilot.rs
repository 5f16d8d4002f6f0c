//! SkyPilot import against the real upstream rows.

use super::close;
use capmix::catalog::skypilot::{self, Action, Import, ImportOptions};
use capmix::catalog::{read_csv, write_csv, CatalogRow};
use capmix::Purchase;
use std::path::Path;

const SKYPILOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/skypilot-catalog/catalogs"
);
const FILES: [&str; 5] = [
    "v8/aws/vms.extract.csv",
    "v8/gcp/vms.extract.csv",
    "v6/azure/vms.extract.csv",
    "v8/lambda/vms.extract.csv",
    "v8/oci/vms.extract.csv",
];

/// Imports the real SkyPilot rows, or `None` (with a note) when ../shared is not there.
fn import(accelerators: Option<&[&str]>) -> Option<Import> {
    if !Path::new(SKYPILOT).is_dir() {
        println!("note: {SKYPILOT} is absent; SkyPilot import test skipped");
        return None;
    }
    let files: Vec<(String, String)> = FILES
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(Path::new(SKYPILOT).join(f)).unwrap(),
            )
        })
        .collect();
    let options = ImportOptions {
        accelerators: accelerators.map(|l| l.iter().map(|s| s.to_string()).collect()),
        as_of: "2025-10-01".into(),
    };
    Some(skypilot::import(&files, &options).unwrap())
}

fn find<'a>(
    rows: &'a [CatalogRow],
    provider: &str,
    region: &str,
    acc: &str,
    chips: f64,
    p: Purchase,
) -> Vec<&'a CatalogRow> {
    rows.iter()
        .filter(|r| {
            r.provider == provider
                && r.region == region
                && r.accelerator == acc
                && r.chips == chips
                && r.purchase == p
        })
        .collect()
}

#[test]
fn skypilot_aws_p5_in_us_east_1_is_55_04_for_8_h100() {
    let Some(imp) = import(None) else { return };
    // Seven availability-zone rows collapse to one on-demand and one spot offering.
    let od = find(
        &imp.rows,
        "aws",
        "us-east-1",
        "H100",
        8.0,
        Purchase::OnDemand,
    );
    assert_eq!(od.len(), 1);
    assert_eq!(od[0].price_per_hour, 55.04);
    assert_eq!(od[0].id.as_deref(), Some("aws-us-east-1-h100x8-od"));
    assert!(
        od[0].source.contains("v8/aws/vms.extract.csv") && od[0].source.contains("p5.48xlarge")
    );
    assert_eq!(od[0].as_of, "2025-10-01");
    // Spot: median of the zone quotes below on-demand (two zones quote 55.04 = no discount).
    let spot = find(&imp.rows, "aws", "us-east-1", "H100", 8.0, Purchase::Spot);
    assert_eq!(spot[0].price_per_hour, 19.2531);
    assert_eq!(spot[0].availability, Some(0.7));
    assert!(imp
        .notes
        .iter()
        .any(|n| n.line == 15 && n.reason.contains("not below on-demand")));
}

#[test]
fn skypilot_gcp_tpu_v6e_is_2_70_per_chip_hour() {
    let Some(imp) = import(None) else { return };
    let v6e: Vec<&CatalogRow> = imp
        .rows
        .iter()
        .filter(|r| {
            r.provider == "gcp"
                && r.region == "us-central1"
                && r.accelerator == "TPU-v6e"
                && r.purchase == Purchase::OnDemand
        })
        .collect();
    assert_eq!(
        v6e.iter().map(|r| r.chips).collect::<Vec<_>>(),
        [256.0, 8.0, 1.0]
    );
    for r in &v6e {
        assert!(close(r.price_per_hour / r.chips, 2.70), "{r:?}");
    }
    // v5p slice names count TensorCores: tpu-v5p-8 is 4 chips at $16.8 = $4.20 per chip.
    let v5p = find(
        &imp.rows,
        "gcp",
        "us-central1",
        "TPU-v5p",
        4.0,
        Purchase::OnDemand,
    );
    assert_eq!(v5p[0].price_per_hour, 16.8);
    assert_eq!(
        find(
            &imp.rows,
            "gcp",
            "us-central1",
            "TPU-v5e",
            16.0,
            Purchase::OnDemand
        )[0]
        .price_per_hour,
        19.2
    );
}

#[test]
fn skypilot_has_no_placeholder_blank_or_zero_prices() {
    let Some(imp) = import(None) else { return };
    assert!(imp.rows.len() > 150, "{}", imp.rows.len());
    for r in &imp.rows {
        assert!(r.price_per_hour > 0.0 && r.price_per_hour != 700.0, "{r:?}");
        assert!(!r.source.is_empty() && !r.as_of.is_empty());
    }
    assert!(imp
        .notes
        .iter()
        .any(|n| n.what.contains("tpu-v6e-1 row in asia-east1") && n.reason.contains("700.0")));
    // p5e.48xlarge: blank on-demand price → only its spot rows survive.
    assert!(find(
        &imp.rows,
        "aws",
        "ap-southeast-3",
        "H200",
        8.0,
        Purchase::OnDemand
    )
    .is_empty());
    assert_eq!(
        find(
            &imp.rows,
            "aws",
            "ap-southeast-3",
            "H200",
            8.0,
            Purchase::Spot
        )
        .len(),
        1
    );
    assert!(imp
        .notes
        .iter()
        .any(|n| n.line == 44 && n.reason == "blank on-demand price"));
    // GCP a4-highgpu-8g lists a host price of 0.0: not a quote.
    assert!(imp
        .notes
        .iter()
        .any(|n| n.what.starts_with("a4-highgpu-8g") && n.reason.contains("0.0")));
}

#[test]
fn skypilot_azure_nd96isr_h100_count_is_corrected_to_8() {
    let Some(imp) = import(None) else { return };
    let nd = find(
        &imp.rows,
        "azure",
        "eastus",
        "H100",
        8.0,
        Purchase::OnDemand,
    );
    assert_eq!(nd[0].price_per_hour, 98.32);
    assert!(imp.rows.iter().all(|r| r.chips != 12.0));
    let fixes: Vec<_> = imp
        .notes
        .iter()
        .filter(|n| n.action == Action::Corrected && n.what.contains("ND96isr"))
        .collect();
    assert_eq!(fixes.len(), 3);
    // Azure quotes spot = on-demand for it: no spot discount, no spot row.
    assert!(find(&imp.rows, "azure", "eastus", "H100", 8.0, Purchase::Spot).is_empty());
}

#[test]
fn skypilot_gcp_vm_is_host_plus_accelerator_and_anomalies_are_skipped() {
    let Some(imp) = import(None) else { return };
    // a3-highgpu-8g us-east4: host 9.46006 + 8 H100 78.37241; spot 2.15966 + 17.8848.
    let od = find(
        &imp.rows,
        "gcp",
        "us-east4",
        "H100",
        8.0,
        Purchase::OnDemand,
    );
    assert!(close(od[0].price_per_hour, 87.83247));
    assert!(close(
        find(&imp.rows, "gcp", "us-east4", "H100", 8.0, Purchase::Spot)[0].price_per_hour,
        20.04446
    ));
    // a3-megagpu-8g: H100-MEGA rows become canonical H100.
    assert!(close(
        find(
            &imp.rows,
            "gcp",
            "us-central1",
            "H100",
            8.0,
            Purchase::OnDemand
        )[0]
        .price_per_hour,
        92.21427
    ));
    // The implausibly low us-central1 H100 row (33.61 for 8) never makes a 43.07 VM.
    assert!(imp.rows.iter().all(|r| !(r.provider == "gcp"
        && r.purchase == Purchase::OnDemand
        && r.price_per_hour < 44.0
        && r.accelerator == "H100"
        && r.chips == 8.0)));
    assert!(imp
        .notes
        .iter()
        .any(|n| n.line == 40 && n.reason.contains("implausibly low")));
    // A100-80GB us-central1 lists spot above on-demand: inconsistent, skipped.
    assert!(imp
        .notes
        .iter()
        .any(|n| n.line == 33 && n.reason.contains("above on-demand")));
}

#[test]
fn skypilot_accelerator_filter_accepts_aliases() {
    let Some(imp) = import(Some(&["H100-80GB", "tpu v6e"])) else {
        return;
    };
    assert!(!imp.rows.is_empty());
    assert!(imp
        .rows
        .iter()
        .all(|r| r.accelerator == "H100" || r.accelerator == "TPU-v6e"));
    assert!(
        imp.rows.iter().any(|r| r.provider == "lambda")
            && imp.rows.iter().any(|r| r.provider == "oci")
    );
    // Lambda has no spot prices.
    assert!(imp
        .rows
        .iter()
        .filter(|r| r.provider == "lambda")
        .all(|r| r.purchase == Purchase::OnDemand));
}

#[test]
fn skypilot_rows_round_trip_through_the_catalog_format() {
    let Some(imp) = import(None) else { return };
    let text = write_csv(&imp.rows, &["imported for a test".into()]);
    let back = read_csv(&text, "round-trip.csv").unwrap();
    assert_eq!(back.len(), imp.rows.len());
    for (a, b) in imp.rows.iter().zip(&back) {
        assert_eq!(
            (&a.id, &a.provider, &a.region, &a.accelerator),
            (&b.id, &b.provider, &b.region, &b.accelerator)
        );
        assert_eq!(
            (a.chips, a.purchase, a.price_per_hour, a.availability),
            (b.chips, b.purchase, b.price_per_hour, b.availability)
        );
        assert_eq!((&a.source, &a.as_of), (&b.source, &b.as_of));
    }
}
