//! Every form of a secret, and of the user's personal data, out of any text.
//!
//! A server may echo the credential it was sent, whole or cut off, in a body, a header or a trace
//! id, written the way its own code writes text: percent-encoded, escaped in JSON or HTML, inside
//! base64. The [`Redactor`] knows each secret in all these forms and replaces any piece of
//! [`WINDOW`] characters of any of them, so that neither a secret nor a telling piece of one
//! reaches a report. Personal data (an email, a display name, an account id) is replaced where it
//! appears whole, in the same textual forms. [`mask_emails`] masks addresses nobody registered.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, STANDARD_PAD_INDIFFERENT, URL_SAFE_NO_PAD};
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::ops::Range;
use zeroize::Zeroizing;

use crate::server_text::one_line;

/// What stands in for a secret, whatever its length.
pub const REDACTED: &str = "[redacted]";

/// The length, in characters, of the pieces of a secret that are redacted wherever they appear:
/// a server that cuts the secret short still cannot show 12 characters of it.
pub const WINDOW: usize = 12;

/// A form shorter than this is redacted only where it stands as a word, so that a four-letter
/// password does not blank out every word that contains it.
const WORD: usize = 6;

/// Prefixes that every token of a kind shares, so public: Atlassian API tokens, access tokens
/// and organization API keys, Bitbucket app passwords, JWTs. Longest first: the first that
/// matches is the token's.
pub const PUBLIC_PREFIXES: [&str; 5] = ["ATATT3xFfGF0", "ATCTT3xFfGN0", "ATCTT3xFfG", "ATBB", "eyJ"];

/// `Authorization` schemes, whose name is public.
const SCHEMES: [&str; 7] = ["Basic", "Bearer", "Token", "Digest", "Negotiate", "NTLM", "OAuth"];

/// Replaces every form of the secrets and personal values it was given. It holds the long forms
/// only as keyed hashes of their pieces and the others wiped on drop; its `Debug` shows none of
/// them, nor how many there are.
#[derive(Default)]
pub struct Redactor {
    /// Every [`WINDOW`]-character piece of every form of every secret, past the form's public
    /// head, as a hash keyed by `hasher`: the pieces themselves are not kept, and a chance
    /// collision (about one in 2^64 for each piece of text) could only redact too much.
    windows: HashSet<u64>,
    hasher: RandomState,
    /// The forms already cut into windows, as keyed hashes: most encoders write a token the same
    /// way, and a secret comes again inside a pair or a header value.
    added: HashSet<u64>,
    /// Forms of secrets shorter than a window, redacted where they appear whole.
    whole: Vec<Zeroizing<String>>,
    /// The public heads of forms (`ATATT3xFfGF0`, `Bearer ATATT3xFfGF0`, `Basic `): a redaction
    /// that starts inside one starts after it instead, so the kind of credential stays visible.
    heads: Vec<String>,
    /// Personal values in every form, ASCII-lowercased, with what is shown instead; longest
    /// first, so that an email wins over a name inside it.
    personal: Vec<(Zeroizing<String>, String)>,
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// A secret (token, password, PAT): every form of it, as given, trimmed and cleaned, is
    /// replaced by [`REDACTED`], except the public prefix of its kind.
    pub fn secret(&mut self, value: &str) {
        for value in variants(value) {
            self.add_secret(&value, public_prefix(&value).unwrap_or(""));
        }
    }

    /// The Basic pair: the base64 of `login:secret` (and of `login:secret` with the trailing line
    /// break that `echo` adds) in every form, and the secret itself.
    pub fn basic_pair(&mut self, login: &str, secret: &str) {
        self.secret(secret);
        for line_end in ["", "\n"] {
            let pair = joined(&[login, ":", secret, line_end]);
            let encoded = Zeroizing::new(STANDARD.encode(pair.as_bytes()));
            for form in FORMS {
                self.add_form(&form.write(&encoded), "");
            }
        }
    }

    /// A whole `Authorization` header value as the user's request sent it: the value in every
    /// form (its scheme and the public prefix of its credential stay visible), and the credential
    /// in it, a Basic one decoded into its pair.
    pub fn header_value(&mut self, value: &str) {
        // A scheme without a credential holds nothing secret, and its name is in every report.
        if is_scheme(value.trim()) {
            return;
        }
        for value in variants(value) {
            self.add_secret(&value, public_head(&value));
        }
        let value = value.trim();
        match split_scheme(value) {
            Some((scheme, credential)) if scheme.eq_ignore_ascii_case("Basic") => match decoded(credential) {
                Some(pair) => match pair.split_once(':') {
                    Some((login, secret)) => self.basic_pair(login, secret),
                    None => self.secret(credential),
                },
                None => self.secret(credential),
            },
            Some((_, credential)) => self.secret(credential),
            None => self.secret(value),
        }
    }

    /// Personal data (an email, a display name, an account id): every textual form of it, in any
    /// ASCII case, replaced by `shown` where it stands as a word.
    pub fn personal(&mut self, value: &str, shown: &str) {
        for value in variants(value) {
            for form in FORMS {
                let mut written = form.write(&value);
                written.make_ascii_lowercase();
                if !self.personal.iter().any(|(known, _)| *known == written) {
                    self.personal.push((written, shown.to_owned()));
                }
            }
        }
        self.personal.sort_by_key(|(form, _)| Reverse(form.len()));
    }

    /// Text with every form of every secret, and of every personal value, replaced.
    pub fn scrub(&self, text: &str) -> String {
        let mut secret = merged(self.secret_matches(text));
        // A personal value that overlaps a secret goes with it: partly shown, it would show
        // the part of the secret it overlaps or leave a piece of itself outside the redaction.
        let (overlapping, personal): (Vec<_>, Vec<_>) = self
            .personal_matches(text)
            .into_iter()
            .partition(|(range, _)| overlaps_any(&secret, range));
        if !overlapping.is_empty() {
            secret.extend(overlapping.into_iter().map(|(range, _)| range));
            secret = merged(secret);
        }
        let mut replacements: Vec<(Range<usize>, &str)> = secret
            .into_iter()
            .filter_map(|range| self.past_public_head(text, range))
            .map(|range| (range, REDACTED))
            .chain(personal)
            .collect();
        replacements.sort_by_key(|(range, _)| range.start);
        let mut scrubbed = String::with_capacity(text.len());
        let mut copied = 0;
        for (range, with) in replacements {
            scrubbed.push_str(&text[copied..range.start]);
            scrubbed.push_str(with);
            copied = range.end;
        }
        scrubbed.push_str(&text[copied..]);
        scrubbed
    }

    fn add_secret(&mut self, value: &str, head: &str) {
        for form in FORMS {
            self.add_form(&form.write(value), &form.write(head));
        }
        for core in base64_cores(value) {
            self.add_form(&core, "");
        }
    }

    /// `form` starts with `head`, which is public: its windows that end inside the head are
    /// not kept.
    fn add_form(&mut self, form: &str, head: &str) {
        if !self.added.insert(self.hasher.hash_one((form, head))) {
            return;
        }
        let bounds = char_bounds(form);
        let chars = bounds.len() - 1;
        let head_chars = head.chars().count();
        if chars <= head_chars {
            return;
        }
        if !head.is_empty() && !self.heads.iter().any(|known| known == head) {
            self.heads.push(head.to_owned());
        }
        if chars < WINDOW {
            if !self.whole.iter().any(|known| known.as_str() == form) {
                self.whole.push(Zeroizing::new(form.to_owned()));
            }
            return;
        }
        for start in head_chars.saturating_sub(WINDOW - 1)..=chars - WINDOW {
            self.windows
                .insert(self.hasher.hash_one(&form[bounds[start]..bounds[start + WINDOW]]));
        }
    }

    /// Where a window or a whole short form of a secret occurs in `text`, overlapping.
    fn secret_matches(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        if !self.windows.is_empty() {
            for bounds in char_bounds(text).windows(WINDOW + 1) {
                let window = bounds[0]..bounds[WINDOW];
                if self.windows.contains(&self.hasher.hash_one(&text[window.clone()])) {
                    found.push(window);
                }
            }
        }
        for form in &self.whole {
            let word_only = form.chars().count() < WORD;
            found.extend(occurrences(text, form).filter(|range| !word_only || stands_alone(text, range)));
        }
        found
    }

    /// Where a personal value stands as a word in `text`, each place claimed by the longest.
    fn personal_matches(&self, text: &str) -> Vec<(Range<usize>, &str)> {
        if self.personal.is_empty() {
            return Vec::new();
        }
        // Lowercasing ASCII keeps every byte where it was, so a range found here holds in `text`.
        let lower = Zeroizing::new(text.to_ascii_lowercase());
        // Claims by start; they never overlap, so the last one starting before a range's end is
        // the only one that can overlap it.
        let mut claimed: BTreeMap<usize, (usize, &str)> = BTreeMap::new();
        for (form, shown) in &self.personal {
            for range in occurrences(&lower, form) {
                let free = claimed
                    .range(..range.end)
                    .next_back()
                    .is_none_or(|(_, (end, _))| *end <= range.start);
                if free && stands_alone(text, &range) {
                    claimed.insert(range.start, (range.end, shown));
                }
            }
        }
        claimed
            .into_iter()
            .map(|(start, (end, shown))| (start..end, shown))
            .collect()
    }

    /// A redaction that starts inside a public head starts after it instead, and is dropped if
    /// nothing is left: the head tells nothing secret, and it tells the reader what was there.
    fn past_public_head(&self, text: &str, range: Range<usize>) -> Option<Range<usize>> {
        let start = self
            .heads
            .iter()
            .flat_map(|head| {
                (0..head.len())
                    .filter_map(|back| range.start.checked_sub(back))
                    .filter(|&at| text.get(at..).is_some_and(|rest| rest.starts_with(head.as_str())))
                    .map(|at| at + head.len())
            })
            .fold(range.start, usize::max);
        (start < range.end).then_some(start..range.end)
    }
}

impl fmt::Debug for Redactor {
    /// Nothing it holds, not even how much: a count of windows would tell a secret's length.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Redactor { .. }")
    }
}

/// A way the programs between the user and the report write a text. Each writes character by
/// character, so the form of a prefix is a prefix of the form.
#[derive(Clone, Copy)]
enum Form {
    AsIs,
    /// Percent-encoded, keeping the bytes that the style leaves alone.
    Percent(Unescaped, Hex),
    /// Inside a JSON string, without the quotes: as serde_json writes it (non-ASCII as it is), or
    /// with every non-ASCII character as `\u` escapes in the given case (Python, Jackson).
    Json(Option<Hex>),
    /// HTML-escaped: `&`, `<`, `>`, the double quote as given, and the single quote as given or
    /// left alone (Java's escapeHtml4 leaves it, Go and Python do not).
    Html {
        quot: &'static str,
        apos: Option<&'static str>,
    },
}

/// Which bytes a percent-encoder leaves alone.
#[derive(Clone, Copy, PartialEq)]
enum Unescaped {
    /// `application/x-www-form-urlencoded`: letters, digits, `*-._`; a space becomes `+`.
    Form,
    /// RFC 3986 unreserved: letters, digits, `-._~`.
    Unreserved,
    /// JavaScript's encodeURIComponent: letters, digits, `-_.!~*'()`.
    Component,
    /// An RFC 3986 path or query: unreserved, sub-delims, `:@/?`.
    PathQuery,
    /// Everything but letters and digits, as hand-written encoders and
    /// PHP's rawurlencode of old do (`-` as `%2D`, `_` as `%5F`).
    AlphanumericOnly,
}

#[derive(Clone, Copy)]
enum Hex {
    Upper,
    Lower,
}

const FORMS: [Form; 18] = [
    Form::AsIs,
    Form::Percent(Unescaped::Form, Hex::Upper),
    Form::Percent(Unescaped::Form, Hex::Lower),
    Form::Percent(Unescaped::Unreserved, Hex::Upper),
    Form::Percent(Unescaped::Unreserved, Hex::Lower),
    Form::Percent(Unescaped::Component, Hex::Upper),
    Form::Percent(Unescaped::Component, Hex::Lower),
    Form::Percent(Unescaped::PathQuery, Hex::Upper),
    Form::Percent(Unescaped::PathQuery, Hex::Lower),
    Form::Percent(Unescaped::AlphanumericOnly, Hex::Upper),
    Form::Percent(Unescaped::AlphanumericOnly, Hex::Lower),
    Form::Json(None),
    Form::Json(Some(Hex::Lower)),
    Form::Json(Some(Hex::Upper)),
    Form::Html {
        quot: "&quot;",
        apos: None,
    },
    Form::Html {
        quot: "&quot;",
        apos: Some("&#39;"),
    },
    Form::Html {
        quot: "&#34;",
        apos: Some("&#39;"),
    },
    Form::Html {
        quot: "&quot;",
        apos: Some("&#x27;"),
    },
];

impl Unescaped {
    fn keeps(self, byte: u8) -> bool {
        byte.is_ascii_alphanumeric()
            || match self {
                Unescaped::Form => b"*-._".contains(&byte),
                Unescaped::Unreserved => b"-._~".contains(&byte),
                Unescaped::Component => b"-_.!~*'()".contains(&byte),
                Unescaped::PathQuery => b"-._~!$&'()*+,;=:@/?".contains(&byte),
                Unescaped::AlphanumericOnly => false,
            }
    }
}

impl Hex {
    fn digits(self) -> &'static [u8; 16] {
        match self {
            Hex::Upper => b"0123456789ABCDEF",
            Hex::Lower => b"0123456789abcdef",
        }
    }
}

impl Form {
    fn write(self, text: &str) -> Zeroizing<String> {
        // Room for the longest escape of every byte (`&quot;`, `\u001f`), so that the buffer never
        // grows and leaves a copy of the text behind.
        let mut out = Zeroizing::new(String::with_capacity(text.len() * 6));
        match self {
            Form::AsIs => out.push_str(text),
            Form::Percent(unescaped, hex) => {
                for byte in text.bytes() {
                    if unescaped.keeps(byte) {
                        out.push(char::from(byte));
                    } else if byte == b' ' && unescaped == Unescaped::Form {
                        out.push('+');
                    } else {
                        let digits = hex.digits();
                        out.push('%');
                        out.push(char::from(digits[usize::from(byte >> 4)]));
                        out.push(char::from(digits[usize::from(byte & 0xf)]));
                    }
                }
            }
            Form::Json(ascii) => {
                for c in text.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\r' => out.push_str("\\r"),
                        '\t' => out.push_str("\\t"),
                        '\u{8}' => out.push_str("\\b"),
                        '\u{c}' => out.push_str("\\f"),
                        c if c < ' ' || (ascii.is_some() && !c.is_ascii()) => {
                            let digits = ascii.unwrap_or(Hex::Lower).digits();
                            for unit in c.encode_utf16(&mut [0; 2]) {
                                out.push_str("\\u");
                                for shift in [12, 8, 4, 0] {
                                    out.push(char::from(digits[usize::from((*unit >> shift) & 0xf)]));
                                }
                            }
                        }
                        c => out.push(c),
                    }
                }
            }
            Form::Html { quot, apos } => {
                for c in text.chars() {
                    match (c, apos) {
                        ('&', _) => out.push_str("&amp;"),
                        ('<', _) => out.push_str("&lt;"),
                        ('>', _) => out.push_str("&gt;"),
                        ('"', _) => out.push_str(quot),
                        ('\'', Some(apos)) => out.push_str(apos),
                        (c, _) => out.push(c),
                    }
                }
            }
        }
        out
    }
}

/// The base64 of `value` wherever it stands in encoded data: for each of the three byte offsets
/// it may start at, the characters that depend on its bytes alone, in the standard and the
/// URL-safe alphabets. A core shorter than a window is left out: it could be anything.
fn base64_cores(value: &str) -> Vec<Zeroizing<String>> {
    let mut cores = Vec::new();
    for offset in 0..3 {
        let mut bytes = Zeroizing::new(Vec::with_capacity(offset + value.len()));
        bytes.resize(offset, 0);
        bytes.extend_from_slice(value.as_bytes());
        // Character i holds bits 6i..6i+6: from the first that holds no bit of the offset to
        // the last that holds no bit of whatever follows.
        let first = (offset * 8).div_ceil(6);
        let end = bytes.len() * 8 / 6;
        if end < first + WINDOW {
            continue;
        }
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let encoded = Zeroizing::new(engine.encode(bytes.as_slice()));
            cores.push(Zeroizing::new(encoded[first..end].to_owned()));
        }
    }
    cores
}

fn public_prefix(value: &str) -> Option<&'static str> {
    PUBLIC_PREFIXES.into_iter().find(|prefix| value.starts_with(prefix))
}

/// The public start of an `Authorization` value: white space, a known scheme and the spaces
/// after it, and the public prefix of the credential.
fn public_head(value: &str) -> &str {
    let rest = value.trim_start();
    let credential = split_scheme(rest).map_or(rest, |(_, credential)| credential);
    let prefix = public_prefix(credential).map_or(0, str::len);
    &value[..value.len() - credential.len() + prefix]
}

/// `Bearer abc` as (`Bearer`, `abc`), for a known scheme only: an unknown first word may be
/// part of the secret.
fn split_scheme(value: &str) -> Option<(&str, &str)> {
    let (scheme, credential) = value.split_once(' ')?;
    is_scheme(scheme).then_some((scheme, credential.trim_start()))
}

fn is_scheme(word: &str) -> bool {
    SCHEMES.iter().any(|known| known.eq_ignore_ascii_case(word))
}

/// A Basic credential decoded, if it is base64 of UTF-8.
fn decoded(credential: &str) -> Option<Zeroizing<String>> {
    let bytes = Zeroizing::new(STANDARD_PAD_INDIFFERENT.decode(credential.trim()).ok()?);
    std::str::from_utf8(&bytes)
        .ok()
        .map(|text| Zeroizing::new(text.to_owned()))
}

/// A value as given, trimmed, and cleaned as [`one_line`] cleans server text before it is
/// scrubbed: a secret with a line break or a double space is found in cleaned text too.
fn variants(value: &str) -> Vec<Zeroizing<String>> {
    let mut variants: Vec<Zeroizing<String>> = Vec::new();
    for variant in [
        Zeroizing::new(value.to_owned()),
        Zeroizing::new(value.trim().to_owned()),
        Zeroizing::new(one_line(value)),
    ] {
        if !variant.trim().is_empty() && !variants.contains(&variant) {
            variants.push(variant);
        }
    }
    variants
}

/// Pieces joined in a buffer of the right size, so that no copy of them is left behind.
fn joined(pieces: &[&str]) -> Zeroizing<String> {
    let mut text = Zeroizing::new(String::with_capacity(pieces.iter().map(|piece| piece.len()).sum()));
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// The byte offset of every character of `text`, and its end.
fn char_bounds(text: &str) -> Vec<usize> {
    text.char_indices().map(|(at, _)| at).chain([text.len()]).collect()
}

/// Every place `needle` occurs in `haystack`, overlapping ones included.
fn occurrences<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + haystack.get(from..)?.find(needle)?;
        from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
        Some(start..start + needle.len())
    })
}

/// Whether the text at `range` is not part of a longer run of letters and digits.
fn stands_alone(text: &str, range: &Range<usize>) -> bool {
    let alphanumeric = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let found = &text[range.clone()];
    let (before, after) = (&text[..range.start], &text[range.end..]);
    // A percent escape is a separator written out (`https%3A%2F%2Facme.atlassian.net`,
    // `user%40acme.org`), not part of the word it touches.
    let escape_before = before
        .len()
        .checked_sub(3)
        .and_then(|at| before.get(at..))
        .is_some_and(is_percent_escape);
    let escape_after = after.get(..3).is_some_and(is_percent_escape);
    let joins_before = !escape_before && alphanumeric(found.chars().next()) && alphanumeric(before.chars().next_back());
    let joins_after = !escape_after && alphanumeric(found.chars().next_back()) && alphanumeric(after.chars().next());
    !joins_before && !joins_after
}

/// `%2F`: a percent sign and two hex digits.
fn is_percent_escape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 3 && bytes[0] == b'%' && bytes[1].is_ascii_hexdigit() && bytes[2].is_ascii_hexdigit()
}

/// Whether `range` overlaps one of `sorted`, ranges sorted by start that do not overlap.
fn overlaps_any(sorted: &[Range<usize>], range: &Range<usize>) -> bool {
    let first_not_before = sorted.partition_point(|known| known.end <= range.start);
    sorted
        .get(first_not_before)
        .is_some_and(|known| known.start < range.end)
}

/// Ranges sorted, and those that overlap or touch joined into one.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|range| range.start);
    let mut joined: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match joined.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => joined.push(range),
        }
    }
    joined
}

/// Every email address in free text masked as [`mask_email`] does (`b***n@acme.org`).
pub fn mask_emails(text: &str) -> String {
    let mut masked = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, _) in text.match_indices('@') {
        if at < copied {
            continue;
        }
        let before = &text[copied..at];
        let run = before
            .char_indices()
            .rev()
            .find(|(_, c)| !is_local_char(*c))
            .map_or(0, |(start, c)| start + c.len_utf8());
        let local_start = at - before[run..].trim_start_matches('.').len();
        let domain = text[at + 1..]
            .split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-'))
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', '-']);
        // `scheme://user@host` names a URL's user, not an address: a git
        // remote's `x-bitbucket-api-token-auth@bitbucket.org` must stay whole.
        let userinfo = text[..local_start].ends_with("://");
        if local_start == at || !is_domain(domain) || userinfo {
            continue;
        }
        let end = at + 1 + domain.len();
        masked.push_str(&text[copied..local_start]);
        masked.push_str(&mask_email(&text[local_start..end]));
        copied = end;
    }
    masked.push_str(&text[copied..]);
    masked
}

/// `b***n@acme.org`: enough to recognise one's own address, not to harvest it. An address
/// already masked is returned as it is.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, _)) if local.contains("***") => email.to_owned(),
        Some((local, domain)) => format!("{}@{domain}", mask_name(local)),
        None => "***".into(),
    }
}

/// `b***n` for `bjohn`: a name (an email's local part, a proxy's user name)
/// with only its first and last characters kept.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    match chars.as_slice() {
        [] => "***".into(),
        [one] => format!("{one}***"),
        [first, .., last] => format!("{first}***{last}"),
    }
}

/// Characters of the local part of an address as found in free text (`*` for masked ones).
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-*".contains(c)
}

/// A domain of at least two non-empty labels.
fn is_domain(domain: &str) -> bool {
    domain.contains('.') && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TOKEN: &str = "ATATT3xFfGF0q8Zr5XvB2nW7kLmP4sYt9cHdJ6gFeRa1uIoK3bN0=1A2B3C4D";

    /// What a test tells the redactor before it scrubs.
    type Setup = fn(&mut Redactor);

    fn scrubbed_with(setup: impl FnOnce(&mut Redactor), text: &str) -> String {
        let mut redactor = Redactor::new();
        setup(&mut redactor);
        redactor.scrub(text)
    }

    #[test]
    fn every_form_of_a_secret_is_redacted() {
        let secret = "pa ss\"wo\\rd'&<é>/?=+long";
        let cases = [
            (
                format!("token {TOKEN} end"),
                "token ATATT3xFfGF0[redacted] end".to_owned(),
            ),
            (format!("cut: {}…", &TOKEN[..30]), "cut: ATATT3xFfGF0[redacted]…".into()),
            (format!("middle: {}.", &TOKEN[20..40]), "middle: [redacted].".into()),
            (secret.to_owned(), REDACTED.into()),
            (
                "pa+ss%22wo%5Crd%27%26%3C%C3%A9%3E%2F%3F%3D%2Blong".into(),
                REDACTED.into(),
            ),
            ("pa%20ss%22wo%5crd'&%3c%c3%a9%3e/?=+long".into(), REDACTED.into()),
            (
                r#"{"e":"pa ss\"wo\\rd'&<é>/?=+long"}"#.into(),
                r#"{"e":"[redacted]"}"#.into(),
            ),
            (
                r#"{"e":"pa ss\"wo\\rd'&<\u00e9>/?=+long"}"#.into(),
                r#"{"e":"[redacted]"}"#.into(),
            ),
            ("pa ss&quot;wo\\rd&#39;&amp;&lt;é&gt;/?=+long".into(), REDACTED.into()),
            ("<p>pa ss&quot;wo\\rd'&amp;&lt;é</p>".into(), "<p>[redacted]</p>".into()),
        ];
        for (text, expected) in cases {
            let scrubbed = scrubbed_with(
                |r| {
                    r.secret(TOKEN);
                    r.secret(secret);
                },
                &text,
            );
            assert_eq!(scrubbed, expected, "{text}");
        }
    }

    #[test]
    fn base64_of_a_secret_is_redacted_at_any_offset() {
        let secret = "correct horse battery staple";
        for before in ["", "x", "xy", "{\"password\":\""] {
            let encoded = STANDARD.encode(format!("{before}{secret}\"}}"));
            let scrubbed = scrubbed_with(|r| r.secret(secret), &format!("data={encoded};"));
            assert!(scrubbed.contains(REDACTED), "{before:?}: {scrubbed}");
            assert!(scrubbed.len() < encoded.len(), "{before:?}: {scrubbed}");
        }
    }

    #[test]
    fn short_secrets_are_redacted_whole_and_very_short_ones_as_words() {
        let cases = [
            ("hunter2pass", "pw=hunter2pass;", "pw=[redacted];"),
            ("hunter2pass", "hunter2pas", "hunter2pas"),
            ("hunter2pass", "xhunter2passx", "x[redacted]x"),
            ("abcd", "the abcd word", "the [redacted] word"),
            ("abcd", "abcdef and xabcd stay", "abcdef and xabcd stay"),
            ("abcd", "pair me:abcd", "pair me:[redacted]"),
            ("a!", "a!b", "[redacted]b"),
            ("   ", "   ", "   "),
        ];
        for (secret, text, expected) in cases {
            assert_eq!(
                scrubbed_with(|r| r.secret(secret), text),
                expected,
                "{secret:?} in {text:?}"
            );
        }
    }

    #[test]
    fn basic_pairs_and_header_values_are_redacted() {
        let pair = STANDARD.encode("brian@acme.org:abcd");
        let echoed = STANDARD.encode("brian@acme.org:abcd\n");
        let bearer = format!("Bearer {TOKEN}");
        let cases: [(Setup, String, String); 8] = [
            (
                |r| r.basic_pair("brian@acme.org", "abcd"),
                format!("got {pair}."),
                "got [redacted].".into(),
            ),
            (
                |r| r.basic_pair("brian@acme.org", "abcd"),
                format!("got {echoed}"),
                "got [redacted]".into(),
            ),
            (
                |r| r.header_value("Basic YnJpYW5AYWNtZS5vcmc6YWJjZA=="),
                format!("Authorization: Basic {pair} and abcd"),
                "Authorization: Basic [redacted] and [redacted]".into(),
            ),
            (
                |r| r.header_value(&format!("Bearer {TOKEN}")),
                format!("sent: {bearer}; shown: Bearer ATATT3xFfGF0********"),
                "sent: Bearer ATATT3xFfGF0[redacted]; shown: Bearer ATATT3xFfGF0********".into(),
            ),
            (
                |r| r.header_value(&format!("Bearer {TOKEN}")),
                format!("encoded: Bearer%20{}", &TOKEN[..40]),
                "encoded: Bearer%20ATATT3xFfGF0[redacted]".into(),
            ),
            (
                |r| r.header_value("s3cr3t-header-value"),
                "x=s3cr3t-header-valu".into(),
                "x=[redacted]".into(),
            ),
            (
                |r| r.header_value("Bearer abc"),
                "sent Bearer abc, a Bearer token".into(),
                "sent Bearer [redacted], a Bearer token".into(),
            ),
            (|r| r.header_value(" Basic "), "Basic auth".into(), "Basic auth".into()),
        ];
        for (setup, text, expected) in cases {
            assert_eq!(scrubbed_with(setup, &text), expected, "{text}");
        }
    }

    #[test]
    fn personal_values_are_shown_masked_where_they_stand_as_words() {
        let setup = |r: &mut Redactor| {
            r.personal("brian@acme.org", "b***n@acme.org");
            r.personal("Brian", "B***");
            r.personal("5b10ac8d82e05b22cc7d4ef5", "[account]");
        };
        let cases = [
            ("user Brian@ACME.org here", "user b***n@acme.org here"),
            ("?email=brian%40acme.org&x", "?email=b***n@acme.org&x"),
            ("Hi brian, Brianna", "Hi B***, Brianna"),
            ("id 5b10ac8d82e05b22cc7d4ef5.", "id [account]."),
            ("realm=\"https%3A%2F%2Fbrian%2Fx\"", "realm=\"https%3A%2F%2FB***%2Fx\""),
            ("%2Fbrianna", "%2Fbrianna"),
            ("nothing personal", "nothing personal"),
        ];
        for (text, expected) in cases {
            assert_eq!(scrubbed_with(setup, text), expected, "{text}");
        }
    }

    #[test]
    fn a_personal_value_overlapping_a_secret_goes_with_it() {
        let scrubbed = scrubbed_with(
            |r| {
                r.secret("acme.org-secret-123");
                r.personal("brian@acme.org", "b***n@acme.org");
            },
            "brian@acme.org-secret-123 and brian@acme.org",
        );
        assert_eq!(scrubbed, "[redacted] and b***n@acme.org");
    }

    #[test]
    fn debug_shows_nothing_it_holds() {
        let mut redactor = Redactor::new();
        redactor.secret(TOKEN);
        redactor.personal("brian@acme.org", "b***n@acme.org");
        assert_eq!(format!("{redactor:?}"), format!("{:?}", Redactor::new()));
    }

    #[test]
    fn emails_in_free_text_are_masked() {
        let cases = [
            ("brian@acme.org", "b***n@acme.org"),
            ("mail b@acme.org.", "mail b***@acme.org."),
            ("<brian.o'neil+x@mail.acme.org>", "<brian.o'n***x@mail.acme.org>"),
            ("two: a.b@x.io, cd@y.co", "two: a***b@x.io, c***d@y.co"),
            ("already b***n@acme.org", "already b***n@acme.org"),
            (
                "not @ an email, x@localhost, @acme.org, a@b.",
                "not @ an email, x@localhost, @acme.org, a@b.",
            ),
            ("ünïcode@exämple.de", "ü***e@exämple.de"),
            (
                "git remote set-url origin https://x-bitbucket-api-token-auth@bitbucket.org/a/b.git",
                "git remote set-url origin https://x-bitbucket-api-token-auth@bitbucket.org/a/b.git",
            ),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(mask_emails(text), expected, "{text}");
            assert_eq!(mask_emails(expected), expected, "{expected}");
        }
    }

    #[test]
    fn mask_email_keeps_first_and_last_of_the_local_part() {
        let cases = [
            ("brian@acme.org", "b***n@acme.org"),
            ("b@acme.org", "b***@acme.org"),
            ("@acme.org", "***@acme.org"),
            ("no-at-sign", "***"),
        ];
        for (email, expected) in cases {
            assert_eq!(mask_email(email), expected);
        }
    }

    proptest! {
        /// The JSON form is what serde_json writes inside a string.
        #[test]
        fn json_form_is_serde_json(text in any::<String>()) {
            let json = serde_json::to_string(&text).unwrap();
            let written = Form::Json(None).write(&text);
            prop_assert_eq!(written.as_str(), &json[1..json.len() - 1]);
        }
    }
}
