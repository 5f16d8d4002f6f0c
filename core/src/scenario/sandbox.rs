//! Reading scenario files and their catalog includes, inside a sandbox (contract §1).
//!
//! A [`Loader`] reads only regular files, only up to a size limit (bounded reads: a file
//! that grows, or one that reports no size, stops at the limit), and resolves includes only
//! inside its allowed roots: the scenario file's directory tree and the project's bundled
//! catalogs by default; callers widen it with [`Loader::allow_dir`]. Paths are resolved with
//! symlinks and `..` followed before the check, so neither leads out. Errors name the include
//! as written and the roots, never anything read from a refused file. A FIFO, a device or a
//! directory is refused without being opened.

use crate::error::ScenarioError;
use crate::options::Deadline;
use crate::Error;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest scenario or catalog file read by default (bytes).
pub const MAX_FILE_BYTES: u64 = 64 << 20;
/// Most bytes read over a scenario and all its includes by default.
pub const MAX_TOTAL_BYTES: u64 = 256 << 20;

/// Where files may be read from, and how much.
#[derive(Debug, Clone)]
pub struct Loader {
    roots: Vec<PathBuf>,
    /// Largest file (bytes).
    pub max_file_bytes: u64,
    /// Most bytes over a scenario and all its includes.
    pub max_total_bytes: u64,
    deadline: Deadline,
}

impl Default for Loader {
    fn default() -> Self {
        Loader::new()
    }
}

impl Loader {
    /// The default sandbox: the bundled catalogs (when this build's source tree has them)
    /// plus, for each scenario file read, that file's directory tree.
    pub fn new() -> Loader {
        let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/catalogs");
        Loader {
            roots: bundled.canonicalize().into_iter().collect(),
            max_file_bytes: MAX_FILE_BYTES,
            max_total_bytes: MAX_TOTAL_BYTES,
            deadline: Deadline::none(),
        }
    }

    /// No root at all: includes are refused unless [`Loader::allow_dir`] adds one.
    pub fn closed() -> Loader {
        Loader {
            roots: Vec::new(),
            ..Loader::new()
        }
    }

    /// Also allows includes anywhere under `dir` (an error when `dir` does not exist).
    pub fn allow_dir(mut self, dir: impl AsRef<Path>) -> Result<Loader, Error> {
        let dir = dir.as_ref();
        let canonical = dir.canonicalize().map_err(|e| Error::Io {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        self.roots.push(canonical);
        Ok(self)
    }

    /// Stops reading when `deadline` passes (`Error::TimeLimit`).
    pub fn with_deadline(mut self, deadline: Deadline) -> Loader {
        self.deadline = deadline;
        self
    }

    /// The allowed roots (canonical paths).
    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Reads a file the caller named itself (a catalog CSV given on the command line): a
    /// regular file, at most [`Loader::max_file_bytes`], UTF-8. A FIFO, a device or a
    /// directory is refused without being opened; the error names `path`.
    pub fn read_file(&self, path: impl AsRef<Path>) -> Result<String, Error> {
        let mut budget = self.max_total_bytes;
        self.read_named(path.as_ref(), &mut budget)
    }

    /// Reads `path`, a file the caller named itself (a scenario file): a regular file under
    /// the size limit; `budget` is what is left of the total.
    pub(crate) fn read_named(&self, path: &Path, budget: &mut u64) -> Result<String, Error> {
        self.deadline.check("reading the scenario")?;
        let io = |message: String| Error::Io {
            path: path.display().to_string(),
            message,
        };
        let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
        if !meta.is_file() {
            return Err(io("not a regular file".into()));
        }
        self.bounded(path, meta.len(), budget).map_err(io)
    }

    /// Reads include `include` (written as `catalogs[i].path = include`) relative to
    /// `base_dir`, inside the allowed roots plus `extra_root` (the scenario's directory).
    pub(crate) fn read_include(
        &self,
        at: &str,
        include: &str,
        base_dir: &Path,
        extra_root: Option<&Path>,
        budget: &mut u64,
    ) -> Result<String, Error> {
        self.deadline.check("reading catalogs")?;
        let refuse = |reason: String| Error::Invalid(ScenarioError::new(at, reason));
        let joined = base_dir.join(include);
        let resolved = joined
            .canonicalize()
            .map_err(|e| refuse(format!("cannot read `{include}`: {e}")))?;
        let extra = extra_root.and_then(|r| r.canonicalize().ok());
        let inside = self
            .roots
            .iter()
            .chain(extra.iter())
            .any(|root| resolved.starts_with(root));
        if !inside {
            let roots: Vec<String> = self
                .roots
                .iter()
                .chain(extra.iter())
                .map(|r| r.display().to_string())
                .collect();
            return Err(refuse(format!(
                "`{include}` is outside the directories includes may read ({}); allow its directory explicitly (CLI: --allow-dir)",
                roots.join(", ")
            )));
        }
        let meta = std::fs::metadata(&resolved)
            .map_err(|e| refuse(format!("cannot read `{include}`: {e}")))?;
        if !meta.is_file() {
            return Err(refuse(format!("`{include}` is not a regular file")));
        }
        self.bounded(&resolved, meta.len(), budget)
            .map_err(|e| refuse(format!("`{include}`: {e}")))
    }

    /// Reads at most the size limit (and what is left of `budget`), as UTF-8.
    fn bounded(&self, path: &Path, len: u64, budget: &mut u64) -> Result<String, String> {
        let limit = self.max_file_bytes.min(*budget);
        if len > limit {
            return Err(size_error(len, self.max_file_bytes, *budget));
        }
        let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        if bytes.len() as u64 > limit {
            return Err(size_error(bytes.len() as u64, self.max_file_bytes, *budget));
        }
        *budget -= bytes.len() as u64;
        String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string())
    }
}

fn size_error(len: u64, per_file: u64, left: u64) -> String {
    if len > per_file {
        format!("larger than the limit of {per_file} bytes per file")
    } else {
        format!("would exceed the limit on bytes read over all includes ({left} bytes left)")
    }
}
