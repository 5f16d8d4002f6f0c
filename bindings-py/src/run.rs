//! Long calls that Ctrl-C can stop.
//!
//! The core's work runs on a scoped worker thread under a [`Deadline`] with a cancel flag,
//! while the calling thread waits without the GIL and takes it back every few milliseconds
//! to let Python handle signals. A `KeyboardInterrupt` (or any exception a signal handler
//! raises) sets the flag: the core stops at its next check (every long loop and every solver
//! call looks at the deadline), the worker is joined, and the exception propagates. The
//! worker may take the GIL itself (progress callbacks) whenever the waiting thread has let
//! it go.

use capmix::Deadline;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long the waiting thread sleeps without the GIL between signal checks.
const POLL: Duration = Duration::from_millis(20);

/// Runs `work` under a deadline of `time_limit` seconds that Ctrl-C cancels (see the module
/// documentation).
pub(crate) fn interruptible<T: Send>(
    py: Python<'_>,
    time_limit: Option<f64>,
    work: impl FnOnce(&Deadline) -> T + Send,
) -> PyResult<T> {
    let flag = Arc::new(AtomicBool::new(false));
    let deadline = Deadline::after(time_limit).with_cancel(flag.clone());
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("capmix".into())
            .spawn_scoped(scope, || work(&deadline))
            .map_err(|e| PyRuntimeError::new_err(format!("cannot start a thread: {e}")))?;
        loop {
            let finished = py.detach(|| {
                if !worker.is_finished() {
                    std::thread::park_timeout(POLL);
                }
                worker.is_finished()
            });
            if finished {
                break;
            }
            if let Err(signal) = py.check_signals() {
                flag.store(true, Ordering::Relaxed);
                py.detach(|| {
                    let _ = worker.join();
                });
                return Err(signal);
            }
        }
        worker
            .join()
            .map_err(|_| PyRuntimeError::new_err("capmix's worker thread panicked"))
    })
}
