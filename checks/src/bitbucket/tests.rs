//! The Bitbucket run end to end over canned answers: inputs as the binary
//! builds them, the real pipeline and rules, a fake transport. One row per
//! situation of docs/atlassian/bitbucket.md#failures, healthy controls included.

use super::inputs::{BitbucketInputs, GitConfig, GitCredential, GitRemote, Helper, Repository, Surface};
use crate::checks::{pipeline_for, run};
use crate::context::{Inputs, Source, Sources, Target};
use crate::credential::basic_header;
use crate::diagnosis::{Diagnosis, Verdict, diagnose};
use crate::finding::Status;
use crate::input::Product;
use crate::probe::fake::FakeTransport;
use crate::probe::{Caller, Response};
use crate::secret::Secret;
use url::Url;

const API: &str = "https://api.bitbucket.org";
const REPOSITORY: &str = "/2.0/repositories/acme/platform";
const USER: &str = "/2.0/user";
const REFS: &str = "/acme/platform.git/info/refs";
const TOKEN_INVALID: &str =
    r#"{"type": "error", "error": {"message": "Token is invalid, expired, or not supported for this endpoint."}}"#;
const CHANGE_3222: &str = "CHANGE-3222 - Functionality has been deprecated\nApp passwords are deprecated and must be replaced with API tokens.\n";

/// A token of `prefix`'s kind, of the real shape, with a right checksum.
fn token(prefix: &str, seed: char) -> String {
    let body = format!("{prefix}{}=", seed.to_string().repeat(192 - 9 - prefix.len()));
    format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
}

pub(crate) fn api_token(seed: char) -> String {
    token("ATATT3xFfGF0", seed)
}

fn access_token(seed: char) -> String {
    token("ATCTT3xFfGN0", seed)
}

fn app_password(seed: char) -> String {
    let body = format!("ATBB{}", seed.to_string().repeat(24));
    format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
}

fn bitbucket(surface: Surface) -> BitbucketInputs {
    BitbucketInputs {
        api: Url::parse(API).unwrap(),
        git_host: Url::parse("https://bitbucket.org").unwrap(),
        surface,
        repository: Some(Repository {
            workspace: "acme".into(),
            slug: "platform".into(),
        }),
        remote: None,
        git_username: None,
        git_credential: None,
        git_config: GitConfig::default(),
    }
}

fn inputs(login: Option<&str>, secret: Option<&str>, target: Option<Target>, bitbucket: BitbucketInputs) -> Inputs {
    let gateway = Url::parse("https://api.atlassian.com").unwrap();
    Inputs::new(
        None,
        gateway,
        Product::Confluence,
        login.map(str::to_string),
        secret.map(|s| Secret::new(s.to_string())),
        target,
        Sources::default(),
    )
    .with_bitbucket(bitbucket)
}

/// `confauth doctor --url <api>/2.0/repositories/acme/platform [--email login]`.
pub(crate) fn rest_inputs(login: Option<&str>, secret: &str) -> Inputs {
    let gateway = Url::parse("https://api.atlassian.com").unwrap();
    let target = Target::new("GET", Url::parse(&format!("{API}{REPOSITORY}")).unwrap(), &gateway);
    inputs(login, Some(secret), Some(target), bitbucket(Surface::Rest))
}

/// The same request pasted as curl with its own `Authorization` header.
fn rest_as_sent(login: Option<&str>, secret: &str, path: &str, authorization: Secret) -> Inputs {
    let gateway = Url::parse("https://api.atlassian.com").unwrap();
    let mut target = Target::new("GET", Url::parse(&format!("{API}{path}")).unwrap(), &gateway);
    target.authorization = Some(authorization);
    target.headers_known = true;
    inputs(login, Some(secret), Some(target), bitbucket(Surface::Rest))
}

/// `confauth doctor --git https://<user>@bitbucket.org/acme/platform.git`, git's
/// helper holding `git_secret`, and maybe another secret given to the doctor.
fn git_inputs(user: &str, git_secret: Option<&str>, given: Option<&str>, config: GitConfig) -> Inputs {
    let mut b = bitbucket(Surface::Git);
    b.remote = Some(GitRemote {
        name: None,
        url: Url::parse("https://bitbucket.org/acme/platform.git").unwrap(),
        username: Some(user.into()),
    });
    b.git_username = Some((user.into(), Source::Git("the remote URL".into())));
    b.git_credential = git_secret.map(|secret| {
        GitCredential::new(
            Some(user.into()),
            Secret::new(secret.into()),
            Source::Git("git credential fill (helpers: store)".into()),
        )
    });
    b.git_config = config;
    inputs(None, given, None, b)
}

fn answer(status: u16, body: &str) -> Response {
    Response::new(status, &[], body)
}

fn lacks(required: &str) -> Response {
    Response::new(
        403,
        &[("x-credential-type", "api_token")],
        &format!(
            r#"{{"type": "error", "error": {{"message": "Your credentials lack one or more required privilege scopes.", "detail": {{"required": ["{required}"], "granted": ["read:pullrequest:bitbucket"]}}}}}}"#
        ),
    )
}

type Routes = Vec<(&'static str, Option<Caller>, Response)>;

fn diagnosed(inputs: &Inputs, routes: Routes) -> (Diagnosis, Vec<crate::finding::Finding>) {
    let transport = FakeTransport::new(routes);
    let findings = run(inputs, &transport, &pipeline_for(inputs), &|_| {});
    (diagnose(inputs, &findings), findings)
}

fn expect(name: &str, inputs: Inputs, routes: Routes, verdict: Verdict, causes: &[&str]) -> Diagnosis {
    let (diagnosis, findings) = diagnosed(&inputs, routes);
    let got: Vec<&str> = diagnosis.causes.iter().map(|c| c.id()).collect();
    assert_eq!(
        (diagnosis.verdict, got.as_slice()),
        (verdict, causes),
        "{name}: rule {}, because {:?}\n{:#?}",
        diagnosis.rule,
        diagnosis.because,
        findings.iter().map(|f| (&f.summary, &f.notes)).collect::<Vec<_>>()
    );
    diagnosis
}

#[test]
fn rest_calls_are_diagnosed() {
    let email = Some("jsmith@example.com");
    let token = api_token('a');
    let ok = || answer(200, "{}");
    let invalid = || Response::new(401, &[("server", "envoy")], TOKEN_INVALID);
    let cases: Vec<(&str, Inputs, Routes, Verdict, &[&str])> = vec![
        (
            "healthy",
            rest_inputs(email, &token),
            vec![(REPOSITORY, None, ok()), (USER, None, ok())],
            Verdict::Ok,
            &[],
        ),
        (
            "only /2.0/user lacks a scope",
            rest_inputs(email, &token),
            vec![(REPOSITORY, None, ok()), (USER, None, lacks("read:user:bitbucket"))],
            Verdict::Ok,
            &[],
        ),
        (
            "the username as the REST login",
            rest_inputs(Some("jsmith-acme"), &token),
            vec![
                (REPOSITORY, None, invalid()),
                (USER, None, invalid()),
                (REFS, Some(Caller::GitUsername), ok()),
            ],
            Verdict::Problem,
            &["bitbucket-rest-needs-email"],
        ),
        (
            "an app password",
            rest_inputs(Some("jsmith-acme"), &app_password('p')),
            vec![(REPOSITORY, None, answer(401, "")), (USER, None, answer(401, ""))],
            Verdict::Problem,
            &["bitbucket-app-password-removed"],
        ),
        (
            "a missing repository scope",
            rest_inputs(email, &token),
            vec![
                (REPOSITORY, None, lacks("read:repository:bitbucket")),
                (USER, None, ok()),
            ],
            Verdict::Problem,
            &["bitbucket-scope-missing"],
        ),
        (
            "an access token as Basic",
            rest_as_sent(
                None,
                &access_token('c'),
                REPOSITORY,
                basic_header("x-token-auth", &Secret::new(access_token('c'))),
            ),
            vec![
                (REPOSITORY, Some(Caller::AsGiven), invalid()),
                (REPOSITORY, Some(Caller::UserBearer), ok()),
                (USER, None, lacks("account")),
            ],
            Verdict::Problem,
            &["bitbucket-access-token-scheme"],
        ),
        (
            "an API token as Bearer",
            rest_as_sent(None, &token, REPOSITORY, Secret::new(format!("Bearer {token}"))),
            vec![(REPOSITORY, None, invalid()), (USER, None, invalid())],
            Verdict::Problem,
            &["bitbucket-access-token-scheme"],
        ),
        (
            "refused with the email, no site to tell why",
            rest_inputs(email, &token),
            vec![(REPOSITORY, None, invalid()), (USER, None, invalid())],
            Verdict::Inconclusive,
            &["bitbucket-token-not-for-bitbucket", "credentials-rejected"],
        ),
        (
            "a damaged token",
            rest_inputs(email, &token.replacen('a', "b", 1)),
            vec![(REPOSITORY, None, invalid()), (USER, None, invalid())],
            Verdict::Problem,
            &["token-mangled"],
        ),
        (
            "an account password",
            rest_inputs(email, "Summer2025!"),
            vec![
                (
                    REPOSITORY,
                    None,
                    answer(
                        401,
                        "Bitbucket Cloud recently stopped supporting account passwords for API authentication.",
                    ),
                ),
                (USER, None, answer(401, "")),
            ],
            Verdict::Problem,
            &["password-instead-of-token"],
        ),
        (
            "an API token without a login",
            rest_inputs(None, &token),
            vec![(REFS, None, ok())],
            Verdict::Inconclusive,
            &["bitbucket-rest-needs-email"],
        ),
        (
            "authenticated, the repository not there",
            rest_inputs(email, &token),
            vec![(REPOSITORY, None, answer(404, "{}")), (USER, None, ok())],
            Verdict::Ok,
            &[],
        ),
    ];
    for (name, inputs, routes, verdict, causes) in cases {
        expect(name, inputs, routes, verdict, causes);
    }
}

#[test]
fn a_request_given_without_a_login_is_not_sent_anonymous() {
    let inputs = rest_inputs(None, &api_token('n'));
    let transport = FakeTransport::new(Vec::new());
    run(&inputs, &transport, &pipeline_for(&inputs), &|_| {});
    let asked = transport.asked.lock().unwrap();
    assert!(
        asked
            .iter()
            .all(|(url, caller)| url.contains("/info/refs") && *caller == Caller::TokenUser),
        "{asked:?}"
    );
}

#[test]
fn an_api_token_refused_by_bitbucket_is_tried_on_the_named_site() {
    let token = api_token('e');
    let with_site = || {
        let mut inputs = rest_inputs(Some("jsmith@example.com"), &token);
        inputs.site = Some(Url::parse("https://acme.atlassian.net").unwrap());
        inputs
    };
    let refused = || {
        vec![
            (REPOSITORY, None, Response::new(401, &[], TOKEN_INVALID)),
            (USER, None, Response::new(401, &[], TOKEN_INVALID)),
            ("/_edge/tenant_info", None, answer(200, r#"{"cloudId":"c1"}"#)),
        ]
    };
    let mut live = refused();
    live.push(("/rest/api/3/myself", None, answer(200, r#"{"accountId":"5b10"}"#)));
    let diagnosis = expect(
        "live on Jira",
        with_site(),
        live,
        Verdict::Problem,
        &["bitbucket-token-not-for-bitbucket"],
    );
    assert!(diagnosis.fix.contains("read:repository:bitbucket"), "{}", diagnosis.fix);
    let mut scoped = refused();
    scoped.push((
        "/ex/jira/c1/rest/api/3/myself",
        None,
        answer(200, r#"{"accountId":"5b10"}"#),
    ));
    expect(
        "live through the gateway",
        with_site(),
        scoped,
        Verdict::Problem,
        &["bitbucket-token-not-for-bitbucket"],
    );
    let mut dead = refused();
    dead.push(("/rest/api/3/myself", None, answer(401, "")));
    expect(
        "dead everywhere",
        with_site(),
        dead,
        Verdict::Problem,
        &["credentials-rejected"],
    );
}

#[test]
fn git_remotes_are_diagnosed() {
    let token = api_token('g');
    let ok = || answer(200, "001e# service=git-upload-pack\n");
    let refused = || answer(401, "You may not have access to this repository");
    let store = || GitConfig {
        helpers: vec![Helper::parse("store").unwrap()],
        ..GitConfig::default()
    };
    let manager = || GitConfig {
        helpers: vec![Helper::parse("manager").unwrap()],
        ..GitConfig::default()
    };
    let cases: Vec<(&str, Inputs, Routes, Verdict, &[&str])> = vec![
        (
            "healthy",
            git_inputs("jsmith-acme", Some(&token), None, store()),
            vec![(REFS, Some(Caller::Git), ok())],
            Verdict::Ok,
            &[],
        ),
        (
            "an app password in the helper",
            git_inputs("jsmith-acme", Some(&app_password('h')), None, store()),
            vec![(REFS, Some(Caller::Git), answer(410, CHANGE_3222))],
            Verdict::Problem,
            &["bitbucket-app-password-removed"],
        ),
        (
            "the helper's old app password, a new token given",
            git_inputs("jsmith-acme", Some(&app_password('h')), Some(&token), store()),
            vec![
                (REFS, Some(Caller::Git), answer(410, CHANGE_3222)),
                (REFS, Some(Caller::GitUsername), ok()),
                (REFS, Some(Caller::TokenUser), ok()),
            ],
            Verdict::Problem,
            &["credential-helper-stale"],
        ),
        (
            "the email as git's username",
            git_inputs("jsmith@example.com", Some(&token), None, store()),
            vec![
                (REFS, Some(Caller::Git), refused()),
                (REFS, Some(Caller::TokenUser), ok()),
                (USER, None, answer(200, "{}")),
            ],
            Verdict::Problem,
            &["bitbucket-git-username-wrong"],
        ),
        (
            "an access token with the username",
            git_inputs("jsmith-acme", Some(&access_token('i')), None, store()),
            vec![
                (REFS, Some(Caller::Git), refused()),
                (REFS, Some(Caller::TokenUser), ok()),
            ],
            Verdict::Problem,
            &["bitbucket-git-username-wrong"],
        ),
        (
            "the email, and the token refused with the right user too",
            git_inputs("jsmith@example.com", Some(&token), None, store()),
            vec![
                (REFS, Some(Caller::Git), refused()),
                (REFS, Some(Caller::TokenUser), refused()),
            ],
            Verdict::Problem,
            &["bitbucket-git-username-wrong", "credentials-rejected"],
        ),
        (
            "Git Credential Manager validating an API token",
            git_inputs("jsmith-acme", None, Some(&token), manager()),
            vec![
                (REFS, Some(Caller::GitUsername), ok()),
                (USER, Some(Caller::GitUsername), Response::new(401, &[], TOKEN_INVALID)),
            ],
            Verdict::Problem,
            &["credential-helper-stale"],
        ),
        (
            "a token refused with the right user, no site",
            git_inputs("jsmith-acme", Some(&token), None, store()),
            vec![
                (REFS, Some(Caller::Git), refused()),
                (REFS, Some(Caller::TokenUser), refused()),
            ],
            Verdict::Inconclusive,
            &["bitbucket-token-not-for-bitbucket", "credentials-rejected"],
        ),
    ];
    for (name, inputs, routes, verdict, causes) in cases {
        expect(name, inputs, routes, verdict, causes);
    }
}

#[test]
fn fixes_are_commands_for_the_users_surface() {
    let token = api_token('f');
    let email = git_inputs("jsmith@example.com", Some(&token), None, GitConfig::default());
    let (diagnosis, _) = diagnosed(
        &email,
        vec![
            (REFS, Some(Caller::Git), answer(401, "")),
            (REFS, Some(Caller::TokenUser), answer(200, "")),
        ],
    );
    assert_eq!(
        diagnosis.fix_command.as_deref(),
        Some("git remote set-url origin https://x-bitbucket-api-token-auth@bitbucket.org/acme/platform.git")
    );
    let stale = git_inputs(
        "jsmith-acme",
        Some(&app_password('s')),
        Some(&token),
        GitConfig::default(),
    );
    let (diagnosis, _) = diagnosed(
        &stale,
        vec![
            (REFS, Some(Caller::Git), answer(410, CHANGE_3222)),
            (REFS, Some(Caller::GitUsername), answer(200, "")),
        ],
    );
    assert_eq!(
        diagnosis.fix_command.as_deref(),
        Some(r"printf '%s\n' 'protocol=https' 'host=bitbucket.org' '' | git credential reject")
    );
    let access = rest_as_sent(
        None,
        &access_token('b'),
        REPOSITORY,
        basic_header("x-token-auth", &Secret::new(access_token('b'))),
    );
    let (diagnosis, _) = diagnosed(&access, vec![(REPOSITORY, None, answer(401, TOKEN_INVALID))]);
    assert_eq!(
        diagnosis.fix_command.as_deref(),
        Some(
            r#"curl -H "Authorization: Bearer ${ATLASSIAN_API_TOKEN}" https://api.bitbucket.org/2.0/repositories/acme/platform"#
        )
    );
    let scope = rest_inputs(Some("jsmith@example.com"), &token);
    let (diagnosis, _) = diagnosed(&scope, vec![(REPOSITORY, None, lacks("read:repository:bitbucket"))]);
    assert!(
        diagnosis.fix.contains("choosing read:repository:bitbucket;"),
        "{}",
        diagnosis.fix
    );
}

#[test]
fn the_offline_checks_name_kinds_and_never_values() {
    let token = api_token('o');
    let stale = app_password('o');
    let mut config = GitConfig {
        helpers: vec![Helper::parse("store").unwrap(), Helper::parse("manager").unwrap()],
        ..GitConfig::default()
    };
    config.stored.push(super::inputs::StoredCredential {
        file: "~/.git-credentials".into(),
        user: super::inputs::GitUser::Username,
        secret: crate::credential::SecretFacts::of(&Secret::new(stale.clone())),
    });
    let inputs = git_inputs("jsmith-acme", Some(&stale), Some(&token), config);
    let transport = FakeTransport::new(Vec::new());
    let findings = run(&inputs, &transport, &pipeline_for(&inputs), &|_| {});
    let text: String = findings
        .iter()
        .flat_map(|f| std::iter::once(f.summary.clone()).chain(f.notes.iter().map(|n| n.text.clone())))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !text.contains(&token[12..40]) && !text.contains(&stale[4..20]),
        "{text}"
    );
    assert_eq!(findings[0].status, Status::Fail, "{text}");
    for expected in [
        "git sends another secret than the one you gave confauth",
        "ATBB********",
        "git credential reject",
        "credential.bitbucketValidateStoredCredentials false",
        "credential helpers for bitbucket.org: store, manager",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
}
