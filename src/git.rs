//! Reads what git would do for a Bitbucket remote, without changing anything:
//! a remote's URL (`git remote get-url`), the credential-related settings
//! (`git config --get-regexp ^credential\.`), the credential git's helpers
//! would give (`git credential fill`), and the `git credential-store` files.
//!
//! Every git call is bounded by the run's deadline, never prompts
//! (`GIT_TERMINAL_PROMPT=0`, `GCM_INTERACTIVE=never`, no askpass program, stdin
//! closed after the request) and never stores or erases (`git credential
//! approve` / `reject` are never run). Secrets go into [`Secret`] at once.
//! [`LocalGit`] is the seam: tests give [`Git`] a fake `HOME`, global config
//! and repository, and the demo answers from the simulator.

use confauth_checks::secret::Secret;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use url::Url;
use zeroize::Zeroizing;

/// Why git could not tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// No `git` program to run.
    Missing,
    /// git did not finish before the run's deadline.
    TimedOut,
    /// git ran and failed (a remote that does not exist, no credential).
    Failed,
}

/// A credential `git credential fill` answered.
pub struct Filled {
    pub username: Option<String>,
    pub secret: Secret,
}

/// A credential-store file's text, with the name the report shows.
pub struct StoreFile {
    pub shown: String,
    pub text: Zeroizing<String>,
}

/// What the doctor asks of the local git.
pub trait LocalGit {
    /// `git remote get-url <name>` in the current repository.
    fn remote_url(&self, name: &str) -> Result<String, GitError>;
    /// The credential git would send for `url`; `Ok(None)` when it has none.
    fn credential_fill(&self, url: &Url) -> Result<Option<Filled>, GitError>;
    /// Every `credential.*` setting, as `(key, value)` in git's order.
    fn credential_config(&self) -> Result<Vec<(String, String)>, GitError>;
    /// The files `git credential-store` reads by default.
    fn store_files(&self) -> Vec<StoreFile>;
}

/// Output past this is not git's answer to these questions.
const OUTPUT_CAP: u64 = 256 * 1024;

/// The git on this machine.
pub struct Git {
    program: OsString,
    /// Where git runs: the repository whose remotes `--git <name>` reads.
    dir: PathBuf,
    /// `HOME` for git and for the store files; the process's when `None`.
    home: Option<PathBuf>,
    /// Set for git besides the fixed ones (tests: `GIT_CONFIG_GLOBAL`, `GIT_CONFIG_NOSYSTEM`).
    env: Vec<(OsString, OsString)>,
    deadline: Instant,
}

impl Git {
    /// git in the current directory, every call done before `timeout` from now.
    pub fn new(timeout: Duration) -> Git {
        Git {
            program: "git".into(),
            dir: std::env::current_dir().unwrap_or_else(|_| ".".into()),
            home: None,
            env: Vec::new(),
            deadline: Instant::now() + timeout,
        }
    }

    fn home(&self) -> Option<PathBuf> {
        self.home
            .clone()
            .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
    }

    /// Runs git with `args`, writing `input` to its stdin and then closing it.
    fn run(&self, args: &[&str], input: Option<&str>) -> Result<Zeroizing<String>, GitError> {
        let mut command = Command::new(&self.program);
        command
            .args(args)
            .current_dir(&self.dir)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GCM_INTERACTIVE", "never")
            // Empty, git runs no askpass program, even one core.askPass names.
            .env("GIT_ASKPASS", "")
            .env("SSH_ASKPASS", "")
            .stdin(if input.is_some() { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(home) = &self.home {
            command.env("HOME", home);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        let mut child = command.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => GitError::Missing,
            _ => GitError::Failed,
        })?;
        if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
            // A few hundred bytes: they fit in the pipe whether git reads them or not.
            let _ = stdin.write_all(input.as_bytes());
        }
        let (sender, receiver) = std::sync::mpsc::channel();
        if let Some(stdout) = child.stdout.take() {
            std::thread::spawn(move || {
                let mut output = Zeroizing::new(Vec::new());
                let _ = stdout.take(OUTPUT_CAP).read_to_end(&mut output);
                let _ = sender.send(output);
            });
        }
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if Instant::now() >= self.deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(GitError::TimedOut);
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => return Err(GitError::Failed),
            }
        };
        // A helper git started may still hold the pipe: wait no longer than the deadline.
        let left = self.deadline.saturating_duration_since(Instant::now());
        let output = receiver
            .recv_timeout(left.max(Duration::from_millis(50)))
            .map_err(|_| GitError::TimedOut)?;
        if !status.success() {
            return Err(GitError::Failed);
        }
        let text = std::str::from_utf8(&output).map_err(|_| GitError::Failed)?;
        Ok(Zeroizing::new(text.to_string()))
    }
}

impl LocalGit for Git {
    fn remote_url(&self, name: &str) -> Result<String, GitError> {
        let out = self.run(&["remote", "get-url", "--", name], None)?;
        Ok(out.trim().to_string())
    }

    fn credential_fill(&self, url: &Url) -> Result<Option<Filled>, GitError> {
        let request = format!("url={url}\n\n");
        let answer = match self.run(&["credential", "fill"], Some(&request)) {
            Ok(answer) => answer,
            // git fails when no helper has one and it may not ask.
            Err(GitError::Failed) => return Ok(None),
            Err(error) => return Err(error),
        };
        Ok(parse_fill(&answer))
    }

    fn credential_config(&self) -> Result<Vec<(String, String)>, GitError> {
        match self.run(&["config", "--null", "--get-regexp", r"^credential\."], None) {
            Ok(out) => Ok(parse_config(&out)),
            // `git config --get-regexp` fails when nothing matches.
            Err(GitError::Failed) => Ok(Vec::new()),
            Err(error) => Err(error),
        }
    }

    fn store_files(&self) -> Vec<StoreFile> {
        let Some(home) = self.home() else { return Vec::new() };
        let xdg = std::env::var_os("XDG_CONFIG_HOME")
            .filter(|_| self.home.is_none())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".config"));
        [
            (home.join(".git-credentials"), "~/.git-credentials"),
            (xdg.join("git/credentials"), "$XDG_CONFIG_HOME/git/credentials"),
        ]
        .into_iter()
        .filter_map(|(path, shown)| {
            let mut text = Zeroizing::new(String::new());
            std::fs::File::open(path)
                .ok()?
                .take(OUTPUT_CAP)
                .read_to_string(&mut text)
                .ok()?;
            Some(StoreFile {
                shown: shown.into(),
                text,
            })
        })
        .collect()
    }
}

/// `key=value` lines of `git credential fill`.
fn parse_fill(answer: &str) -> Option<Filled> {
    let mut username = None;
    let mut secret = None;
    for line in answer.lines() {
        match line.split_once('=') {
            Some(("username", value)) => username = Some(value.to_string()),
            Some(("password", value)) => secret = Some(Secret::new(value.to_string())),
            _ => {}
        }
    }
    Some(Filled {
        username,
        secret: secret?,
    })
}

/// `git config --null` records: the key, a line break, the value, a NUL.
fn parse_config(out: &str) -> Vec<(String, String)> {
    out.split('\0')
        .filter(|record| !record.is_empty())
        .map(|record| match record.split_once('\n') {
            Some((key, value)) => (key.to_string(), value.to_string()),
            None => (record.to_string(), String::new()),
        })
        .collect()
}

/// A git that is not there: the demo's default, and what tests of the rest use.
pub struct NoGit;

impl LocalGit for NoGit {
    fn remote_url(&self, _name: &str) -> Result<String, GitError> {
        Err(GitError::Missing)
    }

    fn credential_fill(&self, _url: &Url) -> Result<Option<Filled>, GitError> {
        Err(GitError::Missing)
    }

    fn credential_config(&self) -> Result<Vec<(String, String)>, GitError> {
        Err(GitError::Missing)
    }

    fn store_files(&self) -> Vec<StoreFile> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A git with a home, a global config and a repository of its own.
    struct Sandbox {
        root: PathBuf,
    }

    impl Sandbox {
        fn new(name: &str) -> Sandbox {
            let root = std::env::temp_dir().join(format!("confauth-git-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            std::fs::create_dir_all(root.join("home")).unwrap();
            std::fs::create_dir_all(root.join("repo")).unwrap();
            Sandbox { root }
        }

        fn write(&self, path: &str, text: &str) {
            std::fs::write(self.root.join(path), text).unwrap();
        }

        fn git(&self, timeout: Duration) -> Git {
            Git {
                program: "git".into(),
                dir: self.root.join("repo"),
                home: Some(self.root.join("home")),
                env: vec![
                    ("GIT_CONFIG_NOSYSTEM".into(), "1".into()),
                    (
                        "GIT_CONFIG_GLOBAL".into(),
                        self.root.join("home/.gitconfig").into_os_string(),
                    ),
                ],
                deadline: Instant::now() + timeout,
            }
        }

        fn init(&self, remote: &str) -> bool {
            let dir = self.root.join("repo");
            let ok = |args: &[&str]| {
                Command::new("git")
                    .args(args)
                    .current_dir(&dir)
                    .env("HOME", self.root.join("home"))
                    .env("GIT_CONFIG_NOSYSTEM", "1")
                    .status()
                    .is_ok_and(|s| s.success())
            };
            ok(&["init", "-q"]) && ok(&["remote", "add", "origin", remote])
        }
    }

    impl Drop for Sandbox {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }

    fn git_installed() -> bool {
        let found = Command::new("git").arg("--version").output().is_ok();
        if !found {
            eprintln!("git is not installed: skipping a test that runs it");
        }
        found
    }

    #[test]
    fn a_stored_credential_is_filled_without_prompting() {
        if !git_installed() {
            return;
        }
        let sandbox = Sandbox::new("fill");
        sandbox.write("home/.gitconfig", "[credential]\n\thelper = store\n");
        sandbox.write(
            "home/.git-credentials",
            "https://jsmith-acme:AT%3DBB%2Fx@bitbucket.org\n",
        );
        let git = sandbox.git(Duration::from_secs(10));
        let url = Url::parse("https://jsmith-acme@bitbucket.org/acme/platform.git").unwrap();
        let filled = git.credential_fill(&url).unwrap().expect("a credential");
        assert_eq!(filled.username.as_deref(), Some("jsmith-acme"));
        assert_eq!(filled.secret.expose(), "AT=BB/x");
        // Another user has nothing stored, and git may not ask.
        let other = Url::parse("https://someone@bitbucket.org/acme/platform.git").unwrap();
        assert!(git.credential_fill(&other).unwrap().is_none());
        assert_eq!(
            git.credential_config().unwrap(),
            [("credential.helper".to_string(), "store".to_string())]
        );
        let files = git.store_files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].shown, "~/.git-credentials");
    }

    #[test]
    fn remotes_are_read_by_name() {
        if !git_installed() {
            return;
        }
        let sandbox = Sandbox::new("remote");
        sandbox.write("home/.gitconfig", "");
        assert!(sandbox.init("https://jsmith-acme@bitbucket.org/acme/platform.git"));
        let git = sandbox.git(Duration::from_secs(10));
        assert_eq!(
            git.remote_url("origin").unwrap(),
            "https://jsmith-acme@bitbucket.org/acme/platform.git"
        );
        assert_eq!(git.remote_url("upstream"), Err(GitError::Failed));
    }

    #[test]
    fn a_helper_that_hangs_is_cut_off_at_the_deadline() {
        if !git_installed() || !Path::new("/bin/sleep").exists() {
            return;
        }
        let sandbox = Sandbox::new("hang");
        sandbox.write("home/.gitconfig", "[credential]\n\thelper = \"!/bin/sleep 5 #\"\n");
        let git = sandbox.git(Duration::from_millis(300));
        let started = Instant::now();
        let url = Url::parse("https://bitbucket.org/acme/platform.git").unwrap();
        assert_eq!(git.credential_fill(&url).err(), Some(GitError::TimedOut));
        assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    }

    #[test]
    fn a_missing_git_is_told_apart() {
        let mut git = Git::new(Duration::from_secs(1));
        git.program = "confauth-no-such-git".into();
        assert_eq!(git.remote_url("origin"), Err(GitError::Missing));
    }

    #[test]
    fn git_output_is_parsed() {
        let filled = parse_fill("protocol=https\nhost=bitbucket.org\nusername=x-token-auth\npassword=a=b\n").unwrap();
        assert_eq!(
            (filled.username.as_deref(), filled.secret.expose()),
            (Some("x-token-auth"), "a=b")
        );
        assert!(parse_fill("protocol=https\nhost=bitbucket.org\n").is_none());
        assert_eq!(
            parse_config("credential.helper\nstore\0credential.https://bitbucket.org.username\nx\ny\0"),
            [
                ("credential.helper".to_string(), "store".to_string()),
                (
                    "credential.https://bitbucket.org.username".to_string(),
                    "x\ny".to_string()
                )
            ]
        );
    }
}
