//! The Bitbucket side of the doctor's inputs: whether the run is Bitbucket's
//! (a request to its API or git host, `--git`, `--product bitbucket`), the
//! two hosts, the repository, the git remote and username, the credential
//! git would send, and the local git configuration, read through
//! [`LocalGit`]. Secrets from git go into `Secret` at once; error messages
//! name a remote only without its userinfo.

use super::Environment;
use crate::cli::{DoctorArgs, ProductArg};
use crate::git::{GitError, LocalGit, StoreFile};
use confauth_checks::bitbucket::inputs::{
    BitbucketInputs, GitConfig, GitCredential, GitRemote, GitUser, Helper, Repository, StoredCredential, Surface,
};
use confauth_checks::context::{Source, Target};
use confauth_checks::credential::SecretFacts;
use confauth_checks::input::{self, InputError, same_origin};
use confauth_checks::secret::Secret;
use url::Url;

pub const DEFAULT_API: &str = "https://api.bitbucket.org";
pub const DEFAULT_GIT: &str = "https://bitbucket.org";

/// The Bitbucket inputs when the run is Bitbucket's; what the report should
/// warn about goes to `warnings`.
pub fn gather(
    args: &DoctorArgs,
    env: &dyn Environment,
    target: Option<&Target>,
    git: &dyn LocalGit,
    warnings: &mut Vec<String>,
) -> Result<Option<BitbucketInputs>, InputError> {
    let api = host(
        args.bitbucket_api.as_deref(),
        env.var("CONFAUTH_BITBUCKET_API"),
        DEFAULT_API,
        "--bitbucket-api",
    )?;
    let git_host = host(
        args.bitbucket_git.as_deref(),
        env.var("CONFAUTH_BITBUCKET_GIT"),
        DEFAULT_GIT,
        "--bitbucket-git",
    )?;
    let target_surface = target.and_then(|t| {
        if same_origin(&t.url, &api) {
            Some(Surface::Rest)
        } else if same_origin(&t.url, &git_host) {
            Some(Surface::Git)
        } else {
            None
        }
    });
    let asked = args.git.is_some() || args.product == Some(ProductArg::Bitbucket);
    match (target, target_surface) {
        (_, Some(_)) => {}
        (None, None) if asked => {}
        (Some(t), None) if asked => {
            return Err(InputError(format!(
                "the request goes to {}, which is neither the Bitbucket API ({}) nor its git host ({}); name another with --bitbucket-api or --bitbucket-git",
                input::base_string(&t.url),
                input::base_string(&api),
                input::base_string(&git_host)
            )));
        }
        _ => return Ok(None),
    }
    let remote = args
        .git
        .as_deref()
        .map(|value| read_remote(value, &git_host, git))
        .transpose()?;
    if remote.as_ref().is_some_and(|r| r.password.is_some()) {
        warnings.push("the remote URL holds a password: git keeps it in plain text in .git/config, and a command line puts it in your shell history; a credential helper is safer".into());
    }
    let surface = target_surface.unwrap_or(match remote {
        Some(_) => Surface::Git,
        None => Surface::Rest,
    });
    let from_target = target.and_then(|t| match target_surface? {
        Surface::Rest => Repository::from_api_path(t.url.path()),
        Surface::Git => Repository::from_git_path(t.url.path()),
    });
    let repository = from_target.or_else(|| remote.as_ref().map(|r| r.repository.clone()));
    let git_username = match (&args.username, remote.as_ref().and_then(|r| r.remote.username.clone())) {
        (Some(name), _) => Some((name.clone(), Source::Flag("--username".into()))),
        (None, Some(name)) => Some((name, Source::Git("the remote URL".into()))),
        (None, None) => None,
    };
    let mut bitbucket = BitbucketInputs {
        api,
        git_host,
        surface,
        repository,
        remote: remote.as_ref().map(|r| r.remote.clone()),
        git_username,
        git_credential: None,
        git_config: GitConfig::default(),
    };
    if surface == Surface::Git || remote.is_some() {
        let password = remote.and_then(|r| r.password);
        read_git(&mut bitbucket, password, env, git);
    }
    Ok(Some(bitbucket))
}

/// A base URL from a flag, a variable or the default, as its origin.
fn host(flag: Option<&str>, var: Option<String>, default: &str, what: &str) -> Result<Url, InputError> {
    let text = flag.map(str::to_string).or(var).unwrap_or_else(|| default.into());
    Ok(input::origin_of(&input::parse_url(&text, what)?))
}

/// A remote as the user named it, taken apart.
struct Remote {
    remote: GitRemote,
    repository: Repository,
    /// A password in the remote URL: what git sends, with no helper asked.
    password: Option<Secret>,
}

/// `--git`: a remote URL, or the name of a remote of the current repository.
fn read_remote(value: &str, git_host: &Url, git: &dyn LocalGit) -> Result<Remote, InputError> {
    let ssh = || {
        InputError(
            "the remote uses SSH; confauth diagnoses git over HTTPS (https://bitbucket.org/<workspace>/<repo>.git)"
                .into(),
        )
    };
    let (name, text) = if value.contains("://") {
        (None, value.trim().to_string())
    } else if value.contains(':') {
        return Err(ssh());
    } else {
        let valid = !value.is_empty()
            && value.len() <= 100
            && !value.starts_with('-')
            && value.chars().all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c));
        if !valid {
            return Err(InputError(
                "--git takes a remote's URL or its name (origin, upstream, ...)".into(),
            ));
        }
        let url = git.remote_url(value).map_err(|error| match error {
            GitError::Missing => InputError(format!(
                "--git {value} names a remote, but git could not be run to read it; give the remote's URL instead"
            )),
            GitError::TimedOut => InputError(format!("git did not say the URL of the remote {value} in time")),
            GitError::Failed => InputError(format!(
                "no remote {value} in this repository (git remote -v lists them); or give the remote's URL"
            )),
        })?;
        (Some(value.to_string()), url)
    };
    if text.starts_with("ssh://") || (!text.contains("://") && text.contains(':')) {
        return Err(ssh());
    }
    let parsed = Url::parse(&text).map_err(|_| {
        InputError(
            "the remote is not a URL confauth can read; give it as https://bitbucket.org/<workspace>/<repo>.git".into(),
        )
    })?;
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    let username = Some(decode(parsed.username())).filter(|u| !u.is_empty());
    let password = parsed.password().map(|p| Secret::new(decode(p)));
    let mut bare = parsed.clone();
    // Cannot fail for a URL with a host, which every https URL has.
    let _ = bare.set_username("");
    let _ = bare.set_password(None);
    let url = input::parse_url(bare.as_str(), "the remote (--git)")?;
    if !same_origin(&url, git_host) {
        return Err(InputError(format!(
            "the remote is on {}, not on Bitbucket Cloud's git host {}: confauth sends Bitbucket credentials only there (--bitbucket-git names another)",
            input::base_string(&url),
            input::base_string(git_host)
        )));
    }
    let repository = Repository::from_git_path(url.path()).ok_or_else(|| {
        InputError(format!(
            "the remote {url} is not a repository's address; give it as https://bitbucket.org/<workspace>/<repo>.git"
        ))
    })?;
    Ok(Remote {
        remote: GitRemote { name, url, username },
        repository,
        password,
    })
}

/// What git would send for the remote, and the configuration around it.
fn read_git(bitbucket: &mut BitbucketInputs, password: Option<Secret>, env: &dyn Environment, git: &dyn LocalGit) {
    let mut config = GitConfig::default();
    match git.credential_config() {
        Ok(settings) => apply_settings(&settings, &bitbucket.git_host, &mut config),
        Err(GitError::Missing) => config
            .notes
            .push("git could not be run here: confauth read the remote URL and ~/.git-credentials only".into()),
        Err(GitError::TimedOut) => config.notes.push("git config did not answer in time".into()),
        Err(GitError::Failed) => {}
    }
    // Git Credential Manager reads its variable before git's configuration.
    if let Some(value) = env.var("GCM_BITBUCKET_VALIDATE_STORED_CREDENTIALS") {
        config.gcm_validate = git_bool(&value).or(config.gcm_validate);
    }
    let stored = stored_entries(&git.store_files(), &bitbucket.git_host);
    config.stored = stored
        .iter()
        .map(|(file, user, secret)| StoredCredential {
            file: file.clone(),
            user: GitUser::of(user),
            secret: SecretFacts::of(secret),
        })
        .collect();
    let url_user = bitbucket.remote.as_ref().and_then(|r| r.username.clone());
    bitbucket.git_credential = match (password, fill_url(bitbucket)) {
        (Some(password), _) => Some(GitCredential::new(
            url_user,
            password,
            Source::Git("the remote URL".into()),
        )),
        (None, Some(url)) => match git.credential_fill(&url) {
            Ok(Some(filled)) => {
                let helpers: Vec<&str> = config.helpers.iter().map(|h| h.name.as_str()).collect();
                let how = match helpers.as_slice() {
                    [] => "git credential fill".to_string(),
                    names => format!("git credential fill (helpers: {})", names.join(", ")),
                };
                Some(GitCredential::new(
                    filled.username.or(url_user),
                    filled.secret,
                    Source::Git(how),
                ))
            }
            Ok(None) => {
                config
                    .notes
                    .push("git's helpers have no credential for this remote: git would ask for one".into());
                None
            }
            // Without git, the store file is what `credential.helper=store` would give.
            Err(GitError::Missing) => stored
                .into_iter()
                .find(|(_, user, _)| url_user.as_ref().is_none_or(|u| u == user))
                .map(|(file, user, secret)| GitCredential::new(Some(user), secret, Source::Git(file))),
            Err(GitError::TimedOut) => {
                config.notes.push("git credential fill did not answer in time (a helper waiting for input?): what git sends is unknown".into());
                None
            }
            Err(GitError::Failed) => None,
        },
        (None, None) => None,
    };
    bitbucket.git_config = config;
}

/// The URL git asks its helpers about: the repository's, with the remote's
/// username (else `--username`).
fn fill_url(bitbucket: &BitbucketInputs) -> Option<Url> {
    let mut url = Url::parse(&bitbucket.git_url()?).ok()?;
    let user = bitbucket
        .remote
        .as_ref()
        .and_then(|r| r.username.clone())
        .or_else(|| bitbucket.git_username.as_ref().map(|(name, _)| name.clone()));
    if let Some(user) = user {
        url.set_username(&user).ok()?;
    }
    Some(url)
}

/// The helpers and Git Credential Manager settings that apply to the git host,
/// in git's order: an empty `helper` clears the list before it.
fn apply_settings(settings: &[(String, String)], git_host: &Url, config: &mut GitConfig) {
    for (key, value) in settings {
        let Some(rest) = key.strip_prefix("credential.") else {
            continue;
        };
        let (scope, name) = match rest.rsplit_once('.') {
            Some((scope, name)) => (Some(scope), name),
            None => (None, rest),
        };
        if scope.is_some_and(|scope| !applies_to(scope, git_host)) {
            continue;
        }
        match name.to_ascii_lowercase().as_str() {
            "helper" => match Helper::parse(value) {
                Some(helper) => config.helpers.push(helper),
                None => config.helpers.clear(),
            },
            "bitbucketvalidatestoredcredentials" => config.gcm_validate = git_bool(value),
            _ => {}
        }
    }
}

/// Whether a `credential.<url>.*` section applies to the host: the same
/// scheme, host and port (a section without a scheme names the host alone).
fn applies_to(scope: &str, git_host: &Url) -> bool {
    match Url::parse(scope) {
        Ok(url) if url.has_host() => same_origin(&url, git_host),
        _ => scope
            .split('/')
            .next()
            .is_some_and(|host| git_host.host_str().is_some_and(|h| h.eq_ignore_ascii_case(host))),
    }
}

/// git's booleans.
fn git_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "1" => Some(true),
        "false" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// The credential-store lines for the git host: `https://user:secret@host`,
/// as (the file's name, the user, the secret).
fn stored_entries(files: &[StoreFile], git_host: &Url) -> Vec<(String, String, Secret)> {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    };
    files
        .iter()
        .flat_map(|file| file.text.lines().map(move |line| (file, line)))
        .filter_map(|(file, line)| {
            let url = Url::parse(line.trim()).ok()?;
            let secret = url.password()?;
            same_origin(&url, git_host)
                .then(|| (file.shown.clone(), decode(url.username()), Secret::new(decode(secret))))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::git::{Filled, NoGit};
    use std::cell::RefCell;

    /// A git that answers from the test's own data.
    #[derive(Default)]
    struct FakeGit {
        remotes: Vec<(&'static str, &'static str)>,
        filled: Option<(&'static str, &'static str)>,
        settings: Vec<(&'static str, &'static str)>,
        store: Option<&'static str>,
        asked: RefCell<Vec<String>>,
    }

    impl LocalGit for FakeGit {
        fn remote_url(&self, name: &str) -> Result<String, GitError> {
            let found = self.remotes.iter().find(|(n, _)| *n == name);
            found.map(|(_, url)| url.to_string()).ok_or(GitError::Failed)
        }

        fn credential_fill(&self, url: &Url) -> Result<Option<Filled>, GitError> {
            self.asked.borrow_mut().push(url.to_string());
            Ok(self.filled.map(|(user, secret)| Filled {
                username: Some(user.into()),
                secret: Secret::new(secret.into()),
            }))
        }

        fn credential_config(&self) -> Result<Vec<(String, String)>, GitError> {
            Ok(self
                .settings
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect())
        }

        fn store_files(&self) -> Vec<StoreFile> {
            self.store
                .map(|text| StoreFile {
                    shown: "~/.git-credentials".into(),
                    text: text.to_string().into(),
                })
                .into_iter()
                .collect()
        }
    }

    struct Env(Vec<(&'static str, &'static str)>);

    impl Environment for Env {
        fn var(&self, name: &str) -> Option<String> {
            self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        }
    }

    fn args(git: Option<&str>) -> DoctorArgs {
        use clap::Parser;
        match crate::cli::Cli::parse_from(["confauth", "doctor"]).command {
            crate::cli::Command::Doctor(mut args) => {
                args.git = git.map(str::to_string);
                args
            }
            _ => unreachable!("doctor was asked"),
        }
    }

    fn gather_git(value: &str, git: &dyn LocalGit) -> Result<BitbucketInputs, InputError> {
        let mut warnings = Vec::new();
        gather(&args(Some(value)), &Env(Vec::new()), None, git, &mut warnings).map(|b| b.expect("a Bitbucket run"))
    }

    #[test]
    fn remotes_are_read_by_url_or_name() {
        let git = FakeGit {
            remotes: vec![("origin", "https://jsmith-acme@bitbucket.org/acme/platform.git")],
            ..FakeGit::default()
        };
        for value in ["origin", "https://jsmith-acme@bitbucket.org/acme/platform.git"] {
            let bitbucket = gather_git(value, &git).unwrap();
            let remote = bitbucket.remote.unwrap();
            assert_eq!(
                remote.url.as_str(),
                "https://bitbucket.org/acme/platform.git",
                "{value}"
            );
            assert_eq!(remote.username.as_deref(), Some("jsmith-acme"));
            assert_eq!(bitbucket.surface, Surface::Git);
            assert_eq!(bitbucket.repository.unwrap().git_path(), "/acme/platform.git");
        }
        assert_eq!(
            gather_git("origin", &git).unwrap().remote.unwrap().name.as_deref(),
            Some("origin")
        );
    }

    #[test]
    fn bad_remotes_get_an_error_that_holds_no_secret() {
        let git = FakeGit::default();
        let cases = [
            ("git@bitbucket.org:acme/platform.git", "uses SSH"),
            ("ssh://git@bitbucket.org/acme/platform.git", "uses SSH"),
            (
                "https://jsmith:hunter2secret@github.com/acme/platform.git",
                "not on Bitbucket Cloud's git host",
            ),
            (
                "http://jsmith:hunter2secret@bitbucket.org/acme/platform.git",
                "only over https",
            ),
            ("https://bitbucket.org/acme", "not a repository's address"),
            ("upstream", "no remote upstream"),
            ("--upload-pack=x", "takes a remote's URL or its name"),
        ];
        for (value, expected) in cases {
            let error = gather_git(value, &git).unwrap_err().to_string();
            assert!(error.contains(expected), "{value}: {error}");
            assert!(!error.contains("hunter2"), "{value}: {error}");
        }
        let error = gather_git("origin", &NoGit).unwrap_err().to_string();
        assert!(error.contains("git could not be run"), "{error}");
    }

    #[test]
    fn git_s_credential_comes_from_the_url_or_its_helpers() {
        let in_url = gather_git(
            "https://jsmith-acme:ATBB%2Fx@bitbucket.org/acme/platform.git",
            &FakeGit::default(),
        )
        .unwrap()
        .git_credential
        .unwrap();
        assert_eq!(in_url.secret.unwrap().expose(), "ATBB/x");
        assert_eq!(in_url.source.describe(), "git: the remote URL");

        let git = FakeGit {
            filled: Some(("jsmith-acme", "ATATT3xFfGF0s3cr3t")),
            settings: vec![
                ("credential.helper", "osxkeychain"),
                ("credential.helper", ""),
                ("credential.helper", "store"),
                ("credential.https://github.com.helper", "manager"),
                ("credential.https://bitbucket.org.helper", "manager"),
                (
                    "credential.https://bitbucket.org.bitbucketvalidatestoredcredentials",
                    "false",
                ),
            ],
            store: Some("https://jsmith-acme:ATBB%2Fold@bitbucket.org\nhttps://me:x@github.com\nnot a url\n"),
            ..FakeGit::default()
        };
        let bitbucket = gather_git("https://jsmith-acme@bitbucket.org/acme/platform.git", &git).unwrap();
        assert_eq!(
            *git.asked.borrow(),
            ["https://jsmith-acme@bitbucket.org/acme/platform.git"]
        );
        let credential = bitbucket.git_credential.unwrap();
        assert_eq!(credential.username.as_deref(), Some("jsmith-acme"));
        assert_eq!(
            credential.source.describe(),
            "git: git credential fill (helpers: store, manager)"
        );
        let config = bitbucket.git_config;
        assert_eq!(config.gcm_validate, Some(false));
        assert!(!config.manager_validates());
        assert_eq!(config.stored.len(), 1);
        assert_eq!(config.stored[0].secret.masked, "ATBB********");
    }

    #[test]
    fn without_git_the_store_file_stands_in_for_its_helper() {
        struct StoreOnly;
        impl LocalGit for StoreOnly {
            fn remote_url(&self, _: &str) -> Result<String, GitError> {
                Err(GitError::Missing)
            }
            fn credential_fill(&self, _: &Url) -> Result<Option<Filled>, GitError> {
                Err(GitError::Missing)
            }
            fn credential_config(&self) -> Result<Vec<(String, String)>, GitError> {
                Err(GitError::Missing)
            }
            fn store_files(&self) -> Vec<StoreFile> {
                vec![StoreFile {
                    shown: "~/.git-credentials".into(),
                    text: "https://other:x@bitbucket.org\nhttps://jsmith-acme:tok%40en@bitbucket.org\n"
                        .to_string()
                        .into(),
                }]
            }
        }
        let bitbucket = gather_git("https://jsmith-acme@bitbucket.org/acme/platform.git", &StoreOnly).unwrap();
        let credential = bitbucket.git_credential.unwrap();
        assert_eq!(credential.secret.unwrap().expose(), "tok@en");
        assert_eq!(credential.source.describe(), "git: ~/.git-credentials");
        assert!(bitbucket.git_config.notes[0].contains("git could not be run"));
    }

    #[test]
    fn gcm_s_variable_wins_over_git_s_setting() {
        let git = FakeGit {
            settings: vec![("credential.helper", "manager")],
            ..FakeGit::default()
        };
        let mut warnings = Vec::new();
        let env = Env(vec![("GCM_BITBUCKET_VALIDATE_STORED_CREDENTIALS", "0")]);
        let bitbucket = gather(
            &args(Some("https://bitbucket.org/acme/platform.git")),
            &env,
            None,
            &git,
            &mut warnings,
        )
        .unwrap()
        .unwrap();
        assert_eq!(bitbucket.git_config.gcm_validate, Some(false));
        assert!(bitbucket.git_config.notes[0].contains("no credential for this remote"));
    }
}
