//! The capmix catalog format: errors name file, line and column; aliases.

use capmix::catalog::{accelerators, read_csv};
use capmix::{Error, Purchase};

const HEADER: &str = "provider,region,accelerator,chips,purchase,price_per_hour,max_units,availability,term_periods,lead_periods,source,as_of\n";

fn csv_error(text: &str) -> (usize, usize, String) {
    match read_csv(text, "prices.csv") {
        Err(Error::Catalog {
            path,
            line,
            column,
            message,
        }) => {
            assert_eq!(path, "prices.csv");
            (line, column, message)
        }
        other => panic!("expected a catalog error, got {other:?}"),
    }
}

#[test]
fn malformed_csv_wrong_header() {
    let (line, col, msg) = csv_error("provider,region,acelerator,chips,purchase,price_per_hour\n");
    assert_eq!((line, col), (1, 3));
    assert!(msg.contains("unknown column `acelerator`"), "{msg}");
    let (line, _, msg) = csv_error("# comment\nprovider,region,accelerator,chips,purchase\n");
    assert_eq!(line, 2);
    assert!(msg.contains("missing column `price_per_hour`"), "{msg}");
    let e = read_csv("provider,region\n", "prices.csv").unwrap_err();
    assert_eq!(e.kind(), "catalog");
    assert!(e.to_string().starts_with("prices.csv:1:"), "{e}");
}

#[test]
fn malformed_csv_bad_number() {
    let text = format!("{HEADER}aws,us-east-1,H100,8,on_demand,55.04,,,,,s,2025\naws,us-east-1,H200,8,on_demand,5O.1,,,,,s,2025\n");
    let (line, col, msg) = csv_error(&text);
    assert_eq!((line, col), (3, 6));
    assert_eq!(msg, "price_per_hour: `5O.1` is not a number");
    let text = format!("{HEADER}aws,us-east-1,H100,-8,on_demand,55.04,,,,,s,2025\n");
    assert_eq!(csv_error(&text).1, 4);
    let text = format!("{HEADER}aws,us-east-1,H100,8,spot,5,,1.5,,,s,2025\n");
    assert_eq!(csv_error(&text).2, "availability: must be in (0, 1]");
}

#[test]
fn malformed_csv_unknown_purchase_option() {
    let text =
        format!("{HEADER}\"aws\",us-east-1,H100,8,reserved,55.04,,,,,\"a, quoted source\",2025\n");
    let (line, col, msg) = csv_error(&text);
    assert_eq!((line, col), (2, 5));
    assert!(
        msg.contains("unknown purchase option `reserved`; expected on_demand, spot or commit"),
        "{msg}"
    );
}

#[test]
fn malformed_csv_commit_rules_and_field_counts() {
    let (line, col, msg) = csv_error(&format!(
        "{HEADER}aws,us-east-1,H100,8,commit,30,,,,,s,2025\n"
    ));
    assert_eq!((line, col), (2, 9));
    assert!(msg.contains("term_periods"), "{msg}");
    let (_, col, msg) = csv_error(&format!(
        "{HEADER}aws,us-east-1,H100,8,spot,30,,,12,,s,2025\n"
    ));
    assert_eq!(col, 9);
    assert!(msg.contains("only commit rows have a term"), "{msg}");
    let (line, col, msg) = csv_error(&format!("{HEADER}aws,us-east-1,H100,8\n"));
    assert_eq!((line, col), (2, 5));
    assert!(msg.contains("expected 12 fields"), "{msg}");
}

#[test]
fn catalog_rows_are_canonicalised_and_commented_lines_skipped() {
    let text = "# a comment\n\nProvider,Region,Accelerator,Chips,Purchase,Price_per_hour\nAWS,us-east-1,H100-80GB,8,on-demand,55.04\n";
    let rows = read_csv(text, "p.csv").unwrap();
    assert_eq!(
        (rows[0].provider.as_str(), rows[0].accelerator.as_str()),
        ("aws", "H100")
    );
    assert_eq!((rows[0].purchase, rows[0].line), (Purchase::OnDemand, 4));
}

#[test]
fn aliases_resolve_to_canonical_names() {
    for n in ["H100", "H100-80GB", "H100-SXM", "H100-MEGA", "h100 sxm5"] {
        assert_eq!(accelerators::canonical(n), "H100", "{n}");
    }
    assert_eq!(accelerators::canonical("TPU v5litepod"), "TPU-v5e");
    assert_eq!(accelerators::canonical("tpu-v5e"), "TPU-v5e");
    assert_eq!(accelerators::canonical("Trillium"), "TPU-v6e");
    assert!(!accelerators::same("A100", "A100-80GB"));
}
