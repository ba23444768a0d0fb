//! Text a server sent (a header value, an error message, a piece of a body), made safe to show on
//! one line of a terminal, a Markdown post or a JSON report: nothing left in it can move the
//! cursor, start a line, reorder the text around it or hide characters from the reader.
//!
//! Cleaning only makes text inert; it does not hide secrets. The redactor runs on the cleaned
//! text, so that an invisible character cannot split a secret out of its sight.

use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory, VariationSelector};
use icu_properties::{CodePointMapData, CodePointSetData};

/// Server-supplied text as one safe line: control characters (C0 and C1: ESC, CR, LF, TAB, DEL
/// included), line and paragraph separators and runs of white space become one space; format
/// characters (General Category Cf: bidi embeddings, overrides, isolates and marks, zero-width
/// characters, the soft hyphen, tag characters), the other default-ignorable code points and
/// variation selectors that stand alone disappear; the line is trimmed.
pub fn one_line(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut space_pending = false;
    for c in text.chars() {
        match fate(c) {
            Fate::Space => space_pending = true,
            Fate::Drop => {}
            Fate::KeepAfterBase => {
                let after_base = line
                    .chars()
                    .next_back()
                    .is_some_and(|last| !is_variation_selector(last));
                if after_base && !space_pending {
                    line.push(c);
                }
            }
            Fate::Keep => {
                if space_pending && !line.is_empty() {
                    line.push(' ');
                }
                space_pending = false;
                line.push(c);
            }
        }
    }
    line
}

/// Server text of several lines (a body), each line made inert as [`one_line`] makes it, the
/// line breaks kept: a reader, or a replay parsing the body, still sees its structure.
pub fn lines(text: &str) -> String {
    text.lines().map(one_line).collect::<Vec<_>>().join("\n")
}

/// [`one_line`], then cut to at most `max` characters (chars, not bytes), the last of them `…`
/// when something was cut. `max` 0 gives the empty string.
pub fn capped(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        return line;
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    // A cut just after a space would leave `word …`: the ellipsis belongs to the word.
    cut.truncate(cut.trim_end().len());
    if max > 0 {
        cut.push('…');
    }
    cut
}

/// What becomes of one character of server text.
#[derive(Debug, PartialEq)]
enum Fate {
    /// Shown as it is.
    Keep,
    /// White space and control characters (TAB, CR, LF, ESC, DEL, the C1 controls, the line and
    /// paragraph separators) become one space: where the server put one, it separated words or
    /// lines, and a space keeps them apart where dropping the character would glue them.
    Space,
    /// Format characters (General Category Cf: bidi embeddings, overrides, isolates and marks,
    /// zero-width spaces and joiners, the soft hyphen, tag characters...) and the other default
    /// ignorable code points (Hangul fillers, the combining grapheme joiner...) disappear: they
    /// are invisible by design, so a space in their place would split a word the server shows as
    /// one, and keeping them lets a server reorder or hide what the reader sees.
    Drop,
    /// A variation selector picks the glyph of the character just before it (text or emoji
    /// style): kept right after a shown character, dropped where it stands alone (at the start,
    /// after a space, after another selector), where it only carries hidden data.
    KeepAfterBase,
}

fn fate(c: char) -> Fate {
    if c.is_ascii_graphic() {
        Fate::Keep
    } else if c.is_whitespace() || c.is_control() {
        Fate::Space
    } else if is_variation_selector(c) {
        Fate::KeepAfterBase
    } else if CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
    {
        Fate::Drop
    } else {
        Fate::Keep
    }
}

fn is_variation_selector(c: char) -> bool {
    CodePointSetData::new::<VariationSelector>().contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_class_has_its_fate() {
        let cases: &[(char, Fate)] = &[
            ('a', Fate::Keep),
            ('é', Fate::Keep),
            ('😀', Fate::Keep),
            ('…', Fate::Keep),
            (' ', Fate::Space),
            ('\t', Fate::Space),
            ('\n', Fate::Space),
            ('\r', Fate::Space),
            ('\u{1b}', Fate::Space),
            ('\u{7f}', Fate::Space),
            ('\u{85}', Fate::Space),
            ('\u{9b}', Fate::Space),
            ('\u{a0}', Fate::Space),
            ('\u{2028}', Fate::Space),
            ('\u{2029}', Fate::Space),
            ('\u{3000}', Fate::Space),
            ('\u{ad}', Fate::Drop),
            ('\u{61c}', Fate::Drop),
            ('\u{200b}', Fate::Drop),
            ('\u{200d}', Fate::Drop),
            ('\u{200e}', Fate::Drop),
            ('\u{202e}', Fate::Drop),
            ('\u{2066}', Fate::Drop),
            ('\u{2069}', Fate::Drop),
            ('\u{2060}', Fate::Drop),
            ('\u{feff}', Fate::Drop),
            ('\u{fff9}', Fate::Drop),
            ('\u{3164}', Fate::Drop),
            ('\u{34f}', Fate::Drop),
            ('\u{e0041}', Fate::Drop),
            ('\u{e007f}', Fate::Drop),
            ('\u{fe0f}', Fate::KeepAfterBase),
            ('\u{e0100}', Fate::KeepAfterBase),
        ];
        for (c, expected) in cases {
            assert_eq!(fate(*c), *expected, "U+{:04X}", u32::from(*c));
        }
    }

    #[test]
    fn hostile_text_becomes_one_plain_line() {
        let cases = [
            ("plain", "plain"),
            ("  two\r\n\tlines \n", "two lines"),
            ("red \u{1b}[31mALERT\u{1b}[0m", "red [31mALERT [0m"),
            ("forged\n[✓] Credentials work", "forged [✓] Credentials work"),
            ("evil\u{202e}txt.exe", "eviltxt.exe"),
            ("\u{2067}isolated\u{2069} text", "isolated text"),
            ("to\u{200b}ken", "token"),
            ("soft\u{ad}hyphen", "softhyphen"),
            ("a \u{200b} b", "a b"),
            ("para\u{2029}graph", "para graph"),
            ("nbsp\u{a0}\u{a0}here", "nbsp here"),
            ("tag\u{e0041}\u{e0042}s", "tags"),
            ("heart ❤\u{fe0f}", "heart ❤\u{fe0f}"),
            ("\u{fe0f}alone", "alone"),
            ("a\u{fe0f}\u{fe0f}\u{fe0e}b", "a\u{fe0f}b"),
            ("a \u{fe0f}b", "a b"),
            ("", ""),
            ("\n\u{200b}\t", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(one_line(text), expected, "{text:?}");
        }
    }

    #[test]
    fn capped_cuts_on_chars_and_marks_the_cut() {
        let cases = [
            ("short", 10, "short"),
            ("exactly10!", 10, "exactly10!"),
            ("eleven char", 10, "eleven ch…"),
            ("two words", 5, "two…"),
            ("ééééé", 3, "éé…"),
            ("😀😀😀😀", 2, "😀…"),
            ("line\nbreak", 100, "line break"),
            ("anything", 1, "…"),
            ("anything", 0, ""),
            ("", 0, ""),
        ];
        for (text, max, expected) in cases {
            assert_eq!(capped(text, max), expected, "{text:?} {max}");
        }
    }
}
