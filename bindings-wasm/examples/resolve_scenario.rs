//! Build helper of the calculator (native, run by `www/build.mjs`): reads scenario files the way
//! the CLI does (`Scenario::from_path`, which loads their price catalogs) and prints them as one
//! JSON object `{ "<file>": <self-contained scenario>, ... }`.
//!
//! A browser cannot read a scenario's CSV catalogs from disk, so the presets are shipped
//! resolved: planning the printed scenario gives exactly the CLI's plan of the file.
//!
//! ```text
//! cargo run -p capmix-wasm --example resolve_scenario -- examples/scenarios/chatgpt-2025.toml
//! ```

use capmix::Scenario;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut out = serde_json::Map::new();
    for file in std::env::args().skip(1) {
        let scenario = match Scenario::from_path(&file) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "resolve_scenario: {file}: {e}");
                return ExitCode::FAILURE;
            }
        };
        match serde_json::to_value(&scenario) {
            Ok(v) => {
                out.insert(file, v);
            }
            Err(e) => {
                let _ = writeln!(std::io::stderr(), "resolve_scenario: {file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let text = serde_json::Value::Object(out).to_string();
    match writeln!(std::io::stdout(), "{text}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
