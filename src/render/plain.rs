//! `--format plain`: the report for an editor that reads no Markdown, such as the Atlassian
//! Community's, where only the code box keeps text monospaced. The verdict and the fix come
//! first (a helper reads the top of a post), then the checks with their evidence, then the
//! inputs. ASCII only, every line within 100 columns, never cut inside a URL or a command.

use super::layout::{self, Fit, WIDTH};
use super::text::{self, Line, TextOptions};
use confauth_checks::record::Record;

/// The plain report, within `limit` characters.
pub fn render_plain(record: &Record, verbose: bool, limit: usize) -> String {
    layout::fit(limit, |fit| plain(record, verbose, fit, limit))
}

fn plain(record: &Record, verbose: bool, fit: Fit, limit: usize) -> String {
    let mut lines = verdict_and_fix(record);
    lines.push(Plain::blank());
    lines.extend(checks_and_inputs(
        record,
        TextOptions {
            verbose,
            evidence: fit.evidence,
            ascii: true,
        },
    ));
    if let Some(note) = layout::left_out(fit, limit, false) {
        lines.push(Plain::blank());
        lines.push(Plain::Prose(note));
    }
    lay_out(&lines)
}

/// A line of a plain report.
pub enum Plain {
    /// Wrapped to the width.
    Prose(String),
    /// Kept as it is: a command already split, a line of configuration.
    Verbatim(String),
}

impl Plain {
    pub fn blank() -> Plain {
        Plain::Verbatim(String::new())
    }
}

/// Each line of `text`, to be wrapped.
fn prose(text: &str) -> impl Iterator<Item = Plain> + '_ {
    text.lines().map(|line| Plain::Prose(line.to_string()))
}

/// The checks under a legend of their ASCII markers, then the inputs, then what made the
/// report.
pub fn checks_and_inputs(record: &Record, options: TextOptions) -> Vec<Plain> {
    let mut out = vec![Plain::Prose(format!("Checks ({})", text::ASCII_LEGEND))];
    out.extend(prose(&text::checks(record, options)));
    out.push(Plain::blank());
    out.push(Plain::Prose("Inputs".into()));
    out.extend(prose(&text::inputs(record)));
    out.push(Plain::blank());
    out.push(Plain::Prose(text::title(record)));
    out
}

/// What a reader must know first (a simulated run, a replay), then the diagnosis and the fix,
/// commands split the way a shell reads them.
pub fn verdict_and_fix(record: &Record) -> Vec<Plain> {
    let mut out: Vec<Plain> = text::banners(record).into_iter().map(Plain::Prose).collect();
    if !out.is_empty() {
        out.push(Plain::blank());
    }
    for line in text::diagnosis_lines(record) {
        match line {
            Line::Labelled { label, text, .. } => out.push(Plain::Prose(format!("{label} {text}"))),
            Line::Detail(text) => out.push(Plain::Prose(format!("  {text}"))),
            // Set apart, to be seen and copied whole.
            Line::Command(command) => {
                out.push(Plain::blank());
                out.extend(
                    layout::command(&layout::ascii(&command), "    ", WIDTH)
                        .into_iter()
                        .map(Plain::Verbatim),
                );
                out.push(Plain::blank());
            }
            Line::Config(text) => out.push(Plain::Verbatim(format!("    {text}"))),
            Line::Blank => out.push(Plain::blank()),
        }
    }
    out
}

/// The lines in ASCII, prose wrapped to the width with a hanging indent four columns in.
pub fn lay_out(lines: &[Plain]) -> String {
    let mut out = String::new();
    for line in lines {
        match line {
            Plain::Prose(line) => {
                let line = layout::ascii(line);
                let indent = line.len() - line.trim_start().len();
                for part in layout::wrap(&line, &" ".repeat(indent + 4), WIDTH) {
                    out.push_str(&part);
                    out.push('\n');
                }
            }
            Plain::Verbatim(line) => {
                out.push_str(&layout::ascii(line));
                out.push('\n');
            }
        }
    }
    out
}
