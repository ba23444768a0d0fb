//! `--format markdown`: the report made for a forum post. A title line, the
//! report in a fenced block (it reads the same in a renderer and as raw
//! text, on Discourse and in a rich-text editor alike), the fix as a shell
//! block, and the evidence folded in `<details>`. The email is masked
//! unless `--show-email`.

use super::text::{self, TextOptions};
use confauth_checks::diagnosis::Verdict;
use confauth_checks::record::Record;
use std::fmt::Write;

/// The summary line of the folded block that carries the record: `confauth
/// replay` finds the record after it.
pub const RECORD_SUMMARY: &str = "Record for confauth replay (JSON)";

pub fn render_markdown(record: &Record) -> String {
    let options = TextOptions {
        verbose: false,
        evidence: false,
    };
    let mut out = String::new();
    let headline = match &record.cause {
        None => "ok, the credential works".to_string(),
        Some(cause) => format!("{} `{cause}`", record.verdict.as_str()),
    };
    let _ = writeln!(out, "**confauth doctor: {headline}**\n");
    if let Some(summary) = record.cause_summary() {
        let _ = writeln!(out, "{}.", prose(&capitalise(summary)));
        if record.causes.len() > 1 {
            let others: Vec<String> = record.causes[1..].iter().map(|c| format!("`{c}`")).collect();
            let _ = writeln!(out, "Also possible: {}.", others.join(", "));
        }
        out.push('\n');
    }
    for because in &record.because {
        let _ = writeln!(out, "- Because {}.", prose(because));
    }
    if let Some(next) = &record.next_step {
        let _ = writeln!(out, "- To tell them apart: {}.", prose(next));
    }
    if record.verdict != Verdict::Ok {
        let _ = writeln!(out, "\n**Fix:** {}\n", prose(&record.fix));
        if let Some(command) = &record.fix_command {
            out.push_str(&fenced("sh", command));
        }
        if let Some(config) = &record.fix_config {
            let _ = writeln!(out, "\nIn {}:\n", prose(&config.file));
            out.push_str(&fenced("text", &config.lines.join("\n")));
        }
    }
    out.push('\n');
    let checks = format!(
        "{}\n{}\n{}",
        text::header(record),
        text::inputs(record),
        text::checks(record, options)
    );
    out.push_str(&fenced("text", &checks));
    let requests: usize = record.checks.iter().map(|c| c.evidence.len()).sum();
    let evidence: String = record
        .checks
        .iter()
        .filter(|c| !c.evidence.is_empty())
        .map(|c| format!("{}\n{}", c.title, text::evidence(c)))
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(
        out,
        "\n<details>\n<summary>Evidence: {requests} requests</summary>\n\n{}\n</details>",
        fenced("text", &evidence)
    );
    let json = serde_json::to_string(record).unwrap_or_default();
    let _ = writeln!(
        out,
        "\n<details>\n<summary>{RECORD_SUMMARY}</summary>\n\n{}\n</details>",
        fenced("json", &json)
    );
    out
}

/// Text outside code blocks, where a server's text could otherwise become
/// layout: every character Markdown (CommonMark, GFM) reads as markup is
/// escaped with a backslash, so `<product>` is not taken for an HTML tag,
/// `[x](y)` is not a link and `*` does not start emphasis.
fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
    use super::fenced;

    #[test]
    fn server_text_cannot_become_markup() {
        assert_eq!(
            super::prose("/ex/<product>/<cloudId>"),
            "/ex/\\<product\\>/\\<cloudId\\>"
        );
        assert_eq!(
            super::prose("[click](https://evil) *now* <img src=x>"),
            "\\[click\\](https://evil) \\*now\\* \\<img src=x\\>"
        );
    }

    #[test]
    fn a_fence_outlasts_backticks_inside() {
        let block = fenced("text", "a ```` b");
        assert!(block.starts_with("`````text\n"), "{block}");
        assert_eq!(fenced("sh", "x"), "```sh\nx\n```\n");
    }
}
