//! Reading the tools' files safely, and the formats they are written in:
//! YAML, TOML, INI (Python's `configparser`), `.env` and Docker env files.
//! A file is read only when it is a regular file of at most 64 KiB, so a FIFO,
//! a device or a huge file is refused before it is opened. Every error names
//! the file and a position, never the text at that position (it may be a token).

use super::{Origin, Setting, ToolError};
use crate::files::FileError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;
use yaml_rust2::parser::{Event, Parser};

/// The largest settings file read: real ones are a few hundred bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024;

/// The file's text, if it is a regular file of at most [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String, ToolError> {
    let bytes = crate::files::read_regular(path, MAX_FILE_BYTES).map_err(|error| match error {
        FileError::NotAFile(path) => ToolError::NotAFile(path),
        FileError::TooLarge { path, .. } => ToolError::TooLarge(path),
        FileError::Unreadable { path, kind } => ToolError::Unreadable { path, kind },
        FileError::Silent { path, .. } => ToolError::NotAFile(path),
    })?;
    String::from_utf8(bytes).map_err(|_| malformed(path, "is not UTF-8 text"))
}

/// The file's text when it exists, `None` when it does not.
pub fn read_if_present(path: &Path) -> Result<Option<String>, ToolError> {
    match std::fs::metadata(path) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        _ => read_text(path).map(Some),
    }
}

/// Something is at `path` (a file of any kind, or a directory).
pub fn exists(path: &Path) -> bool {
    std::fs::metadata(path).is_ok()
}

/// The file has an execute bit: go-jira runs such a config file.
pub fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

pub fn malformed(path: &Path, problem: impl Into<String>) -> ToolError {
    ToolError::Malformed {
        path: path.to_path_buf(),
        problem: problem.into(),
    }
}

/// The 1-based line of a byte offset, for error messages.
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The first YAML document of the file (an empty file is an empty mapping).
/// Aliases are refused: no tool writes them, and expanding them is how a
/// small file becomes gigabytes ("billion laughs").
pub fn load_yaml(path: &Path, text: &str) -> Result<Yaml, ToolError> {
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((Event::Alias(_), mark)) => {
                return Err(malformed(
                    path,
                    format!("uses a YAML alias at line {}; write the value out", mark.line()),
                ));
            }
            Ok(_) => {}
            Err(error) => {
                return Err(malformed(
                    path,
                    format!("is not valid YAML at line {}: {}", error.marker().line(), error.info()),
                ));
            }
        }
    }
    let documents = yaml_rust2::YamlLoader::load_from_str(text)
        .map_err(|error| malformed(path, format!("is not valid YAML at line {}", error.marker().line())))?;
    Ok(documents.into_iter().next().unwrap_or(Yaml::Hash(Default::default())))
}

/// A scalar of a YAML mapping as text, as Go's YAML libraries give it to a
/// string field (`login: 12345` is the string "12345").
pub fn yaml_string(node: &Yaml, key: &str) -> Option<String> {
    match &node[key] {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The TOML document as a table. The error says where, and what toml found
/// wrong there, without the quoted source line that `toml`'s Display adds.
pub fn load_toml(path: &Path, text: &str) -> Result<toml::Table, ToolError> {
    text.parse::<toml::Table>().map_err(|error| {
        let line = error.span().map_or(1, |span| line_of(text, span.start));
        malformed(path, format!("is not valid TOML at line {line}: {}", error.message()))
    })
}

/// One `configparser` section: keys lowercased, as Python's default
/// `optionxform` does.
pub type IniSection = BTreeMap<String, String>;

/// A file as Python's `configparser.ConfigParser()` reads it with default
/// options: `[section]` headers, `key = value` or `key: value`, whole-line
/// `#` and `;` comments, indented continuation lines, duplicate sections
/// and keys refused (`strict=True`), `%%` for a literal `%`, and `DEFAULT`
/// values inherited by every section.
pub fn parse_ini(path: &Path, text: &str) -> Result<BTreeMap<String, IniSection>, ToolError> {
    let mut sections: BTreeMap<String, IniSection> = BTreeMap::new();
    let mut section: Option<String> = None;
    let mut last_key: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            last_key = if trimmed.is_empty() { None } else { last_key };
            continue;
        }
        let indented = raw.starts_with([' ', '\t']);
        if let (true, Some(name), Some(key)) = (indented, &section, &last_key) {
            let value = sections
                .get_mut(name)
                .and_then(|s| s.get_mut(key))
                .expect("the key was inserted");
            value.push('\n');
            value.push_str(trimmed);
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('[').and_then(|rest| rest.strip_suffix(']')) {
            if sections.contains_key(name) {
                return Err(malformed(path, format!("repeats section [{name}] at line {number}")));
            }
            sections.insert(name.to_string(), IniSection::new());
            section = Some(name.to_string());
            last_key = None;
            continue;
        }
        let Some(name) = &section else {
            return Err(malformed(
                path,
                format!("has a line before any [section] at line {number}"),
            ));
        };
        let split = trimmed.find(['=', ':']);
        let (key, value) = match split {
            Some(at) => (trimmed[..at].trim(), trimmed[at + 1..].trim()),
            None => (trimmed, ""),
        };
        let key = key.to_lowercase();
        let entries = sections.get_mut(name).expect("the section was inserted");
        if entries.contains_key(&key) {
            return Err(malformed(
                path,
                format!("repeats key `{key}` in [{name}] at line {number}"),
            ));
        }
        entries.insert(key.clone(), value.to_string());
        last_key = Some(key);
    }
    let defaults = sections.remove("DEFAULT").unwrap_or_default();
    for entries in sections.values_mut() {
        for (key, value) in &defaults {
            entries.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    Ok(sections)
}

/// A value as `ConfigParser.get` returns it: `%%` is a `%`; any other `%`
/// starts an interpolation, which confauth does not expand (the key is named,
/// the value is not).
pub fn ini_value(path: &Path, section: &str, key: &str, raw: &str) -> Result<String, ToolError> {
    let mut value = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            value.push(c);
        } else if chars.next() == Some('%') {
            value.push('%');
        } else {
            return Err(malformed(
                path,
                format!(
                    "has a `%` in `{key}` of [{section}]: configparser reads it as an interpolation; write `%%` for a literal %"
                ),
            ));
        }
    }
    Ok(value)
}

/// Variables by name, each with where it was set. A later source overrides
/// an earlier one, as `load_dotenv(override=True)` does.
#[derive(Debug, Clone, Default)]
pub struct Vars(BTreeMap<String, Setting<String>>);

impl Vars {
    pub fn set(&mut self, name: &str, value: String, origin: Origin) {
        self.0.insert(name.to_string(), Setting { value, origin });
    }

    /// The variable when it is set and not empty: every tool here treats an
    /// empty variable as unset.
    pub fn get(&self, name: &str) -> Option<&Setting<String>> {
        self.0.get(name).filter(|s| !s.value.is_empty())
    }

    /// The first of `names` that is set.
    pub fn first(&self, names: &[&str]) -> Option<&Setting<String>> {
        names.iter().find_map(|name| self.get(name))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(|(_, s)| !s.value.is_empty())
            .map(|(name, _)| name.as_str())
    }

    pub fn is_truthy(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|s| matches!(s.value.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
    }

    /// The variables named in `names` from the process environment.
    pub fn from_env(env: &dyn super::ToolEnv, names: &[&str]) -> Vars {
        let mut vars = Vars::default();
        for name in names {
            if let Some(value) = env.var(name) {
                vars.set(name, value, Origin::Env(name.to_string()));
            }
        }
        vars
    }

    /// Adds a `.env` file's variables over the ones already here, as
    /// `load_dotenv(override=True)` does: `${NAME}` expands from the file's
    /// earlier variables, then from the environment.
    pub fn add_dotenv(&mut self, path: &Path, text: &str, env: &dyn super::ToolEnv) -> DotEnvAdded {
        let mut added = DotEnvAdded::default();
        let mut earlier: BTreeMap<String, String> = BTreeMap::new();
        let parsed = parse_dotenv(text, &|name: &str| earlier_or_env(name, &earlier, env));
        added.skipped_lines = parsed.skipped_lines;
        for (name, value) in parsed.pairs {
            if self.get(&name).is_some_and(|old| old.value != value) {
                added.replaced.push(name.clone());
            }
            earlier.insert(name.clone(), value.clone());
            self.set(&name, value, Origin::file(path, &name));
        }
        added
    }
}

fn earlier_or_env(name: &str, earlier: &BTreeMap<String, String>, env: &dyn super::ToolEnv) -> Option<String> {
    earlier.get(name).cloned().or_else(|| env.var(name))
}

/// What adding a `.env` file changed.
#[derive(Debug, Default)]
pub struct DotEnvAdded {
    /// Variables whose earlier, different value the file replaced.
    pub replaced: Vec<String>,
    /// Lines python-dotenv cannot parse, and skips with a warning.
    pub skipped_lines: Vec<usize>,
}

/// A `.env` file as python-dotenv reads it (mcp-atlassian's loader).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct DotEnv {
    pub pairs: Vec<(String, String)>,
    pub skipped_lines: Vec<usize>,
}

/// Parses `.env` text with python-dotenv's grammar: `export` prefixes, `#`
/// comment lines and ` #` trailing comments, single quotes (literal but for
/// `\'` and `\\`), double quotes (backslash escapes, several lines
/// allowed), unquoted values up to the end of the line (spaces included), a
/// name without `=` ignored, and a line it cannot parse skipped. `${NAME}`
/// and `${NAME:-default}` expand in unquoted and double-quoted values.
/// (dotenvy refuses unquoted values with spaces, which mcp-atlassian's own
/// `.env.example` has, and expands from the real process environment.)
pub fn parse_dotenv(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> DotEnv {
    let mut parsed = DotEnv::default();
    let mut expanded: BTreeMap<String, String> = BTreeMap::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            return parsed;
        }
        let line = line_of(text, text.len() - rest.len());
        match dotenv_binding(rest) {
            Some((binding, after)) => {
                if let Some((name, value, expand)) = binding {
                    let value = if expand {
                        expand_variables(&value, &|n: &str| expanded.get(n).cloned().or_else(|| lookup(n)))
                    } else {
                        value
                    };
                    expanded.insert(name.clone(), value.clone());
                    parsed.pairs.push((name, value));
                }
                rest = after;
            }
            None => {
                parsed.skipped_lines.push(line);
                rest = rest.split_once('\n').map_or("", |(_, after)| after);
            }
        }
    }
}

/// One binding at the start of `s` (which starts with no whitespace): the
/// name, value and whether it expands (`None` for a comment or a name
/// without `=`), and the text after its line. `None` when it does not parse.
#[allow(clippy::type_complexity)]
fn dotenv_binding(s: &str) -> Option<(Option<(String, String, bool)>, &str)> {
    let blank = |c: char| c == ' ' || c == '\t';
    if s.starts_with('#') {
        return Some((None, s.split_once('\n').map_or("", |(_, after)| after)));
    }
    let s = match s.strip_prefix("export") {
        Some(after) if after.starts_with(blank) => after.trim_start_matches(blank),
        _ => s,
    };
    let (name, s) = match s.strip_prefix('\'') {
        Some(quoted) => {
            let end = quoted.find('\'').filter(|&end| end > 0)?;
            (&quoted[..end], &quoted[end + 1..])
        }
        None => {
            let end = s
                .find(|c: char| c == '=' || c == '#' || c.is_whitespace())
                .unwrap_or(s.len());
            (&s[..end], &s[end..])
        }
    };
    if name.is_empty() {
        return None;
    }
    let s = s.trim_start_matches(blank);
    let (value, s) = match s.strip_prefix('=') {
        None => (None, s),
        Some(s) => {
            let s = s.trim_start_matches(blank);
            if let Some(quoted) = s.strip_prefix('\'') {
                let (raw, after) = until_quote(quoted, '\'')?;
                (Some((unescape(raw, "\\'"), false)), after)
            } else if let Some(quoted) = s.strip_prefix('"') {
                let (raw, after) = until_quote(quoted, '"')?;
                (Some((unescape(raw, "\\'\"abfnrtv"), true)), after)
            } else {
                let end = s.find(['\r', '\n']).unwrap_or(s.len());
                let value = strip_trailing_comment(&s[..end]);
                (Some((value.to_string(), true)), &s[end..])
            }
        }
    };
    // What may follow on the line: blanks and a comment.
    let s = s.trim_start_matches(blank);
    let s = match s.strip_prefix('#') {
        Some(comment) => comment.find(['\r', '\n']).map_or("", |end| &comment[end..]),
        None => s,
    };
    let after = match s.strip_prefix("\r\n").or_else(|| s.strip_prefix(['\n', '\r'])) {
        Some(after) => after,
        None if s.is_empty() => s,
        None => return None,
    };
    Some((value.map(|(value, expand)| (name.to_string(), value, expand)), after))
}

/// The text up to the closing `quote` (a backslash escapes it), and what follows.
fn until_quote(s: &str, quote: char) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (at, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == quote => return Some((&s[..at], &s[at + 1..])),
            _ => {}
        }
    }
    None
}

/// Backslash escapes of the given letters, decoded as Python's
/// `unicode_escape` decodes them; other backslashes stay.
fn unescape(raw: &str, letters: &str) -> String {
    let mut value = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek().copied() {
            Some(next) if c == '\\' && letters.contains(next) => {
                chars.next();
                value.push(match next {
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\u{b}',
                    other => other,
                });
            }
            _ => value.push(c),
        }
    }
    value
}

/// python-dotenv's `re.sub(r"\s+#.*", "", value).rstrip()`.
fn strip_trailing_comment(value: &str) -> &str {
    let comment = value
        .char_indices()
        .find(|&(at, c)| c == '#' && at > 0 && value[..at].ends_with(char::is_whitespace))
        .map_or(value.len(), |(at, _)| at);
    value[..comment].trim_end()
}

/// `${NAME}` and `${NAME:-default}`; an unknown name expands to nothing.
fn expand_variables(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let Some(end) = rest[start..].find('}') else { break };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + end];
        let (name, default) = match inner.split_once(":-") {
            Some((name, default)) => (name, default),
            None => (inner, ""),
        };
        out.push_str(
            &lookup(name)
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string()),
        );
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// A Docker `--env-file`: `NAME=value` taken literally (quotes are part of
/// the value), `#` comment lines, and a bare `NAME` meaning "from the
/// environment docker runs in". The bare names come back with `None`.
pub fn parse_docker_env_file(text: &str) -> Vec<(String, Option<String>)> {
    text.lines()
        .map(|line| line.trim_start())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| match line.split_once('=') {
            Some((name, value)) => (name.trim().to_string(), Some(value.to_string())),
            None => (line.trim().to_string(), None),
        })
        .collect()
}

/// `~`-relative and relative paths from a config file, resolved as a shell
/// and the tool would: against the home directory or `base`.
pub fn resolve_path(value: &str, home: Option<&Path>, base: &Path) -> PathBuf {
    match (value.strip_prefix("~/"), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => base.join(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(name: &str) -> PathBuf {
        PathBuf::from(format!("/cfg/{name}"))
    }

    #[test]
    fn yaml_aliases_are_refused_before_they_expand() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n";
        let error = load_yaml(&at("bomb.yml"), bomb).unwrap_err().to_string();
        assert!(error.contains("alias") && error.contains("line 2"), "{error}");
    }

    #[test]
    fn yaml_errors_name_the_line_and_not_the_text() {
        let text = "server: https://acme.atlassian.net\napi_token: \"ATATT3xFfGF0secret\n";
        let error = load_yaml(&at("c.yml"), text).unwrap_err().to_string();
        assert!(error.contains("/cfg/c.yml") && error.contains("line"), "{error}");
        assert!(!error.contains("secret"), "{error}");
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        assert!(
            load_yaml(&at("deep.yml"), &deep).is_err(),
            "flow nesting past 255 is an error, not a crash"
        );
    }

    #[test]
    fn yaml_scalars_read_as_strings() {
        let doc = load_yaml(
            &at("c.yml"),
            "login: 12345\ninsecure: true\nserver: https://x\nlist: [1]\n",
        )
        .unwrap();
        assert_eq!(yaml_string(&doc, "login").as_deref(), Some("12345"));
        assert_eq!(yaml_string(&doc, "insecure").as_deref(), Some("true"));
        assert_eq!(yaml_string(&doc, "server").as_deref(), Some("https://x"));
        assert_eq!(yaml_string(&doc, "list"), None);
        assert_eq!(yaml_string(&doc, "missing"), None);
        assert!(load_yaml(&at("empty.yml"), "").unwrap().as_hash().is_some());
    }

    #[test]
    fn toml_errors_leave_the_source_line_out() {
        let error = load_toml(&at("mark.toml"), "username = \"me\"\npassword = \"ATATT3xFfGF0secret\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("line 2"), "{error}");
        assert!(!error.contains("secret"), "{error}");
    }

    #[test]
    fn ini_reads_as_configparser_does() {
        let text = "[DEFAULT]\nverify = yes\n\n# comment\n[jira]\nURL = https://acme.atlassian.net\nuser: me@acme.org\npass = a%%b\n  continued\n; other\n[empty]\n";
        let ini = parse_ini(&at("config.ini"), text).unwrap();
        let jira = &ini["jira"];
        assert_eq!(jira["url"], "https://acme.atlassian.net");
        assert_eq!(jira["user"], "me@acme.org");
        assert_eq!(jira["pass"], "a%%b\ncontinued");
        assert_eq!(jira["verify"], "yes");
        assert_eq!(ini["empty"]["verify"], "yes");
        assert!(!ini.contains_key("DEFAULT"));
        assert_eq!(ini_value(&at("c"), "jira", "pass", "a%%b").unwrap(), "a%b");
        let error = ini_value(&at("c"), "jira", "pass", "s3cr%t").unwrap_err().to_string();
        assert!(error.contains("`pass`") && !error.contains("s3cr"), "{error}");
    }

    #[test]
    fn ini_refuses_what_configparser_refuses() {
        for (text, expected) in [
            ("[a]\nx=1\n[a]\n", "repeats section [a] at line 3"),
            ("[a]\nx=1\nX=2\n", "repeats key `x` in [a] at line 3"),
            ("x=1\n", "before any [section] at line 1"),
        ] {
            let error = parse_ini(&at("c.ini"), text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text:?}: {error}");
        }
    }

    fn dotenv(text: &str) -> DotEnv {
        parse_dotenv(text, &|name| (name == "HOME").then(|| "/home/me".to_string()))
    }

    #[test]
    fn dotenv_reads_as_python_dotenv_does() {
        let text = "# comment\nJIRA_URL=https://acme.atlassian.net # trailing\nexport JIRA_USERNAME=\"me@acme.org\"\n\
            JIRA_API_TOKEN='tok en \\' ${HOME}'\nSCOPE=read:jira-work write:jira-work\nHASH=a#b\nEMPTY=\n\
            NO_VALUE\nMULTI=\"one\\ntwo\nthree\"\nHOMED=${HOME}/x ${MISSING:-fallback}\n  INDENTED = v\n";
        let parsed = dotenv(text);
        let get = |name: &str| parsed.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("JIRA_URL"), Some("https://acme.atlassian.net"));
        assert_eq!(get("JIRA_USERNAME"), Some("me@acme.org"));
        assert_eq!(get("JIRA_API_TOKEN"), Some("tok en ' ${HOME}"));
        assert_eq!(get("SCOPE"), Some("read:jira-work write:jira-work"));
        assert_eq!(get("HASH"), Some("a#b"));
        assert_eq!(get("EMPTY"), Some(""));
        assert_eq!(get("NO_VALUE"), None);
        assert_eq!(get("MULTI"), Some("one\ntwo\nthree"));
        assert_eq!(get("HOMED"), Some("/home/me/x fallback"));
        assert_eq!(get("INDENTED"), Some("v"));
        assert!(parsed.skipped_lines.is_empty(), "{:?}", parsed.skipped_lines);
    }

    #[test]
    fn dotenv_skips_what_it_cannot_parse_and_goes_on() {
        let parsed = dotenv("A=1\nB=\"unterminated\nC=3\n=x\nD='ok' junk\nE=5\n");
        let names: Vec<&str> = parsed.pairs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["A", "C", "E"]);
        assert_eq!(parsed.skipped_lines, [2, 4, 5]);
        assert_eq!(dotenv(""), DotEnv::default());
    }

    #[test]
    fn docker_env_files_are_literal() {
        let parsed = parse_docker_env_file("# c\nJIRA_URL=\"https://x\"\n  JIRA_USERNAME=me\nJIRA_API_TOKEN\n\n");
        assert_eq!(
            parsed,
            vec![
                ("JIRA_URL".to_string(), Some("\"https://x\"".to_string())),
                ("JIRA_USERNAME".to_string(), Some("me".to_string())),
                ("JIRA_API_TOKEN".to_string(), None),
            ]
        );
    }

    #[test]
    fn vars_override_in_order_and_ignore_empty_values() {
        let mut vars = Vars::default();
        vars.set("A", "env".into(), Origin::Env("A".into()));
        let env = crate::tools::testing::TestEnv::new();
        assert_eq!(vars.add_dotenv(&at(".env"), "A=file\nB=\n", &env).replaced, ["A"]);
        assert_eq!(vars.get("A").unwrap().value, "file");
        assert!(matches!(vars.get("A").unwrap().origin, Origin::File { .. }));
        assert!(vars.get("B").is_none());
        assert_eq!(vars.names().collect::<Vec<_>>(), ["A"]);
    }

    #[cfg(unix)]
    #[test]
    fn only_small_regular_files_are_read() {
        let env = crate::tools::testing::TestEnv::new();
        let big = env.write("big.yml", &"a".repeat(MAX_FILE_BYTES as usize + 1));
        assert!(matches!(read_text(&big), Err(ToolError::TooLarge(_))));
        assert!(matches!(read_text(&env.root), Err(ToolError::NotAFile(_))));
        let fifo = env.root.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block forever if it were opened.
            assert!(matches!(read_text(&fifo), Err(ToolError::NotAFile(_))));
        }
        assert!(matches!(read_text(Path::new("/dev/null")), Err(ToolError::NotAFile(_))));
        assert!(read_if_present(&env.root.join("missing")).unwrap().is_none());
        let exact = env.write("exact.yml", &"a".repeat(MAX_FILE_BYTES as usize));
        assert_eq!(read_text(&exact).unwrap().len(), MAX_FILE_BYTES as usize);
    }
}
