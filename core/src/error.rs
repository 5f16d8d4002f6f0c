//! Errors: bad input and unusable options. Infeasible, unbounded and time-limit outcomes are
//! plan statuses ([`crate::Status`]), never errors.

/// A scenario that breaks a rule of the contract, with the path of the offending field
/// (`offerings[3].price_per_hour`) and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct ScenarioError {
    /// Path of the offending field in the file format, e.g. `workloads[0].demand[2]`.
    pub path: String,
    /// What is wrong and what was expected.
    pub reason: String,
}

impl ScenarioError {
    pub(crate) fn new(path: impl Into<String>, reason: impl Into<String>) -> Self {
        ScenarioError {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// Everything that can go wrong before a plan exists.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not valid TOML/JSON, or does not have the shape of a scenario.
    #[error("{}{message}", path_prefix(path))]
    Parse {
        /// Path of the field where parsing failed (empty at the document root).
        path: String,
        /// The parser's message.
        message: String,
    },
    /// The scenario parsed but breaks a rule of the contract.
    #[error(transparent)]
    Invalid(#[from] ScenarioError),
    /// A catalog file (CSV) is malformed: file, 1-based line and column (field number).
    #[error("{path}:{line}:{column}: {message}")]
    Catalog {
        /// The file.
        path: String,
        /// Line where the offending record starts.
        line: usize,
        /// Field number in the record (1 = first column).
        column: usize,
        /// What is wrong, starting with the column name where there is one.
        message: String,
    },
    /// A file could not be read.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// The requested solver is not compiled into this build.
    #[error("solver `{0}` is not available in this build; rebuild with `--features {0}`")]
    SolverUnavailable(String),
    /// A planning option is out of range.
    #[error("option `{name}`: {reason}")]
    InvalidOption {
        /// The option.
        name: String,
        /// What was expected.
        reason: String,
    },
    /// A configured size limit was exceeded before any large allocation.
    #[error("{path}: {reason}")]
    Limit {
        /// What is too large.
        path: String,
        /// The limit.
        reason: String,
    },
    /// The solver failed in a way that is not an outcome of the model.
    #[error("solver failure: {0}")]
    Solver(String),
    /// The time limit ran out (or the call was cancelled) before a plan document could
    /// exist: while reading, expanding or validating. Later, running out of time is the
    /// plan status `time_limit`, not an error.
    #[error("{} while {stage}", if *cancelled { "cancelled" } else { "time limit reached" })]
    TimeLimit {
        /// What was being done.
        stage: String,
        /// Cancelled by the caller rather than out of time.
        cancelled: bool,
    },
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() || path == "." {
        String::new()
    } else {
        format!("{path}: ")
    }
}

impl Error {
    /// Stable machine-readable kind: `parse`, `invalid`, `catalog`, `io`,
    /// `solver_unavailable`, `invalid_option`, `limit`, `solver` or `time_limit`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Parse { .. } => "parse",
            Error::Invalid(_) => "invalid",
            Error::Catalog { .. } => "catalog",
            Error::Io { .. } => "io",
            Error::SolverUnavailable(_) => "solver_unavailable",
            Error::InvalidOption { .. } => "invalid_option",
            Error::Limit { .. } => "limit",
            Error::Solver(_) => "solver",
            Error::TimeLimit { .. } => "time_limit",
        }
    }

    /// The path of the offending field, when the error is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::Parse { path, .. } | Error::Limit { path, .. } | Error::Catalog { path, .. } => {
                Some(path)
            }
            Error::Invalid(e) => Some(&e.path),
            Error::InvalidOption { name, .. } => Some(name),
            _ => None,
        }
    }

    /// The message without the path.
    pub fn reason(&self) -> String {
        match self {
            Error::Parse { message, .. } | Error::Catalog { message, .. } => message.clone(),
            Error::Invalid(e) => e.reason.clone(),
            Error::Limit { reason, .. } | Error::InvalidOption { reason, .. } => reason.clone(),
            other => other.to_string(),
        }
    }

    /// True for errors caused by the caller's input (scenario or options).
    pub fn is_input_error(&self) -> bool {
        !matches!(self, Error::Solver(_) | Error::TimeLimit { .. })
    }
}
