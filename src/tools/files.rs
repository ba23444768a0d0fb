//! Reading the tools' files safely, and the formats they are written in:
//! YAML, TOML, INI (Python's `configparser`), `.env` and Docker env files.
//! A file is read only when it is a regular file of at most 64 KiB, so a FIFO,
//! a device or a huge file is refused before it is opened. Every error names
//! the file and a position, never the text at that position (it may be a token).

use super::{Origin, Setting, ToolError};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use yaml_rust2::Yaml;
use yaml_rust2::parser::{Event, Parser};

/// The largest settings file read: real ones are a few hundred bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024;

/// The file's text, if it is a regular file of at most [`MAX_FILE_BYTES`].
pub fn read_text(path: &Path) -> Result<String, ToolError> {
    let unreadable = |error: std::io::Error| ToolError::Unreadable {
        path: path.to_path_buf(),
        kind: error.kind(),
    };
    // Checked before opening: opening a FIFO blocks until someone writes to it.
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(ToolError::NotAFile(path.to_path_buf()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ToolError::TooLarge(path.to_path_buf()));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ToolError::TooLarge(path.to_path_buf()));
    }
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

    /// Adds a `.env` file's variables over the ones already here.
    pub fn add_dotenv(&mut self, path: &Path, text: &str) -> Result<(), ToolError> {
        for (name, value) in parse_dotenv(path, text)? {
            let origin = Origin::File {
                path: path.to_path_buf(),
                key: name.clone(),
            };
            self.set(&name, value, origin);
        }
        Ok(())
    }
}

/// A `.env` file's variables in order, read with `dotenvy` without touching
/// the process environment. `dotenvy`'s own error quotes the line; this one
/// says only which line.
pub fn parse_dotenv(path: &Path, text: &str) -> Result<Vec<(String, String)>, ToolError> {
    let mut pairs = Vec::new();
    for item in dotenvy::from_read_iter(text.as_bytes()) {
        match item {
            Ok(pair) => pairs.push(pair),
            Err(dotenvy::Error::LineParse(_, at)) => {
                return Err(malformed(
                    path,
                    format!("is not a valid .env file at line {}", line_of(text, at)),
                ));
            }
            Err(_) => return Err(malformed(path, "is not a valid .env file")),
        }
    }
    Ok(pairs)
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

    #[test]
    fn dotenv_reads_quotes_comments_and_exports() {
        let text = "# comment\nJIRA_URL=https://acme.atlassian.net # trailing\nexport JIRA_USERNAME=\"me@acme.org\"\nJIRA_API_TOKEN='tok en'\nEMPTY=\n";
        let pairs = parse_dotenv(&at(".env"), text).unwrap();
        let get = |name: &str| pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(get("JIRA_URL"), Some("https://acme.atlassian.net"));
        assert_eq!(get("JIRA_USERNAME"), Some("me@acme.org"));
        assert_eq!(get("JIRA_API_TOKEN"), Some("tok en"));
        assert_eq!(get("EMPTY"), Some(""));
    }

    #[test]
    fn dotenv_errors_name_the_line_only() {
        let error = parse_dotenv(&at(".env"), "A=1\nJIRA_API_TOKEN=\"ATATT3xFfGF0secret\n")
            .unwrap_err()
            .to_string();
        assert!(error.contains("line 2") && !error.contains("secret"), "{error}");
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
        vars.add_dotenv(&at(".env"), "A=file\nB=\n").unwrap();
        assert_eq!(vars.get("A").unwrap().value, "file");
        assert!(matches!(vars.get("A").unwrap().origin, Origin::File { .. }));
        assert!(vars.get("B").is_none());
        assert_eq!(vars.names().collect::<Vec<_>>(), ["A"]);
    }

    #[cfg(unix)]
    #[test]
    fn only_small_regular_files_are_read() {
        let dir = tempdir();
        let big = dir.join("big.yml");
        std::fs::write(&big, "a".repeat(MAX_FILE_BYTES as usize + 1)).unwrap();
        assert!(matches!(read_text(&big), Err(ToolError::TooLarge(_))));
        assert!(matches!(read_text(&dir), Err(ToolError::NotAFile(_))));
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            // Would block forever if it were opened.
            assert!(matches!(read_text(&fifo), Err(ToolError::NotAFile(_))));
        }
        assert!(matches!(read_text(Path::new("/dev/null")), Err(ToolError::NotAFile(_))));
        assert!(read_if_present(&dir.join("missing")).unwrap().is_none());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[cfg(unix)]
    fn tempdir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("confauth-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
