//! The example program runs and prints a plan that keeps its own policy: `cargo test` builds
//! and runs it, so CI needs no separate `cargo run` (and no second build with other features).

use std::process::Command;

#[test]
fn the_example_prints_a_plan_within_its_provider_cap() {
    let out = Command::new(env!("CARGO_BIN_EXE_capmix-example-embed"))
        .output()
        .expect("the example runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines = stdout.lines();
    let total = lines
        .next()
        .and_then(|l| l.strip_prefix("total cost over 3 months: $"))
        .and_then(|v| v.parse::<f64>().ok())
        .expect("a total cost first");
    assert!(total > 0.0);
    // One line per provider, `  <id> $<usd> <share>%`: the shares sum to 100% and none is above
    // the scenario's max_provider_share of 70%.
    let shares: Vec<f64> = lines
        .filter(|l| l.ends_with('%'))
        .filter_map(|l| {
            l.trim_end_matches('%')
                .split_whitespace()
                .last()?
                .parse()
                .ok()
        })
        .collect();
    assert_eq!(shares.len(), 2, "{stdout}");
    assert!(
        (shares.iter().sum::<f64>() - 100.0).abs() < 0.2,
        "{shares:?}"
    );
    assert!(shares.iter().all(|&s| s <= 70.05), "{shares:?}");
}
