//! `~/.netrc` (or `$NETRC`). Other tools use an entry for the site's host
//! without saying so: `curl -n`, jira-cli, and python-requests, which even
//! lets it override an `Authorization` header (docs/atlassian/tools.md#netrc). confauth
//! reads it as a last source of credentials and reports an entry it did not
//! use, since that entry may be what the user's own client really sends.

use confauth_checks::secret::Secret;
use std::path::PathBuf;

#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub login: Option<String>,
    pub password: Option<Secret>,
}

/// The netrc file's path: `$NETRC`, else `$HOME/.netrc`.
pub fn path(var: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    var("NETRC")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".netrc")))
}

/// The entry for `host`, or else the `default` entry.
pub fn lookup(text: &str, host: &str) -> Option<Entry> {
    let mut entries: Vec<(Option<&str>, Entry)> = Vec::new(); // (machine, or None for default)
    let mut tokens = tokens_outside_macros(text).into_iter();
    while let Some(token) = tokens.next() {
        match token {
            "machine" => entries.push((Some(tokens.next().unwrap_or("")), Entry::default())),
            "default" => entries.push((None, Entry::default())),
            "login" | "password" | "account" => {
                let value = tokens.next();
                if let (Some((_, entry)), Some(value)) = (entries.last_mut(), value) {
                    match token {
                        "login" => entry.login = Some(value.to_string()),
                        "password" => entry.password = Some(Secret::new(value.to_string())),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    let for_host = entries
        .iter()
        .position(|(m, _)| m.is_some_and(|m| m.eq_ignore_ascii_case(host)));
    let index = for_host.or_else(|| entries.iter().position(|(m, _)| m.is_none()))?;
    Some(entries.swap_remove(index).1)
}

/// The file's tokens, without `macdef` bodies (from the name to a blank line).
fn tokens_outside_macros(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut in_macro = false;
    for line in text.lines() {
        if in_macro {
            in_macro = !line.trim().is_empty();
            continue;
        }
        for word in line.split_whitespace() {
            if word == "macdef" {
                in_macro = true;
                break;
            }
            tokens.push(word);
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    const NETRC: &str = "machine other.atlassian.net login a@b.c password one\n\
        machine acme.atlassian.net\n  login me@acme.org\n  password ATATT3xFfGF0secret\n\
        macdef init\ncd /tmp\nmachine evil password x\n\n\
        default login anon password guest\n";

    #[test]
    fn the_entry_for_the_host_is_found() {
        let entry = lookup(NETRC, "ACME.atlassian.net").unwrap();
        assert_eq!(entry.login.as_deref(), Some("me@acme.org"));
        assert_eq!(entry.password.unwrap().expose(), "ATATT3xFfGF0secret");
    }

    #[test]
    fn default_and_macros_behave() {
        let entry = lookup(NETRC, "unknown.example").unwrap();
        assert_eq!(entry.login.as_deref(), Some("anon"));
        assert!(
            lookup(NETRC, "evil").is_some_and(|e| e.login.as_deref() == Some("anon")),
            "macdef bodies are not entries"
        );
        assert!(lookup("", "x").is_none());
        assert!(lookup("machine", "x").is_none());
        assert!(lookup("login password machine", "").is_some_and(|e| e.login.is_none()));
    }
}
