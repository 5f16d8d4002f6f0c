//! Bytes → SkyPilot `vms.csv` import (first byte: which cloud's path and accelerator filter).
//!
//! Checks: no panic; errors are located `catalog` errors; imported rows have finite
//! non-negative prices and positive chips, and write out as a catalog that reads back.

use crate::check_error;
use capmix::catalog::skypilot::{import, ImportOptions};
use capmix::catalog::{read_csv, write_csv};

const PATHS: [&str; 6] = [
    "v8/aws/vms.csv",
    "v8/gcp/vms.csv",
    "v6/azure/vms.csv",
    "v8/lambda/vms.csv",
    "v8/oci/vms.csv",
    "vms.csv",
];

/// One fuzz input.
pub fn run(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let file = PATHS[usize::from(flags) % PATHS.len()];
    let options = ImportOptions {
        accelerators: (flags & 0x80 != 0).then(|| vec!["H100".into(), "tpu-v6e".into()]),
        as_of: "2025-10-01".into(),
    };
    match import(&[(file.to_string(), text.to_string())], &options) {
        Err(e) => {
            assert_eq!(e.kind(), "catalog", "{e:?}");
            check_error(&e);
        }
        Ok(imported) => {
            for r in &imported.rows {
                assert!(
                    r.price_per_hour.is_finite() && r.price_per_hour >= 0.0,
                    "{r:?}"
                );
                assert!(r.chips.is_finite() && r.chips > 0.0, "{r:?}");
            }
            for n in &imported.notes {
                let _ = n.to_string();
            }
            let written = write_csv(&imported.rows, &[]);
            if let Err(e) = read_csv(&written, "imported.csv") {
                panic!("an imported catalog does not read back: {e}\n{written}");
            }
        }
    }
}
