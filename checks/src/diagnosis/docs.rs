//! The docs' statements of the rules, made from the rule tables ([`RULES`]
//! and Bitbucket's [`bitbucket::RULES`]): the two tables in
//! `docs/diagnosis.md` and the "How confauth recognises it" section of each
//! page under `docs/causes/`. The tests fail when a page drifts from a
//! table; `UPDATE_DOCS=1 cargo test -p confauth-checks docs` rewrites them.

use super::{RULES, Rule};
use crate::bitbucket;
use crate::causes::Cause;
use std::path::{Path, PathBuf};

/// Where a table's generated block starts and ends.
struct Markers {
    begin: &'static str,
    end: &'static str,
}

const RULES_BLOCK: Markers = Markers {
    begin: "<!-- rules: made from checks/src/diagnosis.rs; UPDATE_DOCS=1 cargo test -p confauth-checks docs -->",
    end: "<!-- /rules -->",
};
const BITBUCKET_BLOCK: Markers = Markers {
    begin: "<!-- bitbucket rules: made from checks/src/bitbucket/rules.rs; UPDATE_DOCS=1 cargo test -p confauth-checks docs -->",
    end: "<!-- /bitbucket rules -->",
};

/// One table of rules as the docs name it.
struct Table<E: 'static> {
    rules: &'static [Rule<E>],
    /// How a cause page refers to one of its rules: `rule 3`, `Bitbucket rule 3`.
    rule_word: &'static str,
    /// The anchor of the table in `docs/diagnosis.md`.
    anchor: &'static str,
}

const MAIN: Table<super::Evidence> = Table {
    rules: RULES,
    rule_word: "rule",
    anchor: "the-rules-in-order",
};
const BITBUCKET: Table<bitbucket::BitbucketEvidence> = Table {
    rules: bitbucket::RULES,
    rule_word: "Bitbucket rule",
    anchor: "bitbucket-cloud",
};

fn names<E>(rule: &Rule<E>) -> String {
    match rule.names {
        [] => "ok".into(),
        causes => causes
            .iter()
            .map(|c| format!("`{}`", c.id()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The table of every rule, in order.
fn table<E>(rules: &[Rule<E>]) -> String {
    let mut out = String::from("| # | rule | names | when |\n|---|---|---|---|\n");
    for (i, rule) in rules.iter().enumerate() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            i + 1,
            rule.name,
            names(rule),
            rule.when
        ));
    }
    out
}

/// The lines of a cause page for the rules of `table` that can name `cause`.
fn lines_for<E>(table: &Table<E>, cause: Cause) -> Vec<String> {
    table
        .rules
        .iter()
        .enumerate()
        .filter(|(_, rule)| rule.names.contains(&cause))
        .map(|(i, rule)| {
            let others: Vec<String> = rule
                .names
                .iter()
                .filter(|c| **c != cause)
                .map(|c| format!("`{}`", c.id()))
                .collect();
            let with = match others.as_slice() {
                [] => String::new(),
                others => format!(" (with {})", others.join(", ")),
            };
            format!("- {} {}, `{}`{with}: {}.", table.rule_word, i + 1, rule.name, rule.when)
        })
        .collect()
}

/// The rules that can name `cause`, as a cause page lists them: the Jira and
/// Confluence table's, then Bitbucket's.
fn rules_for(cause: Cause) -> String {
    let (main, bitbucket) = (lines_for(&MAIN, cause), lines_for(&BITBUCKET, cause));
    let intro = |what: &str, anchor: &str| {
        format!(
            "The rules of [{what}](../diagnosis.md#{anchor}) that name it, tried in \
             that order after the rules before them found nothing:"
        )
    };
    match (main.is_empty(), bitbucket.is_empty()) {
        (true, true) => "No rule names this cause yet.\n".into(),
        (false, true) => format!("{}\n\n{}\n", intro("the diagnosis", MAIN.anchor), main.join("\n")),
        (true, false) => format!(
            "{}\n\n{}\n",
            intro("the Bitbucket Cloud diagnosis", BITBUCKET.anchor),
            bitbucket.join("\n")
        ),
        (false, false) => format!(
            "{}\n\n{}\n\nIn a Bitbucket Cloud run, [its own rules](../diagnosis.md#{}):\n\n{}\n",
            intro("the diagnosis", MAIN.anchor),
            main.join("\n"),
            BITBUCKET.anchor,
            bitbucket.join("\n")
        ),
    }
}

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

/// Checks (or, with `UPDATE_DOCS=1`, rewrites) the generated block of a page.
fn sync(path: &Path, markers: &Markers, generated: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(start), Some(end)) = (text.find(markers.begin), text.find(markers.end)) else {
        return Err(format!("{} has no generated block {}", path.display(), markers.begin));
    };
    let current = &text[start + markers.begin.len()..end];
    let wanted = format!("\n{generated}");
    if current == wanted {
        return Ok(());
    }
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{}{wanted}{}", &text[..start], markers.begin, &text[end..]);
        return std::fs::write(path, updated).map_err(|e| e.to_string());
    }
    Err(format!(
        "{} is out of step with the rules; run UPDATE_DOCS=1 cargo test -p confauth-checks docs",
        path.display()
    ))
}

#[test]
fn the_rules_tables_in_the_docs_are_the_tables_in_the_code() {
    let page = docs().join("diagnosis.md");
    sync(&page, &RULES_BLOCK, &table(MAIN.rules)).unwrap();
    sync(&page, &BITBUCKET_BLOCK, &table(BITBUCKET.rules)).unwrap();
}

#[test]
fn each_cause_page_lists_the_rules_that_name_it() {
    let problems: Vec<String> = Cause::ALL
        .iter()
        .filter_map(|cause| {
            let page = docs().join(format!("causes/{}.md", cause.id()));
            sync(&page, &RULES_BLOCK, &rules_for(*cause)).err()
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn names_are_unique<E>(rules: &[Rule<E>]) {
    for (i, rule) in rules.iter().enumerate() {
        assert!(
            !rules[..i].iter().any(|r| r.name == rule.name),
            "two rules are called {}",
            rule.name
        );
        assert!(!rule.when.ends_with('.'), "{}: the docs add the full stop", rule.name);
    }
}

#[test]
fn rule_names_are_unique_and_every_cause_is_named_by_a_rule() {
    names_are_unique(MAIN.rules);
    names_are_unique(BITBUCKET.rules);
    for cause in Cause::ALL {
        assert!(
            MAIN.rules.iter().any(|rule| rule.names.contains(cause))
                || BITBUCKET.rules.iter().any(|rule| rule.names.contains(cause)),
            "no rule names {}",
            cause.id()
        );
    }
}
