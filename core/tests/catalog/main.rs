//! Real price data: SkyPilot import (read at run time from ../shared), the capmix catalog
//! format, catalog includes, commitment offers, accelerator aliases, geography and
//! throughput estimates. Run with `cargo test -p capmix --test catalog`.
// Helpers outside #[test] functions unwrap, panic and print too, as tests do (clippy.toml
// allows that inside #[test] functions only).
#![allow(clippy::unwrap_used, clippy::panic, clippy::print_stdout)]

mod format;
mod includes;
mod scenarios;
mod skypilot;

use std::path::PathBuf;

/// The repository root (examples/ lives there).
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// Equal within 1e-9 relative.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("capmix-catalog-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
