//! Bitbucket Cloud: the REST API (`rest`, standing in for
//! `https://api.bitbucket.org/2.0`) and the git host (`git`, standing in for
//! `https://bitbucket.org`, smart HTTP ref advertisement only), both answering
//! from one Bitbucket world (`world`). `scenarios` holds the catalog entries
//! that play them.
//!
//! What is modelled, and where each rule comes from:
//! - App passwords (`ATBB…`, 36 chars) were removed on 2026-07-28
//!   (<https://community.atlassian.com/forums/Bitbucket-articles/Deprecation-notice-Bitbucket-Cloud-app-password-brownout/ba-p/3237429>):
//!   REST answers 401, git answers 410 with the CHANGE-3222 lines
//!   (<https://www.praveenboyalapalli.com/bitbucket/> ; an empty REST body as
//!   logged in <https://github.com/runatlantis/atlantis/issues/6614>).
//! - User API tokens (`ATATT…`) need Bitbucket scopes and go as Basic
//!   `email:token` on REST; the Bitbucket username or the token name as the
//!   login fails (<https://support.atlassian.com/bitbucket-cloud/kb/getting-401-http-error-while-authenticating-to-bitbucket-cloud-rest-apis> ,
//!   <https://support.atlassian.com/bitbucket-cloud/docs/using-api-tokens> ; the
//!   401 body as quoted in <https://github.com/avivsinai/bitbucket-cli/issues/174>).
//!   Classic and Jira/Confluence-only tokens get the same 401
//!   (<https://github.com/avivsinai/bitbucket-cli/issues/30> ,
//!   <https://github.com/nextflow-io/nextflow/pull/7279>), so does Bearer
//!   (<https://community.atlassian.com/forums/Bitbucket-questions/x401-Error-while-uploading-the-code/qaq-p/3149693>).
//!   On git the login is the Bitbucket username or `x-bitbucket-api-token-auth`,
//!   never the email (<https://github.com/RooCodeInc/Roomote/pull/182> ,
//!   <https://github.com/epam/cloud-pipeline/issues/4446>).
//! - A missing scope is a 403 naming `required` and `granted`
//!   (<https://github.com/gildas/bitbucket-cli/issues/56> ,
//!   <https://github.com/backstage/backstage/issues/22383>), also on `/2.0/user`
//!   (<https://github.com/avivsinai/bitbucket-cli/issues/62>).
//! - Repository, project and workspace access tokens (`ATCTT…`) go as Bearer
//!   on REST and as `x-token-auth` on git
//!   (<https://support.atlassian.com/bitbucket-cloud/docs/using-access-tokens/>);
//!   `/2.0/user` refuses them with 403 but still sends the scope headers (a
//!   public Go client's `GetTokenInfo` relies on it).
//! - `x-credential-type`, `x-oauth-scopes` and `x-accepted-oauth-scopes` on
//!   answers to a recognised credential, `server: AtlassianEdge`
//!   (<https://support.atlassian.com/bitbucket-cloud/kb/how-to-fetch-the-scope-of-a-token-via-command-line/>);
//!   401s come from `server: envoy` with `www-authenticate: Basic realm="Bitbucket.org HTTP"`
//!   (the 401 knowledge-base article above).
//! - Account passwords: 401 with the 2022 text
//!   (<https://github.com/tomasbjerre/violation-comments-to-bitbucket-cloud-command-line/issues/6>).
//! - Git's refusal of a wrong pair or none on a private repository
//!   (<https://community.atlassian.com/forums/Bitbucket-questions/Having-trouble-switching-to-API-tokens/qaq-p/3213684>).
//! - `GET /2.0/workspaces` answers 410 since the cross-workspace APIs went on
//!   2026-04-14 (CHANGE-2770; body as in <https://github.com/ktrysmt/go-bitbucket/issues/357>).
//!
//! Where the sources are silent, the code says `not documented:` and why it
//! chose what it did, so the doctor is never tuned to a guess. Bodies are
//! written as Bitbucket's Python writes JSON: `", "` and `": "` between items.
//! The REST API models reads only: every method is answered as `GET`.

pub mod git;
pub mod rest;
pub mod scenarios;
pub mod world;

use crate::http::percent_encode;
use crate::{UserAuth, UserRequest};
use std::fmt;

pub use world::Bitbucket;

/// A git remote on the simulated Bitbucket, as git is configured with it.
#[derive(Clone, PartialEq, Eq)]
pub struct GitRemote {
    /// `remote.origin.url`: `http://127.0.0.1:<port>/acme/platform.git`, with
    /// the username in it (`http://jsmith-acme@…`) where the user put one,
    /// as Bitbucket's own clone URLs do.
    pub url: String,
    /// The username the credential helper returns (the URL's, if it has one).
    pub username: String,
    /// The secret the credential helper returns.
    pub secret: String,
}

impl GitRemote {
    /// The remote with `username` in its URL when `in_url`.
    pub(crate) fn new(host_url: &str, path: &str, username: &str, secret: &str, in_url: bool) -> GitRemote {
        let url = match host_url.split_once("://") {
            Some((scheme, host)) if in_url => format!("{scheme}://{}@{host}{path}", percent_encode(username)),
            _ => format!("{host_url}{path}"),
        };
        GitRemote {
            url,
            username: username.into(),
            secret: secret.into(),
        }
    }

    /// The line `git credential-store` keeps for this remote in
    /// `~/.git-credentials`: `http://<user>:<secret>@<host>`, both
    /// percent-encoded (all but RFC 3986's unreserved characters) as git
    /// writes them.
    pub fn credential_store_line(&self) -> String {
        let (scheme, host, _) = split_url(&self.url);
        format!(
            "{scheme}://{}:{}@{host}",
            percent_encode(&self.username),
            percent_encode(&self.secret)
        )
    }

    /// The first request git makes for a fetch, once the helper has answered:
    /// `GET <url>/info/refs?service=git-upload-pack` with Basic.
    pub fn info_refs(&self) -> UserRequest {
        let (scheme, host, path) = split_url(&self.url);
        UserRequest {
            method: "GET",
            url: format!("{scheme}://{host}{path}/info/refs?service=git-upload-pack"),
            auth: UserAuth::Basic {
                login: self.username.clone(),
                secret: self.secret.clone(),
            },
            headers: Vec::new(),
            body: None,
        }
    }
}

/// A URL's scheme, host (without userinfo) and path.
fn split_url(url: &str) -> (&str, &str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("http", url));
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    (scheme, host, path)
}

/// The secret stays out of logs and test failures.
impl fmt::Debug for GitRemote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitRemote")
            .field("url", &self.url)
            .field("username", &self.username)
            .field("secret", &format_args!("({} chars)", self.secret.chars().count()))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "http://127.0.0.1:4567";

    #[test]
    fn the_username_goes_into_the_url_encoded_or_not_at_all() {
        let with = GitRemote::new(HOST, "/acme/platform.git", "jsmith@example.com", "s", true);
        assert_eq!(with.url, "http://jsmith%40example.com@127.0.0.1:4567/acme/platform.git");
        let without = GitRemote::new(HOST, "/acme/platform.git", "x-token-auth", "s", false);
        assert_eq!(without.url, "http://127.0.0.1:4567/acme/platform.git");
    }

    #[test]
    fn the_store_line_is_what_git_credential_store_writes() {
        let remote = GitRemote::new(HOST, "/acme/platform.git", "jsmith@example.com", "ATATT3x=AB:C/D", true);
        assert_eq!(
            remote.credential_store_line(),
            "http://jsmith%40example.com:ATATT3x%3DAB%3AC%2FD@127.0.0.1:4567"
        );
    }

    #[test]
    fn info_refs_drops_the_userinfo_and_sends_basic() {
        for in_url in [true, false] {
            let remote = GitRemote::new(HOST, "/acme/platform.git", "jsmith-acme", "s3cr3t", in_url);
            let request = remote.info_refs();
            assert_eq!(
                request.url,
                "http://127.0.0.1:4567/acme/platform.git/info/refs?service=git-upload-pack"
            );
            assert_eq!(
                request.auth,
                UserAuth::Basic {
                    login: "jsmith-acme".into(),
                    secret: "s3cr3t".into()
                }
            );
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let remote = GitRemote::new(HOST, "/acme/platform.git", "jsmith-acme", "ATBBsupersecret", true);
        let shown = format!("{remote:?}");
        assert!(!shown.contains("supersecret"), "{shown}");
        assert!(shown.contains("15 chars") && shown.contains("jsmith-acme"));
    }
}
