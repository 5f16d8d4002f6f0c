//! The plan table's "Throughput from the model" section: what the serving estimator
//! derived for each workload with a `model`, per accelerator and unit size.

use capmix::text::escape;
use capmix::Plan;
use std::fmt::Write;

fn ms(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v:.0}"))
}

/// Appends the section (nothing when no throughput was estimated).
pub(crate) fn throughput_sources(out: &mut String, plan: &Plan) {
    if plan.throughput_sources.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nThroughput from the model (per chip, in the workload's unit)"
    );
    let _ = writeln!(
        out,
        "  {:<10} {:<12} {:>5} {:>3} {:>6} {:>8} {:>8} {:>10}  note",
        "workload", "accelerator", "chips", "tp", "batch", "TTFT ms", "TPOT ms", "throughput"
    );
    for s in &plan.throughput_sources {
        let (rate, note) = match s.throughput {
            Some(r) => (format!("{r:.4}"), String::new()),
            None => ("unusable".into(), s.reason.clone().unwrap_or_default()),
        };
        let _ = writeln!(
            out,
            "  {:<10} {:<12} {:>5} {:>3} {:>6} {:>8} {:>8} {:>10}  {}",
            escape(&s.workload),
            escape(&s.accelerator),
            s.chips,
            s.tensor_parallel,
            s.batch,
            ms(s.ttft_ms),
            s.tpot_ms.map_or_else(|| "-".into(), |v| format!("{v:.1}")),
            rate,
            escape(&note)
        );
    }
}
