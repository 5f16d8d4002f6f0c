//! How to plan: [`PlanOptions`], size [`Limits`], the solver choice and the one [`Deadline`]
//! of a call. A ground room: every stage may read it, it reads no stage.

use crate::Error;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use web_time::Instant;

/// Which solver runs the program.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SolverKind {
    /// HiGHS when it is compiled in, microlp otherwise.
    #[default]
    Auto,
    /// Pure-Rust simplex (also in wasm); integer plans by its branch and bound for small
    /// programs, rounding and repair otherwise.
    Microlp,
    /// HiGHS: exact MILP and large LPs (feature `highs`).
    Highs,
}

impl SolverKind {
    /// The name used on the command line and in plans.
    pub fn as_str(self) -> &'static str {
        match self {
            SolverKind::Auto => "auto",
            SolverKind::Microlp => "microlp",
            SolverKind::Highs => "highs",
        }
    }

    /// Whether this build includes the solver, or the host linked it (`auto` always
    /// resolves to one).
    pub fn is_available(self) -> bool {
        match self {
            SolverKind::Auto => cfg!(feature = "microlp") || crate::link::highs_available(),
            SolverKind::Microlp => cfg!(feature = "microlp"),
            SolverKind::Highs => crate::link::highs_available(),
        }
    }

    /// The concrete solver: `auto` is HiGHS when compiled in or linked ([`crate::link`]),
    /// else microlp.
    pub fn resolve(self) -> SolverKind {
        match self {
            SolverKind::Auto if crate::link::highs_available() => SolverKind::Highs,
            SolverKind::Auto => SolverKind::Microlp,
            other => other,
        }
    }
}

impl std::str::FromStr for SolverKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "auto" => Ok(SolverKind::Auto),
            "microlp" => Ok(SolverKind::Microlp),
            "highs" => Ok(SolverKind::Highs),
            other => Err(Error::InvalidOption {
                name: "solver".into(),
                reason: format!("unknown solver `{other}` (expected auto, microlp or highs)"),
            }),
        }
    }
}

/// Size limits checked before any large allocation, so that a hostile scenario cannot
/// exhaust a browser tab or a service.
#[derive(
    Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Most planning periods.
    pub max_periods: usize,
    /// Most load-profile segments.
    pub max_segments: usize,
    /// Most offerings.
    pub max_offerings: usize,
    /// Most workloads.
    pub max_workloads: usize,
    /// Most LP variables (counted before the model is built).
    pub max_variables: usize,
    /// Most nonzero coefficients (an upper bound counted before the model is built): memory
    /// grows with them, about 200 bytes each through formulation and solve.
    pub max_nonzeros: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Native defaults keep any input within about 2 GB; a browser tab has less.
        let (max_variables, max_nonzeros) = if cfg!(target_arch = "wasm32") {
            (1_000_000, 3_000_000)
        } else {
            (4_000_000, 10_000_000)
        };
        Limits {
            max_periods: 600,
            max_segments: 48,
            max_offerings: 100_000,
            max_workloads: 10_000,
            max_variables,
            max_nonzeros,
        }
    }
}

impl Limits {
    /// No limit at all (the verifier re-reads a plan made under the caller's limits).
    pub fn unlimited() -> Limits {
        Limits {
            max_periods: usize::MAX,
            max_segments: usize::MAX,
            max_offerings: usize::MAX,
            max_workloads: usize::MAX,
            max_variables: usize::MAX,
            max_nonzeros: usize::MAX,
        }
    }
}

/// How to plan.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanOptions {
    /// Solver backend.
    pub solver: SolverKind,
    /// Overrides `policy.integer_units` when set.
    pub integer: Option<bool>,
    /// Wall-clock seconds for the whole call; the best plan found is returned with status
    /// `time_limit` when it runs out.
    pub time_limit: Option<f64>,
    /// Relative MIP gap accepted by the exact MILP path (default 1e-6).
    pub mip_gap: Option<f64>,
    /// Compute shadow prices of pure LPs (microlp: one extra solve of the dual program;
    /// HiGHS reports its duals with the solve).
    pub shadow_prices: bool,
    /// Apply exact reductions before solving (offerings dominated by a cheaper uncapped twin
    /// are not built; a fluid program that no row links across periods is solved in
    /// independent parts, on all cores; the optimum is unchanged). `false` solves the program
    /// exactly as formulated, for comparisons.
    pub reductions: bool,
    /// Size limits checked before building the model.
    pub limits: Limits,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            solver: SolverKind::Auto,
            integer: None,
            time_limit: None,
            mip_gap: None,
            shadow_prices: true,
            reductions: true,
            limits: Limits::default(),
        }
    }
}

/// Seconds an interactive surface (the calculator) gives one call by default: a plan, an
/// explanation, or a whole sweep. A search cut short returns its best plan with status
/// `time_limit` and its certified gap, rather than keeping the page busy for minutes.
pub const INTERACTIVE_TIME_LIMIT: f64 = 15.0;

impl PlanOptions {
    /// The defaults of an interactive surface: [`PlanOptions::default`] with
    /// [`INTERACTIVE_TIME_LIMIT`].
    pub fn interactive() -> PlanOptions {
        PlanOptions {
            time_limit: Some(INTERACTIVE_TIME_LIMIT),
            ..PlanOptions::default()
        }
    }

    /// Checks the options: the solver is compiled in, numbers are in range.
    pub fn check(&self) -> Result<(), Error> {
        if !self.solver.is_available() {
            return Err(Error::SolverUnavailable(self.solver.as_str().into()));
        }
        if let Some(t) = self.time_limit {
            if !(t.is_finite() && t >= 0.0) {
                return Err(Error::InvalidOption {
                    name: "time_limit".into(),
                    reason: format!("must be a finite number of seconds >= 0 (got {t})"),
                });
            }
        }
        if let Some(g) = self.mip_gap {
            if !(g.is_finite() && (0.0..1.0).contains(&g)) {
                return Err(Error::InvalidOption {
                    name: "mip_gap".into(),
                    reason: format!("must be in [0, 1) (got {g})"),
                });
            }
        }
        Ok(())
    }
}

/// When a call must return, and whether its caller has cancelled it: one value per call
/// (plan, explain, sweep, diagnose), from its first step to its last, handed down to every
/// long loop and every solver call. Cheap to copy and to check.
#[derive(Debug, Clone, Default)]
pub struct Deadline {
    at: Option<Instant>,
    cancel: Option<Arc<AtomicBool>>,
}

impl Deadline {
    /// No deadline: only the work itself bounds the call.
    pub fn none() -> Deadline {
        Deadline::default()
    }

    /// `seconds` from now; `None` means no deadline. A limit too large to represent
    /// (`1e20` seconds) is no deadline, not an overflow.
    pub fn after(seconds: Option<f64>) -> Deadline {
        let at = seconds
            .and_then(|s| Duration::try_from_secs_f64(s.max(0.0)).ok())
            .and_then(|d| Instant::now().checked_add(d));
        Deadline { at, cancel: None }
    }

    /// The same deadline, also stopped when `flag` becomes true (Ctrl-C, a cancel button).
    pub fn with_cancel(mut self, flag: Arc<AtomicBool>) -> Deadline {
        self.cancel = Some(flag);
        self
    }

    /// Whether the caller cancelled the call.
    pub fn cancelled(&self) -> bool {
        self.cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Whether the time is up (or the call was cancelled).
    pub fn expired(&self) -> bool {
        self.cancelled() || self.at.is_some_and(|d| Instant::now() >= d)
    }

    /// Whether there is a deadline at all.
    pub fn is_set(&self) -> bool {
        self.at.is_some()
    }

    /// Seconds left (0 once passed or cancelled); `None` without a deadline.
    pub fn remaining(&self) -> Option<f64> {
        if self.cancelled() {
            return Some(0.0);
        }
        self.at
            .map(|d| d.saturating_duration_since(Instant::now()).as_secs_f64())
    }

    /// `Err(Error::TimeLimit)` once expired: for the stages before a plan document exists
    /// (reading, expansion, validation), whose callers turn it into a `time_limit` plan.
    pub fn check(&self, stage: &str) -> Result<(), Error> {
        if self.expired() {
            return Err(Error::TimeLimit {
                stage: stage.to_string(),
                cancelled: self.cancelled(),
            });
        }
        Ok(())
    }

    /// A deadline for one part of the call: `fraction` (in (0, 1]) of the time left, never
    /// later than this one, cancelled with it. Without a deadline, none.
    pub fn share(&self, fraction: f64) -> Deadline {
        let at = self.at.map(|end| {
            let now = Instant::now();
            let left = end.saturating_duration_since(now);
            now + left.mul_f64(fraction.clamp(0.0, 1.0))
        });
        Deadline {
            at,
            cancel: self.cancel.clone(),
        }
    }

    /// Checks every 4096th step of a long loop (`i` is the loop counter).
    pub fn check_every(&self, i: usize, stage: &str) -> Result<(), Error> {
        if i % 4096 == 0 {
            self.check(stage)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_limits_are_no_deadline() {
        assert!(!Deadline::after(Some(1e20)).expired());
        assert!(!Deadline::none().share(0.5).is_set());
        let whole = Deadline::after(Some(1000.0));
        let half = whole.share(0.5).remaining().unwrap_or(f64::NAN);
        assert!(half > 0.0 && half <= 500.0, "{half}");
        assert!(Deadline::after(Some(0.0)).share(0.5).expired());
        assert!(
            !Deadline::after(Some(f64::MAX)).is_set() || !Deadline::after(Some(f64::MAX)).expired()
        );
        assert!(Deadline::after(Some(0.0)).expired());
        assert_eq!(Deadline::none().remaining(), None);
    }

    #[test]
    fn cancel_expires() {
        let flag = Arc::new(AtomicBool::new(false));
        let d = Deadline::none().with_cancel(flag.clone());
        assert!(!d.expired());
        flag.store(true, Ordering::Relaxed);
        assert!(d.expired());
        assert_eq!(d.remaining(), Some(0.0));
        assert!(matches!(
            d.check("x"),
            Err(Error::TimeLimit {
                cancelled: true,
                ..
            })
        ));
    }
}
