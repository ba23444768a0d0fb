//! `confauth replay`: reads a posted report (the JSON, or a markdown report
//! with the JSON folded in) and diagnoses its recorded answers again with
//! this version's checks and rules. Nothing is sent: the record holds the
//! answers, and reading them again takes no transport at all.

use crate::cli::ReplayArgs;
use crate::render::RECORD_SUMMARY;
use confauth_checks::record::{Record, RecordError};
use std::io::Read;
use std::path::Path;

/// A report larger than this is not one confauth wrote.
const MAX_REPORT_LEN: u64 = 4 * 1024 * 1024;

/// The recorded report `args` names, diagnosed again.
pub fn replay(args: &ReplayArgs, stdin: &mut dyn Read) -> Result<Record, RecordError> {
    let text = read_report(&args.report, stdin)?;
    Record::from_json(&json_of(&text)?)?.rerun()
}

fn read_report(path: &Path, stdin: &mut dyn Read) -> Result<String, RecordError> {
    let mut raw = Vec::new();
    if path.as_os_str() == "-" {
        stdin
            .take(MAX_REPORT_LEN + 1)
            .read_to_end(&mut raw)
            .map_err(|e| RecordError(format!("could not read the report from standard input: {e}")))?;
    } else {
        raw = crate::files::read_regular(path, MAX_REPORT_LEN).map_err(|e| RecordError(e.to_string()))?;
    }
    if raw.len() as u64 > MAX_REPORT_LEN {
        return Err(RecordError(format!(
            "the report is over {} MiB: that is not a confauth report",
            MAX_REPORT_LEN / 1024 / 1024
        )));
    }
    String::from_utf8(raw).map_err(|_| RecordError("the report is not UTF-8 text".into()))
}

/// The JSON record: the text itself, or the fenced block after the record's
/// summary line in a markdown report.
fn json_of(text: &str) -> Result<String, RecordError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Ok(trimmed.to_string());
    }
    let missing = || {
        RecordError(format!(
            "no record found: give a JSON report (confauth doctor --format json) or a markdown report with its \"{RECORD_SUMMARY}\" block"
        ))
    };
    let after = &text[text.find(RECORD_SUMMARY).ok_or_else(missing)?..];
    let open = after.find("```").ok_or_else(missing)?;
    let fence_len = after[open..].chars().take_while(|c| *c == '`').count();
    let fence = "`".repeat(fence_len);
    let body_start = after[open..].find('\n').map(|n| open + n + 1).ok_or_else(missing)?;
    let body_end = after[body_start..].find(&fence).ok_or_else(missing)?;
    Ok(after[body_start..body_start + body_end].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_found_in_a_markdown_report() {
        let markdown = format!(
            "**confauth doctor: ok**\n\n<details>\n<summary>{RECORD_SUMMARY}</summary>\n\n````json\n{{\"schema\":2}}\n````\n</details>\n"
        );
        assert_eq!(json_of(&markdown).unwrap(), "{\"schema\":2}");
        assert_eq!(json_of("  {\"a\":1}").unwrap(), "{\"a\":1}");
        assert!(json_of("just some text").unwrap_err().0.contains("no record found"));
        assert!(json_of(&format!("<summary>{RECORD_SUMMARY}</summary> ```json")).is_err());
    }
}
