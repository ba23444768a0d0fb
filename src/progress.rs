//! Spinners on stderr while checks run, one per running check, and only
//! when stderr is a terminal: pipes and CI logs stay clean.

use confauth_checks::checks::{CheckId, Progress};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

pub struct Spinners {
    multi: Option<MultiProgress>,
    running: Mutex<HashMap<CheckId, ProgressBar>>,
}

impl Spinners {
    /// Spinners show only when `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Spinners {
        let multi = (wanted && std::io::stderr().is_terminal())
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Spinners {
            multi,
            running: Mutex::new(HashMap::new()),
        }
    }

    pub fn update(&self, progress: Progress) {
        let Some(multi) = &self.multi else { return };
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        match progress {
            Progress::Started(check) => {
                let bar = multi.add(ProgressBar::new_spinner());
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar.set_message(check.title());
                bar.enable_steady_tick(Duration::from_millis(100));
                running.insert(check, bar);
            }
            Progress::Finished(finding) => {
                if let Some(bar) = running.remove(&finding.check) {
                    bar.finish_and_clear();
                }
            }
        }
    }

    pub fn clear(&self) {
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}
