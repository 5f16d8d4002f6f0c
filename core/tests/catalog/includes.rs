//! Catalog includes in scenarios, commitment offers, the bundled catalog and its example.

use super::{close, scratch, ROOT};
use capmix::catalog::{accelerators, read_csv};
use capmix::{plan, validate_scenario, PlanOptions, Purchase, Scenario, Status};
use std::path::Path;

const PRICES: &str =
    "provider,region,accelerator,chips,purchase,price_per_hour,availability,source,as_of
aws,us-east-1,H100,8,on_demand,100,,test,2025-10
aws,us-east-1,H100,8,spot,40,,test,2025-10
aws,eu-west-1,H100,8,on_demand,110,,test,2025-10
gcp,europe-west4,TPU-v6e,1,on_demand,3,,test,2025-10
lambda,us-east-1,H100,8,on_demand,30,,test,2025-10
";

pub(super) fn include_scenario(dir: &Path, catalogs: &str, workload_extra: &str) -> Scenario {
    std::fs::write(dir.join("prices.csv"), PRICES).unwrap();
    let text = format!(
        "name = \"inc\"\n{catalogs}\n[horizon]\nperiods = 2\nhours_per_period = 100\n\
         [[workloads]]\nid = \"chat\"\ndemand = [8, 8]\nthroughput = {{ H100 = 1.0, \"TPU-v6e\" = 1.0 }}\n{workload_extra}\n"
    );
    std::fs::write(dir.join("s.toml"), text).unwrap();
    Scenario::from_path(dir.join("s.toml")).unwrap()
}

#[test]
fn include_by_path_declares_providers_and_generates_ids() {
    let dir = scratch("path");
    let s = include_scenario(&dir, "catalogs = [\"prices.csv\"]", "");
    assert!(s.catalogs.is_empty());
    let ids: Vec<&str> = s.offerings.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "aws-us-east-1-h100-od",
            "aws-us-east-1-h100-spot",
            "aws-eu-west-1-h100-od",
            "gcp-europe-west4-tpu-v6e-od",
            "lambda-us-east-1-h100-od"
        ]
    );
    let providers: Vec<&str> = s.providers.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(providers, ["aws", "gcp", "lambda"]);
    assert_eq!(s.offerings[1].availability, Some(0.7));
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal);
    // TPU-v6e at $3 per chip-hour beats Lambda's 8 H100 at $30 ($3.75 per chip-hour).
    assert!(p
        .allocations
        .iter()
        .all(|a| a.offering == "gcp-europe-west4-tpu-v6e-od"));
}

#[test]
fn include_filters_discount_overrides_and_inline_wins() {
    let dir = scratch("table");
    let catalogs = r#"
[[offerings]]
id = "aws-us-east-1-h100-od"
provider = "aws"
region = "us-east-1"
accelerator = "H100"
chips = 8
purchase = "on_demand"
price_per_hour = 77.0

[[catalogs]]
path = "prices.csv"
providers = ["aws", "gcp"]
regions = ["us-*", "europe-*"]
accelerators = ["H100-SXM", "TPU-v6e"]
purchase = ["on_demand", "spot"]
discount = { aws = 0.5 }
spot_availability = { aws = 0.9 }
overrides = { "gcp-europe-west4-tpu-v6e-od" = { price_per_hour = 2.5, max_units = 3 } }
"#;
    let s = include_scenario(&dir, catalogs, "");
    let ids: Vec<&str> = s.offerings.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "aws-us-east-1-h100-od",
            "aws-us-east-1-h100-spot",
            "gcp-europe-west4-tpu-v6e-od"
        ]
    );
    assert_eq!(
        s.offerings[0].price_per_hour, 77.0,
        "the inline offering wins"
    );
    assert_eq!(
        (s.offerings[1].price_per_hour, s.offerings[1].availability),
        (20.0, Some(0.9))
    );
    assert_eq!(
        (s.offerings[2].price_per_hour, s.offerings[2].max_units),
        (2.5, Some(3.0))
    );
    assert_eq!(
        s.providers
            .iter()
            .map(|p| p.id.as_str())
            .collect::<Vec<_>>(),
        ["aws", "gcp"]
    );
}

#[test]
fn include_errors_name_their_path() {
    let dir = scratch("errors");
    std::fs::write(dir.join("prices.csv"), PRICES).unwrap();
    let cases = [
        ("providers = [\"asw\"]", "catalogs[0].providers[0]"),
        ("accelerators = [\"H300\"]", "catalogs[0].accelerators[0]"),
        ("discount = { azure = 0.9 }", "catalogs[0].discount.azure"),
        (
            "spot_availability = { azure = 0.5 }",
            "catalogs[0].spot_availability.azure",
        ),
        (
            "providers = [\"gcp\"]\nregions = [\"us-east-1\"]\nspot_availability = { aws = 0.5 }",
            "catalogs[0].spot_availability.aws",
        ),
        ("discount = { aws = -1 }", "catalogs[0].discount.aws"),
        (
            "overrides = { nope = { price_per_hour = 1 } }",
            "catalogs[0].overrides.nope",
        ),
        (
            "commit = { terms = [12], discounts = { aws = { \"12\" = 1.5 } } }",
            "catalogs[0].commit.discounts.aws.12",
        ),
    ];
    for (extra, path) in cases {
        let text =
            format!("[horizon]\nperiods = 1\n[[catalogs]]\npath = \"prices.csv\"\n{extra}\n");
        let mut s = Scenario::from_toml_str(&text).unwrap();
        let e = s.resolve_catalogs(&dir).unwrap_err();
        assert_eq!(e.path(), Some(path), "{e}");
    }
    // A typo inside an include table names its own field.
    let e = Scenario::from_toml_str(
        "[horizon]\nperiods = 1\n[[catalogs]]\npath = \"p.csv\"\nprovider = [\"aws\"]\n",
    )
    .unwrap_err();
    assert_eq!(e.path(), Some("catalogs[0].provider"), "{e}");
    // Malformed CSV inside an include reports the file, line and column.
    std::fs::write(
        dir.join("bad.csv"),
        "provider,region,accelerator,chips,purchase,price_per_hour\naws,r,H100,8,on_demand,x\n",
    )
    .unwrap();
    let mut s =
        Scenario::from_toml_str("catalogs = [\"bad.csv\"]\n[horizon]\nperiods = 1\n").unwrap();
    let e = s.resolve_catalogs(&dir).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("bad.csv:2:6: price_per_hour: `x` is not a number"),
        "{e}"
    );
}

#[test]
fn scenario_text_with_unresolved_catalogs_is_rejected() {
    let s =
        Scenario::from_toml_str("catalogs = [\"prices.csv\"]\n[horizon]\nperiods = 1\n").unwrap();
    let e = validate_scenario(&s).unwrap_err();
    assert_eq!(e.path(), Some("catalogs"));
    assert!(e.to_string().contains("resolve_catalogs"), "{e}");
}

// ---- commitment offers ----

#[test]
fn commit_offers_from_on_demand_rows_with_default_and_custom_discounts() {
    let dir = scratch("commit");
    let catalogs = r#"
[[catalogs]]
path = "prices.csv"
purchase = ["on_demand"]
commit = { terms = [12, 36], discounts = { aws = { "12" = 0.25 } }, lead_periods = 1 }
overrides = { "aws-us-east-1-h100-commit-36" = { max_units = 5 } }
"#;
    std::fs::write(dir.join("prices.csv"), PRICES).unwrap();
    let text = format!("[horizon]\nperiods = 1\n{catalogs}");
    let mut s = Scenario::from_toml_str(&text).unwrap();
    let notes = s.resolve_catalogs(&dir).unwrap();
    let get = |id: &str| {
        s.offerings
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let c12 = get("aws-us-east-1-h100-commit-12");
    assert_eq!(
        (c12.purchase, c12.term_periods, c12.lead_periods),
        (Purchase::Commit, Some(12), Some(1))
    );
    assert!(close(c12.price_per_hour, 75.0), "custom 25% off");
    let c36 = get("aws-us-east-1-h100-commit-36");
    assert!(
        close(c36.price_per_hour, 100.0 * (1.0 - 0.66)),
        "default AWS 36-period discount"
    );
    assert_eq!(c36.max_units, Some(5.0));
    assert!(close(
        get("gcp-europe-west4-tpu-v6e-commit-12").price_per_hour,
        3.0 * (1.0 - 0.285)
    ));
    // Lambda publishes no commitment discount: no offers, and a note says so.
    assert!(s
        .offerings
        .iter()
        .all(|o| !(o.provider == "lambda" && o.purchase == Purchase::Commit)));
    assert!(
        notes.iter().any(|n| n.contains("`lambda` at term 12")),
        "{notes:?}"
    );
    assert_eq!(
        capmix::catalog::discounts::default_commit_discount("azure", 36).map(|d| d.off),
        Some(0.72)
    );
}

// ---- the bundled catalog and the example that uses it ----

#[test]
fn bundled_catalog_rows_have_source_and_date() {
    let path = Path::new(ROOT).join("examples/catalogs/public-prices-2025.csv");
    let rows = read_csv(
        &std::fs::read_to_string(&path).unwrap(),
        "public-prices-2025.csv",
    )
    .unwrap();
    assert!(rows.len() > 100);
    for r in &rows {
        assert!(
            !r.source.is_empty() && !r.as_of.is_empty(),
            "line {}",
            r.line
        );
        assert!(
            accelerators::lookup(&r.accelerator).is_some(),
            "line {}: {}",
            r.line,
            r.accelerator
        );
        assert!(
            capmix::catalog::regions::geography(&r.region).is_some(),
            "line {}: {}",
            r.line,
            r.region
        );
    }
    let mut rows = rows;
    capmix::catalog::assign_ids(&mut rows, "public-prices-2025.csv").unwrap();
}

#[test]
fn multicloud_example_plans_from_the_catalog() {
    let s = Scenario::from_path(
        Path::new(ROOT).join("examples/scenarios/multicloud-from-catalog.toml"),
    )
    .unwrap();
    assert!(s.offerings.len() > 40);
    // Whole units (the default): microlp's search stops at its node budget and HiGHS needs
    // about 10 minutes to prove 0.1% (BENCHMARKS.md), so a verified plan within 5% is asked
    // for as the gap to stop at (the plan from rounding the relaxation, before any search, is
    // within 1% already). The time limit only bounds a runaway: a search cut by time would
    // make the answer depend on the machine's load.
    let whole = PlanOptions {
        mip_gap: Some(0.05),
        time_limit: Some(600.0),
        ..PlanOptions::default()
    };
    let p = plan(&s, &whole).unwrap();
    assert!(
        matches!(
            p.status,
            Status::Optimal | Status::Feasible | Status::TimeLimit
        ),
        "{:?} {:?}",
        p.status,
        p.notes
    );
    assert!(p.gap.is_some_and(|g| g < 0.05), "{:?}", p.gap);
    assert!(p.verification.as_ref().is_some_and(|v| v.passed));
    let fluid = PlanOptions {
        integer: Some(false),
        ..PlanOptions::default()
    };
    let f = plan(&s, &fluid).unwrap();
    assert_eq!(f.status, Status::Optimal, "{:?}", f.notes);
    assert!(f.total_cost <= p.total_cost);
    let eu = [
        "eu-north-1",
        "europe-west4",
        "eu-frankfurt-1",
        "europe-central-1",
    ];
    assert!(p
        .allocations
        .iter()
        .filter(|a| a.workload == "chat-eu")
        .all(|a| eu.contains(&a.region.as_str())));
    let providers: std::collections::BTreeSet<&str> =
        p.allocations.iter().map(|a| a.provider.as_str()).collect();
    assert!(providers.len() >= 3, "{providers:?}");
}

#[test]
fn catalogs_field_accepts_paths_and_tables_in_json_and_toml() {
    let json = r#"{"horizon": {"periods": 1}, "catalogs": ["a.csv", {"path": "b.csv", "providers": ["aws"], "commit": {"terms": [12]}}]}"#;
    let s = Scenario::from_json_str(json).unwrap();
    assert_eq!(s.catalogs[0].spec().path, "a.csv");
    let b = s.catalogs[1].spec();
    assert_eq!(
        (b.path.as_str(), b.providers.as_deref()),
        ("b.csv", Some(&["aws".to_string()][..]))
    );
    assert_eq!(b.commit.map(|c| c.terms), Some(vec![12]));
    let back = Scenario::from_toml_str(&s.to_toml_string().unwrap()).unwrap();
    assert_eq!(back, s);
    let e = Scenario::from_json_str(r#"{"horizon": {"periods": 1}, "catalogs": [3]}"#).unwrap_err();
    assert!(e.to_string().contains("a catalog path or a table"), "{e}");
}
