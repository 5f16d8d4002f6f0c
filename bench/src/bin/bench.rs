//! `capmix-bench FILE [--solver microlp|highs] [--no-shadow-prices] [--no-reductions]
//! [--time-limit S] [--plan-out PATH]`: plans FILE end to end exactly as `capmix plan --format json` does
//! (parse, validate, formulate, solve, verify, report) and prints one JSON line with the
//! time of each phase, the program's size and the process's peak resident memory.
//!
//! Phases (seconds): `parse` (read and deserialize the file), `validate`, `formulate`
//! (capmix's own work in the solve stage: the program, the dual program, search logic),
//! `load` (building the solver's model), `solver` (inside the solver, all calls; `dual` is
//! the part for shadow prices), `plan` (reading the solution back into a plan), `verify`
//! (the independent check) and `report` (the plan as JSON, written out). `--no-reductions`
//! solves the program exactly as formulated (no dominated offerings dropped, no split into
//! independent parts), for comparisons.

use capmix::{Phase, PlanOptions, Scenario, SolveTimings, SolverKind};
use std::io::Write;
use std::time::Instant;

struct Args {
    file: String,
    solver: SolverKind,
    shadow_prices: bool,
    reductions: bool,
    time_limit: Option<f64>,
    plan_out: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        file: String::new(),
        solver: SolverKind::Microlp,
        shadow_prices: true,
        reductions: true,
        time_limit: None,
        plan_out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match a.as_str() {
            "--solver" => args.solver = value("--solver")?.parse().map_err(|e| format!("{e}"))?,
            "--no-shadow-prices" => args.shadow_prices = false,
            "--no-reductions" => args.reductions = false,
            "--time-limit" => {
                args.time_limit = Some(
                    value("--time-limit")?
                        .parse()
                        .map_err(|e| format!("--time-limit: {e}"))?,
                );
            }
            "--plan-out" => args.plan_out = Some(value("--plan-out")?),
            f if !f.starts_with("--") && args.file.is_empty() => args.file = f.to_string(),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.file.is_empty() {
        return Err("usage: capmix-bench FILE [--solver microlp|highs] [--no-shadow-prices] [--no-reductions] [--time-limit S] [--plan-out PATH]".into());
    }
    Ok(args)
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(line) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{line}");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("capmix-bench: {e}");
            std::process::ExitCode::from(1)
        }
    }
}

fn run() -> Result<String, String> {
    let args = parse_args()?;
    let t0 = Instant::now();
    let scenario = Scenario::from_path(&args.file).map_err(|e| e.to_string())?;
    let parse = t0.elapsed().as_secs_f64();
    let options = PlanOptions {
        solver: args.solver,
        time_limit: args.time_limit,
        shadow_prices: args.shadow_prices,
        reductions: args.reductions,
        ..PlanOptions::default()
    };
    let start = Instant::now();
    let mut validated = None;
    let mut solving = None;
    let mut solved: Option<(f64, SolveTimings)> = None;
    let mut verifying = None;
    let plan = capmix::plan_with_progress(&scenario, &options, &mut |phase| {
        let now = start.elapsed().as_secs_f64();
        match phase {
            Phase::Validated { .. } => validated = Some(now),
            Phase::Solving => solving = Some(now),
            Phase::Solved(t) => solved = Some((now, t)),
            Phase::Verifying => verifying = Some(now),
            _ => {}
        }
    })
    .map_err(|e| e.to_string())?;
    let end = start.elapsed().as_secs_f64();
    let t_report = Instant::now();
    let json = plan.to_json_string();
    match &args.plan_out {
        Some(path) => std::fs::write(path, &json).map_err(|e| format!("{path}: {e}"))?,
        None => std::io::sink()
            .write_all(json.as_bytes())
            .map_err(|e| e.to_string())?,
    }
    let report = t_report.elapsed().as_secs_f64();
    let validated = validated.unwrap_or(0.0);
    let solving = solving.unwrap_or(validated);
    let (solved_at, t) = solved.unwrap_or((end, SolveTimings::default()));
    let plan_phase = verifying.unwrap_or(end) - solved_at;
    let verify = verifying.map_or(0.0, |v| end - v);
    let total = t0.elapsed().as_secs_f64();
    let line = serde_json::json!({
        "file": args.file,
        "solver": args.solver.as_str(),
        "shadow_prices": args.shadow_prices,
        "status": plan.status,
        "method": plan.method,
        "objective": plan.objective,
        "total_cost": plan.total_cost,
        "variables": t.variables,
        "rows": t.rows,
        "nonzeros": t.nonzeros,
        "solver_calls": t.solver_calls,
        "phases": {
            "parse": parse,
            "validate": validated,
            "formulate": t.formulate + (solving - validated),
            "load": t.load,
            "solver": t.solver,
            "dual": t.dual,
            "plan": plan_phase,
            "verify": verify,
            "report": report,
        },
        "total": total,
        "peak_rss_kib": capmix_bench::peak_rss_kib(),
    });
    Ok(line.to_string())
}
