//! Command-line arguments.

use capmix::{Loader, PlanOptions, Scenario, SolverKind};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

/// Plan AI accelerator capacity across clouds: least cost, verified, explained.
#[derive(Debug, Parser)]
#[command(
    name = "capmix",
    version,
    about,
    after_help = "Exit codes: 0 plan returned, 1 invalid input or usage, 2 infeasible/unbounded/no plan, 3 verification failed."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Solve a scenario (TOML or JSON) and print the plan.
    Plan(PlanArgs),
    /// Check a scenario against the model contract without solving it.
    Validate {
        /// Scenario file (.toml or .json).
        file: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Print a commented starter scenario (`--kind` for batch, budget, existing commitments,
    /// demand scenarios or a served model).
    Example {
        /// Which starter.
        #[arg(long, value_enum, default_value = "serving")]
        kind: ExampleKind,
    },
    /// Explain a plan: what it costs, what each policy adds, single-cloud baselines, what binds.
    Explain(ExplainArgs),
    /// Plan once per value of one parameter (`--param policy.outage_coverage --values 0:1:0.25`).
    Sweep(SweepArgs),
    /// Write the exact program capmix solves (MPS and/or LP format) for other solvers.
    Export(ExportArgs),
    /// Print the JSON Schema of a document (scenario, plan, explanation, sweep, options), or
    /// write them all to a directory.
    Schema(SchemaArgs),
    /// What each accelerator delivers for a model, request shape and latency targets
    /// (`--model llama-3.1-70b --input-tokens 1000 --output-tokens 300 --ttft-ms 2000 --tpot-ms 100`).
    Estimate(crate::estimate_cmd::EstimateArgs),
    /// Price catalogs: import SkyPilot's price lists, check a catalog CSV.
    Catalog {
        #[command(subcommand)]
        command: crate::catalog_cmd::CatalogCommand,
    },
}

#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// scenario, plan, explanation, sweep or options (default: scenario).
    #[arg(default_value = "scenario")]
    pub document: String,
    /// Write every schema as DIR/<document>.schema.json instead of printing one.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// Scenario file (.toml or .json).
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Write free MPS here.
    #[arg(long, value_name = "OUT.mps")]
    pub mps: Option<PathBuf>,
    /// Write CPLEX LP format here.
    #[arg(long, value_name = "OUT.lp")]
    pub lp: Option<PathBuf>,
    #[command(flatten)]
    pub solve: SolveArgs,
}

#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// Scenario file (.toml or .json).
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: PlanFormat,
    /// Which table `--format csv` writes (default: allocations).
    #[arg(long, value_enum)]
    pub table: Option<PlanTable>,
    /// Directory for `--format skypilot`'s task files (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Which period `--format skypilot` launches (1-based; default 1).
    #[arg(long, value_name = "N")]
    pub period: Option<usize>,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// No progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The starter scenarios of `capmix example --kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExampleKind {
    /// Serving on two clouds: on-demand, spot and a commitment, segments, provider share.
    Serving,
    /// A batch workload (a total of work) that must finish inside a window.
    Batch,
    /// Serving under a budget cap, with a shortfall penalty.
    Budget,
    /// Growing on top of commitments already signed (`[[existing]]`).
    Existing,
    /// Commitments signed before demand is known (`[[demand_scenarios]]`, `policy.risk`).
    Uncertain,
    /// Capacity from a served model, request shape and latency targets.
    Model,
}

impl ExampleKind {
    /// The starter's text.
    pub(crate) fn text(self) -> &'static str {
        match self {
            ExampleKind::Serving => include_str!("starters/serving.toml"),
            ExampleKind::Batch => include_str!("starters/batch.toml"),
            ExampleKind::Budget => include_str!("starters/budget.toml"),
            ExampleKind::Existing => include_str!("starters/existing.toml"),
            ExampleKind::Uncertain => include_str!("starters/uncertain.toml"),
            ExampleKind::Model => include_str!("starters/model.toml"),
        }
    }
}

/// What `capmix plan` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanFormat {
    /// For people: readable tables.
    Table,
    /// The plan document.
    Json,
    /// CSV: one table of the plan (see --table).
    Csv,
    /// SkyPilot task YAML files, one per offering held in --period, into --out DIR.
    Skypilot,
}

/// A table of the plan, for `capmix plan --format csv --table ...`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PlanTable {
    /// Units serving each workload, per period, segment and offering.
    Allocations,
    /// What to buy: one row per offering and period (units, chips, signed, cost).
    Purchases,
    /// Units held per period, segment and offering.
    Fleet,
    /// New commitments to sign.
    Commitments,
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// Scenario file (.toml or .json).
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ExplainFormat,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// No progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum ExplainFormat {
    /// For people: one screen.
    Table,
    /// The explanation document.
    Json,
}

#[derive(Debug, clap::Args)]
pub(crate) struct SweepArgs {
    /// Scenario file (.toml or .json).
    pub file: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
    /// Parameter path: policy.<field>, providers.<id>.max_share|price_scale,
    /// workloads.<id>.demand_scale|max_spot_share, offerings.<id>.max_units|price_per_hour;
    /// for a workload with a `model`, workloads.<id>.ttft_ms|tpot_ms|input_tokens|output_tokens
    /// (re-estimated at each value; a target of 0 is none).
    #[arg(long, value_name = "PATH")]
    pub param: String,
    /// Values: a list `0,0.25,0.5` or an inclusive range `start:stop:step`.
    #[arg(long, value_name = "LIST", allow_hyphen_values = true)]
    pub values: String,
    /// Output format (csv: one row per value).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    #[command(flatten)]
    pub solve: SolveArgs,
    /// No progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Where a scenario's catalog includes may read: one argument group for every command that
/// reads a scenario file.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct ReadArgs {
    /// Also let catalog includes read files under DIR (repeatable). By default includes stay
    /// inside the scenario file's directory tree and the bundled catalogs.
    #[arg(long = "allow-dir", value_name = "DIR")]
    pub allow_dirs: Vec<PathBuf>,
}

impl ReadArgs {
    /// Reads the scenario `file` and its includes inside the default sandbox widened by
    /// `--allow-dir`.
    pub fn load(&self, file: &Path) -> Result<Scenario, String> {
        let mut loader = Loader::new();
        for dir in &self.allow_dirs {
            loader = loader
                .allow_dir(dir)
                .map_err(|e| format!("--allow-dir: {e}"))?;
        }
        loader.load(file).map_err(|e| e.to_string())
    }
}

/// How to solve: one argument group for plan, explain, sweep and export.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct SolveArgs {
    /// Solver backend: auto (HiGHS when this build has it, else microlp), microlp, or highs
    /// (needs a build with `--features highs`).
    #[arg(long, value_parser = parse_solver, default_value = "auto")]
    pub solver: SolverKind,
    /// Whole instances (overrides `policy.integer_units = false`).
    #[arg(long, conflicts_with = "fluid")]
    pub integer: bool,
    /// Fractional units: the fluid LP relaxation (overrides `policy.integer_units = true`).
    #[arg(long)]
    pub fluid: bool,
    /// Seconds for the whole call (reading, every solve, verification); the best plan found
    /// is returned with status time_limit when it runs out.
    /// `inf` (or any limit too large to reach) means none.
    #[arg(long, value_name = "SECONDS", value_parser = parse_time_limit, allow_hyphen_values = true)]
    pub time_limit: Option<TimeLimit>,
    /// Relative MIP gap accepted for whole-unit plans.
    #[arg(long, value_name = "GAP")]
    pub mip_gap: Option<f64>,
}

impl SolveArgs {
    /// The planning options these flags ask for.
    pub fn options(&self) -> PlanOptions {
        let integer = match (self.integer, self.fluid) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        };
        PlanOptions {
            solver: self.solver,
            integer,
            time_limit: self.time_limit.and_then(|t| t.0),
            mip_gap: self.mip_gap,
            ..PlanOptions::default()
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// For people: readable tables.
    Table,
    /// The JSON document (plan, explanation or sweep).
    Json,
    /// CSV: one row per allocation (plan; see --table) or per value (sweep).
    Csv,
}

/// A parsed `--time-limit`: seconds, or `None` for no limit.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TimeLimit(Option<f64>);

/// Seconds >= 0; `inf` is no limit. A huge finite limit passes through: the core's deadline
/// treats a limit it cannot represent as none.
fn parse_time_limit(s: &str) -> Result<TimeLimit, String> {
    let v: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if v.is_nan() || v < 0.0 {
        return Err(format!("must be a number of seconds >= 0 (got {s})"));
    }
    Ok(TimeLimit(v.is_finite().then_some(v)))
}

fn parse_solver(s: &str) -> Result<SolverKind, String> {
    s.parse::<SolverKind>().map_err(|e| e.reason())
}
