//! The `capmix` command line.
//!
//! Exit codes: 0 a plan was returned; 1 invalid input or usage; 2 no plan (infeasible,
//! unbounded, or no plan found within the time limit); 3 the plan failed independent
//! verification.

mod args;
mod catalog_cmd;
mod estimate_cmd;
mod explain_cmd;
mod progress;
mod render;
mod render_tables;
mod render_uncertainty;
mod sources;

use args::{Cli, Command, Format, PlanArgs, PlanTable};
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
        Command::Example => {
            write_out(include_str!("starter.toml"))?;
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
    if args.table.is_some() && !matches!(args.format, Format::Csv) {
        return Err("--table: selects the CSV table; use it with --format csv".into());
    }
    let table = args.table.unwrap_or(PlanTable::Allocations);
    let scenario = args.read.load(&args.file)?;
    let options = args.solve.options();
    let mut display = progress::Progress::new(args.quiet);
    let plan = capmix::plan_with_progress(&scenario, &options, &mut |phase| display.phase(phase));
    display.finish();
    let plan = plan.map_err(|e| e.to_string())?;
    // The purchase list needs the scenario's prices and segment hours: the validated model.
    let wants_purchases = match args.format {
        Format::Table => plan.has_solution(),
        Format::Csv => table == PlanTable::Purchases,
        Format::Json => false,
    };
    let purchases = if wants_purchases {
        let model = capmix::validate_scenario(&scenario).map_err(|e| e.to_string())?;
        plan.purchases(&model).map_err(|e| e.to_string())?
    } else {
        Vec::new()
    };
    let text = match args.format {
        Format::Table => {
            render::table(&plan, &purchases)
                + &explain_cmd::diagnosis_block(plan.diagnosis.as_ref())
        }
        Format::Json => plan.to_json_string() + "\n",
        Format::Csv => render_tables::csv(&plan, table, &purchases),
    };
    write_out(&text)?;
    if matches!(args.format, Format::Csv) {
        // CSV carries one table only; the diagnosis of an infeasible plan goes to stderr.
        eprint!("{}", explain_cmd::diagnosis_block(plan.diagnosis.as_ref()));
    }
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
