//! The `capmix` command line.
//!
//! Exit codes: 0 a plan was returned; 1 invalid input or usage; 2 no plan (infeasible,
//! unbounded, or no plan found within the time limit); 3 the plan failed independent
//! verification.

mod args;
mod catalog_cmd;
mod estimate_cmd;
mod explain_cmd;
mod grid;
mod progress;
mod render;
mod render_achieved;
mod render_tables;
mod render_uncertainty;
mod sources;

use args::{Cli, Command, PlanArgs, PlanFormat, PlanTable};
use capmix::Status;
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {}", capmix::text::escape(&message));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<u8, String> {
    match cli.command {
        Command::Plan(args) => plan(&args),
        Command::Validate { file, read } => {
            let scenario = read.load(&file)?;
            let model = capmix::validate_scenario(&scenario).map_err(|e| e.to_string())?;
            write_out(&format!(
                "{}: valid ({} periods, {} usable workload-offering pairs)\n",
                capmix::text::escape(&file.display().to_string()),
                model.periods(),
                model.usable_pairs()
            ))?;
            Ok(0)
        }
        Command::Example { kind } => {
            write_out(kind.text())?;
            Ok(0)
        }
        Command::Explain(args) => explain_cmd::explain(&args),
        Command::Sweep(args) => explain_cmd::sweep(&args),
        Command::Export(args) => export(&args),
        Command::Schema(args) => schema(&args),
        Command::Estimate(args) => estimate_cmd::run(&args),
        Command::Catalog { command } => catalog_cmd::run(&command),
    }
}

fn schema(args: &args::SchemaArgs) -> Result<u8, String> {
    use capmix::schema::Document;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let bundle = capmix::schema::bundle()?;
        let mut files: Vec<(String, String)> = Document::ALL
            .iter()
            .map(|d| (format!("{}.schema.json", d.name()), d.schema_text()))
            .collect();
        let text = serde_json::to_string_pretty(&bundle).map_err(|e| e.to_string())? + "\n";
        files.push(("documents.schema.json".into(), text));
        for (name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        return Ok(0);
    }
    let names: Vec<&str> = Document::ALL.iter().map(|d| d.name()).collect();
    let d = Document::from_name(&args.document).ok_or_else(|| {
        format!(
            "unknown document `{}` (expected one of {})",
            args.document,
            names.join(", ")
        )
    })?;
    write_out(&d.schema_text())?;
    Ok(0)
}

fn export(args: &args::ExportArgs) -> Result<u8, String> {
    if args.mps.is_none() && args.lp.is_none() {
        return Err("export needs --mps OUT.mps and/or --lp OUT.lp".into());
    }
    let scenario = args.read.load(&args.file)?;
    let options = args.solve.options();
    let targets = [
        (&args.mps, capmix::export::to_mps as fn(&_, &_) -> _),
        (&args.lp, capmix::export::to_lp),
    ];
    for (path, writer) in targets {
        if let Some(path) = path {
            let text = writer(&scenario, &options).map_err(|e| e.to_string())?;
            std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    Ok(0)
}

fn plan(args: &PlanArgs) -> Result<u8, String> {
    let skypilot = args.format == PlanFormat::Skypilot;
    if args.table.is_some() && args.format != PlanFormat::Csv {
        return Err("--table: selects the CSV table; use it with --format csv".into());
    }
    if !skypilot && (args.out.is_some() || args.period.is_some()) {
        return Err(
            "--out and --period: they place SkyPilot task files; use them with --format skypilot"
                .into(),
        );
    }
    let out_dir = match (&args.out, skypilot) {
        (Some(dir), true) => Some(dir),
        (None, true) => return Err("--format skypilot: needs --out DIR for the task files".into()),
        _ => None,
    };
    let table = args.table.unwrap_or(PlanTable::Allocations);
    let scenario = args.read.load(&args.file)?;
    let options = args.solve.options();
    let mut display = progress::Progress::new(args.quiet);
    let plan = capmix::plan_with_progress(&scenario, &options, &mut |phase| display.phase(phase));
    display.finish();
    let plan = plan.map_err(|e| e.to_string())?;
    // The purchase list and the task files need the scenario's prices and segment hours:
    // the validated model.
    let needs_model = match args.format {
        PlanFormat::Table | PlanFormat::Skypilot => plan.has_solution(),
        PlanFormat::Csv => table == PlanTable::Purchases,
        PlanFormat::Json => false,
    };
    let model = if needs_model {
        Some(capmix::validate_scenario(&scenario).map_err(|e| e.to_string())?)
    } else {
        None
    };
    if let Some(dir) = out_dir {
        return launch_files(&plan, model.as_ref(), dir, args.period.unwrap_or(1));
    }
    let purchases = match &model {
        Some(m) => plan.purchases(m).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
    let text = match args.format {
        PlanFormat::Table => {
            render::table(&plan, &purchases)
                + &explain_cmd::diagnosis_block(plan.diagnosis.as_ref())
        }
        PlanFormat::Json => plan.to_json_string() + "\n",
        PlanFormat::Csv | PlanFormat::Skypilot => render_tables::csv(&plan, table, &purchases),
    };
    write_out(&text)?;
    if args.format == PlanFormat::Csv {
        // CSV carries one table only; the diagnosis of an infeasible plan goes to stderr.
        eprint!("{}", explain_cmd::diagnosis_block(plan.diagnosis.as_ref()));
    }
    Ok(exit_code(plan.status, plan.has_solution()))
}

/// `--format skypilot`: the task files of `period` into `dir`, and a line per file on stdout.
/// A plan without a solution writes nothing and says why (exit code as for any plan).
fn launch_files(
    plan: &capmix::Plan,
    model: Option<&capmix::Model>,
    dir: &std::path::Path,
    period: usize,
) -> Result<u8, String> {
    let Some(model) = model else {
        eprint!("{}", explain_cmd::diagnosis_block(plan.diagnosis.as_ref()));
        return Err(format!(
            "the plan has no solution (status {}): no task files written",
            plan.status.as_str()
        ));
    };
    let tasks = plan.skypilot_tasks(model, period).map_err(|e| match e {
        capmix::Error::InvalidOption { name, reason } if name == "period" => {
            format!("--period: {reason}")
        }
        other => other.to_string(),
    })?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut listing = String::new();
    for t in &tasks {
        let path = dir.join(&t.file);
        std::fs::write(&path, &t.yaml)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        listing.push_str(&format!(
            "{}\n",
            capmix::text::escape(&path.display().to_string())
        ));
    }
    listing.push_str(&format!(
        "{} task files for period {period}; launch each with `sky launch FILE`\n",
        tasks.len()
    ));
    write_out(&listing)?;
    Ok(exit_code(plan.status, plan.has_solution()))
}

/// The exit code of a call that produced a plan (or rows of plans) with this status: 0 a
/// plan was returned, 2 no plan, 3 the plan failed verification (see the module docs).
pub(crate) fn exit_code(status: Status, has_plan: bool) -> u8 {
    match status {
        Status::Optimal | Status::Feasible => 0,
        Status::TimeLimit if has_plan => 0,
        Status::VerificationFailed => 3,
        _ => 2,
    }
}

pub(crate) fn write_out(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        // A closed pipe (`capmix plan f | head`) is not an error worth reporting.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}
