//! Progress on stderr for people at a terminal: phase, model size, elapsed time.
//! Silent with `--quiet` or when stderr is not a terminal.

use capmix::Phase;
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub(crate) struct Progress {
    enabled: bool,
    started: Instant,
    ticker: Option<(Arc<AtomicBool>, JoinHandle<()>)>,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        Progress {
            enabled: !quiet && std::io::stderr().is_terminal(),
            started: Instant::now(),
            ticker: None,
        }
    }

    pub fn phase(&mut self, phase: Phase) {
        if !self.enabled {
            return;
        }
        self.stop_ticker();
        let elapsed = self.started.elapsed().as_secs_f64();
        match phase {
            Phase::Validated { variables } => {
                eprintln!("capmix: scenario valid, about {variables} variables ({elapsed:.2}s)");
            }
            Phase::Solving => self.start_ticker("solving"),
            Phase::Verifying => eprintln!("\rcapmix: solved in {elapsed:.2}s, verifying"),
            _ => {}
        }
    }

    fn start_ticker(&mut self, label: &'static str) {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let started = self.started;
        let handle = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                eprint!("\rcapmix: {label}… {:.1}s", started.elapsed().as_secs_f64());
                let _ = std::io::stderr().flush();
                std::thread::sleep(Duration::from_millis(250));
            }
        });
        self.ticker = Some((stop, handle));
    }

    fn stop_ticker(&mut self) {
        if let Some((stop, handle)) = self.ticker.take() {
            stop.store(true, Ordering::Relaxed);
            let _ = handle.join();
            eprint!("\r\x1b[K");
        }
    }

    pub fn finish(&mut self) {
        if self.enabled {
            self.stop_ticker();
            eprintln!(
                "capmix: done in {:.2}s",
                self.started.elapsed().as_secs_f64()
            );
        }
    }
}
