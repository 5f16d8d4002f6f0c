//! Independent solves on all cores: a sweep's rows and an explanation's variants.
//!
//! [`map`] returns its results in input order, whatever the number of threads and whichever
//! thread took which item, so every caller's output is the same on 1 core and on 64: each
//! item's work may depend only on the item and on data shared read-only by all items (a
//! sweep's start basis), never on which item a thread did before.
//!
//! Threads: `CAPMIX_THREADS` when set to a positive integer, else the cores the operating
//! system gives this process (`std::thread::available_parallelism`). A map inside a map's
//! worker runs on that worker alone (no threads over threads). WebAssembly has no threads
//! here: items run one after another.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

thread_local! {
    /// This thread is one of [`map`]'s workers: a map inside it (a sweep row solved in
    /// parts) runs on this thread alone instead of starting threads of its own.
    static WORKER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The number of threads [`map`] uses (at least 1).
pub(crate) fn threads() -> usize {
    if WORKER.with(std::cell::Cell::get) {
        return 1;
    }
    let from_env = std::env::var("CAPMIX_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0);
    if let Some(n) = from_env {
        return n;
    }
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// `f` applied to each item, on up to [`threads`] threads, results in input order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_ticking(items, |item, _| f(item), &mut || {})
}

/// [`map`], where `f` may call its second argument to report progress: `tick` runs on the
/// calling thread once per such call, as they happen (a progress bar moves while the
/// threads work).
pub(crate) fn map_ticking<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T, &(dyn Fn() + Sync)) -> R + Sync,
    tick: &mut dyn FnMut(),
) -> Vec<R> {
    let n = threads().min(items.len());
    if n <= 1 || cfg!(target_arch = "wasm32") {
        let ticks = std::sync::Mutex::new(0usize);
        let note = || {
            if let Ok(mut t) = ticks.lock() {
                *t += 1;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(f(item, &note));
            let pending = ticks
                .lock()
                .map(|mut t| std::mem::take(&mut *t))
                .unwrap_or(0);
            (0..pending).for_each(|_| tick());
        }
        return out;
    }
    // Threads take the next item as they finish one (a slow solve does not hold up the
    // items behind it); each result goes to its item's place.
    let f = &f;
    let next = AtomicUsize::new(0);
    let next = &next;
    let (sender, ticks) = mpsc::channel::<()>();
    let mut out: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let sender = sender.clone();
                scope.spawn(move || {
                    WORKER.with(|w| w.set(true));
                    let note = move || {
                        // The receiver outlives every worker; a failed send loses one tick.
                        let _ = sender.send(());
                    };
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return done;
                        };
                        done.push((i, f(item, &note)));
                    }
                })
            })
            .collect();
        // Ends when every worker has finished and dropped its sender.
        drop(sender);
        for () in ticks {
            tick();
        }
        for h in handles {
            match h.join() {
                Ok(done) => {
                    for (i, r) in done {
                        out[i] = Some(r);
                    }
                }
                // A panic in a worker is a bug; it goes on as the caller's own panic.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
    });
    out.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::{map, map_ticking};

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..37).collect();
        let out = map(&items, |&x| x * x);
        assert_eq!(out, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert!(map(&[] as &[u64], |&x| x).is_empty());
    }

    #[test]
    fn every_tick_reaches_the_caller() {
        let items: Vec<u64> = (0..9).collect();
        let mut ticks = 0;
        let out = map_ticking(
            &items,
            |&x, tick| {
                (0..x).for_each(|_| tick());
                x
            },
            &mut || ticks += 1,
        );
        assert_eq!(out, items);
        assert_eq!(ticks, (0..9).sum::<u64>());
    }
}
