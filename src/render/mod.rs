//! Rendering: the only place that turns a run into text. Every format
//! renders one [`Record`](confauth_checks::record::Record), whose values all
//! passed the record's gate (cleaned, redacted, capped); the output is
//! scrubbed once more on its way out.

mod json;
mod markdown;
mod text;

pub use json::render_json;
pub use markdown::{RECORD_SUMMARY, render_markdown};
pub use text::{TextOptions, render_text};
