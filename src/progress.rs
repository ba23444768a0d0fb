//! Spinners on stderr while checks run, one per running check, and only
//! when stderr is a terminal that can draw them: pipes, CI logs and
//! `TERM=dumb` stay clean.

use confauth_checks::checks::{CheckId, Progress};
use confauth_checks::environment::TERM_VAR;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashMap;
use std::ffi::OsStr;
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

pub struct Spinners {
    multi: Option<MultiProgress>,
    running: Mutex<HashMap<CheckId, ProgressBar>>,
}

impl Spinners {
    /// Spinners show only when `wanted` and stderr is a terminal that is not dumb.
    pub fn new(wanted: bool) -> Spinners {
        let term = std::env::var_os(TERM_VAR);
        let multi = draws(wanted, std::io::stderr().is_terminal(), term.as_deref())
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

/// Whether spinners draw: a dumb terminal (`TERM=dumb`: Emacs's shell, some
/// CI runners) prints every frame as a new line of garbage.
fn draws(wanted: bool, stderr_is_terminal: bool, term: Option<&OsStr>) -> bool {
    wanted && stderr_is_terminal && !is_dumb(term)
}

/// `TERM=dumb`: a terminal that can neither move the cursor nor colour text.
fn is_dumb(term: Option<&OsStr>) -> bool {
    term.is_some_and(|term| term == "dumb")
}

/// Whether this process's terminal is dumb.
pub fn terminal_is_dumb() -> bool {
    is_dumb(std::env::var_os(TERM_VAR).as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spinners_draw_only_on_a_terminal_that_can() {
        let cases: &[(bool, bool, Option<&str>, bool)] = &[
            (true, true, Some("xterm-256color"), true),
            (true, true, None, true),
            (true, true, Some("dumb"), false),
            (true, false, Some("xterm-256color"), false),
            (false, true, Some("xterm-256color"), false),
            (true, true, Some("dumber"), true),
        ];
        for &(wanted, terminal, term, expected) in cases {
            assert_eq!(
                draws(wanted, terminal, term.map(OsStr::new)),
                expected,
                "{wanted} {terminal} {term:?}"
            );
        }
    }
}
