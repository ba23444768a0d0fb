//! The docs' statements of the rules, made from [`RULES`]: the table in
//! `docs/diagnosis.md` and the "How confauth recognises it" section of each
//! page under `docs/causes/`. The tests fail when a page drifts from the
//! table; `UPDATE_DOCS=1 cargo test -p confauth-checks docs` rewrites them.

use super::{RULES, Rule};
use crate::causes::Cause;
use std::path::{Path, PathBuf};

const BEGIN: &str =
    "<!-- rules: made from checks/src/diagnosis.rs; UPDATE_DOCS=1 cargo test -p confauth-checks docs -->";
const END: &str = "<!-- /rules -->";

fn names(rule: &Rule<super::Evidence>) -> String {
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
fn table() -> String {
    let mut out = String::from("| # | rule | names | when |\n|---|---|---|---|\n");
    for (i, rule) in RULES.iter().enumerate() {
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

/// The rules that can name `cause`, as a cause page lists them.
fn rules_for(cause: Cause) -> String {
    let lines: Vec<String> = RULES
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
            format!("- rule {}, `{}`{with}: {}.", i + 1, rule.name, rule.when)
        })
        .collect();
    if lines.is_empty() {
        return "No rule names this cause yet.\n".into();
    }
    format!(
        "The rules of [the diagnosis](../diagnosis.md#the-rules-in-order) that name it, tried in \
         that order after the rules before them found nothing:\n\n{}\n",
        lines.join("\n")
    )
}

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

/// Checks (or, with `UPDATE_DOCS=1`, rewrites) the generated block of a page.
fn sync(path: &Path, generated: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (Some(start), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        return Err(format!("{} has no generated rules block", path.display()));
    };
    let current = &text[start + BEGIN.len()..end];
    let wanted = format!("\n{generated}");
    if current == wanted {
        return Ok(());
    }
    if std::env::var_os("UPDATE_DOCS").is_some() {
        let updated = format!("{}{BEGIN}{wanted}{}", &text[..start], &text[end..]);
        return std::fs::write(path, updated).map_err(|e| e.to_string());
    }
    Err(format!(
        "{} is out of step with the rules; run UPDATE_DOCS=1 cargo test -p confauth-checks docs",
        path.display()
    ))
}

#[test]
fn the_rules_table_in_the_docs_is_the_table_in_the_code() {
    sync(&docs().join("diagnosis.md"), &table()).unwrap();
}

#[test]
fn each_cause_page_lists_the_rules_that_name_it() {
    let problems: Vec<String> = Cause::ALL
        .iter()
        .filter_map(|cause| sync(&docs().join(format!("causes/{}.md", cause.id())), &rules_for(*cause)).err())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn rule_names_are_unique_and_every_cause_is_named_by_a_rule() {
    for (i, rule) in RULES.iter().enumerate() {
        assert!(
            !RULES[..i].iter().any(|r| r.name == rule.name),
            "two rules are called {}",
            rule.name
        );
        assert!(!rule.when.ends_with('.'), "{}: the docs add the full stop", rule.name);
    }
    for cause in Cause::ALL {
        assert!(
            RULES.iter().any(|rule| rule.names.contains(cause)),
            "no rule names {}",
            cause.id()
        );
    }
}
