//! The plan table's "Throughput from the model" section: what the serving estimator
//! derived for each workload with a `model`, per accelerator and unit size.

use crate::grid::{Align::Left, Align::Right, Grid};
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
    let mut g = Grid::new(&[
        ("workload", Left),
        ("accelerator", Left),
        ("chips", Right),
        ("tp", Right),
        ("batch", Right),
        ("TTFT ms", Right),
        ("TPOT ms", Right),
        ("throughput", Right),
        ("note", Left),
    ]);
    for s in &plan.throughput_sources {
        let (rate, note) = match s.throughput {
            Some(r) => (format!("{r:.4}"), String::new()),
            None => ("unusable".into(), s.reason.clone().unwrap_or_default()),
        };
        let note = match &s.note {
            Some(n) if note.is_empty() => n.clone(),
            _ => note,
        };
        g.row([
            escape(&s.workload).into_owned(),
            escape(&s.accelerator).into_owned(),
            s.chips.to_string(),
            s.tensor_parallel.to_string(),
            s.batch.to_string(),
            ms(s.ttft_ms),
            s.tpot_ms.map_or_else(|| "-".into(), |v| format!("{v:.1}")),
            rate,
            escape(&note).into_owned(),
        ]);
    }
    g.write(out);
}
