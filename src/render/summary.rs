//! `--format summary`: a few lines for chat (Slack, Teams): the verdict and its reasons, the
//! fix, the trace ids Atlassian support asks for, and where the full report is. Always under
//! 4,000 characters: what does not fit is left out, and the summary says so. Commands and ids
//! go in fences without a language tag (Slack shows the tag as a line of its own).

use super::layout::{self, WIDTH};
use super::plain::{self, Plain};
use super::text::{self, Line};
use confauth_checks::record::{ExchangeRecord, Record};

/// The most requests whose trace ids a summary lists.
const TRACES: usize = 5;

/// The summary, within `limit` characters.
pub fn render_summary(record: &Record, limit: usize) -> String {
    let pointer = plain::lay_out(&[
        Plain::blank(),
        Plain::Prose(
            "The full report: the same confauth doctor command with --for community (or --for github, \
         --for jira-dc); --save report.json keeps its record for confauth replay."
                .into(),
        ),
    ]);
    let cut_note = plain::lay_out(&[Plain::Prose(format!(
        "(Shortened to stay under {} characters: the full report has the rest.)",
        layout::thousands(limit)
    ))]);
    let room = limit.saturating_sub(layout::chars(&pointer) + layout::chars(&cut_note));
    let mut out = String::new();
    let mut cut = false;
    for block in blocks(record) {
        let block = plain::lay_out(&block);
        if layout::chars(&out) + layout::chars(&block) <= room {
            out.push_str(&block);
        } else {
            cut = true;
        }
    }
    if cut {
        out.push_str(&cut_note);
    }
    out.push_str(&pointer);
    out
}

/// The summary's parts, most important first; each is shown whole or not at all.
fn blocks(record: &Record) -> Vec<Vec<Plain>> {
    let mut blocks: Vec<Vec<Plain>> = text::banners(record)
        .into_iter()
        .map(|b| vec![Plain::Prose(b)])
        .collect();
    if !blocks.is_empty() {
        blocks.push(vec![Plain::blank()]);
    }
    for line in text::diagnosis_lines(record) {
        match line {
            Line::Labelled { label, text, .. } => blocks.push(vec![Plain::Prose(format!("{label} {text}"))]),
            Line::Detail(text) => blocks.push(vec![Plain::Prose(format!("  {text}"))]),
            Line::Command(command) => blocks.push(fence(
                layout::command(&layout::ascii(&command), "", WIDTH)
                    .into_iter()
                    .map(Plain::Verbatim)
                    .collect(),
            )),
            Line::Config(text) => blocks.push(fence(vec![Plain::Verbatim(text)])),
            Line::Blank => blocks.push(vec![Plain::blank()]),
        }
    }
    let traces = traces(record);
    if !traces.is_empty() {
        let mut block = vec![Plain::blank(), Plain::Prose("Trace ids for Atlassian support:".into())];
        block.extend(fence(traces));
        blocks.push(block);
    }
    blocks
}

fn fence(mut lines: Vec<Plain>) -> Vec<Plain> {
    lines.insert(0, Plain::Verbatim("```".into()));
    lines.push(Plain::Verbatim("```".into()));
    lines
}

/// The trace ids of the requests made with the user's credential, the refused ones first (those
/// are what support looks up), each with its request and what it got.
fn traces(record: &Record) -> Vec<Plain> {
    let mut exchanges: Vec<&ExchangeRecord> = record
        .checks
        .iter()
        .flat_map(|c| &c.evidence)
        .filter(|e| e.caller.is_users() && e.trace_id.is_some())
        .collect();
    exchanges.sort_by_key(|e| e.status.is_some_and(|s| s < 400));
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for exchange in exchanges {
        let Some(id) = exchange.trace_id.as_deref() else {
            continue;
        };
        if seen.contains(&id) || seen.len() == TRACES {
            continue;
        }
        seen.push(id);
        let header = if exchange.headers.get("atl-traceid") == Some(id) {
            "ATL-TraceId"
        } else if exchange.headers.get("x-arequestid") == Some(id) {
            "X-AREQUESTID"
        } else {
            "trace id"
        };
        out.push(Plain::Prose(format!("{header} {id}")));
        out.push(Plain::Prose(format!("  {} {}", exchange.outcome, exchange.request)));
    }
    out
}
