//! `--format markdown`: the report made for a forum post. A title line, the
//! report in a fenced block (it reads the same in a renderer and as raw
//! text, on Discourse and in a rich-text editor alike), the fix as a shell
//! block, and the evidence folded in `<details>`. The email is masked
//! unless `--show-email`.

use super::Report;
use super::text::{self, TextOptions};
use confauth_checks::diagnosis::Verdict;
use std::fmt::Write;

pub fn render_markdown(report: &Report, show_email: bool) -> String {
    let diagnosis = report.diagnosis;
    let options = TextOptions {
        verbose: false,
        evidence: false,
        mask_email: !show_email,
    };
    let mut out = String::new();
    let headline = match diagnosis.cause() {
        None => "ok, the credential works".to_string(),
        Some(cause) => format!("{} `{}`", diagnosis.verdict.as_str(), cause.id()),
    };
    let _ = writeln!(out, "**confauth doctor: {headline}**\n");
    if let Some(cause) = diagnosis.cause() {
        let _ = writeln!(out, "{}.", prose(&capitalise(cause.summary())));
        if diagnosis.causes.len() > 1 {
            let others: Vec<String> = diagnosis
                .causes
                .iter()
                .skip(1)
                .map(|c| format!("`{}`", c.id()))
                .collect();
            let _ = writeln!(out, "Also possible: {}.", others.join(", "));
        }
        out.push('\n');
    }
    for because in &diagnosis.because {
        let _ = writeln!(out, "- Because {}.", prose(because));
    }
    if let Some(next) = &diagnosis.next_step {
        let _ = writeln!(out, "- To tell them apart: {}.", prose(next));
    }
    if diagnosis.verdict != Verdict::Ok {
        let _ = writeln!(out, "\n**Fix:** {}\n", prose(&diagnosis.fix));
        if let Some(command) = &diagnosis.fix_command {
            out.push_str(&fenced("sh", command));
        }
    }
    out.push('\n');
    let checks = format!(
        "{}\n{}\n{}",
        text::header(report),
        text::inputs(report, options),
        text::checks(report, options)
    );
    out.push_str(&fenced("text", &checks));
    let requests: usize = report.findings.iter().map(|f| f.exchanges.len()).sum();
    let evidence: String = report
        .findings
        .iter()
        .filter(|f| !f.exchanges.is_empty())
        .map(|f| format!("{}\n{}", f.title(), text::evidence(f)))
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(
        out,
        "\n<details>\n<summary>Evidence: {requests} requests</summary>\n\n{}\n</details>",
        fenced("text", &evidence)
    );
    out
}

/// Text outside code blocks: `<product>` would be read as an HTML tag and
/// vanish, so angle brackets are escaped (backslashes keep the raw text
/// readable too).
fn prose(text: &str) -> String {
    text.replace('<', "\\<").replace('>', "\\>")
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
    fn placeholders_survive_a_renderer() {
        assert_eq!(
            super::prose("/ex/<product>/<cloudId>"),
            "/ex/\\<product\\>/\\<cloudId\\>"
        );
    }

    #[test]
    fn a_fence_outlasts_backticks_inside() {
        let block = fenced("text", "a ```` b");
        assert!(block.starts_with("`````text\n"), "{block}");
        assert_eq!(fenced("sh", "x"), "```sh\nx\n```\n");
    }
}
