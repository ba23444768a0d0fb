//! The markdown formats, for a forum post or an issue. A title line, the reasons, the fix as a
//! shell block, the report in a fenced block (it reads the same rendered and raw), the evidence,
//! and the record that `confauth replay` reads back.
//!
//! Nothing a renderer or a typographer would change is left outside code: every URL, host,
//! path, template, id, flag and email of a sentence goes in a code span (GitHub links
//! `https://` and `www.`, Discourse links bare hosts and lets a new user post only two links,
//! and its typographer turns `...` into `…`, `--` into `–` and quotes into curly ones), and the
//! rest is escaped. With HTML (GitHub, GitLab, Discourse) the evidence and the record are folded
//! in `<details>`; without it (Jira and Confluence Cloud, support tickets, Stack Overflow, where
//! `<details>` shows as text) each is a fenced block under a plain line.

use super::layout::{self, Fit};
use super::text::{self, TextOptions};
use confauth_checks::diagnosis::Verdict;
use confauth_checks::record::Record;
use std::fmt::Write;

/// The line that heads the block carrying the record: `confauth replay` finds the record after
/// it.
pub const RECORD_SUMMARY: &str = "Record for confauth replay (JSON)";

/// The report in Markdown, within `limit` characters; `html` folds the evidence and the record.
pub fn render_markdown(record: &Record, html: bool, limit: usize) -> String {
    layout::fit(limit, |fit| markdown(record, html, fit, limit))
}

fn markdown(record: &Record, html: bool, fit: Fit, limit: usize) -> String {
    let mut out = String::new();
    let headline = match &record.cause {
        None => "ok, the credential works".to_string(),
        Some(cause) => format!("{} {}", record.verdict.as_str(), code_span(cause)),
    };
    let _ = writeln!(out, "**confauth doctor: {headline}**\n");
    if let Some(summary) = record.cause_summary() {
        let _ = writeln!(out, "{}.", inline(&capitalise(summary)));
        if record.causes.len() > 1 {
            let others: Vec<String> = record.causes[1..].iter().map(|c| code_span(c)).collect();
            let _ = writeln!(out, "Also possible: {}.", others.join(", "));
        }
        out.push('\n');
    }
    for because in &record.because {
        let _ = writeln!(out, "- Because {}.", inline(because));
    }
    if let Some(next) = &record.next_step {
        let _ = writeln!(out, "- To tell them apart: {}.", inline(next));
    }
    if record.verdict != Verdict::Ok {
        let _ = writeln!(out, "\n**Fix:** {}\n", inline(&record.fix));
        if let Some(command) = &record.fix_command {
            out.push_str(&fenced("sh", command));
        }
        if let Some(config) = &record.fix_config {
            let _ = writeln!(out, "\nIn {}:\n", inline(&config.file));
            out.push_str(&fenced("text", &config.lines.join("\n")));
        }
    }
    out.push('\n');
    let options = TextOptions {
        verbose: false,
        evidence: false,
        ascii: false,
    };
    let checks = format!(
        "{}\n{}\n{}",
        text::header(record),
        text::inputs(record),
        text::checks(record, options)
    );
    out.push_str(&fenced("text", &checks));
    if fit.evidence {
        let requests: usize = record.checks.iter().map(|c| c.evidence.len()).sum();
        let evidence: String = record
            .checks
            .iter()
            .filter(|c| !c.evidence.is_empty())
            .map(|c| format!("{}\n{}", c.title, text::evidence(c, options)))
            .collect::<Vec<_>>()
            .join("\n");
        out.push('\n');
        out.push_str(&block(
            html,
            &format!("Evidence: {requests} requests"),
            "text",
            &evidence,
        ));
    }
    if let Some(note) = layout::left_out(fit, limit, true) {
        let _ = writeln!(out, "\n{}", inline(&note));
    }
    if fit.record {
        let json = serde_json::to_string(record).unwrap_or_default();
        out.push('\n');
        out.push_str(&block(html, RECORD_SUMMARY, "json", &json));
    }
    out
}

/// A fenced block under its title: folded in `<details>` with HTML, else under a plain line.
fn block(html: bool, title: &str, language: &str, body: &str) -> String {
    if html {
        format!(
            "<details>\n<summary>{title}</summary>\n\n{}\n</details>\n",
            fenced(language, body)
        )
    } else {
        format!("{title}:\n\n{}", fenced(language, body))
    }
}

/// A sentence for Markdown prose: each technical word in a code span, the rest escaped.
fn inline(text: &str) -> String {
    // Words joined by single spaces: leading spaces would make an indented
    // code block, two at a line's end a hard break.
    text.split_whitespace()
        .map(|word| {
            let (lead, core, trail) = split_punctuation(word);
            if technical(core) {
                format!("{}{}{}", escape(lead), code_span(core), escape(trail))
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A word as its opening punctuation, its core, and its closing punctuation. A final `.` is
/// punctuation, `...` is not (it is a template's).
fn split_punctuation(word: &str) -> (&str, &str, &str) {
    let lead_len = word.len() - word.trim_start_matches(['(', '"', '\'']).len();
    let (lead, rest) = word.split_at(lead_len);
    let mut core = rest.trim_end_matches([',', ';', ':', '!', '?', ')', '"', '\'']);
    if core.ends_with('.') && !core.ends_with("..") {
        core = &core[..core.len() - 1];
    }
    if core.is_empty() {
        return ("", word, "");
    }
    let trail = &rest[core.len()..];
    (lead, core, trail)
}

/// Whether a word is one a reader copies rather than reads, or one a renderer or typographer
/// would change: a URL, a host, a path or template, an email, an id, a flag, a variable.
fn technical(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    let between = |sep: char| {
        chars
            .windows(3)
            .any(|w| w[1] == sep && w[0].is_alphanumeric() && w[2].is_alphanumeric())
    };
    let abbreviation = word.split('.').all(|part| part.chars().count() <= 1);
    word.contains(|c: char| "/@<>_=$`{}[]|\\*~#&%".contains(c))
        || word.contains("...")
        || word.contains("--")
        || (word.starts_with('-') && chars.len() > 1)
        || (between('.') && !abbreviation)
        || between(':')
        || (word.contains('-') && word.contains(|c: char| c.is_ascii_digit()))
}

/// Text outside code, where a server's text could otherwise become layout: every character
/// Markdown (CommonMark, GFM) reads as markup is escaped with a backslash, so `<product>` is not
/// taken for an HTML tag, `[x](y)` is not a link and `*` does not start emphasis; and so is each
/// quote and each `.` or `-` next to another, which a typographer would change.
fn escape(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let doubled = |c: char| chars.get(i + 1) == Some(&c) || (i > 0 && chars[i - 1] == c);
        if "\\`*_[]<>|~#!&\"'".contains(c) || ((c == '.' || c == '-') && doubled(c)) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` as a code span whose delimiter outlasts any backtick run inside it.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A fenced block whose fence is longer than any backtick run inside it, so
/// a server's answer cannot close it early.
fn fenced(language: &str, body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{}\n{fence}\n", body.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_text_cannot_become_markup() {
        assert_eq!(
            inline("[click](https://evil) *now* <img src=x>"),
            "`[click](https://evil`) `*now*` `<img` `src=x>`"
        );
        assert_eq!(
            escape("a [b] *c* <d> \"e\" f's"),
            "a \\[b\\] \\*c\\* \\<d\\> \\\"e\\\" f\\'s"
        );
        assert_eq!(escape("wait... a -- b - c."), "wait\\.\\.\\. a \\-\\- b - c.");
    }

    #[test]
    fn technical_words_go_in_code_spans() {
        for (sentence, shown) in [
            (
                "send it to https://api.atlassian.com/ex/<product>/<cloudId>/..., with the same email.",
                "send it to `https://api.atlassian.com/ex/<product>/<cloudId>/...`, with the same email.",
            ),
            (
                "work only through api.atlassian.com.",
                "work only through `api.atlassian.com`.",
            ),
            ("(pass --product jira)", "(pass `--product` jira)"),
            (
                "as j***h@example.com, account 712020:e712d932",
                "as `j***h@example.com`, account `712020:e712d932`",
            ),
            (
                "cloudId 2c74b92c-0518-49dc, e.g. a logged-in user",
                "cloudId `2c74b92c-0518-49dc`, e.g. a logged-in user",
            ),
            ("the tenant_info answer", "the `tenant_info` answer"),
        ] {
            assert_eq!(inline(sentence), shown, "{sentence}");
        }
    }

    /// What a renderer with every extension (GFM's autolinks, smart punctuation) makes of
    /// `markdown` that it should not: links, HTML, and text outside code a linkifier or a
    /// typographer would change.
    fn changed_by_a_renderer(markdown: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        let autolinkable = regex::Regex::new(r"(?i)https?://|www\.|[a-z0-9-]+\.[a-z]{2,}").unwrap();
        let mut found = Vec::new();
        let mut text = String::new();
        for event in Parser::new_ext(markdown, Options::all()) {
            match event {
                Event::Text(t) => {
                    text.push_str(&t);
                    continue;
                }
                Event::Start(Tag::Link { dest_url, .. }) => found.push(format!("link {dest_url}")),
                Event::Start(Tag::Image { dest_url, .. }) => found.push(format!("image {dest_url}")),
                Event::Html(html) | Event::InlineHtml(html) => found.push(format!("html {html}")),
                _ => {}
            }
            if autolinkable.is_match(&text) || text.contains(['…', '–', '—', '‘', '’', '“', '”']) {
                found.push(format!("text {text}"));
            }
            text.clear();
        }
        if autolinkable.is_match(&text) || text.contains(['…', '–', '—', '‘', '’', '“', '”']) {
            found.push(format!("text {text}"));
        }
        found
    }

    proptest::proptest! {
        /// Whatever a sentence holds, its prose makes no link, no HTML, and nothing a
        /// typographer changes.
        #[test]
        fn prose_is_inert(sentence in "([a-z]{1,8}|https?://[a-z.]{1,12}/[a-z<>.]{0,8}|www\\.[a-z]{2,5}|[a-z]{2,6}\\.(com|net|io)|[\\[\\]()<>*_`~#!&|\"'.-]{1,3}| ){1,30}") {
            let markdown = format!("{}.\n", inline(&sentence));
            let changed = changed_by_a_renderer(&markdown);
            proptest::prop_assert!(changed.is_empty(), "{:?} became {:?}", markdown, changed);
        }
    }

    #[test]
    fn a_code_span_outlasts_backticks_inside() {
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn a_fence_outlasts_backticks_inside() {
        let block = fenced("text", "a ```` b");
        assert!(block.starts_with("`````text\n"), "{block}");
        assert_eq!(fenced("sh", "x"), "```sh\nx\n```\n");
    }
}
