//! Independent solves on all cores: a sweep's rows and an explanation's variants.
//!
//! [`map`] returns its results in input order, whatever the number of threads and whichever
//! thread took which item, so every caller's output is the same on 1 core and on 64: each
//! item's work may depend only on the item and on data shared read-only by all items (a
//! sweep's start basis), never on which item a thread did before.
//!
//! Threads: `CAPMIX_THREADS` when set to a positive integer, else the cores the operating
//! system gives this process (`std::thread::available_parallelism`). WebAssembly has no
//! threads here: items run one after another.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of threads [`map`] uses (at least 1).
pub(crate) fn threads() -> usize {
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
    let n = threads().min(items.len());
    if n <= 1 || cfg!(target_arch = "wasm32") {
        return items.iter().map(f).collect();
    }
    // Threads take the next item as they finish one (a slow solve does not hold up the
    // items behind it); each result goes to its item's place.
    let f = &f;
    let next = AtomicUsize::new(0);
    let next = &next;
    let mut out: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            return done;
                        };
                        done.push((i, f(item)));
                    }
                })
            })
            .collect();
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
    use super::map;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..37).collect();
        let out = map(&items, |&x| x * x);
        assert_eq!(out, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert!(map(&[] as &[u64], |&x| x).is_empty());
    }
}
