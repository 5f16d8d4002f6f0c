//! `capmix catalog`: import SkyPilot price lists into a capmix catalog, check catalogs.
//!
//! The catalog goes to stdout (plain CSV, header first); the provenance, the summary and (with
//! `--verbose`) every skipped or corrected upstream row go to stderr, so `capmix catalog import skypilot ... > prices.csv` works.

use capmix::catalog::{self, skypilot};
use capmix::text::escape;
use clap::{Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub(crate) enum CatalogCommand {
    /// Convert another tool's price lists into a capmix catalog (CSV on stdout).
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Check a capmix catalog CSV and summarise it.
    Check {
        /// Catalog file (.csv).
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ImportSource {
    /// SkyPilot `vms.csv` files of AWS, GCP, Azure, Lambda and OCI.
    Skypilot(SkypilotArgs),
}

#[derive(Debug, clap::Args)]
pub(crate) struct SkypilotArgs {
    /// `vms.csv` files; the provider comes from a directory named aws, gcp, azure, lambda or oci.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Keep only these accelerators (comma separated; aliases such as H100-80GB match).
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub accelerators: Option<Vec<String>>,
    /// Output: a capmix catalog (csv) or scenario tables to paste (toml).
    #[arg(long, value_enum, default_value = "csv")]
    pub format: CatalogFormat,
    /// Date written to every row's `as_of` (default: today, UTC).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// List every skipped or corrected upstream row, with its reason, on stderr.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum CatalogFormat {
    /// capmix catalog CSV (with source and date per row).
    Csv,
    /// `[[providers]]` and `[[offerings]]` tables.
    Toml,
}

/// Runs a `capmix catalog` command; the exit code on success.
pub(crate) fn run(command: &CatalogCommand) -> Result<u8, String> {
    match command {
        CatalogCommand::Import {
            source: ImportSource::Skypilot(args),
        } => import(args),
        CatalogCommand::Check { file } => check(file),
    }
}

fn import(args: &SkypilotArgs) -> Result<u8, String> {
    let mut files = Vec::with_capacity(args.files.len());
    // Regular files under the loader's size limit only (a FIFO or /dev/zero is refused).
    let loader = capmix::Loader::new();
    for path in &args.files {
        let text = loader.read_file(path).map_err(|e| e.to_string())?;
        files.push((path.display().to_string(), text));
    }
    let options = skypilot::ImportOptions {
        accelerators: args.accelerators.clone(),
        as_of: args.as_of.clone().unwrap_or_else(today),
    };
    let import = skypilot::import(&files, &options).map_err(|e| e.to_string())?;
    // The CSV is plain RFC 4180 with the header first (pandas, spreadsheets and `csv`
    // readers take the first line as the header), so the provenance goes to stderr with the
    // summary rather than into a `#` comment line.
    let text = match args.format {
        CatalogFormat::Csv => catalog::write_csv(&import.rows, &[]),
        CatalogFormat::Toml => catalog::to_toml(&import.rows).map_err(|e| e.to_string())?,
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| e.to_string())?;
    let count = |a: skypilot::Action| import.notes.iter().filter(|n| n.action == a).count();
    let (skipped, corrected) = (
        count(skypilot::Action::Skipped),
        count(skypilot::Action::Corrected),
    );
    if args.verbose {
        for n in &import.notes {
            eprintln!("{}", escape(&n.to_string()));
        }
    }
    let hint = if args.verbose || import.notes.is_empty() {
        ""
    } else {
        " (--verbose lists them)"
    };
    let names: Vec<String> = files.iter().map(|(n, _)| escape(n).into_owned()).collect();
    eprintln!(
        "imported by capmix from SkyPilot catalogs: {}",
        names.join(" ")
    );
    eprintln!(
        "imported {} offerings from {} file(s); {skipped} upstream rows or prices skipped, {corrected} corrected{hint}",
        import.rows.len(),
        files.len()
    );
    Ok(0)
}

fn check(path: &PathBuf) -> Result<u8, String> {
    let name = path.display().to_string();
    let text = capmix::Loader::new()
        .read_file(path)
        .map_err(|e| e.to_string())?;
    let mut rows = catalog::read_csv(&text, &name).map_err(|e| e.to_string())?;
    catalog::assign_ids(&mut rows, &name).map_err(|e| e.to_string())?;
    let tally = |key: &dyn Fn(&catalog::CatalogRow) -> String| {
        let mut m: BTreeMap<String, usize> = BTreeMap::new();
        for r in &rows {
            *m.entry(key(r)).or_default() += 1;
        }
        m.iter()
            .map(|(k, n)| format!("{} ({n})", escape(k)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let undated = rows
        .iter()
        .filter(|r| r.source.is_empty() || r.as_of.is_empty())
        .count();
    let mut out = format!("{}: {} offerings\n", escape(&name), rows.len());
    out.push_str(&format!(
        "  providers:    {}\n",
        tally(&|r| r.provider.clone())
    ));
    out.push_str(&format!(
        "  accelerators: {}\n",
        tally(&|r| r.accelerator.clone())
    ));
    out.push_str(&format!(
        "  purchase:     {}\n",
        tally(&|r| r.purchase.as_str().to_string())
    ));
    if undated > 0 {
        out.push_str(&format!(
            "  {undated} rows without a source or as_of date\n"
        ));
    }
    std::io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .map_err(|e| e.to_string())?;
    Ok(0)
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
