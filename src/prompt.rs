//! Prompts on a terminal. `--curl -` and `--token-stdin` read standard
//! input; when a person types there rather than a pipe, they get a prompt on
//! stderr saying what to paste and how to finish, and what they paste is
//! not shown: a token, or a command that holds one, must not stay on the
//! screen or in its scrollback. A pipe or a file is read as before.
//!
//! The whole paste is read in one quiet session (echo and the terminal's
//! own line editing off), not a hidden line at a time: a paste arrives
//! faster than echo could be switched off again between its lines, and the
//! terminal's line editing cuts a line at 4 KiB. The editing keys a person
//! needs (Backspace, Ctrl-U, Ctrl-D, Ctrl-C) are read here instead.

use crate::cli::DoctorArgs;
use confauth_checks::paste::MAX_PASTE_LEN;
use std::io::{self, Cursor, IsTerminal, Read, Write};
use zeroize::Zeroizing;

/// Whether this platform's terminal hides what is typed at the prompt.
const HIDDEN: bool = cfg!(unix);

const CTRL_C: u8 = 0x03;
const CTRL_D: u8 = 0x04;
const BACKSPACE: u8 = 0x08;
const CTRL_U: u8 = 0x15;
const ESC: u8 = 0x1b;
const DEL: u8 = 0x7f;

/// The terminal as the prompt uses it: the seam the tests drive.
pub trait Terminal {
    /// Whether standard input is a terminal: a person, not a pipe or a file.
    fn is_terminal(&self) -> bool;
    /// Shows `text` to the person, on stderr.
    fn say(&self, text: &str);
    /// Standard input with echo and line editing off, until the reader is dropped.
    fn quiet(&self) -> io::Result<Box<dyn Read + '_>>;
}

/// What the doctor reads from standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    Command,
    Token,
}

impl Ask {
    /// What `args` read from standard input; `None` for nothing, and for
    /// both at once, which `inputs::gather` refuses with its own message.
    fn of(args: &DoctorArgs) -> Option<Ask> {
        match (args.curl.as_deref() == Some("-"), args.token_stdin) {
            (true, false) => Some(Ask::Command),
            (false, true) => Some(Ask::Token),
            _ => None,
        }
    }

    fn prompt(self) -> &'static str {
        match (self, HIDDEN) {
            (Ask::Command, true) => {
                "Paste the failing command, then press Enter on an empty line (or Ctrl-D).\n\
                It is not shown as you paste: it may hold your token.\n"
            }
            (Ask::Command, false) => "Paste the failing command, then press Enter on an empty line (or Ctrl-D).\n",
            (Ask::Token, true) => "Paste the token (hidden), then press Enter: ",
            (Ask::Token, false) => "Paste the token, then press Enter: ",
        }
    }

    /// Prompts and reads the answer, echo off before the prompt shows.
    fn read(self, terminal: &dyn Terminal) -> io::Result<Zeroizing<Vec<u8>>> {
        let mut keys = Keys::new(terminal.quiet()?);
        terminal.say(self.prompt());
        let typed = match self {
            Ask::Command => read_paste(&mut keys, &|lines| terminal.say(&received(lines))),
            Ask::Token => keys.line().map(|line| line.text),
        };
        // Enter was not echoed either: end the prompt's line.
        terminal.say("\n");
        typed
    }
}

/// Standard input for `inputs::gather`: what was typed at a prompt when a
/// person is at the terminal, else standard input itself.
pub fn stdin(args: &DoctorArgs, terminal: &dyn Terminal) -> Box<dyn Read> {
    match Ask::of(args) {
        Some(ask) if terminal.is_terminal() => Box::new(Typed::from(ask.read(terminal))),
        _ => Box::new(io::stdin()),
    }
}

/// The feedback while a paste comes in unseen.
fn received(lines: usize) -> String {
    let plural = if lines == 1 { "" } else { "s" };
    format!("\r{lines} line{plural} read")
}

/// What was typed at the prompt, as `inputs::gather` reads standard input;
/// or why it could not be read, which its message then names.
struct Typed {
    text: Cursor<Zeroizing<Vec<u8>>>,
    error: Option<io::Error>,
}

impl From<io::Result<Zeroizing<Vec<u8>>>> for Typed {
    fn from(typed: io::Result<Zeroizing<Vec<u8>>>) -> Typed {
        match typed {
            Ok(text) => Typed {
                text: Cursor::new(text),
                error: None,
            },
            Err(error) => Typed {
                text: Cursor::new(Zeroizing::new(Vec::new())),
                error: Some(error),
            },
        }
    }
}

impl Read for Typed {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.error.take() {
            Some(error) => Err(error),
            None => self.text.read(buf),
        }
    }
}

/// A line as typed or pasted, the editing keys applied.
struct Line {
    text: Zeroizing<Vec<u8>>,
    /// The input ended with this line: Ctrl-D, the end of input, or too much of it.
    last: bool,
}

/// The keys from a quiet terminal, read through a buffer that is wiped.
struct Keys<'a> {
    input: Box<dyn Read + 'a>,
    buffer: Zeroizing<Vec<u8>>,
    start: usize,
    end: usize,
    /// The last line ended with CR: a LF right after it ends no other line.
    after_cr: bool,
}

impl<'a> Keys<'a> {
    fn new(input: Box<dyn Read + 'a>) -> Keys<'a> {
        Keys {
            input,
            buffer: Zeroizing::new(vec![0; 4096]),
            start: 0,
            end: 0,
            after_cr: false,
        }
    }

    /// The next byte; `None` at the end of input.
    fn next(&mut self) -> io::Result<Option<u8>> {
        while self.start == self.end {
            match self.input.read(&mut self.buffer) {
                Ok(0) => return Ok(None),
                Ok(n) => (self.start, self.end) = (0, n),
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
        self.start += 1;
        Ok(Some(self.buffer[self.start - 1]))
    }

    /// One line: up to Enter (CR, LF or CR LF), Ctrl-D or the end of input.
    fn line(&mut self) -> io::Result<Line> {
        let mut text = Zeroizing::new(Vec::new());
        let after_cr = std::mem::take(&mut self.after_cr);
        let mut first = true;
        loop {
            if text.len() > MAX_PASTE_LEN {
                return Ok(Line { text, last: true });
            }
            let Some(byte) = self.next()? else {
                return Ok(Line { text, last: true });
            };
            match byte {
                b'\n' if first && after_cr => {}
                b'\r' | b'\n' => {
                    self.after_cr = byte == b'\r';
                    return Ok(Line { text, last: false });
                }
                CTRL_D => return Ok(Line { text, last: true }),
                CTRL_C => return Err(io::Error::other("cancelled with Ctrl-C")),
                BACKSPACE | DEL => pop_char(&mut text),
                CTRL_U => text.clear(),
                ESC => self.skip_escape_sequence()?,
                b'\t' => text.push(byte),
                byte if byte < 0x20 => {}
                byte => text.push(byte),
            }
            first = false;
        }
    }

    /// The rest of a key's escape sequence (an arrow, Home, F1): not text.
    fn skip_escape_sequence(&mut self) -> io::Result<()> {
        if let Some(b'[' | b'O') = self.next()? {
            // Parameters, then one final byte in @..~; a sequence is short.
            for _ in 0..32 {
                match self.next()? {
                    Some(0x40..=0x7e) | None => break,
                    Some(_) => {}
                }
            }
        }
        Ok(())
    }
}

/// Backspace: the last character, all of its UTF-8 bytes.
fn pop_char(text: &mut Vec<u8>) {
    while let Some(byte) = text.pop() {
        if byte & 0xc0 != 0x80 {
            break;
        }
    }
}

/// The lines of a paste, each ended by a LF: up to an empty line after
/// some text (an empty line before any is a stray Enter), Ctrl-D or the end
/// of input. `received` is told how many lines have come.
fn read_paste(keys: &mut Keys, received: &dyn Fn(usize)) -> io::Result<Zeroizing<Vec<u8>>> {
    let mut text = Zeroizing::new(Vec::new());
    let mut lines = 0;
    loop {
        let line = keys.line()?;
        let blank = line.text.iter().all(u8::is_ascii_whitespace);
        if blank && lines > 0 {
            break;
        }
        if !blank {
            text.extend_from_slice(&line.text);
            text.push(b'\n');
            lines += 1;
            received(lines);
        }
        if line.last || text.len() > MAX_PASTE_LEN {
            break;
        }
    }
    Ok(text)
}

/// The terminal of this process.
pub struct ProcessTerminal;

impl Terminal for ProcessTerminal {
    fn is_terminal(&self) -> bool {
        io::stdin().is_terminal()
    }

    fn say(&self, text: &str) {
        let mut stderr = io::stderr().lock();
        // A prompt that cannot be shown is no reason to stop reading.
        let _ = stderr.write_all(text.as_bytes()).and_then(|()| stderr.flush());
    }

    #[cfg(unix)]
    fn quiet(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(quiet::Quiet::start()?))
    }

    #[cfg(not(unix))]
    fn quiet(&self) -> io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(io::stdin()))
    }
}

#[cfg(unix)]
mod quiet {
    use rustix::termios::{self, InputModes, LocalModes, OptionalActions, SpecialCodeIndex, Termios};
    use std::io::{self, Read};

    /// Standard input, its terminal in raw mode: no echo, no line editing,
    /// no signals from keys, CR as typed. The settings come back on drop.
    pub struct Quiet {
        stdin: io::Stdin,
        saved: Termios,
    }

    impl Quiet {
        pub fn start() -> io::Result<Quiet> {
            let stdin = io::stdin();
            let saved = termios::tcgetattr(&stdin)?;
            let mut raw = saved.clone();
            raw.local_modes.remove(
                LocalModes::ECHO | LocalModes::ECHONL | LocalModes::ICANON | LocalModes::ISIG | LocalModes::IEXTEN,
            );
            raw.input_modes.remove(InputModes::ICRNL | InputModes::IXON);
            raw.special_codes[SpecialCodeIndex::VMIN] = 1;
            raw.special_codes[SpecialCodeIndex::VTIME] = 0;
            termios::tcsetattr(&stdin, OptionalActions::Now, &raw)?;
            Ok(Quiet { stdin, saved })
        }
    }

    impl Read for Quiet {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.stdin.read(buf)
        }
    }

    impl Drop for Quiet {
        fn drop(&mut self) {
            let _ = termios::tcsetattr(&self.stdin, OptionalActions::Now, &self.saved);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, Command};
    use clap::Parser;
    use std::cell::RefCell;

    /// A terminal whose person types `keys`; it records what happens, in order.
    struct Fake {
        terminal: bool,
        keys: Vec<u8>,
        events: RefCell<Vec<String>>,
    }

    impl Fake {
        fn typing(keys: &[u8]) -> Fake {
            Fake {
                terminal: true,
                keys: keys.to_vec(),
                events: RefCell::new(Vec::new()),
            }
        }

        fn said(&self) -> String {
            self.events
                .borrow()
                .iter()
                .filter_map(|e| e.strip_prefix("say "))
                .collect()
        }
    }

    impl Terminal for Fake {
        fn is_terminal(&self) -> bool {
            self.terminal
        }

        fn say(&self, text: &str) {
            self.events.borrow_mut().push(format!("say {text}"));
        }

        fn quiet(&self) -> io::Result<Box<dyn Read + '_>> {
            self.events.borrow_mut().push("quiet".into());
            Ok(Box::new(Cursor::new(self.keys.clone())))
        }
    }

    fn doctor(args: &[&str]) -> DoctorArgs {
        match Cli::parse_from(["confauth", "doctor"].iter().chain(args)).command {
            Command::Doctor(args) => args,
            _ => unreachable!("a doctor command line"),
        }
    }

    fn paste(keys: &[u8]) -> io::Result<String> {
        let mut keys = Keys::new(Box::new(keys));
        read_paste(&mut keys, &|_| {}).map(|text| String::from_utf8_lossy(&text).into_owned())
    }

    #[test]
    fn a_paste_is_read_as_typed_with_the_editing_keys_applied() {
        let cases: &[(&[u8], &str)] = &[
            (b"curl -u me:tok https://x/\r\r", "curl -u me:tok https://x/\n"),
            (
                b"curl -u me:tok \\\r  https://x/\r\r",
                "curl -u me:tok \\\n  https://x/\n",
            ),
            (
                b"export T=1\r\ncurl https://x/\r\n\r\n",
                "export T=1\ncurl https://x/\n",
            ),
            (b"a\nb\n\n", "a\nb\n"),
            (b"\r  \rcurl https://x/\r\r", "curl https://x/\n"),
            (b"curl https://x/\x04", "curl https://x/\n"),
            (b"curl https://x/", "curl https://x/\n"),
            (b"curl https://x/\r\x04", "curl https://x/\n"),
            (b"curlx\x7f https://x/\r\r", "curl https://x/\n"),
            ("curl https://x/é\x08\r\r".as_bytes(), "curl https://x/\n"),
            (b"garbage\x15curl https://x/\r\r", "curl https://x/\n"),
            (b"curl\x1b[D\x1bOH https://x/\r\r", "curl https://x/\n"),
            (b"curl\thttps://x/\x07\r\r", "curl\thttps://x/\n"),
            (b"curl https://x/\r\rmore after the end\r", "curl https://x/\n"),
            (b"", ""),
        ];
        for (keys, expected) in cases {
            assert_eq!(paste(keys).unwrap(), *expected, "{:?}", String::from_utf8_lossy(keys));
        }
    }

    #[test]
    fn ctrl_c_cancels() {
        let error = paste(b"curl https://x/\x03").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::Other, "not retried as an interruption");
        assert!(error.to_string().contains("Ctrl-C"), "{error}");
    }

    #[test]
    fn endless_input_stops_past_the_cap() {
        let mut keys = Keys::new(Box::new(io::repeat(b'a')));
        let text = read_paste(&mut keys, &|_| {}).unwrap();
        assert!(
            text.len() > MAX_PASTE_LEN && text.len() < MAX_PASTE_LEN + 16,
            "{}",
            text.len()
        );
    }

    #[test]
    fn a_token_is_one_line() {
        for (keys, token) in [
            (&b"ATATT3xFfGF0-tok\r"[..], "ATATT3xFfGF0-tok"),
            (b"tok\r\nmore", "tok"),
            (b"tok\x04", "tok"),
            (b"\r", ""),
        ] {
            let fake = Fake::typing(keys);
            let mut read = String::new();
            stdin(&doctor(&["--site", "acme", "--token-stdin"]), &fake)
                .read_to_string(&mut read)
                .unwrap();
            assert_eq!(read, token);
        }
    }

    #[test]
    fn the_prompt_says_what_to_paste_once_echo_is_off() {
        let fake = Fake::typing(b"curl -u me:tok https://x/\r\r");
        let mut read = String::new();
        stdin(&doctor(&["--curl", "-"]), &fake)
            .read_to_string(&mut read)
            .unwrap();
        assert_eq!(read, "curl -u me:tok https://x/\n");
        let events = fake.events.borrow();
        assert_eq!(events[0], "quiet", "echo goes off before the prompt shows");
        assert!(events[1].contains("Paste the failing command"), "{events:?}");
        assert!(fake.said().contains("1 line read"), "{}", fake.said());
        assert!(fake.said().ends_with('\n'));
        assert!(!fake.said().contains("s3cr3t"), "what was typed is not shown");

        let fake = Fake::typing(b"tok\r");
        stdin(&doctor(&["--site", "acme", "--token-stdin"]), &fake);
        assert!(fake.said().starts_with("Paste the token"), "{}", fake.said());
    }

    #[test]
    fn no_prompt_without_a_person_or_a_question() {
        for (terminal, args) in [
            (false, &["--curl", "-"][..]),
            (false, &["--site", "acme", "--token-stdin"]),
            (true, &["--site", "acme"]),
            (true, &["--curl", "curl https://x/"]),
            (true, &["--curl", "-", "--token-stdin"]),
        ] {
            let fake = Fake {
                terminal,
                ..Fake::typing(b"")
            };
            stdin(&doctor(args), &fake);
            assert!(fake.events.borrow().is_empty(), "{terminal} {args:?}");
        }
    }

    #[test]
    fn a_terminal_that_fails_is_an_error_to_read() {
        struct Broken;
        impl Terminal for Broken {
            fn is_terminal(&self) -> bool {
                true
            }
            fn say(&self, _text: &str) {}
            fn quiet(&self) -> io::Result<Box<dyn Read + '_>> {
                Err(io::Error::other("not the foreground"))
            }
        }
        let error = stdin(&doctor(&["--curl", "-"]), &Broken)
            .read_to_end(&mut Vec::new())
            .unwrap_err();
        assert!(error.to_string().contains("not the foreground"));
    }
}
