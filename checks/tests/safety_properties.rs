//! Property tests of the safety primitives: shell words read back exactly by real shells and
//! running nothing ([`shell`]), server text that cannot draw on a terminal ([`server_text`]),
//! and secrets that leave no 12-character piece in any form ([`redact`]).
//!
//! Pure properties run 256 cases, those that start shells 32 (each case runs every shell present
//! once, on a batch of words). `PROPTEST_CASES` sets the first count and an eighth of it for the
//! second; to search longer:
//!
//! ```text
//! PROPTEST_CASES=20000 cargo test -p confauth-checks --test safety_properties --release
//! ```

use confauth_checks::server_text::{capped, one_line};
use confauth_checks::shell::{self, Command, Part, VarName};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    }
}

/// For properties that start processes: an eighth of the cases.
fn spawning_config() -> ProptestConfig {
    ProptestConfig {
        cases: (cases() / 8).max(1),
        ..ProptestConfig::default()
    }
}

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
                    eprintln!("skipping {shell}: not installed on this machine");
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
