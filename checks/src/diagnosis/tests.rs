//! The diagnosis rules, each from a set of signals as the checks would
//! produce them for one situation, and the credential facts of the case.

use super::*;
use crate::checks::CheckId;
use crate::context::{Source, Target};
use crate::credential::{Damage, LoginFacts, LoginShape, SentFacts};
use crate::finding::Status;
use crate::input::{Product, parse_url};
use crate::secret::Secret;
use url::Url;

const SITE: &str = "https://acme.atlassian.net";
const CLOUD_ID: &str = "15ace26c-1c7d-4e4d-9f9e-1f2e3d4c5b6a";

/// A whole API token of the real shape, checksum included.
fn token() -> String {
    let body = format!("ATATT3xFfGF0{}=", "t".repeat(171));
    format!("{body}{:08X}", crc32fast::hash(body.as_bytes()))
}

fn inputs(target: Option<&str>) -> Inputs {
    let gateway = Url::parse("https://api.atlassian.com").unwrap();
    let target = target.map(|t| Target::new("GET", parse_url(t, "the URL").unwrap(), &gateway));
    Inputs::new(
        Some(Url::parse(SITE).unwrap()),
        gateway,
        Product::Confluence,
        Some("me@acme.org".into()),
        Some(Secret::new(token())),
        target,
        Default::default(),
    )
}

/// What the offline check would know of a case's credential, beyond the
/// well-formed email and token of [`inputs`].
#[derive(Clone, Copy)]
enum Fact {
    Kind(SecretKind),
    Damaged,
    LoginNotEmail,
    EmptyLogin,
    EmptySecret,
    Sent(Scheme),
}

fn apply(inputs: &mut Inputs, fact: Fact) {
    let facts = &mut inputs.credential;
    let secret = facts.secret.as_mut().expect("the test inputs have a secret");
    match fact {
        Fact::Kind(kind) => secret.kind = kind,
        Fact::Damaged => secret.damage.push(Damage::ChecksumWrong),
        Fact::EmptySecret => secret.empty = true,
        Fact::LoginNotEmail => {
            facts.login = Some(LoginFacts {
                shape: LoginShape::Username,
                padded: false,
            })
        }
        Fact::EmptyLogin => {
            facts.login = Some(LoginFacts {
                shape: LoginShape::Empty,
                padded: false,
            })
        }
        Fact::Sent(scheme) => {
            facts.sent = Some(SentFacts {
                scheme,
                from_user_flag: false,
                header_problems: Vec::new(),
            })
        }
    }
}

fn findings(signals: Vec<Signal>) -> Vec<Finding> {
    let mut finding = Finding::new(CheckId::AnonymousVsAuthenticated, Status::Pass, "");
    finding.signals = signals;
    vec![finding]
}

fn run(target: Option<&str>, signals: Vec<Signal>) -> Diagnosis {
    run_with(target, &[], signals)
}

fn run_with(target: Option<&str>, facts: &[Fact], signals: Vec<Signal>) -> Diagnosis {
    let mut inputs = inputs(target);
    for fact in facts {
        apply(&mut inputs, *fact);
    }
    diagnose(&inputs, &findings(signals))
}

use GatewayReading as G;
use SiteReading as S;

#[test]
fn the_story_scoped_token_on_the_site_url() {
    let d = run(
        Some(&format!("{SITE}/wiki/rest/api/space")),
        vec![
            Signal::Site(Role::Target, S::Refused),
            Signal::Seen(Role::Target, Signature::TomcatUnauthorized),
            Signal::Site(Role::Identity, S::Refused),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Target, G::Accepted),
            Signal::Gateway(Role::Identity, G::Accepted),
        ],
    );
    assert_eq!(
        (d.verdict, d.cause()),
        (Verdict::Problem, Some(Cause::ScopedTokenOnSiteUrl))
    );
    let command = d.fix_command.unwrap();
    assert!(
        command.contains(&format!(
            "https://api.atlassian.com/ex/confluence/{CLOUD_ID}/wiki/rest/api/space"
        )),
        "{command}"
    );
    assert!(command.contains("${ATLASSIAN_API_TOKEN}"), "{command}");
}

#[test]
fn jira_scoped_token_looks_anonymous_on_the_site_and_authenticates_on_the_gateway() {
    let d = run(
        Some(&format!("{SITE}/rest/api/3/myself")),
        vec![
            Signal::Site(Role::Target, S::Ignored),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Target, G::ScopeMissing),
            Signal::Gateway(Role::List, G::Accepted),
        ],
    );
    assert_eq!(d.cause(), Some(Cause::ScopedTokenOnSiteUrl));
}

#[test]
fn a_working_credential_is_ok() {
    let d = run(
        None,
        vec![
            Signal::Site(Role::Identity, S::Accepted),
            Signal::Gateway(Role::Identity, G::Refused),
        ],
    );
    assert_eq!((d.verdict, d.cause()), (Verdict::Ok, None));
    let gateway_url = format!("https://api.atlassian.com/ex/confluence/{CLOUD_ID}/wiki/rest/api/space");
    let d = run(
        Some(&gateway_url),
        vec![
            Signal::Site(Role::Identity, S::Ignored),
            Signal::Gateway(Role::Target, G::Accepted),
        ],
    );
    assert_eq!(d.verdict, Verdict::Ok);
}

#[test]
fn scope_check_on_the_users_gateway_request_is_scope_missing() {
    let url = format!("https://api.atlassian.com/ex/confluence/{CLOUD_ID}/wiki/api/v2/spaces");
    let d = run(
        Some(&url),
        vec![
            Signal::Gateway(Role::Target, G::ScopeMissing),
            Signal::Gateway(Role::Identity, G::Accepted),
        ],
    );
    assert_eq!((d.verdict, d.cause()), (Verdict::Problem, Some(Cause::ScopeMissing)));
}

#[test]
fn refused_everywhere_is_named_by_the_credentials_shape() {
    let refused = || {
        vec![
            Signal::Site(Role::Identity, S::Ignored),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Identity, G::Refused),
        ]
    };
    let with = |fact: Fact| run_with(None, &[fact], refused()).cause();
    assert_eq!(run(None, refused()).cause(), Some(Cause::CredentialsRejected));
    assert_eq!(with(Fact::LoginNotEmail), Some(Cause::UsernameInsteadOfEmail));
    assert_eq!(with(Fact::Damaged), Some(Cause::TokenMangled));
    assert_eq!(
        with(Fact::Kind(SecretKind::PasswordLike)),
        Some(Cause::PasswordInsteadOfToken)
    );
    assert_eq!(with(Fact::EmptySecret), Some(Cause::EmptyCredentials));
}

#[test]
fn a_good_credential_with_a_suspicious_shape_is_still_ok() {
    let d = run_with(
        None,
        &[Fact::Damaged, Fact::LoginNotEmail],
        vec![Signal::Site(Role::Identity, S::Accepted)],
    );
    assert_eq!(d.verdict, Verdict::Ok);
}

#[test]
fn without_the_gateway_a_refusal_is_inconclusive() {
    use crate::probe::NetErrorKind;
    let d = run(
        None,
        vec![
            Signal::Site(Role::Identity, S::Refused),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Identity, G::Unreachable(NetErrorKind::Timeout)),
        ],
    );
    assert_eq!(d.verdict, Verdict::Inconclusive);
    assert_eq!(d.causes, vec![Cause::ScopedTokenOnSiteUrl, Cause::CredentialsRejected]);
    assert!(d.next_step.unwrap().contains("/ex/confluence/"));
}

#[test]
fn wrong_cloud_id_and_malformed_gateway_paths() {
    let wrong = "https://api.atlassian.com/ex/confluence/00000000-0000-0000-0000-000000000000/wiki/rest/api/space";
    let d = run(
        Some(wrong),
        vec![
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Target, G::NotFound),
            Signal::Gateway(Role::List, G::Accepted),
        ],
    );
    assert_eq!(d.cause(), Some(Cause::WrongCloudId));
    assert!(d.fix_command.unwrap().contains(CLOUD_ID));

    let malformed = format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/wiki/rest/api/space");
    let d = run(
        Some(&malformed),
        vec![
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Target, G::NotFound),
            Signal::Gateway(Role::List, G::Accepted),
        ],
    );
    assert_eq!(d.cause(), Some(Cause::GatewayPathMalformed));
}

#[test]
fn a_site_that_cannot_be_told_is_honest() {
    let d = run(
        None,
        vec![
            Signal::Site(Role::List, S::Indistinct),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::List, G::Refused),
        ],
    );
    assert_eq!(d.verdict, Verdict::Inconclusive);
    let gateway_url = format!("https://api.atlassian.com/ex/confluence/{CLOUD_ID}/wiki/rest/api/space");
    let mut inputs = inputs(Some(&gateway_url));
    inputs.site = None;
    let d = diagnose(
        &inputs,
        &findings(vec![
            Signal::Gateway(Role::Target, G::NotFound),
            Signal::Gateway(Role::List, G::NotFound),
        ]),
    );
    assert_eq!(
        (d.verdict, d.causes.clone()),
        (
            Verdict::Inconclusive,
            vec![Cause::WrongCloudId, Cause::GatewayPathMalformed]
        )
    );
}

#[test]
fn the_deprecated_password_body_names_a_password_only_for_non_tokens() {
    let refused = |kind: SecretKind| {
        run_with(
            None,
            &[Fact::Kind(kind)],
            vec![
                Signal::Site(Role::Identity, S::Refused),
                Signal::Seen(Role::Identity, Signature::PasswordDeprecated),
                Signal::Gateway(Role::Identity, G::Refused),
            ],
        )
        .cause()
    };
    assert_eq!(refused(SecretKind::Unknown), Some(Cause::PasswordInsteadOfToken));
    assert_eq!(refused(SecretKind::ApiToken), Some(Cause::CredentialsRejected));
}

#[test]
fn an_api_token_as_bearer_on_the_gateway() {
    let gateway_url = format!("https://api.atlassian.com/ex/confluence/{CLOUD_ID}/wiki/rest/api/space");
    let d = run_with(
        Some(&gateway_url),
        &[Fact::Sent(Scheme::Bearer)],
        vec![
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Target, G::NotFound),
        ],
    );
    assert_eq!(d.cause(), Some(Cause::BearerInsteadOfBasic));
}

#[test]
fn a_write_keeps_its_path_and_method_in_the_fix() {
    let mut inputs = inputs(Some(&format!("{SITE}/wiki/rest/api/content")));
    if let Some(target) = inputs.target.as_mut() {
        target.method = "POST".into();
    }
    let signals = vec![
        Signal::Site(Role::Identity, S::Refused),
        Signal::CloudId(CLOUD_ID.into()),
        Signal::Gateway(Role::Identity, G::Accepted),
    ];
    let d = diagnose(&inputs, &findings(signals));
    let command = d.fix_command.unwrap();
    assert!(
        command.contains(" -X POST ") && command.ends_with(&format!("/ex/confluence/{CLOUD_ID}/wiki/rest/api/content")),
        "{command}"
    );
}

#[test]
fn a_request_that_works_as_sent_is_ok_whatever_the_doctors_own_probes_say() {
    let d = run_with(
        Some(&format!("{SITE}/wiki/rest/api/space")),
        &[Fact::Sent(Scheme::Bearer)],
        vec![Signal::AsSent(S::Accepted), Signal::Site(Role::Target, S::Ignored)],
    );
    assert_eq!(d.verdict, Verdict::Ok);
}

#[test]
fn a_refused_gateway_request_is_rejected_even_when_the_site_shows_only_public_data() {
    let url = format!("https://api.atlassian.com/ex/confluence/{CLOUD_ID}/wiki/rest/api/space");
    let d = run(
        Some(&url),
        vec![
            Signal::Site(Role::List, S::Indistinct),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Target, G::Refused),
            Signal::Gateway(Role::Identity, G::Refused),
        ],
    );
    assert_eq!(
        (d.verdict, d.cause()),
        (Verdict::Problem, Some(Cause::CredentialsRejected))
    );
}

#[test]
fn a_missing_resource_through_a_working_gateway_is_not_an_auth_failure() {
    let url = format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/issue/NOPE-1");
    let signals = vec![
        Signal::CloudId(CLOUD_ID.into()),
        Signal::Gateway(Role::Target, G::NotFound),
        Signal::Gateway(Role::Identity, G::Accepted),
    ];
    assert_eq!(run(Some(&url), signals.clone()).verdict, Verdict::Ok);
    let bearer = run_with(Some(&url), &[Fact::Sent(Scheme::Bearer)], signals.clone());
    assert_eq!(bearer.cause(), Some(Cause::BearerInsteadOfBasic));
    let with_status = |status| {
        let mut signals = signals.clone();
        signals.push(Signal::GatewayRequestStatus(status));
        let d = run(Some(&url), signals);
        (d.verdict, d.cause())
    };
    assert_eq!(with_status(404), (Verdict::Problem, Some(Cause::NotFoundOrHidden)));
    assert_eq!(with_status(403), (Verdict::Problem, Some(Cause::PermissionDenied)));
    assert_eq!(with_status(400), (Verdict::Ok, None));
}

fn answered(role: Role, status: u16) -> Signal {
    Signal::Answered {
        role,
        caller: crate::probe::Caller::User,
        status,
    }
}

#[test]
fn a_logged_in_account_refused_is_permission_or_a_hidden_item_never_a_silent_ok() {
    let url = format!("{SITE}/rest/api/3/issue/ACME-9");
    let with_status = |status| {
        let d = run(
            Some(&url),
            vec![
                Signal::Site(Role::Identity, S::Accepted),
                Signal::Site(Role::Target, S::Ignored),
                answered(Role::Target, status),
            ],
        );
        (d.verdict, d.cause())
    };
    assert_eq!(with_status(200), (Verdict::Ok, None));
    assert_eq!(with_status(403), (Verdict::Problem, Some(Cause::PermissionDenied)));
    assert_eq!(with_status(401), (Verdict::Problem, Some(Cause::PermissionDenied)));
    assert_eq!(with_status(404), (Verdict::Problem, Some(Cause::NotFoundOrHidden)));
    // A bad query is the request's fault, and the credential is fine.
    assert_eq!(with_status(400), (Verdict::Ok, None));
    // The user's own header, answered as a logged-in user with a refusal.
    let d = run(
        Some(&url),
        vec![
            Signal::AsSent(S::Forbidden),
            Signal::Answered {
                role: Role::Target,
                caller: crate::probe::Caller::AsGiven,
                status: 403,
            },
        ],
    );
    assert_eq!(d.cause(), Some(Cause::PermissionDenied));
}

#[test]
fn a_gateway_that_accepts_outranks_the_sites_product_access_answer() {
    let d = run(
        Some(&format!("{SITE}/wiki/rest/api/space")),
        vec![
            Signal::Site(Role::Target, S::Refused),
            Signal::Seen(Role::Target, Signature::NotPermittedConfluence),
            Signal::Site(Role::Identity, S::Refused),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::AccountResolves,
            Signal::Gateway(Role::Target, G::Accepted),
        ],
    );
    assert_eq!(
        (d.verdict, d.cause(), d.rule),
        (
            Verdict::Problem,
            Some(Cause::ScopedTokenOnSiteUrl),
            "gateway-takes-the-same-request"
        )
    );
}

#[test]
fn product_access_and_a_dead_token_are_told_apart_only_by_another_product() {
    let refused = |extra: Vec<Signal>| {
        let mut signals = vec![
            Signal::Site(Role::Identity, S::Ignored),
            Signal::Seen(Role::Identity, Signature::NotPermittedConfluence),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Identity, G::Refused),
        ];
        signals.extend(extra);
        let d = run(None, signals);
        (d.verdict, d.causes)
    };
    assert_eq!(
        refused(vec![]),
        (
            Verdict::Inconclusive,
            vec![Cause::CredentialsRejected, Cause::NoProductAccess]
        )
    );
    assert_eq!(
        refused(vec![Signal::OtherProductIgnores]),
        (Verdict::Problem, vec![Cause::CredentialsRejected])
    );
    assert_eq!(
        refused(vec![Signal::AccountResolves]),
        (Verdict::Problem, vec![Cause::NoProductAccess])
    );
    // Answered differently from anonymous, with nothing knowing the account.
    let d = run(
        None,
        vec![
            Signal::Site(Role::Identity, S::Refused),
            Signal::Seen(Role::Identity, Signature::NotPermittedConfluence),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Identity, G::Refused),
        ],
    );
    assert_eq!(
        (d.verdict, d.causes),
        (
            Verdict::Inconclusive,
            vec![Cause::NoProductAccess, Cause::CredentialsRejected]
        )
    );
}

#[test]
fn another_kind_of_atlassian_secret_is_the_wrong_token_kind() {
    let refused = vec![
        Signal::Site(Role::Identity, S::Ignored),
        Signal::CloudId(CLOUD_ID.into()),
        Signal::Gateway(Role::Identity, G::Refused),
    ];
    for kind in [SecretKind::AccessToken, SecretKind::AppPassword] {
        let d = run_with(None, &[Fact::Kind(kind), Fact::LoginNotEmail], refused.clone());
        assert_eq!(d.cause(), Some(Cause::WrongTokenKind), "{kind:?}");
    }
}

#[test]
fn data_center_answers_damage_throttling_and_a_pat_with_no_login() {
    let data_center = |basic, bearer| {
        vec![
            Signal::DataCenter,
            Signal::NoCloudId,
            Signal::DataCenterScheme(Scheme::Basic, basic),
            Signal::DataCenterScheme(Scheme::Bearer, bearer),
        ]
    };
    let pat = Fact::Kind(SecretKind::PatLike);
    let d = run_with(None, &[pat, Fact::Damaged], data_center(S::Ignored, S::Refused));
    assert_eq!(d.cause(), Some(Cause::TokenMangled));
    let mut throttled = data_center(S::Refused, S::Refused);
    throttled.push(Signal::Seen(Role::Identity, Signature::RateLimited));
    assert_eq!(run(None, throttled).cause(), Some(Cause::RateLimited));
    let d = run_with(
        None,
        &[Fact::EmptyLogin, Fact::Sent(Scheme::Basic)],
        data_center(S::Refused, S::Accepted),
    );
    assert_eq!(d.cause(), Some(Cause::PatSentAsBasic));
}

#[test]
fn a_defective_gateway_url_is_judged_by_its_mended_copy() {
    let url = format!("https://api.atlassian.com/ex/jira/{CLOUD_ID}/rest/api/3/agile/1.0/board");
    let with_mended = |mended| {
        run(
            Some(&url),
            vec![
                Signal::CloudId(CLOUD_ID.into()),
                Signal::Gateway(Role::Target, G::ScopeMissing),
                Signal::Gateway(Role::Corrected, mended),
                Signal::Gateway(Role::Identity, G::Accepted),
            ],
        )
    };
    let d = with_mended(G::Accepted);
    assert_eq!(d.causes, vec![Cause::GatewayPathMalformed]);
    let command = d.fix_command.unwrap();
    assert!(command.contains("/rest/agile/1.0/board"), "{command}");
    assert_eq!(
        with_mended(G::ScopeMissing).causes,
        vec![Cause::GatewayPathMalformed, Cause::ScopeMissing]
    );
}

#[test]
fn a_defective_site_url_whose_mended_copy_works_names_the_mended_url() {
    let d = run(
        Some(&format!("{SITE}/rest/api/3/agile/1.0/board")),
        vec![
            Signal::Site(Role::Identity, S::Accepted),
            Signal::Site(Role::Target, S::Unclear),
            answered(Role::Target, 404),
            Signal::Site(Role::Corrected, S::Accepted),
        ],
    );
    assert_eq!(
        (d.verdict, d.cause()),
        (Verdict::Problem, Some(Cause::NotFoundOrHidden))
    );
    let command = d.fix_command.unwrap();
    assert!(command.contains(&format!("{SITE}/rest/agile/1.0/board")), "{command}");
}

#[test]
fn the_removed_attachment_path_is_named_whatever_the_credential() {
    let d = run(
        Some(&format!("{SITE}/wiki/download/attachments/12345/report.pdf")),
        vec![
            Signal::Site(Role::Identity, S::Accepted),
            Signal::Site(Role::Target, S::Ignored),
            answered(Role::Target, 401),
        ],
    );
    assert_eq!(d.cause(), Some(Cause::LegacyAttachmentDownload));
    let command = d.fix_command.unwrap();
    assert!(
        command.contains("/wiki/rest/api/content/12345/child/attachment?filename=report.pdf"),
        "{command}"
    );
}

#[test]
fn the_expired_token_pattern_is_named() {
    let d = run(
        Some(&format!("{SITE}/wiki/rest/api/space")),
        vec![
            Signal::Site(Role::Target, S::Indistinct),
            answered(Role::Target, 200),
            Signal::Site(Role::Identity, S::Ignored),
            Signal::CloudId(CLOUD_ID.into()),
            Signal::Gateway(Role::Identity, G::Refused),
        ],
    );
    assert_eq!(d.cause(), Some(Cause::CredentialsRejected));
    assert!(d.because.iter().any(|b| b.contains("expired")), "{:?}", d.because);
}

#[test]
fn an_empty_field_is_named_with_the_variable_that_was_not_set() {
    let mut inputs = inputs(Some(&format!("{SITE}/rest/api/3/myself")));
    apply(&mut inputs, Fact::EmptySecret);
    inputs.target.as_mut().unwrap().unset_vars.push("JIRA_TOKEN".into());
    let d = diagnose(&inputs, &findings(vec![Signal::Site(Role::Identity, S::Ignored)]));
    assert_eq!(d.cause(), Some(Cause::EmptyCredentials));
    assert!(
        d.because[0].contains("the token is empty") && d.because[0].contains("$JIRA_TOKEN"),
        "{:?}",
        d.because
    );
}

/// The story's signals, diagnosed with the token from `secret` and the
/// login from `login`; the fix command that comes out.
fn story_fix(secret: Source, login: Option<Source>) -> String {
    let mut inputs = inputs(Some(&format!("{SITE}/wiki/rest/api/space")));
    inputs.sources.secret = Some(secret);
    inputs.sources.login = login;
    let signals = vec![
        Signal::Site(Role::Target, S::Refused),
        Signal::CloudId(CLOUD_ID.into()),
        Signal::Gateway(Role::Identity, G::Accepted),
    ];
    diagnose(&inputs, &findings(signals)).fix_command.unwrap()
}

#[test]
fn the_fix_speaks_in_the_users_own_terms() {
    let env = |name: &str| Source::Env(name.into());
    assert!(
        story_fix(env("JIRA_API_TOKEN"), Some(env("JIRA_USERNAME")))
            .starts_with(r#"curl -u "${JIRA_USERNAME}:${JIRA_API_TOKEN}" "#)
    );
    assert!(
        story_fix(env("CONFLUENCE_API_TOKEN"), Some(Source::Flag("--email".into())))
            .starts_with(r#"curl -u "me@acme.org:${CONFLUENCE_API_TOKEN}" "#)
    );
    // A token given on stdin or in a file is asked for by curl, never written.
    assert!(story_fix(Source::Stdin, None).starts_with("curl -u me@acme.org https://"));
    // ~/.netrc is keyed by host: it answers for the site, not the gateway.
    assert!(story_fix(Source::Netrc, None).starts_with("curl -u me@acme.org https://api.atlassian.com/"));
    // A variable name from a (tampered) report is never written into a command.
    let hostile = story_fix(env("X$(touch /tmp/pwned)"), None);
    assert!(
        hostile.starts_with("curl -u me@acme.org https://") && !hostile.contains("touch"),
        "{hostile}"
    );
}

#[test]
fn a_redirect_to_another_host_gets_no_command() {
    let redirect = |location: &str| {
        let signals = vec![
            Signal::Redirected { cross_origin: true },
            Signal::RedirectLocation(location.into()),
        ];
        run(Some(&format!("{SITE}/rest/api/3/myself")), signals)
    };
    let elsewhere = redirect("https://evil.example/$(id)");
    assert_eq!(elsewhere.cause(), Some(Cause::RedirectDropsCredentials));
    assert_eq!(elsewhere.fix_command, None);
    let on_site = redirect(&format!("{SITE}/rest/api/3/myself"));
    assert!(
        on_site
            .fix_command
            .unwrap()
            .ends_with(&format!("{SITE}/rest/api/3/myself"))
    );
}

#[test]
fn a_name_that_does_not_resolve_is_judged_by_the_control_hosts() {
    use crate::finding::DnsReading;
    let names = |hosts: &[&str]| hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>();
    let unreachable = || Signal::Site(Role::Identity, S::Unreachable(NetErrorKind::Dns));
    let cases = [
        (
            DnsReading::NothingResolves {
                names: names(&["acme.atlassian.net", "api.atlassian.com"]),
            },
            Verdict::Problem,
            vec![Cause::NetworkError],
            "offline",
            "this machine is offline, or its DNS or proxy is broken",
        ),
        (
            DnsReading::NamesWrong {
                names: names(&["acme.atlassian.net"]),
                witness: "api.atlassian.com".into(),
            },
            Verdict::Problem,
            vec![Cause::SiteNotFound],
            "site-not-found",
            "acme.atlassian.net does not resolve, while api.atlassian.com answers: there is no Atlassian Cloud site by that name",
        ),
        (
            DnsReading::NamesWrong {
                names: names(&["jira.acme.internal"]),
                witness: "api.atlassian.com".into(),
            },
            Verdict::Problem,
            vec![Cause::SiteNotFound],
            "site-not-found",
            "the host name is wrong, or it resolves only inside a company network",
        ),
        (
            DnsReading::Unclear {
                names: names(&["acme.atlassian.net"]),
            },
            Verdict::Inconclusive,
            vec![Cause::SiteNotFound, Cause::NetworkError],
            "name-unchecked",
            "could not check whether other names do",
        ),
    ];
    for (reading, verdict, causes, rule, because) in cases {
        let d = run(None, vec![unreachable(), Signal::Dns(reading.clone())]);
        assert_eq!((d.verdict, &d.causes, d.rule), (verdict, &causes, rule), "{reading:?}");
        assert!(
            d.because.iter().any(|b| b.contains(because)),
            "{reading:?}: {:?}",
            d.because
        );
    }
    // Offline, the fix is about the machine, never the site's name.
    let offline = run(
        None,
        vec![Signal::Dns(DnsReading::NothingResolves {
            names: names(&["acme.atlassian.net"]),
        })],
    );
    assert!(offline.fix.contains("resolves no name"), "{}", offline.fix);
    assert_eq!(offline.fix_command.as_deref(), Some("nslookup api.atlassian.com"));
    // Without the network check (an older recording), a DNS failure is only a network error.
    let d = run(None, vec![unreachable()]);
    assert_eq!((d.cause(), d.rule), (Some(Cause::NetworkError), "site-unreachable"));
}

#[test]
fn a_failing_proxy_is_named_with_its_variable() {
    use crate::context::{NetworkFacts, ProxyFacts};
    let mut inputs = inputs(Some(&format!("{SITE}/rest/api/3/myself")));
    inputs.network = NetworkFacts {
        proxy: Some(ProxyFacts {
            url: "http://proxy.acme.org:3128".into(),
            variable: "HTTPS_PROXY".into(),
        }),
        ..Default::default()
    };
    let signals = |kind| findings(vec![Signal::Site(Role::Target, S::Unreachable(kind))]);
    let d = diagnose(&inputs, &signals(NetErrorKind::Proxy));
    assert_eq!(d.cause(), Some(Cause::NetworkError));
    assert!(
        d.because[0].contains("the proxy http://proxy.acme.org:3128 (HTTPS_PROXY) failed"),
        "{:?}",
        d.because
    );
    assert!(d.fix.contains("in HTTPS_PROXY"), "{}", d.fix);
    let d = diagnose(&inputs, &signals(NetErrorKind::TlsUntrusted));
    assert!(d.because[0].contains("a proxy inspects TLS"), "{:?}", d.because);
    assert!(d.fix.contains("SSL_CERT_FILE"), "{}", d.fix);
}

#[test]
fn an_unreachable_site_is_a_network_error_whatever_the_credentials_shape() {
    let unreachable = || vec![Signal::Site(Role::Identity, S::Unreachable(NetErrorKind::Proxy))];
    for fact in [Fact::Kind(SecretKind::PasswordLike), Fact::Damaged, Fact::LoginNotEmail] {
        let d = run_with(None, &[fact], unreachable());
        assert_eq!((d.cause(), d.rule), (Some(Cause::NetworkError), "site-unreachable"));
    }
    // A gateway that refuses the credential has judged it.
    let mut judged = unreachable();
    judged.push(Signal::Gateway(Role::Identity, G::Refused));
    assert_eq!(run(None, judged).cause(), Some(Cause::CredentialsRejected));
}
