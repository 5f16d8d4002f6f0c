//! Plans of demand scenarios are checked together: a single-routing workload must run on one
//! accelerator in all of them.

use super::*;
use crate::expand::expand;
use crate::verify::verify_scenarios;

/// Two on-demand offerings on A and B for a single-routing workload; demand scenarios `low`
/// (8 wu/h) and `high` (16); one period of 100 h, fluid units.
fn two_routes() -> Scenario {
    Scenario::from_toml_str(
        r#"
name = "routes"
[horizon]
periods = 1
hours_per_period = 100
[[providers]]
id = "p"
[[offerings]]
id = "a-od"
provider = "p"
region = "r"
accelerator = "A"
chips = 8
purchase = "on_demand"
price_per_hour = 40
[[offerings]]
id = "b-od"
provider = "p"
region = "r"
accelerator = "B"
chips = 8
purchase = "on_demand"
price_per_hour = 50
[[workloads]]
id = "w"
demand = [16]
routing = "single"
throughput = { A = 1.0, B = 1.0 }
[policy]
integer_units = false
[[demand_scenarios]]
name = "low"
probability = 0.5
scale = 0.5
[[demand_scenarios]]
name = "high"
probability = 0.5
scale = 1.0
"#,
    )
    .unwrap()
}

/// Scenario `i`'s demand planned alone with only `offering` on sale.
fn alone_on(s: &Scenario, i: usize, offering: &str) -> Plan {
    let variant = expand(s).unwrap().demand_variant(i).unwrap();
    let mut only = variant.scenario().clone();
    only.offerings.retain(|o| o.id == offering);
    crate::plan(&only, &PlanOptions::default()).unwrap()
}

#[test]
fn scenarios_on_different_accelerators_are_caught() {
    let s = two_routes();
    let expanded = expand(&s).unwrap();
    // Each plan alone is valid for its scenario (both offerings are on sale there).
    let same = [alone_on(&s, 0, "b-od"), alone_on(&s, 1, "b-od")];
    assert!(verify_scenarios(&expanded, &same).iter().all(|v| v.passed));
    let split = [alone_on(&s, 0, "a-od"), alone_on(&s, 1, "b-od")];
    let v = verify_scenarios(&expanded, &split);
    assert!(v[0].passed, "{:?}", v[0].violations);
    assert!(!v[1].passed);
    assert!(
        v[1].violations
            .iter()
            .any(|m| m.contains("runs single-routing w on B, an earlier scenario on A")),
        "{:?}",
        v[1].violations
    );
}
