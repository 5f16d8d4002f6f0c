//! `policy.max_region_share`, end to end: formulation, verification, shadow price, price of
//! the policy in explain, sweep and diagnosis.
//!
//! The case, derived by hand. One provider `p` with two regions; one serving workload of 10
//! work units per hour for one period of 100 h; H100 delivers 1 work unit per chip-hour and
//! every offering has 1 chip, so a unit delivers 1 work unit per hour.
//! - r1: $10 per unit-hour; r2: $20 per unit-hour; fluid units (the LP itself).
//! - Without a region cap: 10 units in r1, 10 × $10 × 100 h = $10,000.
//! - With ρ = 0.6: r1 carries at most 6, so 6 in r1 and 4 in r2:
//!   (6 × 10 + 4 × 20) × 100 = $14,000. The policy costs $4,000.
//! - Shadow price: one more point of share (0.01) moves 0.1 units from r2 to r1, saving
//!   0.1 × (20 − 10) × 100 = $100; per unit of share, −$10,000.
//! - With ρ = 0.5: 5 and 5, (50 + 100) × 100 = $15,000.

use capmix::document::PolicyFamily;
use capmix::Workload;
use capmix::{explain, plan, sweep, ExplainOptions, Offering, PlanOptions, Scenario, Status};

fn two_regions(rho: f64) -> Scenario {
    let mut s = Scenario::builder("region share")
        .integer_units(false)
        .periods(1)
        .hours_per_period(100.0)
        .provider("p")
        .offering(Offering::on_demand("r1-od", "p", "r1", "H100", 1.0, 10.0))
        .offering(Offering::on_demand("r2-od", "p", "r2", "H100", 1.0, 20.0))
        .workload(Workload::serving("w", [10.0]).throughput("H100", 1.0))
        .build_unchecked();
    s.policy.max_region_share = rho;
    s
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

#[test]
fn the_cap_moves_demand_to_the_dear_region() {
    let p = plan(&two_regions(0.6), &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Optimal);
    assert!(close(p.total_cost.unwrap(), 14_000.0), "{:?}", p.total_cost);
    assert!(p.verification.as_ref().unwrap().passed);
    let shares = &p.achieved.region_shares;
    let r1 = shares
        .iter()
        .find(|s| s.region.as_deref() == Some("p/r1"))
        .unwrap();
    assert!(close(r1.share, 0.6) && close(r1.limit, 0.6), "{r1:?}");
    let sp = p.shadow_prices.unwrap();
    let row = sp
        .policy
        .iter()
        .find(|x| x.family == PolicyFamily::RegionShare)
        .unwrap();
    assert_eq!(row.region.as_deref(), Some("p/r1"));
    assert_eq!(row.provider.as_deref(), Some("p"));
    assert!(close(row.usd_per_unit_of_parameter, -10_000.0), "{row:?}");
}

#[test]
fn no_cap_no_rows() {
    let p = plan(&two_regions(1.0), &PlanOptions::default()).unwrap();
    assert!(close(p.total_cost.unwrap(), 10_000.0));
    assert!(p.achieved.region_shares.is_empty());
}

#[test]
fn explain_prices_the_policy() {
    let e = explain(&two_regions(0.6), &ExplainOptions::default()).unwrap();
    let price = e
        .policies
        .iter()
        .find(|p| p.family == PolicyFamily::RegionShare)
        .unwrap();
    assert!(close(price.extra_cost_usd.unwrap(), 4_000.0), "{price:?}");
    assert_eq!(price.label, "region share cap 60%");
    let words = e.shadow.unwrap();
    let m = words
        .policies
        .iter()
        .find(|m| m.family == PolicyFamily::RegionShare)
        .unwrap();
    assert!(
        m.sentence.contains("p/r1") && m.sentence.contains("$100"),
        "{}",
        m.sentence
    );
}

#[test]
fn sweep_over_the_cap() {
    let s = sweep(
        &two_regions(1.0),
        "policy.max_region_share",
        &[1.0, 0.6, 0.5],
        &PlanOptions::default(),
    )
    .unwrap();
    let costs: Vec<f64> = s.rows.iter().map(|r| r.total_cost.unwrap()).collect();
    for (got, want) in costs.iter().zip([10_000.0, 14_000.0, 15_000.0]) {
        assert!(close(*got, want), "{costs:?}");
    }
}

#[test]
fn one_region_cannot_meet_the_cap() {
    let mut s = two_regions(0.6);
    s.offerings.retain(|o| o.id == "r1-od");
    let p = plan(&s, &PlanOptions::default()).unwrap();
    assert_eq!(p.status, Status::Infeasible);
    let d = p.diagnosis.unwrap();
    let l = d
        .policy_limits
        .iter()
        .find(|l| l.family == PolicyFamily::RegionShare)
        .unwrap();
    // The region would have to carry all of the demand: 0.6 + 4 / 10 = 1.
    assert!(
        close(l.relaxed_to, 1.0) && l.region.as_deref() == Some("p/r1"),
        "{l:?}"
    );
    assert!(
        d.summary
            .iter()
            .any(|x| x.contains("p/r1 would need to carry 100%")),
        "{:?}",
        d.summary
    );
}

#[test]
fn the_verifier_checks_the_cap_on_its_own() {
    // A plan made without the cap does not hold under it.
    let p = plan(&two_regions(1.0), &PlanOptions::default()).unwrap();
    let capped = capmix::expand(&two_regions(0.6)).unwrap();
    let v = capmix::verify(&capped, &p);
    assert!(!v.passed);
    assert!(
        v.violations
            .iter()
            .any(|x| x.contains("region share of `p/r1`")),
        "{v:?}"
    );
}

#[test]
fn the_program_names_its_region_rows() {
    let lp = capmix::export::to_lp(&two_regions(0.6), &PlanOptions::default()).unwrap();
    assert!(lp.contains(" region.w.p_r1.p1.all:"), "{lp}");
}

#[test]
fn a_share_outside_zero_one_is_refused() {
    let e = capmix::validate_scenario(&two_regions(1.5))
        .map(|_| ())
        .unwrap_err();
    assert_eq!(e.path(), Some("policy.max_region_share"));
}
