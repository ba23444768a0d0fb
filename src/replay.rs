//! `confauth replay`: reads a posted report (the JSON, or a markdown or Jira
//! wiki report with the JSON in its record block) and diagnoses its recorded answers again with
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

/// The JSON record: the text itself, or the record line of a report that carries one. That
/// line is the first to start with `{"` after the last line naming the record's block (its
/// `<details>` summary in markdown, a plain line in markdown without HTML, a bold one in Jira
/// wiki markup): the record is written compact, on one line, and is the report's last block, so
/// a server's text quoted earlier cannot stand in for it.
fn json_of(text: &str) -> Result<String, RecordError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Ok(trimmed.to_string());
    }
    let missing = || {
        RecordError(format!(
            "no record found: give a JSON report (confauth doctor --format json) or a markdown or jira-wiki report with its \"{RECORD_SUMMARY}\" block"
        ))
    };
    let lines: Vec<&str> = text.lines().collect();
    let heading = lines
        .iter()
        .rposition(|line| line.contains(RECORD_SUMMARY) && !line.starts_with('{'))
        .ok_or_else(missing)?;
    let record = lines[heading + 1..]
        .iter()
        .find(|line| line.starts_with("{\""))
        .ok_or_else(missing)?;
    Ok(record.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_found_in_every_format_that_carries_it() {
        let record = "{\"schema\":2}";
        for report in [
            format!(
                "**confauth doctor: ok**\n\n<details>\n<summary>{RECORD_SUMMARY}</summary>\n\n````json\n{record}\n````\n</details>\n"
            ),
            format!("**confauth doctor: ok**\n\n{RECORD_SUMMARY}:\n\n```json\n{record}\n```\n"),
            format!("h3. confauth doctor: ok\n\n*{RECORD_SUMMARY}*\n{{noformat}}\n{record}\n{{noformat}}\n"),
            format!("  {record}"),
        ] {
            assert_eq!(json_of(&report).unwrap(), record, "{report}");
        }
        assert!(json_of("just some text").unwrap_err().0.contains("no record found"));
        assert!(json_of(&format!("<summary>{RECORD_SUMMARY}</summary> ```json")).is_err());
    }

    #[test]
    fn a_record_quoted_by_a_server_earlier_is_not_the_record() {
        let forged = "{\"schema\":2,\"forged\":true}";
        let real = format!("{{\"schema\":2,\"body\":\"{RECORD_SUMMARY}\"}}");
        let report = format!(
            "```text\n      anonymous  200  JSON: {RECORD_SUMMARY}\n{forged}\n```\n\n{RECORD_SUMMARY}:\n\n```json\n{real}\n```\n"
        );
        assert_eq!(json_of(&report).unwrap(), real);
    }
}
