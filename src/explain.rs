//! `confauth explain`: the pages of `docs/causes/`, embedded at build time.

use confauth_checks::causes::Cause;

include!(concat!(env!("OUT_DIR"), "/cause_pages.rs"));

/// The page of a cause, without the markers of its generated parts (HTML
/// comments, which a renderer hides and a terminal would show).
pub fn page(id: &str) -> Option<String> {
    CAUSE_PAGES.iter().find(|(page_id, _)| *page_id == id).map(|(_, text)| {
        text.lines()
            .filter(|line| !(line.starts_with("<!--") && line.ends_with("-->")))
            .map(|line| format!("{line}\n"))
            .collect()
    })
}

/// The ids with their one-line summaries, for `confauth explain` alone.
pub fn index() -> String {
    let width = Cause::ALL.iter().map(|c| c.id().len()).max().unwrap_or(0);
    let mut out = String::from("Causes confauth can diagnose (confauth explain <id> for the page):\n\n");
    for cause in Cause::ALL {
        out.push_str(&format!("  {:<width$}  {}\n", cause.id(), cause.summary()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cause_has_a_page_and_every_page_a_cause() {
        for cause in Cause::ALL {
            let text = page(cause.id()).unwrap_or_else(|| panic!("docs/causes/{}.md is missing", cause.id()));
            assert!(
                text.starts_with(&format!("# {}", cause.id())),
                "{} has no title",
                cause.id()
            );
        }
        for (id, _) in CAUSE_PAGES {
            assert!(Cause::from_id(id).is_some(), "docs/causes/{id}.md names no cause");
        }
    }
}
