//! The plan table's layout with ids longer than any fixed column: every table sizes its
//! columns to its cells (comfy-table), and with `COLUMNS` set wraps inside them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::Command;

const SMALL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/explain-small.toml"
);

/// 52 characters: longer than the 28 the hand-padded tables allowed.
const LONG: &str = "aws-us-east-1-p5.48xlarge-on-demand-capacity-block-a";

/// The small fixture with offering `a-od` renamed to [`LONG`], in a scratch directory.
fn scenario() -> PathBuf {
    let text = std::fs::read_to_string(SMALL).unwrap();
    let text = text.replace("\"a-od\"", &format!("\"{LONG}\""));
    let dir = std::env::temp_dir().join(format!("capmix-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("long-ids.toml");
    std::fs::write(&file, text).unwrap();
    file
}

fn plan(columns: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_capmix"));
    cmd.args(["plan", scenario().to_str().unwrap(), "--quiet"])
        .args(["--solver", "microlp"]);
    match columns {
        Some(c) => cmd.env("COLUMNS", c),
        None => cmd.env_remove("COLUMNS"),
    };
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of the table under `title`: header, rule, rows (up to the next blank line).
fn section<'a>(out: &'a str, title: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| !l.starts_with(title))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn long_ids_keep_every_column_aligned() {
    let out = plan(None);
    let purchases = section(&out, "Purchases");
    assert!(purchases.len() > 2, "{out}");
    assert!(purchases[1].trim().chars().all(|c| c == '-'), "{out}");
    // The last column (cost) is right-aligned: every line ends where the rule ends, so
    // each figure sits under its header whatever the offering ids' lengths.
    let width = purchases[1].len();
    for l in &purchases {
        assert_eq!(l.len(), width, "{l:?}\n{out}");
    }
    assert!(
        purchases.iter().any(|l| l.contains(LONG)),
        "ids are never cut: {out}"
    );
    // "cost" ends in the same column as each dollar figure.
    let header_end = purchases[0].find("cost").unwrap() + "cost".len();
    assert_eq!(header_end, width, "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn columns_wraps_long_cells_inside_their_column() {
    let out = plan(Some("80"));
    let purchases = section(&out, "Purchases");
    assert!(purchases.len() > 2, "{out}");
    for l in &purchases {
        assert!(l.chars().count() <= 80, "wider than COLUMNS: {l:?}\n{out}");
    }
    // The id no longer fits whole on one line, yet all of it is there, in order.
    assert!(!purchases.iter().any(|l| l.contains(LONG)), "{out}");
    let offering = purchases[0].find("offering").unwrap();
    let joined: String = purchases
        .iter()
        .skip(2)
        .filter_map(|l| l.get(offering..))
        .map(|rest| rest.split_whitespace().next().unwrap_or(""))
        .collect();
    assert!(joined.contains(LONG), "{joined}\n{out}");
}
