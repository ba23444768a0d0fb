//! Rendering: the only place that turns a run into text. Every format
//! renders one [`Record`], whose values all
//! passed the record's gate (cleaned, redacted, capped); the output is
//! scrubbed once more on its way out. Each format made to be pasted fits the
//! size of the places it is made for.

mod jira_wiki;
mod json;
mod layout;
mod markdown;
mod place;
mod plain;
mod summary;
mod text;

use crate::cli::Format;
use confauth_checks::record::Record;
pub use markdown::RECORD_SUMMARY;
pub use place::Place;

/// How a report is to be rendered.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub format: Format,
    /// Where it goes, when the user said: its size limit may be tighter than the format's.
    pub place: Option<Place>,
    /// Info notes and timings, in the text and plain layouts.
    pub verbose: bool,
}

impl Style {
    /// The most characters the report may have.
    pub fn limit(&self) -> usize {
        self.place.map_or_else(|| place::limit_of(self.format), Place::limit)
    }

    /// What the report is, as a sentence names it: "the report for Slack", "the markdown report".
    pub fn describe(&self) -> String {
        match self.place {
            Some(place) => format!("the report for {}", place.name()),
            None => format!("the {} report", self.format.name()),
        }
    }
}

/// The record in the style asked for.
pub fn render(record: &Record, style: Style) -> String {
    let limit = style.limit();
    match style.format {
        Format::Text => text::render_text(
            record,
            text::TextOptions {
                verbose: style.verbose,
                evidence: true,
                ascii: false,
            },
        ),
        Format::Plain => plain::render_plain(record, style.verbose, limit),
        Format::Markdown => markdown::render_markdown(record, true, limit),
        Format::MarkdownNoHtml => markdown::render_markdown(record, false, limit),
        Format::JiraWiki => jira_wiki::render_jira_wiki(record, style.verbose, limit),
        Format::Summary => summary::render_summary(record, limit),
        Format::Json => json::render_json(record),
    }
}
