//! The rules of a Bitbucket Cloud run, as ONE ordered table of the same shape
//! as the Jira and Confluence rules (`diagnosis::rule`): the first whose
//! evidence holds decides, and `docs/diagnosis.md#bitbucket-cloud` lists the
//! same table. `ok` means the user's own call works: their REST request, or
//! their git remote; a refusal of a call they never make (`/2.0/user`
//! without `read:user:bitbucket`) is noted, never a failure.

use super::answers::{GitReading, RestReading};
use super::evidence::BitbucketEvidence;
use crate::causes::Cause;
use crate::credential::{LoginShape, Scheme, SecretKind};
use crate::diagnosis::{Decision as D, Rule};
use crate::probe::{Caller, NetErrorKind, Role};

/// The rules, in the order they are tried.
pub static RULES: &[Rule<BitbucketEvidence>] = &[
    Rule {
        name: "bitbucket-empty-credential",
        when: "the secret, or the login of a REST call, was given and is empty",
        names: &[Cause::EmptyCredentials],
        decide: |e| {
            e.empty().then(|| {
                D::problem(
                    Cause::EmptyCredentials,
                    "the secret or the login is empty, so nothing can authenticate",
                )
            })
        },
    },
    Rule {
        name: "bitbucket-app-password",
        when: "the secret under test is an `ATBB…` app password, or git's own credential gets 410 `CHANGE-3222` and no other secret was given",
        names: &[Cause::BitbucketAppPasswordRemoved],
        decide: |e| {
            if e.kind() == Some(SecretKind::AppPassword) {
                return Some(D::problem(
                    Cause::BitbucketAppPasswordRemoved,
                    "the secret is a Bitbucket app password (ATBB…), and app passwords were removed on 28 July 2026",
                ));
            }
            (e.inputs.credential.secret.is_none() && e.git(Caller::Git) == Some(GitReading::AppPasswordRemoved)).then(|| {
                D::problem(
                    Cause::BitbucketAppPasswordRemoved,
                    "git's credential is answered 410 CHANGE-3222: \"App passwords are deprecated and must be replaced with API tokens\"",
                )
            })
        },
    },
    Rule {
        name: "bitbucket-unreachable",
        when: "the user's own call (their REST request, or git's first request) gets no answer: DNS, refused, timeout, TLS, reset, a refusing proxy",
        names: &[Cause::NetworkError],
        decide: |e| {
            let kind = e.own_unreachable().filter(|k| *k != NetErrorKind::Unsendable)?;
            Some(D::problem(
                Cause::NetworkError,
                format!("Bitbucket could not be reached ({})", kind.as_str()),
            ))
        },
    },
    Rule {
        name: "rest-works",
        when: "a REST call: the user's request (or, without one, `/2.0/user`) is accepted; a `/2.0/user` refused for a scope the call does not need is noted, not a failure",
        names: &[],
        decide: |e| {
            if !e.on_rest() || !e.own_accepted() {
                return None;
            }
            let decision = D::ok("the REST API accepts your credential for your call");
            let user_refused = [Caller::User, Caller::UserBearer]
                .into_iter()
                .any(|c| e.rest(Role::Identity, c) == Some(RestReading::ScopeMissing));
            Some(match (user_refused, e.kind()) {
                (true, Some(SecretKind::AccessToken)) => decision.and(
                    "GET /2.0/user answers 403 to it, as it does to every access token (they act for no person): only a tool that validates there would fail",
                ),
                (true, _) => decision.and(
                    "only GET /2.0/user fails (403: it needs read:user:bitbucket); a tool that validates the token there (Git Credential Manager, Sourcetree, many CLIs) would call it invalid",
                ),
                (false, _) => decision,
            })
        },
    },
    Rule {
        name: "gcm-validation-loop",
        when: "a git remote whose helper is Git Credential Manager, validating stored credentials (its default) and giving git nothing, while git takes the `ATATT…` API token and `/2.0/user` refuses it with git's username, as Git Credential Manager checks it",
        names: &[Cause::CredentialHelperStale],
        decide: |e| {
            let refused_as_checked = e
                .rest(Role::Identity, Caller::GitUsername)
                .is_none_or(RestReading::is_refusal);
            (e.on_git()
                && e.manager_loops()
                && e.kind() == Some(SecretKind::ApiToken)
                && e.given_works_on_git()
                && refused_as_checked)
                .then(|| {
                    D::problem(
                        Cause::CredentialHelperStale,
                        "Git Credential Manager validates stored Bitbucket credentials with Basic username:token on /2.0/user, which an API token fails (REST wants the email), so it discards them and asks again on every command; git itself takes the token",
                    )
                })
        },
    },
    Rule {
        name: "git-works",
        when: "a git remote: what git sends (else the user's own request, else their secret with git's username) is answered with the refs",
        names: &[],
        decide: |e| {
            if !e.on_git() || !e.own_accepted() {
                return None;
            }
            let decision = D::ok("git's first request is answered with the refs: git would fetch");
            Some(match e.own_git() {
                Some((Caller::GitUsername | Caller::TokenUser, _)) => decision.and(
                    "git has no stored credential for this remote: it will ask, and takes this username and secret",
                ),
                _ => decision,
            })
        },
    },
    Rule {
        name: "git-helper-stale",
        when: "git's credential helper (or `~/.git-credentials`, or the remote URL) sends another secret than the one given, git refuses it, and git takes the given one",
        names: &[Cause::CredentialHelperStale, Cause::BitbucketGitUsernameWrong],
        decide: |e| {
            let git_refused = e.git(Caller::Git).is_some_and(|r| r != GitReading::Accepted);
            if !(e.on_git() && e.inputs.bitbucket_secrets_differ() && git_refused && e.given_works_on_git()) {
                return None;
            }
            let decision = D::problem(
                Cause::CredentialHelperStale,
                "git sends an old secret from its credential helper, and Bitbucket refuses it, while the secret you gave confauth works",
            );
            Some(if e.git(Caller::GitUsername) == Some(GitReading::Accepted) {
                decision
            } else {
                let mut decision =
                    decision.and("the secret works only with the username its kind takes, not git's username");
                decision.causes.push(Cause::BitbucketGitUsernameWrong);
                decision
            })
        },
    },
    Rule {
        name: "git-username-wrong",
        when: "a git remote whose username does not fit the secret (an email with an API token, anything but `x-token-auth` with an access token), or git refuses the configured username and takes the kind's fixed one",
        names: &[Cause::BitbucketGitUsernameWrong, Cause::CredentialsRejected],
        decide: |e| {
            if !e.on_git() {
                return None;
            }
            let fixed_works = e.git(Caller::TokenUser) == Some(GitReading::Accepted);
            let own_refused = e.own_git().is_some_and(|(c, r)| {
                c != Caller::TokenUser && matches!(r, GitReading::Refused | GitReading::NoAccess)
            });
            let misfit = e.git_user().is_some_and(|(_, fits)| fits == Some(false));
            if fixed_works && own_refused {
                return Some(D::problem(
                    Cause::BitbucketGitUsernameWrong,
                    "git refuses the username it is configured with, and takes the same secret with the username its kind takes",
                ));
            }
            if !misfit {
                return None;
            }
            let decision = D::problem(
                Cause::BitbucketGitUsernameWrong,
                "git's username does not fit the secret: git takes an API token with the Bitbucket username or x-bitbucket-api-token-auth (never the email), an access token with x-token-auth",
            );
            Some(match e.git(Caller::TokenUser) {
                Some(GitReading::Refused) => {
                    let mut decision = decision
                        .and("git refuses the secret with the right username too: the secret itself is not accepted");
                    decision.causes.push(Cause::CredentialsRejected);
                    decision
                }
                _ => decision,
            })
        },
    },
    Rule {
        name: "api-token-as-bearer",
        when: "a REST call sends an `ATATT…` API token as `Authorization: Bearer`",
        names: &[Cause::BitbucketAccessTokenScheme],
        decide: |e| {
            (e.on_rest() && e.kind() == Some(SecretKind::ApiToken) && e.sent() == Some(Scheme::Bearer)).then(|| {
                D::problem(
                    Cause::BitbucketAccessTokenScheme,
                    "your request sends an API token as Bearer; the REST API takes API tokens as Basic email:token only",
                )
            })
        },
    },
    Rule {
        name: "access-token-as-basic",
        when: "a REST call sends an `ATCTT…` access token as Basic (the request as sent, or the doctor's Basic copy of it) and is refused",
        names: &[Cause::BitbucketAccessTokenScheme],
        decide: |e| {
            let (caller, reading) = e.own_rest()?;
            let basic = e.sent() == Some(Scheme::Basic) || caller == Caller::User;
            (e.on_rest() && e.kind() == Some(SecretKind::AccessToken) && basic && reading.is_refusal()).then(|| {
                let decision = D::problem(
                    Cause::BitbucketAccessTokenScheme,
                    "your request sends an access token as Basic; access tokens go only as Authorization: Bearer",
                );
                if e.rest(Role::Identity, Caller::UserBearer)
                    .is_some_and(RestReading::authenticates)
                    || e.rest(Role::Repository, Caller::UserBearer) == Some(RestReading::Accepted)
                {
                    decision.and("the same token as Bearer authenticates")
                } else {
                    decision
                }
            })
        },
    },
    Rule {
        name: "rest-needs-email",
        when: "a REST call with an `ATATT…` API token and a login without `@` (the Bitbucket username, or the token's name) is refused, where REST wants the Atlassian account email",
        names: &[Cause::BitbucketRestNeedsEmail],
        decide: |e| {
            let not_email = matches!(
                e.login_shape(),
                Some(LoginShape::Username | LoginShape::LooksLikeSecret)
            );
            let refused = e.own_rest().is_some_and(|(_, r)| r.is_refusal());
            (e.on_rest() && e.kind() == Some(SecretKind::ApiToken) && not_email && refused).then(|| {
                let decision = D::problem(
                    Cause::BitbucketRestNeedsEmail,
                    "the REST API refuses an API token with a login that is not an email: it takes Basic email:token (\"The Bitbucket username or the token name will NOT work\")",
                );
                if e.given_works_on_git() {
                    decision.and("git takes the same token, so the token itself is live")
                } else {
                    decision
                }
            })
        },
    },
    Rule {
        name: "rest-scope-missing",
        when: "the user's REST call answers 403 `Your credentials lack one or more required privilege scopes.` (its `detail.required` names the scope)",
        names: &[Cause::BitbucketScopeMissing],
        decide: |e| {
            (e.on_rest() && e.own_rest().is_some_and(|(_, r)| r == RestReading::ScopeMissing)).then(|| {
                let because = match e.required_scopes() {
                    [] => "the REST API authenticates your token and refuses the call for a missing scope".to_string(),
                    required => format!(
                        "the REST API authenticates your token and refuses the call: it requires {}",
                        required.join(", ")
                    ),
                };
                D::problem(Cause::BitbucketScopeMissing, because)
            })
        },
    },
    Rule {
        name: "rest-without-login",
        when: "a REST call with an `ATATT…` API token, given without a login and not as Bearer, so confauth cannot send it the way REST takes it: inconclusive",
        names: &[Cause::BitbucketRestNeedsEmail],
        decide: |e| {
            let unsent = e.own_rest().is_none() && e.login_shape().is_none() && e.sent() != Some(Scheme::Bearer);
            (e.on_rest() && e.kind() == Some(SecretKind::ApiToken) && unsent)
                .then(|| {
                    D::inconclusive(
                        vec![Cause::BitbucketRestNeedsEmail],
                        "no login was given with the API token: the REST API takes it only as Basic with the Atlassian account email",
                    )
                })
        },
    },
    Rule {
        name: "git-no-access",
        when: "git answers 403 to a credential: a scope missing on the repository call (`read:repository:bitbucket`) decides; otherwise a scope or a permission on the repository",
        names: &[Cause::BitbucketScopeMissing],
        decide: |e| {
            if !(e.on_git() && e.own_git().is_some_and(|(_, r)| r == GitReading::NoAccess)) {
                return None;
            }
            let scope = [Caller::User, Caller::UserBearer]
                .into_iter()
                .any(|c| e.rest(Role::Repository, c) == Some(RestReading::ScopeMissing));
            Some(if scope {
                D::problem(
                    Cause::BitbucketScopeMissing,
                    "git answers 403, and the REST API names the scope the token lacks for this repository",
                )
            } else {
                D::inconclusive(
                    vec![Cause::BitbucketScopeMissing],
                    "git answers 403: the credential authenticates, but cannot read this repository (a missing read:repository:bitbucket, or no permission on it)",
                )
            })
        },
    },
    Rule {
        name: "bitbucket-token-damaged",
        when: "nothing Bitbucket was asked accepts the secret, and it is damaged: white space, quotes, line breaks, a checksum tail that is missing or wrong",
        names: &[Cause::TokenMangled],
        decide: |e| {
            (e.nothing_accepts() && e.damaged()).then(|| {
                D::problem(
                    Cause::TokenMangled,
                    "the secret is damaged (see the Bitbucket credentials check) and nothing accepts it",
                )
            })
        },
    },
    Rule {
        name: "bitbucket-password",
        when: "Bitbucket answers `stopped supporting account passwords`, or the secret is not token-shaped and nothing accepts it",
        names: &[Cause::PasswordInsteadOfToken],
        decide: |e| {
            let said = [Caller::User, Caller::AsGiven]
                .into_iter()
                .flat_map(|c| [e.rest(Role::Target, c), e.rest(Role::Identity, c)])
                .any(|r| r == Some(RestReading::PasswordRefused));
            (said || (e.nothing_accepts() && e.kind() == Some(SecretKind::PasswordLike))).then(|| {
                D::problem(
                    Cause::PasswordInsteadOfToken,
                    "the secret is an account password, which Bitbucket Cloud no longer accepts for API or git calls",
                )
            })
        },
    },
    Rule {
        name: "token-not-for-bitbucket",
        when: "an `ATATT…` API token with the login Bitbucket wants is refused there, while the user's Jira or Confluence site, or the gateway, accepts it",
        names: &[Cause::BitbucketTokenNotForBitbucket],
        decide: |e| {
            (e.kind() == Some(SecretKind::ApiToken)
                && e.bitbucket_refuses()
                && e.elsewhere == Some(super::answers::Elsewhere::Authenticates))
            .then(|| {
                D::problem(
                    Cause::BitbucketTokenNotForBitbucket,
                    "Bitbucket refuses the API token while your Jira or Confluence site accepts it: it has no Bitbucket scopes (a classic token, or one made for Jira or Confluence)",
                )
            })
        },
    },
    Rule {
        name: "token-refused-everywhere",
        when: "an `ATATT…` API token with the login Bitbucket wants is refused there and by the user's Jira or Confluence site and the gateway",
        names: &[Cause::CredentialsRejected],
        decide: |e| {
            (e.kind() == Some(SecretKind::ApiToken)
                && e.bitbucket_refuses()
                && e.elsewhere == Some(super::answers::Elsewhere::Refused))
            .then(|| {
                D::problem(
                    Cause::CredentialsRejected,
                    "neither Bitbucket nor your Jira or Confluence site accepts the API token: it has expired, was revoked, or is mistyped",
                )
            })
        },
    },
    Rule {
        name: "api-token-refused",
        when: "an `ATATT…` API token with the login Bitbucket wants is refused there, and no Jira or Confluence site was named to try it on: inconclusive",
        names: &[Cause::BitbucketTokenNotForBitbucket, Cause::CredentialsRejected],
        decide: |e| {
            (e.kind() == Some(SecretKind::ApiToken) && e.bitbucket_refuses()).then(|| {
                D::inconclusive(
                    vec![Cause::BitbucketTokenNotForBitbucket, Cause::CredentialsRejected],
                    "Bitbucket answers \"Token is invalid, expired, or not supported for this endpoint\": a token without Bitbucket scopes and an expired one get the same answer",
                )
            })
        },
    },
    Rule {
        name: "rest-resource-refused",
        when: "a REST call: the credential authenticates (`/2.0/user` or the repository accepts it, or a scope check) while the user's own request answers 403 or 404 for another reason: a permission or a missing resource",
        names: &[],
        decide: |e| {
            let own = e.own_rest().map(|(_, r)| r);
            (e.on_rest()
                && matches!(own, Some(RestReading::Forbidden | RestReading::NotFound))
                && e.rest_authenticates())
            .then(|| {
                D::ok("the REST API authenticates your credential").and(
                    "your request itself answers 403 or 404: a permission or a missing resource, not authentication",
                )
            })
        },
    },
    Rule {
        name: "bitbucket-refused",
        when: "nothing Bitbucket was asked accepts the credential",
        names: &[Cause::CredentialsRejected],
        decide: |e| {
            e.nothing_accepts().then(|| {
                D::problem(
                    Cause::CredentialsRejected,
                    "Bitbucket accepts the credential nowhere it was tried",
                )
            })
        },
    },
];
