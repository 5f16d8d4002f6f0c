//! `capmix-gen SIZE [--seed N] [--fluid] [-o FILE]`: writes the generated benchmark scenario of SIZE
//! (`300`, `3k`, `10k`, `30k`, `100k`, `300k`, `1m`; `capmix-gen --list` lists them) as JSON,
//! and prints one JSON line describing it. The same size and seed give the same file.
//! `--fluid` sets `policy.integer_units = false`: the LP the scale benchmarks measure.

use capmix_bench::{generate, size, SIZES};
use std::io::Write;

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("capmix-gen: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

fn run() -> Result<(), String> {
    let mut name = None;
    let mut seed = 1u64;
    let mut out = None;
    let mut fluid = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--list" => {
                let names: Vec<&str> = SIZES.iter().map(|s| s.name).collect();
                let mut o = std::io::stdout().lock();
                let _ = writeln!(o, "{}", names.join(" "));
                return Ok(());
            }
            "--seed" => {
                seed = it
                    .next()
                    .ok_or("--seed needs a value")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?;
            }
            "--fluid" => fluid = true,
            "-o" | "--out" => out = Some(it.next().ok_or("-o needs a file")?),
            s if !s.starts_with('-') && name.is_none() => name = Some(s.to_string()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let name = name.ok_or("usage: capmix-gen SIZE [--seed N] [--fluid] [-o FILE]")?;
    let spec = size(&name).ok_or(format!("unknown size `{name}` (see --list)"))?;
    let mut scenario = generate(&spec, seed);
    // The fluid LP (fractions of instances): the program whose scale the benchmarks measure.
    // Without it, the scenario plans whole instances, as every scenario does by default.
    scenario.policy.integer_units = !fluid;
    let model = capmix::validate_scenario(&scenario).map_err(|e| e.to_string())?;
    let json = scenario.to_json_string();
    match &out {
        Some(path) => std::fs::write(path, &json).map_err(|e| format!("{path}: {e}"))?,
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(json.as_bytes()).map_err(|e| e.to_string())?;
            return Ok(());
        }
    }
    let line = serde_json::json!({
        "size": spec.name,
        "seed": seed,
        "integer_units": !fluid,
        "file": out,
        "workloads": scenario.workloads.len(),
        "providers": scenario.providers.len(),
        "offerings": scenario.offerings.len(),
        "periods": model.periods(),
        "segments": scenario.segments.len(),
        "usable_pairs": model.usable_pairs(),
    });
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{line}");
    Ok(())
}
