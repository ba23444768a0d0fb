//! `--format jira-wiki`: the report in the wiki markup of Jira and Confluence Data Center
//! (<https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa?section=all>). Every value, a
//! server's or the user's, goes in a `{noformat}` block, where nothing is markup; the few words
//! outside blocks are the report's own, with each character the notation reads as markup
//! escaped. Inside a block, only the block's own end tag could act: it is broken wherever a
//! value holds it.

use super::RECORD_SUMMARY;
use super::layout::{self, Fit};
use super::plain;
use super::text::TextOptions;
use confauth_checks::record::Record;
use std::fmt::Write;

const BLOCK: &str = "{noformat}";

/// The report in Jira wiki markup, within `limit` characters.
pub fn render_jira_wiki(record: &Record, verbose: bool, limit: usize) -> String {
    layout::fit(limit, |fit| jira_wiki(record, verbose, fit, limit))
}

fn jira_wiki(record: &Record, verbose: bool, fit: Fit, limit: usize) -> String {
    let mut out = String::new();
    let headline = match &record.cause {
        None => "ok, the credential works".to_string(),
        Some(cause) => format!("{} {cause}", record.verdict.as_str()),
    };
    let _ = writeln!(out, "h3. {}\n", escape(&format!("confauth doctor: {headline}")));
    out.push_str(&block(&plain::lay_out(&plain::verdict_and_fix(record))));
    let checks = plain::checks_and_inputs(
        record,
        TextOptions {
            verbose,
            evidence: fit.evidence,
            ascii: true,
        },
    );
    out.push('\n');
    out.push_str(&block(&plain::lay_out(&checks)));
    if let Some(note) = layout::left_out(fit, limit, true) {
        let _ = writeln!(out, "\n{}", escape(&note));
    }
    if fit.record {
        let json = serde_json::to_string(record).unwrap_or_default();
        // A JSON string may write `{` as `\u007b`: the record reads back the same.
        let json = break_tags(&json, "\\u007b");
        let _ = writeln!(out, "\n*{}*", escape(RECORD_SUMMARY));
        out.push_str(&block(&json));
    }
    out
}

/// Where a block's tag starts, in any case: `{noformat}`, `{NoFormat:title=x}`.
const BLOCK_START: &str = "{noformat";

/// `body` in a `{noformat}` block, any block tag inside it broken.
fn block(body: &str) -> String {
    format!("{BLOCK}\n{}\n{BLOCK}\n", break_tags(body.trim_end(), "{ "))
}

/// `text` with the `{` of every `{noformat` (in any case) written as `brace`, so that it cannot
/// end the block it is in.
fn break_tags(text: &str, brace: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(BLOCK_START) {
        out.push_str(&text[last..at]);
        out.push_str(brace);
        last = at + 1;
    }
    out.push_str(&text[last..]);
    out
}

/// Text outside blocks: each character the notation reads as markup (links, emphasis, macros,
/// tables, icons) escaped with a backslash.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "[]*_-+^~{}|!".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_outside_blocks_is_escaped() {
        assert_eq!(
            escape("[link|http://x] *bold* {color:red}x{color} -del- +ins+ ^sup^ ~sub~ (!)"),
            "\\[link\\|http://x\\] \\*bold\\* \\{color:red\\}x\\{color\\} \\-del\\- \\+ins\\+ \\^sup\\^ \\~sub\\~ (\\!)"
        );
    }

    #[test]
    fn a_value_cannot_end_its_block() {
        let body = "a {noformat} b {NOFORMAT:title=x} c";
        let shown = block(body);
        assert_eq!(shown.matches("{noformat}").count(), 2, "{shown}");
        assert!(!shown.to_ascii_lowercase()[BLOCK.len()..shown.len() - BLOCK.len() - 1].contains("{noformat"));
        assert!(shown.contains("a { noformat} b { NOFORMAT:title=x} c"), "{shown}");
    }

    #[test]
    fn the_record_reads_back_the_same_with_its_block_tags_broken() {
        let json = serde_json::json!({"body": "x {noformat} y {NoFormat:t=1}"}).to_string();
        let safe = break_tags(&json, "\\u007b");
        assert!(!safe.to_ascii_lowercase().contains("{noformat"), "{safe}");
        assert_eq!(block(&safe).matches("{noformat}").count(), 2);
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["body"], "x {noformat} y {NoFormat:t=1}");
    }
}
