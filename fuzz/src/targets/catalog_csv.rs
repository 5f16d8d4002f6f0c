//! Bytes → the capmix catalog CSV reader → ids → scenario TOML.
//!
//! Checks: no panic; errors are located `catalog` errors; what was read writes back to a
//! catalog that reads as the same rows; generated ids are assigned or rejected cleanly; the
//! TOML fragment of the rows parses as scenario offerings.

use crate::check_error;
use capmix::catalog::{assign_ids, generated_ids, read_csv, to_toml, write_csv, CatalogRow};
use capmix::Scenario;

fn comparable(rows: &[CatalogRow]) -> Vec<CatalogRow> {
    let ids = generated_ids(rows);
    rows.iter()
        .zip(ids)
        .map(|(r, id)| CatalogRow {
            id: Some(id),
            line: 0,
            ..r.clone()
        })
        .collect()
}

/// One fuzz input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut rows = match read_csv(text, "fuzz.csv") {
        Err(e) => {
            assert_eq!(e.kind(), "catalog", "{e:?}");
            check_error(&e);
            return;
        }
        Ok(rows) => rows,
    };
    let written = write_csv(&rows, &["fuzz # comment\nsecond line".into()]);
    let back = read_csv(&written, "written.csv")
        .unwrap_or_else(|e| panic!("a written catalog does not read back: {e}\n{written}"));
    assert_eq!(
        comparable(&back),
        comparable(&rows),
        "catalog round trip changed the rows\n{written}"
    );
    if let Err(e) = assign_ids(&mut rows, "fuzz.csv") {
        check_error(&e);
        return;
    }
    if let Ok(fragment) = to_toml(&rows) {
        // The fragment's root keys (`providers = []` when empty) come before any table.
        let text = format!("{fragment}\n[horizon]\nperiods = 1\n");
        let s = Scenario::from_toml_str(&text)
            .unwrap_or_else(|e| panic!("catalog TOML does not parse as a scenario: {e}\n{text}"));
        assert_eq!(s.offerings.len(), rows.len());
    }
}
