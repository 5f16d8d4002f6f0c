//! Command-line arguments.

use capmix::SolverKind;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Plan AI accelerator capacity across clouds: least cost, verified, explained.
#[derive(Debug, Parser)]
#[command(name = "capmix", version, about, after_help = "Exit codes: 0 plan returned, 1 invalid input or usage, 2 infeasible/unbounded/no plan, 3 verification failed.")]
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
    },
    /// Print a commented starter scenario.
    Example,
    /// Write the exact program capmix solves (MPS and/or LP format) for other solvers.
    Export(ExportArgs),
    /// Price catalogs: import SkyPilot's price lists, check a catalog CSV.
    Catalog {
        #[command(subcommand)]
        command: crate::catalog_cmd::CatalogCommand,
    },
}

#[derive(Debug, clap::Args)]
pub(crate) struct ExportArgs {
    /// Scenario file (.toml or .json).
    pub file: PathBuf,
    /// Write free MPS here.
    #[arg(long, value_name = "OUT.mps")]
    pub mps: Option<PathBuf>,
    /// Write CPLEX LP format here.
    #[arg(long, value_name = "OUT.lp")]
    pub lp: Option<PathBuf>,
    /// Whole instances (overrides policy.integer_units = false).
    #[arg(long)]
    pub integer: bool,
}

#[derive(Debug, clap::Args)]
pub(crate) struct PlanArgs {
    /// Scenario file (.toml or .json).
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Solver backend (highs needs a build with `--features highs`).
    #[arg(long, value_parser = parse_solver, default_value = "microlp")]
    pub solver: SolverKind,
    /// Whole instances (overrides policy.integer_units = false).
    #[arg(long)]
    pub integer: bool,
    /// Stop after this many seconds and return the best plan found.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// Relative MIP gap for the exact MILP path (highs).
    #[arg(long, value_name = "GAP")]
    pub mip_gap: Option<f64>,
    /// No progress on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// For people: summary, cost split, commitments, fleet.
    Table,
    /// The plan document.
    Json,
    /// Allocations, one row each.
    Csv,
}

fn parse_solver(s: &str) -> Result<SolverKind, String> {
    s.parse::<SolverKind>().map_err(|e| e.reason())
}
