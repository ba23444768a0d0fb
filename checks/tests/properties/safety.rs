//! The safety primitives: shell words read back exactly by real shells and running nothing
//! ([`shell`]), server text that cannot draw on a terminal ([`server_text`]), secrets that leave no
//! 12-character piece in any form and personal data shown only masked ([`redact`]).

use crate::{config, spawning_config};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use confauth_checks::redact::{PUBLIC_PREFIXES, REDACTED, Redactor, mask_emails};
use confauth_checks::server_text::{capped, one_line};
use confauth_checks::shell::{self, Command, Part, VarName};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::collections::HashSet;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

// ---------------------------------------------------------------------------
// Shell words
// ---------------------------------------------------------------------------

/// Each shell to check, with the arguments that run a script without reading any start-up file.
const SHELLS: &[(&str, &[&str])] = &[("bash", &["--norc", "-c"]), ("dash", &["-c"]), ("zsh", &["-f", "-c"])];

/// The shells of [`SHELLS`] present on this machine; an absent one is skipped, said once.
fn present_shells() -> &'static [(&'static str, &'static [&'static str])] {
    static PRESENT: OnceLock<Vec<(&str, &[&str])>> = OnceLock::new();
    PRESENT.get_or_init(|| {
        SHELLS
            .iter()
            .copied()
            .filter(|(shell, args)| {
                let present = std::process::Command::new(shell)
                    .args(*args)
                    .arg("true")
                    .output()
                    .is_ok_and(|out| out.status.success());
                if !present {
                    #[allow(
                        clippy::print_stderr,
                        reason = "a test run says which shell it could not try; the crate itself never prints"
                    )]
                    {
                        eprintln!("skipping {shell}: not installed on this machine");
                    }
                }
                present
            })
            .collect()
    })
}

/// A fresh empty folder, removed when dropped: a command that runs something leaves a file here.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "confauth-safety-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&path).expect("a scratch folder");
        Scratch(path)
    }

    fn entries(&self) -> Vec<String> {
        std::fs::read_dir(&self.0)
            .expect("the scratch folder")
            .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
            .collect()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What `script` prints as NUL-terminated words when `shell` runs it in `dir` with `env` set.
fn printed_words(
    (shell, args): (&str, &[&str]),
    script: &str,
    dir: &Path,
    env: &[(&str, &str)],
) -> Result<Vec<String>, TestCaseError> {
    let out = std::process::Command::new(shell)
        .args(args)
        .arg(script)
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .map_err(|e| TestCaseError::fail(format!("{shell} did not start: {e}")))?;
    prop_assert!(
        out.status.success(),
        "{shell}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    split_words(shell, &out.stdout)
}

fn split_words(shell: &str, stdout: &[u8]) -> Result<Vec<String>, TestCaseError> {
    let Some(stdout) = stdout.strip_suffix(b"\0") else {
        return Ok(Vec::new());
    };
    stdout
        .split(|b| *b == 0)
        .map(|word| {
            String::from_utf8(word.to_vec())
                .map_err(|_| TestCaseError::fail(format!("{shell} printed bytes not UTF-8")))
        })
        .collect()
}

/// Pieces that a shell reads specially somewhere: substitutions, separators, globs, history,
/// quotes, expansions of zsh, and characters that break naive byte handling.
const SHELL_HOSTILE: &[&str] = &[
    "$(touch pwned)",
    "`touch pwned`",
    "; touch pwned",
    "&& touch pwned",
    "| touch pwned",
    "\ntouch pwned\n",
    ">pwned",
    "$HOME",
    "${HOME}",
    "$'\\x41'",
    "!!",
    "!-1",
    "!$",
    "^a^b",
    "'",
    "''",
    "\"",
    "\\",
    "\\'",
    "*",
    "?",
    "[a]",
    "~",
    "~root",
    "=ls",
    "a=b",
    "{a,b}",
    "%1",
    "#",
    " ",
    "\t",
    "\r",
    "é",
    "😀",
    "\u{202e}",
    "\u{a0}",
    "\u{1b}[31m",
];

fn shell_word() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            3 => select(SHELL_HOSTILE).prop_map(String::from),
            2 => "[a-zA-Z0-9_@%+:,./=-]{1,6}",
            1 => any::<char>().prop_filter("no NUL", |c| *c != '\0').prop_map(String::from),
        ],
        0..6,
    )
    .prop_map(|pieces| pieces.concat())
}

/// `printf '%s\0'` and the words, as a script.
fn printf_script(words: &[String]) -> String {
    let mut script = String::from("printf '%s\\0'");
    for word in words {
        script.push(' ');
        script.push_str(&shell::quote(word));
    }
    script
}

proptest! {
    #![proptest_config(spawning_config())]

    /// Every shell present reads each quoted word back as exactly the text, and runs nothing.
    #[test]
    fn quoted_words_read_back_exactly_and_run_nothing(words in vec(shell_word(), 1..40)) {
        let script = printf_script(&words);
        for &shell in present_shells() {
            let scratch = Scratch::new();
            let printed = printed_words(shell, &script, &scratch.0, &[])?;
            prop_assert_eq!(&printed, &words, "{}: {}", shell.0, script);
            prop_assert!(scratch.entries().is_empty(), "{} ran something: {}", shell.0, script);
        }
    }
}

const EMAIL: VarName = VarName::new("CONFAUTH_TEST_EMAIL");
const TOKEN: VarName = VarName::new("CONFAUTH_TEST_TOKEN");

/// A piece of a generated command word: text, or one of the two variables.
#[derive(Clone, Debug)]
enum Piece {
    Text(String),
    Email,
    Token,
}

fn command_word() -> impl Strategy<Value = Vec<Piece>> {
    vec(
        prop_oneof![
            2 => shell_word().prop_map(Piece::Text),
            1 => Just(Piece::Email),
            1 => Just(Piece::Token),
        ],
        0..5,
    )
}

/// A value a variable may hold: anything but NUL, hostile pieces often.
fn variable_value() -> impl Strategy<Value = String> {
    shell_word()
}

fn command_of(words: &[Vec<Piece>]) -> Command {
    words
        .iter()
        .fold(Command::new("printf").arg_text("%s\\0"), |command, word| {
            match word.as_slice() {
                [Piece::Text(text)] => command.arg_text(text),
                pieces => command.arg_parts(
                    &pieces
                        .iter()
                        .map(|piece| match piece {
                            Piece::Text(text) => Part::Text(text),
                            Piece::Email => Part::Var(EMAIL),
                            Piece::Token => Part::Var(TOKEN),
                        })
                        .collect::<Vec<_>>(),
                ),
            }
        })
}

/// The words the command means: its text with each control character shown as U+FFFD (a
/// pasted control character is a key to the line editor), the variables' values as they are.
fn expected_words(words: &[Vec<Piece>], email: &str, token: &str) -> Vec<String> {
    words
        .iter()
        .map(|word| {
            word.iter()
                .map(|piece| match piece {
                    Piece::Text(text) => text
                        .chars()
                        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                        .collect(),
                    Piece::Email => email.to_owned(),
                    Piece::Token => token.to_owned(),
                })
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(spawning_config())]

    /// A rendered command gives exactly the intended words, the variables expanded from the
    /// environment and nothing else, and runs nothing.
    #[test]
    fn commands_give_exactly_the_intended_words(
        words in vec(command_word(), 1..12),
        email in variable_value(),
        token in variable_value(),
    ) {
        let command = command_of(&words).render();
        let env = [(EMAIL.as_str(), email.as_str()), (TOKEN.as_str(), token.as_str())];
        let expected = expected_words(&words, &email, &token);
        for &shell in present_shells() {
            let scratch = Scratch::new();
            let printed = printed_words(shell, &command, &scratch.0, &env)?;
            prop_assert_eq!(&printed, &expected, "{}: {}", shell.0, command);
            prop_assert!(scratch.entries().is_empty(), "{} ran something: {}", shell.0, command);
        }
    }

    /// Pasted into an interactive bash, where `!` expands from history, a rendered command
    /// still gives exactly the intended words.
    #[test]
    fn commands_survive_history_expansion(
        words in vec(command_word(), 1..12),
        email in variable_value(),
        token in variable_value(),
    ) {
        if !present_shells().iter().any(|(shell, _)| *shell == "bash") {
            return Ok(());
        }
        let command = command_of(&words).render();
        let env = [(EMAIL.as_str(), email.as_str()), (TOKEN.as_str(), token.as_str())];
        let scratch = Scratch::new();
        let out = std::process::Command::new("bash")
            .args(["--norc", "--noprofile", "-i"])
            .current_dir(&scratch.0)
            .env("HISTFILE", "/dev/null")
            // Without a UTF-8 locale, the line editor reads the bytes of a non-ASCII character as keys.
            .env("LC_ALL", "C.UTF-8")
            .envs(env)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .and_then(|mut bash| {
                use std::io::Write as _;
                let mut stdin = bash.stdin.take().expect("piped stdin");
                // A first line for `!!` and `!-1` to expand to, were they expanded.
                writeln!(stdin, "true earlier-command")?;
                writeln!(stdin, "{command}")?;
                drop(stdin);
                bash.wait_with_output()
            })
            .map_err(|e| TestCaseError::fail(format!("bash -i did not run: {e}")))?;
        let printed = split_words("bash -i", &out.stdout)?;
        prop_assert_eq!(printed, expected_words(&words, &email, &token), "{}", command);
        prop_assert!(scratch.entries().is_empty(), "bash -i ran something: {}", command);
    }
}

// ---------------------------------------------------------------------------
// Server text
// ---------------------------------------------------------------------------

/// General Category Cf (format), from UnicodeData.txt of Unicode 15: written out here so that the
/// check does not share the code's source of the property.
const FORMAT: &[RangeInclusive<u32>] = &[
    0x00AD..=0x00AD,
    0x0600..=0x0605,
    0x061C..=0x061C,
    0x06DD..=0x06DD,
    0x070F..=0x070F,
    0x0890..=0x0891,
    0x08E2..=0x08E2,
    0x180E..=0x180E,
    0x200B..=0x200F,
    0x202A..=0x202E,
    0x2060..=0x2064,
    0x2066..=0x206F,
    0xFEFF..=0xFEFF,
    0xFFF9..=0xFFFB,
    0x110BD..=0x110BD,
    0x110CD..=0x110CD,
    0x13430..=0x1343F,
    0x1BCA0..=0x1BCA3,
    0x1D173..=0x1D17A,
    0xE0001..=0xE0001,
    0xE0020..=0xE007F,
];

/// Default_Ignorable_Code_Point, from DerivedCoreProperties.txt of Unicode 15.
const DEFAULT_IGNORABLE: &[RangeInclusive<u32>] = &[
    0x00AD..=0x00AD,
    0x034F..=0x034F,
    0x061C..=0x061C,
    0x115F..=0x1160,
    0x17B4..=0x17B5,
    0x180B..=0x180F,
    0x200B..=0x200F,
    0x202A..=0x202E,
    0x2060..=0x206F,
    0x3164..=0x3164,
    0xFE00..=0xFE0F,
    0xFEFF..=0xFEFF,
    0xFFA0..=0xFFA0,
    0xFFF0..=0xFFF8,
    0x1BCA0..=0x1BCA3,
    0x1D173..=0x1D17A,
    0xE0000..=0xE0FFF,
];

/// Variation_Selector, from PropList.txt of Unicode 15.
const VARIATION_SELECTORS: &[RangeInclusive<u32>] =
    &[0x180B..=0x180D, 0x180F..=0x180F, 0xFE00..=0xFE0F, 0xE0100..=0xE01EF];

fn in_ranges(ranges: &[RangeInclusive<u32>], c: char) -> bool {
    ranges.iter().any(|range| range.contains(&u32::from(c)))
}

/// Characters a server uses to draw on a terminal, reorder text or hide it.
const SERVER_HOSTILE: &[char] = &[
    '\n',
    '\r',
    '\t',
    '\u{b}',
    '\u{c}',
    '\u{0}',
    '\u{7}',
    '\u{8}',
    '\u{1b}',
    '\u{7f}',
    '\u{85}',
    '\u{9b}',
    '\u{9d}',
    '\u{a0}',
    '\u{ad}',
    '\u{34f}',
    '\u{61c}',
    '\u{115f}',
    '\u{180e}',
    '\u{200b}',
    '\u{200c}',
    '\u{200d}',
    '\u{200e}',
    '\u{200f}',
    '\u{2028}',
    '\u{2029}',
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2060}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{3000}',
    '\u{3164}',
    '\u{fe0e}',
    '\u{fe0f}',
    '\u{feff}',
    '\u{fff9}',
    '\u{e0001}',
    '\u{e0041}',
    '\u{e007f}',
    '\u{e0100}',
    ' ',
    '[',
    '✓',
    '…',
    'é',
    '😀',
    '❤',
    'a',
    'Z',
    '0',
];

fn server_text() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            2 => select(SERVER_HOSTILE),
            1 => any::<char>(),
        ],
        0..80,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

/// Why `line` is not a clean line, if it is not.
fn unclean(line: &str) -> Option<String> {
    if line.starts_with(' ') || line.ends_with(' ') || line.contains("  ") {
        return Some("untrimmed or doubled space".into());
    }
    let mut before: Option<char> = None;
    for c in line.chars() {
        let variation_selector = in_ranges(VARIATION_SELECTORS, c);
        let forbidden = c.is_control()
            || (c.is_whitespace() && c != ' ')
            || in_ranges(FORMAT, c)
            || (in_ranges(DEFAULT_IGNORABLE, c) && !variation_selector);
        let alone = variation_selector && before.is_none_or(|b| b == ' ' || in_ranges(VARIATION_SELECTORS, b));
        if forbidden || alone {
            return Some(format!("U+{:04X}", u32::from(c)));
        }
        before = Some(c);
    }
    None
}

proptest! {
    #![proptest_config(config())]

    /// `one_line` leaves no control, format or other invisible character, no line break, no
    /// variation selector alone, no doubled or outer space; and it is idempotent.
    #[test]
    fn one_line_is_one_clean_line(text in server_text()) {
        let line = one_line(&text);
        prop_assert_eq!(unclean(&line), None, "{:?} -> {:?}", text, line);
        prop_assert_eq!(one_line(&line), line);
    }

    /// `capped` is `one_line` cut to at most `max` chars, ending in `…` exactly when cut, and
    /// idempotent.
    #[test]
    fn capped_is_a_clean_prefix(text in server_text(), max in 0usize..60) {
        let line = one_line(&text);
        let cut = capped(&text, max);
        prop_assert!(cut.chars().count() <= max, "{:?}", cut);
        prop_assert_eq!(unclean(&cut), None, "{:?}", cut);
        if line.chars().count() <= max {
            prop_assert_eq!(&cut, &line);
        } else if max > 0 {
            let kept = cut.strip_suffix('…');
            prop_assert!(kept.is_some_and(|kept| line.starts_with(kept)), "{:?} is no cut of {:?}", cut, line);
        }
        prop_assert_eq!(capped(&cut, max), cut);
    }
}

// ---------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------

/// The length of the pieces of a secret that must never survive.
const WINDOW: usize = 12;

/// A secret: mostly printable ASCII, some Unicode and escapes-to-be, sometimes after the public
/// prefix of a kind of token.
fn secret() -> impl Strategy<Value = String> {
    let chars = vec(
        prop_oneof![
            8 => proptest::char::range(' ', '~'),
            1 => select(&['é', '€', '😀', '\u{a0}', 'ß', '\n', '\t', '"', '\\', '\'', '&', '<', '%', '+', '='][..]),
        ],
        1..300,
    );
    let prefix = prop_oneof![3 => Just(""), 1 => select(&PUBLIC_PREFIXES[..])];
    (prefix, chars).prop_map(|(prefix, chars)| prefix.chars().chain(chars).collect())
}

/// Text around a secret: report-like words, public prefixes and masks, hostile characters.
fn filler() -> impl Strategy<Value = String> {
    vec(
        prop_oneof![
            4 => "[a-zA-Z0-9 .,:;=/-]{1,8}",
            1 => select(&[
                "ATATT3xFfGF0", "ATATT3xFfGF0********", "ATCTT3xFfG", "ATBB", "eyJ", "Bearer ", "Basic ",
                "Authorization: ", "\"", "\\", "\n", "%", "&amp;", "é", "😀", "brian@acme.org", "[redacted]",
            ][..]).prop_map(String::from),
        ],
        0..12,
    )
    .prop_map(|pieces| pieces.concat())
}

/// Every `WINDOW`-character piece of `form` that reaches past its public `head`.
fn windows_past<'a>(form: &'a str, head: &str) -> HashSet<&'a str> {
    let bounds: Vec<usize> = form.char_indices().map(|(at, _)| at).chain([form.len()]).collect();
    let head = head.chars().count();
    bounds
        .windows(WINDOW + 1)
        .enumerate()
        .filter(|(start, _)| start + WINDOW > head)
        .map(|(_, bounds)| &form[bounds[0]..bounds[WINDOW]])
        .collect()
}

fn all_windows(text: &str) -> HashSet<&str> {
    windows_past(text, "")
}

/// The windows of scrubbed text between its redaction markers: a window that takes in part of a
/// marker shows none of the secret, even where it spells a piece of one (`ATATT3xFfGF0[`).
fn shown_windows(scrubbed: &str) -> HashSet<&str> {
    scrubbed.split(REDACTED).flat_map(all_windows).collect()
}

/// Percent-encoding that keeps only RFC 3986 unreserved bytes.
fn percent_unreserved(text: &str, lower: bool) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => char::from(byte).to_string(),
            _ if lower => format!("%{byte:02x}"),
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn json_escaped(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string serializes");
    json[1..json.len() - 1].to_owned()
}

/// How a server may write the secret back, and what the user registered for it.
#[derive(Clone, Copy, Debug)]
enum Echo {
    AsIs,
    Trimmed,
    /// As server text is cleaned before it is scrubbed.
    Cleaned,
    FormUrlencoded,
    PercentUpper,
    PercentLower,
    Json,
    Html,
    /// The base64 of `login:secret`, with the line break of `echo` or without.
    BasicPair {
        line_break: bool,
    },
    /// The base64 of data holding the secret after `offset` bytes.
    Base64Inside {
        offset: usize,
    },
    /// The whole `Authorization: Bearer` value, registered with `header_value`.
    BearerHeader,
}

fn echo() -> impl Strategy<Value = Echo> {
    prop_oneof![
        Just(Echo::AsIs),
        Just(Echo::Trimmed),
        Just(Echo::Cleaned),
        Just(Echo::FormUrlencoded),
        Just(Echo::PercentUpper),
        Just(Echo::PercentLower),
        Just(Echo::Json),
        Just(Echo::Html),
        any::<bool>().prop_map(|line_break| Echo::BasicPair { line_break }),
        (0usize..3).prop_map(|offset| Echo::Base64Inside { offset }),
        Just(Echo::BearerHeader),
    ]
}

const LOGIN: &str = "brian@acme.org";

fn public_prefix(secret: &str) -> &'static str {
    PUBLIC_PREFIXES
        .into_iter()
        .find(|prefix| secret.starts_with(prefix))
        .unwrap_or("")
}

impl Echo {
    /// The form of `secret` the server writes, with its public head.
    fn form(self, secret: &str) -> (String, String) {
        let prefix = public_prefix(secret).to_owned();
        match self {
            Echo::AsIs => (secret.to_owned(), prefix),
            Echo::Trimmed => (secret.trim().to_owned(), public_prefix(secret.trim()).to_owned()),
            Echo::Cleaned => {
                let cleaned = one_line(secret);
                let prefix = public_prefix(&cleaned).to_owned();
                (cleaned, prefix)
            }
            Echo::FormUrlencoded => (
                url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
                prefix,
            ),
            Echo::PercentUpper => (percent_unreserved(secret, false), prefix),
            Echo::PercentLower => (percent_unreserved(secret, true), prefix),
            Echo::Json => (json_escaped(secret), prefix),
            Echo::Html => (html_escaped(secret), prefix),
            Echo::BasicPair { line_break } => {
                let line_end = if line_break { "\n" } else { "" };
                (STANDARD.encode(format!("{LOGIN}:{secret}{line_end}")), String::new())
            }
            Echo::Base64Inside { offset } => {
                let data = format!("{}{secret}\"}}", &"{\"p\":\""[..offset]);
                let encoded = STANDARD.encode(&data);
                // Only the characters that hold bits of the secret alone are its form.
                let first = (offset * 8).div_ceil(6);
                let end = ((offset + secret.len()) * 8 / 6).max(first);
                (encoded[first..end].to_owned(), String::new())
            }
            Echo::BearerHeader => (format!("Bearer {secret}"), format!("Bearer {prefix}")),
        }
    }

    fn register(self, redactor: &mut Redactor, secret: &str) {
        match self {
            Echo::BasicPair { .. } => redactor.basic_pair(LOGIN, secret),
            Echo::BearerHeader => redactor.header_value(&format!("Bearer {secret}")),
            _ => redactor.secret(secret),
        }
    }
}

/// `text` cut between two points given as indexes.
fn cut(text: &str, from: Index, to: Index) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (a, b) = (from.index(chars.len() + 1), to.index(chars.len() + 1));
    chars[a.min(b)..a.max(b)].iter().collect()
}

proptest! {
    #![proptest_config(config())]

    /// A secret written back in any form, whole or cut anywhere, inside any text: after
    /// `scrub`, no 12-character piece of that form survives past its public head.
    #[test]
    fn no_piece_of_a_secret_survives(
        secret in secret(),
        echo in echo(),
        from in any::<Index>(),
        to in any::<Index>(),
        before in filler(),
        after in filler(),
    ) {
        let (form, head) = echo.form(&secret);
        let text = format!("{before}{}{after}", cut(&form, from, to));
        let mut redactor = Redactor::new();
        echo.register(&mut redactor, &secret);
        let scrubbed = redactor.scrub(&text);
        let survivors: Vec<_> = windows_past(&form, &head).intersection(&shown_windows(&scrubbed)).cloned().collect();
        prop_assert!(survivors.is_empty(), "{:?} survive in {:?}", survivors, scrubbed);
    }

    /// A short secret, standing as a word, is redacted whole.
    #[test]
    fn a_short_secret_standing_alone_is_redacted(
        secret in "[ -~]{1,11}",
        before in filler(),
        after in filler(),
    ) {
        let trimmed = secret.trim();
        prop_assume!(!trimmed.is_empty());
        let mut redactor = Redactor::new();
        redactor.secret(&secret);
        let scrubbed = redactor.scrub(&format!("{before} {trimmed} {after}"));
        let standing = format!(" {trimmed} ");
        prop_assert!(!scrubbed.contains(&standing), "{:?}", scrubbed);
        prop_assert!(scrubbed.contains(REDACTED), "{:?}", scrubbed);
    }

    /// A text serialized to JSON with a secret inside: none of its 12-character pieces survives
    /// in the escaped form that serde_json writes, `"` and `\` included.
    #[test]
    fn a_secret_in_serialized_json_is_redacted(
        secret in secret(),
        before in filler(),
        after in filler(),
    ) {
        let json = serde_json::to_string(&serde_json::json!({ "message": format!("{before}{secret}{after}") }))
            .expect("a value serializes");
        let mut redactor = Redactor::new();
        redactor.secret(&secret);
        let scrubbed = redactor.scrub(&json);
        let escaped = json_escaped(&secret);
        let survivors: Vec<_> = windows_past(&escaped, public_prefix(&secret))
            .intersection(&shown_windows(&scrubbed))
            .cloned()
            .collect();
        prop_assert!(survivors.is_empty(), "{:?} survive in {:?}", survivors, scrubbed);
    }

    /// Text that holds no piece of any form of the secret is left exactly as it was, public
    /// prefixes, masks and `Bearer ` included.
    #[test]
    fn text_without_the_secret_is_unchanged(
        secret in secret(),
        text in filler(),
    ) {
        for echo in [Echo::AsIs, Echo::Json, Echo::Html, Echo::FormUrlencoded, Echo::BasicPair { line_break: false }] {
            let (form, head) = echo.form(&secret);
            prop_assume!(windows_past(&form, &head).is_disjoint(&all_windows(&text)));
        }
        // The header value is a secret of its own: a piece of one of its
        // forms (`Bearer &amp;` of `Bearer &A`) is redacted, rightly.
        for echo in [Echo::AsIs, Echo::Json, Echo::Html, Echo::FormUrlencoded] {
            let (form, head) = echo.form(&format!("Bearer {secret}"));
            prop_assume!(windows_past(&form, &head).is_disjoint(&all_windows(&text)));
        }
        prop_assume!(!text.contains(secret.trim()));
        let mut redactor = Redactor::new();
        redactor.secret(&secret);
        redactor.basic_pair(LOGIN, &secret);
        redactor.header_value(&format!("Bearer {secret}"));
        prop_assert_eq!(redactor.scrub(&text), text);
    }
}

/// How a server may write an email back.
fn written_email(email: &str, how: usize) -> String {
    match how {
        0 => email.to_owned(),
        1 => email.to_uppercase(),
        2 => url::form_urlencoded::byte_serialize(email.as_bytes()).collect(),
        _ => json_escaped(email),
    }
}

proptest! {
    #![proptest_config(config())]

    /// A registered email, written back as it is, in capitals, percent-encoded or JSON-escaped,
    /// is shown only as its mask.
    #[test]
    fn a_personal_value_is_shown_only_as_its_mask(
        local in "[a-z0-9][a-z0-9._+-]{4,20}",
        domain in "[a-z0-9-]{2,12}\\.[a-z]{2,6}",
        how in 0usize..4,
        before in filler(),
        after in filler(),
    ) {
        let email = format!("{local}@{domain}");
        let mut redactor = Redactor::new();
        redactor.personal(&email, "[email]");
        let scrubbed = redactor.scrub(&format!("{before} {} {after}", written_email(&email, how)));
        prop_assert!(!scrubbed.to_lowercase().contains(&local), "{:?}", scrubbed);
        prop_assert!(scrubbed.contains("[email]"), "{:?}", scrubbed);
    }

    /// `mask_emails` leaves no local part of an address in free text, keeps its domain, and
    /// masks nothing twice.
    #[test]
    fn mask_emails_hides_every_local_part(
        local in "[a-z0-9][a-z0-9._+-]{1,20}[a-z0-9]",
        domain in "[a-z0-9-]{2,12}\\.[a-z]{2,6}",
        before in filler(),
        after in filler(),
    ) {
        let masked = mask_emails(&format!("{before} {local}@{domain} {after}"));
        prop_assert!(!masked.contains(&format!("{local}@")), "{:?}", masked);
        prop_assert!(masked.contains(&format!("@{domain}")), "{:?}", masked);
        prop_assert_eq!(mask_emails(&masked), masked.clone());
    }
}
