//! A service embedding capmix: build a scenario in code, plan it, and read the plan.
//!
//! Run: `cargo run -p capmix-example-embed`

#![expect(clippy::print_stdout, reason = "an example program prints its result")]

use capmix::{plan, Offering, PlanOptions, Scenario, Status, Workload};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Three months of an inference service growing 15% a month (work units: Mtok/h),
    // two clouds, no provider above 70% of demand, 30% still served if one is lost.
    let scenario = Scenario::builder("embedded example")
        .periods(3)
        .hours_per_period(730.0)
        .start("2026-01")
        .segment(0.5, 1.0)
        .segment(0.5, 0.6)
        .provider("lambda")
        .provider("oci")
        .offering(
            Offering::on_demand("lambda-h100", "lambda", "us-east-1", "H100", 8.0, 31.92)
                .max_units(30.0),
        )
        .offering(Offering::on_demand(
            "oci-h200",
            "oci",
            "us-ashburn-1",
            "H200",
            8.0,
            80.0,
        ))
        .offering(Offering::commit(
            "oci-h200-1y",
            "oci",
            "us-ashburn-1",
            "H200",
            8.0,
            56.0,
            12,
        ))
        .workload(
            Workload::serving_growth("chat", 400.0, 0.15)
                .unit("Mtok/h")
                .throughput("H100", 9.6)
                .throughput("H200", 14.1),
        )
        .max_provider_share(0.7)
        .outage_coverage(0.3)
        .build();
    let scenario = match scenario {
        Ok(s) => s,
        Err(e) => {
            eprintln!("invalid scenario: {e}");
            return ExitCode::FAILURE;
        }
    };
    let plan = match plan(&scenario, &PlanOptions::default()) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot plan: {e}");
            return ExitCode::FAILURE;
        }
    };
    if plan.status != Status::Optimal {
        eprintln!("no optimal plan: {}", plan.status.as_str());
        return ExitCode::FAILURE;
    }
    let total = plan.total_cost.unwrap_or_default();
    println!("total cost over 3 months: ${total:.0}");
    for (provider, usd) in &plan.costs.by_provider {
        println!(
            "  {provider:<8} ${usd:>12.0}  {:>5.1}%",
            100.0 * usd / total
        );
    }
    for c in &plan.commitments {
        println!(
            "sign {:.2} units of {} in period {}",
            c.units, c.offering, c.period
        );
    }
    ExitCode::SUCCESS
}
