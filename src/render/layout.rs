//! Layout shared by the formats made to be pasted: lines within a width that are never cut
//! inside a word (a URL, a command, a token), ASCII for editors that mangle anything else,
//! commands split with shell continuations only where they stay valid, and a report fitted to
//! the size a place takes.

/// The widest line of the plain formats: terminal copies break longer lines (tmux inserts a
/// newline where it wrapped them), and forum code boxes scroll them.
pub const WIDTH: usize = 100;

/// A URL this long gets a line of its own: easier to read, and to copy whole.
const LONG_URL: usize = WIDTH / 2;

/// Characters, as the size limits of forums and chats count them.
pub fn chars(text: &str) -> usize {
    text.chars().count()
}

/// `text` in ASCII: the report's own glyphs and typography in their ASCII forms, and any other
/// character as `?` (some editors and fonts turn them into boxes, or worse).
pub fn ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // `a · b` is a list: `a, b`.
    for c in text.replace(" · ", ", ").chars() {
        match c {
            c if c.is_ascii() => out.push(c),
            '·' | '•' | '–' => out.push('-'),
            '—' => out.push_str("--"),
            '…' => out.push_str("..."),
            '‘' | '’' | '′' => out.push('\''),
            '“' | '”' | '″' => out.push('"'),
            '→' => out.push_str("->"),
            '✓' => out.push_str("ok"),
            '✗' | '×' => out.push('x'),
            '\u{a0}' => out.push(' '),
            _ => out.push('?'),
        }
    }
    out
}

/// One line as lines of at most `width` columns (ASCII, one column a character), each
/// continuation starting with `hanging`. A line breaks only where it has spaces, and keeps the
/// spacing it has elsewhere (aligned columns stay aligned). A long URL gets a line of its own;
/// a word too long for a continuation line starts at the margin, and one too long even there is
/// left whole, over the width: cutting it would break it.
pub fn wrap(line: &str, hanging: &str, width: usize) -> Vec<String> {
    let line = line.trim_end();
    if chars(line) <= width {
        return vec![line.to_string()];
    }
    let indent_len = line.len() - line.trim_start().len();
    let (indent, body) = line.split_at(indent_len);
    let mut out = Vec::new();
    let mut current = indent.to_string();
    let mut empty = true;
    for (gap, word) in words(body) {
        let long_url = word.contains("://") && chars(word) > LONG_URL;
        let fits = chars(&current) + chars(gap) + chars(word) <= width;
        if !empty && (long_url || !fits) {
            out.push(std::mem::take(&mut current));
            current = hanging.to_string();
            empty = true;
        }
        if empty {
            if chars(&current) + chars(word) > width {
                current.clear();
            }
            current.push_str(word);
            empty = false;
        } else {
            current.push_str(gap);
            current.push_str(word);
        }
        if long_url {
            out.push(std::mem::take(&mut current));
            current = hanging.to_string();
            empty = true;
        }
    }
    if !empty {
        out.push(current);
    }
    out
}

/// The words of `text` (no leading space), each with the spaces before it.
fn words(text: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let gap_end = rest.len() - rest.trim_start_matches(' ').len();
        let (gap, after) = rest.split_at(gap_end);
        let word_end = after.find(' ').unwrap_or(after.len());
        let (word, tail) = after.split_at(word_end);
        if !word.is_empty() {
            out.push((gap, word));
        }
        rest = tail;
    }
    out
}

/// A command to paste, as lines starting with `indent`: one line when it fits, else split
/// between its words with ` \` continuations, which POSIX shells read as the same command.
/// A command the split could change (quotes left open, a comment, a here-document, several
/// lines) stays one line, at the margin.
pub fn command(command: &str, indent: &str, width: usize) -> Vec<String> {
    if chars(indent) + chars(command) <= width {
        return vec![format!("{indent}{command}")];
    }
    let Some(words) = shell_words(command) else {
        return vec![command.to_string()];
    };
    let continued = format!("{indent}  ");
    let mut out = Vec::new();
    let mut current = indent.to_string();
    let mut empty = true;
    let last = words.len() - 1;
    for (i, word) in words.into_iter().enumerate() {
        // Room for ` \` after the word, unless it ends the command.
        let room = if i == last { width } else { width - 2 };
        if !empty && chars(&current) + 1 + chars(word) > room {
            current.push_str(" \\");
            out.push(std::mem::take(&mut current));
            current = continued.clone();
            empty = true;
        }
        if empty {
            if chars(&current) + chars(word) > room {
                current.clear();
            }
            current.push_str(word);
            empty = false;
        } else {
            current.push(' ');
            current.push_str(word);
        }
    }
    out.push(current);
    out
}

/// The words of a one-line POSIX command, split at the spaces outside quotes; `None` where a
/// split could change what the shell reads.
fn shell_words(command: &str) -> Option<Vec<&str>> {
    if command.contains('\n') || command.contains("<<") {
        return None;
    }
    let mut words = Vec::new();
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut start = None;
    for (i, c) in command.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' if !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            ' ' if !single && !double => {
                if let Some(from) = start.take() {
                    words.push(&command[from..i]);
                }
                continue;
            }
            // A comment runs to the end of the line: a continuation would not continue it.
            '#' if !single && !double && start.is_none() => return None,
            _ => {}
        }
        start.get_or_insert(i);
    }
    if single || double || escaped {
        return None;
    }
    if let Some(from) = start {
        words.push(&command[from..]);
    }
    Some(words)
}

/// What a report of limited size may leave out, most expendable first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    /// The requests of each check and what they got.
    pub evidence: bool,
    /// The JSON record for `confauth replay`.
    pub record: bool,
}

/// The report `render` makes, with as much as fits in `limit` characters: whole, else without
/// the evidence, else without the record too, else cut at a line's end (a check's text past any
/// cap of the record's would be a server's doing).
pub fn fit(limit: usize, render: impl Fn(Fit) -> String) -> String {
    let mut text = String::new();
    for evidence_and_record in [(true, true), (false, true), (false, false)] {
        let (evidence, record) = evidence_and_record;
        text = render(Fit { evidence, record });
        if chars(&text) <= limit {
            return text;
        }
    }
    cut(&text, limit)
}

/// `text` cut at a line's end to at most `limit` characters, saying so.
fn cut(text: &str, limit: usize) -> String {
    let note = format!("\n(cut here to stay within {} characters)\n", thousands(limit));
    let room = limit.saturating_sub(chars(&note));
    let mut out = String::new();
    let mut used = 0;
    for line in text.split_inclusive('\n') {
        let n = chars(line);
        if used + n > room {
            break;
        }
        out.push_str(line);
        used += n;
    }
    if out.is_empty() {
        out = text.chars().take(room).collect();
    }
    out.push_str(&note);
    out
}

/// What a fitted report says it left out, and where to find it; `None` when it is whole.
/// `carries_record`: whether the format has a record block at all.
pub fn left_out(fit: Fit, limit: usize, carries_record: bool) -> Option<String> {
    let limit = thousands(limit);
    let attach = "run confauth doctor again with --save report.json and attach the file";
    match (fit.evidence, fit.record) {
        (true, _) => None,
        (false, true) if carries_record => Some(format!(
            "The evidence is left out to stay within {limit} characters; the record below has it (confauth replay shows it)."
        )),
        (false, false) if carries_record => Some(format!(
            "The evidence and the record are left out to stay within {limit} characters: {attach}."
        )),
        (false, _) => Some(format!(
            "The evidence is left out to stay within {limit} characters: {attach}."
        )),
    }
}

/// `32000` as `32,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ascii_keeps_meaning() {
        for (text, shown) in [
            ("[✓] ok · trace 7120…", "[ok] ok, trace 7120..."),
            ("a·b", "a-b"),
            ("“quoted” – ‘x’ — y → z", "\"quoted\" - 'x' -- y -> z"),
            ("José 日本", "Jos? ??"),
            ("plain", "plain"),
        ] {
            assert_eq!(ascii(text), shown, "{text}");
        }
    }

    #[test]
    fn wrapping_breaks_at_spaces_with_a_hanging_indent() {
        let line = format!("  {}", "word ".repeat(30));
        let lines = wrap(&line, "    ", 40);
        assert!(lines.iter().all(|l| l.len() <= 40), "{lines:#?}");
        assert!(lines[0].starts_with("  word"));
        assert!(lines[1..].iter().all(|l| l.starts_with("    word")), "{lines:#?}");
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        assert_eq!(words.len(), 30);
    }

    #[test]
    fn a_short_line_keeps_its_spacing() {
        let row = "      anonymous                 200  JSON: 1 item";
        assert_eq!(wrap(row, "        ", 100), vec![row.to_string()]);
    }

    #[test]
    fn long_urls_get_lines_of_their_own_and_are_never_cut() {
        let url = format!("https://acme.atlassian.net/{}", "a/".repeat(60));
        let lines = wrap(&format!("    GET {url} then more words"), "      ", 100);
        assert_eq!(
            lines,
            vec!["    GET".to_string(), url.clone(), "      then more words".into()]
        );
        let short = "send it to https://api.atlassian.com/ex/x, with the same email";
        assert_eq!(wrap(short, "  ", 100), vec![short.to_string()]);
    }

    #[test]
    fn commands_split_only_where_the_shell_reads_them_the_same() {
        let url = format!(
            "https://api.atlassian.com/ex/confluence/{}/wiki/rest/api/space",
            "c".repeat(36)
        );
        let cmd = format!("curl -u \"j***h@example.com:${{ATLASSIAN_API_TOKEN}}\" -H 'Accept: application/json' {url}");
        let lines = command(&cmd, "    ", 100);
        assert!(lines.len() > 1, "{lines:#?}");
        assert!(lines.iter().all(|l| l.len() <= 100), "{lines:#?}");
        assert!(lines[..lines.len() - 1].iter().all(|l| l.ends_with(" \\")));
        // Joined back as the shell joins them, the words are the same.
        let joined = lines.join("\n").replace(" \\\n", " ");
        assert_eq!(
            joined.split_whitespace().collect::<Vec<_>>(),
            format!("    {cmd}").split_whitespace().collect::<Vec<_>>()
        );
        for unsplittable in [
            format!("curl '{url} # {url}"),
            format!("curl {url} # {url}"),
            format!("cat <<EOF {url} {url}"),
        ] {
            assert_eq!(command(&unsplittable, "    ", 100), vec![unsplittable.clone()]);
        }
        assert_eq!(command("curl x", "    ", 100), vec!["    curl x".to_string()]);
    }

    #[test]
    fn a_report_too_long_loses_evidence_then_record_then_is_cut() {
        let render = |fit: Fit| {
            let mut text = "head\n".to_string();
            if fit.evidence {
                text.push_str(&"e".repeat(100));
            }
            if fit.record {
                text.push_str(&"r".repeat(50));
            }
            text
        };
        assert_eq!(
            fit(1000, render),
            render(Fit {
                evidence: true,
                record: true
            })
        );
        assert_eq!(
            fit(100, render),
            render(Fit {
                evidence: false,
                record: true
            })
        );
        assert_eq!(fit(20, render), "head\n");
        let cut = fit(60, |_| "line\n".repeat(100));
        assert!(chars(&cut) <= 60, "{cut}");
        assert!(cut.contains("cut here to stay within 60 characters"));
    }

    #[test]
    fn thousands_are_grouped() {
        for (n, shown) in [
            (0, "0"),
            (999, "999"),
            (4000, "4,000"),
            (65536, "65,536"),
            (1234567, "1,234,567"),
        ] {
            assert_eq!(thousands(n), shown);
        }
    }

    proptest! {
        /// No word is ever cut or lost, and only a lone word goes over the width.
        #[test]
        fn wrapping_keeps_every_word_whole(words in proptest::collection::vec("[a-z:/.]{1,130}", 1..30)) {
            let line = words.join(" ");
            let lines = wrap(&line, "    ", 100);
            let back: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
            prop_assert_eq!(back, words.iter().map(String::as_str).collect::<Vec<_>>());
            for l in &lines {
                prop_assert!(l.len() <= 100 || !l.trim().contains(' '), "{}", l);
            }
        }

        #[test]
        fn a_split_command_has_the_same_words(words in proptest::collection::vec("[a-z'\"=$-]{1,40}", 1..20)) {
            let cmd = words.join(" ");
            let lines = command(&cmd, "    ", 60);
            let joined = lines.join("\n").replace(" \\\n", " ");
            prop_assert_eq!(joined.split_whitespace().collect::<Vec<_>>(), cmd.split_whitespace().collect::<Vec<_>>());
        }
    }
}
