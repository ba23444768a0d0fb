//! The same requests on the site three times: without credentials, with an
//! obviously bogus account, and with the user's credential. Atlassian
//! answers a credential it does not accept in one of two ways (docs/atlassian/cloud.md#anonymous-on-site):
//! as if no credential had been sent (anonymous fallback), or with a refusal
//! anonymous callers do not get (the credential was recognised and refused,
//! as scoped tokens are on the site URL). Comparing the three tells which.

use super::{Check, CheckId, Plan};
use crate::context::{Corrected, Inputs, Target};
use crate::finding::{Finding, NoteLevel, Signal, SiteReading, Status};
use crate::probe::{Answers, Caller, Exchange, Outcome, Probe, Role};
use crate::signatures::{Identity, Signature, identity, recognise, signals_of};

pub struct AnonymousVsAuthenticated;

impl Check for AnonymousVsAuthenticated {
    fn id(&self) -> CheckId {
        CheckId::AnonymousVsAuthenticated
    }

    fn plan(&self, inputs: &Inputs, _earlier: &[Finding]) -> Plan {
        let Some(site) = inputs.site_base() else {
            return Plan::Skip("no site to compare on: give --site or ATLASSIAN_SITE".into());
        };
        let user_auth = inputs.basic_authorization();
        let target = site_target(inputs);
        // The user's own header, when it is not what the doctor sends anyway.
        let as_given = target.and_then(|t| t.authorization.clone()).filter(|given| {
            user_auth
                .as_ref()
                .is_none_or(|doctor| doctor.expose() != given.expose())
        });
        if user_auth.is_none() && as_given.is_none() && target.is_none() {
            return Plan::Skip("needs an email and a token to compare".into());
        }
        let mut probes = Vec::new();
        for (role, path) in inputs.probe_paths() {
            // The user's request goes exactly where they sent it; the
            // standard endpoints go to the site.
            let url = match (role, target) {
                (Role::Target, Some(t)) => t.url.to_string(),
                (Role::Target, None) => continue,
                _ => format!("{site}{path}"),
            };
            probes.push(Probe::get(&url, role, Caller::Anonymous, None));
            probes.push(Probe::get(
                &url,
                role,
                Caller::Bogus,
                Some(Inputs::bogus_authorization()),
            ));
            if let Some(auth) = &user_auth {
                probes.push(Probe::get(&url, role, Caller::User, Some(auth.clone())));
            }
            if let (Role::Target, Some(given), Some(t)) = (role, &as_given, target) {
                let mut probe = Probe::get(&url, role, Caller::AsGiven, Some(given.clone()));
                probe.method = t.method.clone();
                probe
                    .headers
                    .extend(t.headers.iter().map(|(n, v)| (n.to_string(), v.to_string())));
                probes.push(probe);
            }
        }
        // The user's request with its URL mended, when it has a known defect.
        if let (Some(Corrected::Site(path)), Some(t)) = (inputs.corrected_request(), target) {
            let url = format!("{}{path}", crate::input::base_string(&t.url));
            probes.push(Probe::get(&url, Role::Corrected, Caller::Anonymous, None));
            probes.push(Probe::get(
                &url,
                Role::Corrected,
                Caller::Bogus,
                Some(Inputs::bogus_authorization()),
            ));
            let auth = user_auth.clone().or_else(|| as_given.clone());
            let caller = if user_auth.is_some() {
                Caller::User
            } else {
                Caller::AsGiven
            };
            probes.push(Probe::get(&url, Role::Corrected, caller, auth));
        }
        // The same account through the other product: a credential that works
        // there and not here lacks product access.
        if let Some(auth) = &user_auth {
            let url = format!("{site}{}", inputs.product.other().identity_path());
            probes.push(Probe::get(url, Role::OtherIdentity, Caller::User, Some(auth.clone())));
        }
        Plan::Send(probes)
    }

    fn read(&self, inputs: &Inputs, _earlier: &[Finding], answers: &[Exchange]) -> Finding {
        let target = site_target(inputs);
        // The endpoint whose 5xx for everyone means the server fails: the
        // user's request on the site, or with no request the identity endpoint.
        let server_role = match &inputs.target {
            Some(t) if t.is_on_site() => Some(Role::Target),
            Some(_) => None,
            None => Some(Role::Identity),
        };
        let mut finding = Finding::new(self.id(), Status::Pass, "");
        let mut readings = Vec::new();
        for role in [Role::Target, Role::Identity, Role::List, Role::Corrected] {
            let (Some(anonymous), Some(bogus)) = (answers.of(role, Caller::Anonymous), answers.of(role, Caller::Bogus))
            else {
                continue;
            };
            if role == Role::Target {
                read_redirect(&mut finding, answers, target);
                if let Some(given) = answers.of(role, Caller::AsGiven) {
                    let reading = read_site(role, &anonymous.outcome, &bogus.outcome, &given.outcome);
                    finding.signals.push(Signal::AsSent(reading));
                    finding.note(NoteLevel::Info, format!("your request as sent: {}", as_sent(reading)));
                    if let Ok(response) = &given.outcome {
                        finding.signals.extend(signals_of(role, response));
                        finding.signals.push(Signal::Answered {
                            role,
                            caller: Caller::AsGiven,
                            status: response.status,
                        });
                    }
                }
            }
            if server_role == Some(role) {
                if let Some(status) = server_error_for_all(answers.for_role(role)) {
                    finding.signals.push(Signal::ServerErrorForAll(status));
                }
            }
            // The mended request goes with the user's own header when the
            // doctor has no credential of its own to send.
            let user = answers.of(role, Caller::User).or_else(|| {
                (role == Role::Corrected)
                    .then(|| answers.of(role, Caller::AsGiven))
                    .flatten()
            });
            let Some(user) = user else {
                continue;
            };
            let reading = read_site(role, &anonymous.outcome, &bogus.outcome, &user.outcome);
            finding.signals.push(Signal::Site(role, reading));
            if let Ok(response) = &user.outcome {
                finding.signals.extend(signals_of(role, response));
                if matches!(role, Role::Target | Role::Corrected) {
                    finding.signals.push(Signal::Answered {
                        role,
                        caller: user.probe.caller,
                        status: response.status,
                    });
                }
            }
            finding.note(NoteLevel::Info, format!("{}: {}", role.label(), explain(reading)));
            // The mended request is evidence about the URL, not the site's
            // verdict on the credential.
            if role != Role::Corrected {
                readings.push((role, reading));
            }
        }
        if let Some(response) = answers
            .of(Role::OtherIdentity, Caller::User)
            .and_then(Exchange::response)
        {
            let who = identity(response);
            if let Some(Identity::Account(account)) = &who {
                finding.signals.push(Signal::Identity(account.clone()));
            }
            // Answered as anonymous (a 401 where a user is needed, or an
            // anonymous identity): the other product does not know it either.
            let anonymous = matches!(who, Some(Identity::Anonymous))
                || (response.status == 401 && !recognise(response).contains(&Signature::LoggedIn));
            if anonymous {
                finding.signals.push(Signal::OtherProductIgnores);
            }
            if who.is_some_and(|who| who.is_account())
                || (recognise(response).contains(&Signature::LoggedIn) && response.is_success())
            {
                finding.signals.push(Signal::AccountResolves);
                finding.note(
                    NoteLevel::Info,
                    format!("{} on this site knows the account", inputs.product.other()),
                );
            }
        }
        let as_sent_reading = finding.signals.iter().find_map(|s| match s {
            Signal::AsSent(reading) => Some(*reading),
            _ => None,
        });
        let overall = overall_reading(&readings).or(as_sent_reading);
        finding.status = match overall {
            Some(SiteReading::Accepted) if as_sent_reading.is_none_or(|r| r == SiteReading::Accepted) => Status::Pass,
            Some(SiteReading::Indistinct) | None => Status::Warn,
            _ => Status::Fail,
        };
        finding.summary = match (overall, as_sent_reading) {
            (Some(SiteReading::Accepted), Some(sent)) if sent != SiteReading::Accepted => format!(
                "the site accepts your credential sent as Basic, but your request as sent {}",
                as_sent(sent)
            ),
            (Some(reading), _) => format!("the site {}", explain(reading)),
            (None, _) => "nothing to compare".into(),
        };
        finding
    }
}

/// The user's request, when it is a read on a site (not the gateway).
fn site_target(inputs: &Inputs) -> Option<&Target> {
    inputs.readable_target().filter(|t| t.is_on_site())
}

/// A redirect answered to the user's request, in whichever form it went.
fn read_redirect(finding: &mut Finding, answers: &[Exchange], target: Option<&Target>) {
    let Some(redirect) = [Caller::AsGiven, Caller::User, Caller::Anonymous]
        .into_iter()
        .filter_map(|caller| answers.of(Role::Target, caller))
        .find_map(|e| e.response().filter(|r| r.is_redirect()))
    else {
        return;
    };
    let location = redirect
        .header("location")
        .and_then(|l| target.and_then(|t| t.url.join(l).ok()));
    let cross_origin = match (&location, target) {
        (Some(to), Some(t)) => to.origin() != t.url.origin(),
        _ => false,
    };
    finding.signals.push(Signal::Redirected { cross_origin });
    finding.note(
        NoteLevel::Problem,
        format!(
            "your URL redirects (HTTP {}) to {}",
            redirect.status,
            location
                .as_ref()
                .map_or("an address it does not give", url::Url::as_str)
        ),
    );
    if let Some(location) = location {
        finding.signals.push(Signal::RedirectLocation(location.to_string()));
    }
}

/// A 5xx that every caller got for one endpoint: the server fails whoever asks.
fn server_error_for_all<'a>(exchanges: impl Iterator<Item = &'a Exchange>) -> Option<u16> {
    let answers: Vec<(Caller, u16)> = exchanges
        .filter_map(|x| x.response().map(|r| (x.probe.caller, r.status)))
        .collect();
    let anonymous = answers.iter().find(|(c, _)| *c == Caller::Anonymous)?.1;
    let all_fail = answers.iter().all(|(_, status)| *status >= 500);
    (anonymous >= 500 && all_fail && answers.len() > 1).then_some(anonymous)
}

/// The site's treatment of the credential overall: the identity endpoint
/// decides when it can, then the user's own request, then the list.
pub fn overall_reading(readings: &[(Role, SiteReading)]) -> Option<SiteReading> {
    let decisive = |r: &SiteReading| matches!(r, SiteReading::Accepted | SiteReading::Refused | SiteReading::Ignored);
    [Role::Identity, Role::Target, Role::List]
        .iter()
        .find_map(|role| readings.iter().find(|(r, reading)| r == role && decisive(reading)))
        .or_else(|| readings.first())
        .map(|(_, reading)| *reading)
}

/// The user's request as sent, in words.
fn as_sent(reading: SiteReading) -> String {
    match reading {
        SiteReading::Accepted => "is accepted".into(),
        other => explain(other),
    }
}

fn explain(reading: SiteReading) -> String {
    match reading {
        SiteReading::Accepted => "accepts your credential".into(),
        SiteReading::Forbidden => "authenticates your credential but refuses the request (403)".into(),
        SiteReading::Refused => {
            "refuses your credential with an answer anonymous callers do not get (it was recognised, then refused)"
                .into()
        }
        SiteReading::Ignored => {
            "answers your credential exactly as it answers anonymous callers (the credential was ignored)".into()
        }
        SiteReading::Indistinct => {
            "answers the same with and without your credential (public data: cannot tell)".into()
        }
        SiteReading::Unreachable(kind) => format!("could not be reached ({})", kind.as_str()),
        SiteReading::Unclear => "gave answers confauth cannot compare".into(),
    }
}

/// How one endpoint treated the user's credential, from the three answers.
pub fn read_site(role: Role, anonymous: &Outcome, bogus: &Outcome, user: &Outcome) -> SiteReading {
    let user = match user {
        Ok(response) => response,
        Err(error) => return SiteReading::Unreachable(error.kind),
    };
    let signatures = recognise(user);
    if signatures.contains(&Signature::LoggedIn) {
        return if user.is_success() {
            SiteReading::Accepted
        } else {
            SiteReading::Forbidden
        };
    }
    if role == Role::Identity {
        match identity(user) {
            Some(Identity::Account(_)) => return SiteReading::Accepted,
            Some(Identity::Anonymous) => return SiteReading::Ignored,
            None => {}
        }
    }
    let Ok(anonymous) = anonymous else {
        return SiteReading::Unclear;
    };
    let same_as_anonymous = user.status == anonymous.status && signatures == recognise(anonymous);
    if user.is_success() {
        if !anonymous.is_success() {
            // The credential opened what anonymous callers may not see.
            return SiteReading::Accepted;
        }
        if signatures.contains(&Signature::LoginFailed) {
            return SiteReading::Ignored;
        }
        // Both succeeded: the credential counts only if it changed the answer,
        // and only if the answer is stable (bogus and anonymous agree).
        // A bogus pair that was refused says nothing of stability; one that
        // was let in must get exactly what anonymous got.
        let stable = bogus
            .as_ref()
            .is_ok_and(|b| !b.is_success() || (b.status == anonymous.status && b.same_body(anonymous)));
        return if user.same_body(anonymous) {
            SiteReading::Indistinct
        } else if stable {
            SiteReading::Accepted
        } else {
            SiteReading::Indistinct
        };
    }
    // The same 404 or 5xx for everyone says nothing about the credential:
    // the endpoint is missing or broken (Jira's "issue does not exist" 404
    // is the exception: it is how Jira answers anonymous callers, docs/atlassian/cloud.md#issue-not-visible).
    let uninformative = (user.status == 404 && !signatures.contains(&Signature::IssueNotVisible)) || user.status >= 500;
    if same_as_anonymous && uninformative {
        SiteReading::Unclear
    } else if same_as_anonymous {
        SiteReading::Ignored
    } else if matches!(user.status, 401 | 403) || signatures.contains(&Signature::LoginFailed) {
        SiteReading::Refused
    } else {
        SiteReading::Unclear
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::fake::answer;
    use crate::probe::{NetError, NetErrorKind};
    use std::time::Duration;

    const TOMCAT: &str = "<h1>HTTP Status 401 – Unauthorized</h1> lacks valid authentication credentials";
    const MUST_AUTH: &str = "Client must be authenticated to access this resource.";
    const CANNOT_ACCESS: &str = r#"{"message":"Request rejected because caller cannot access Confluence"}"#;
    const NOT_PERMITTED: &str = r#"{"message":"Current user not permitted to use Confluence","statusCode":403}"#;
    const ISSUE: &str =
        r#"{"errorMessages":["Issue does not exist or you do not have permission to see it."],"errors":{}}"#;

    #[test]
    fn readings_follow_the_facts() {
        let spaces_public = r#"{"results":[{"key":"PUB"}],"size":1}"#;
        let spaces_all = r#"{"results":[{"key":"PUB"},{"key":"TEAM"}],"size":2}"#;
        let cases: Vec<(&str, Role, Outcome, Outcome, Outcome, SiteReading)> = vec![
            (
                "docs/atlassian/cloud.md#tomcat-401: scoped token on a public wiki",
                Role::Target,
                answer(200, &[], spaces_public),
                answer(200, &[], spaces_public),
                answer(401, &[], TOMCAT),
                SiteReading::Refused,
            ),
            (
                "docs/atlassian/cloud.md#client-must-be-authenticated: Jira anonymous fallback on /myself",
                Role::Identity,
                answer(401, &[], MUST_AUTH),
                answer(401, &[], MUST_AUTH),
                answer(401, &[], MUST_AUTH),
                SiteReading::Ignored,
            ),
            (
                "Jira /myself accepted",
                Role::Identity,
                answer(401, &[], MUST_AUTH),
                answer(401, &[], MUST_AUTH),
                answer(200, &[], r#"{"accountId":"5b1"}"#),
                SiteReading::Accepted,
            ),
            (
                "docs/atlassian/cloud.md#confluence-cannot-access: private wiki ignores a bad token",
                Role::List,
                answer(403, &[], CANNOT_ACCESS),
                answer(403, &[], CANNOT_ACCESS),
                answer(403, &[], CANNOT_ACCESS),
                SiteReading::Ignored,
            ),
            (
                "docs/atlassian/cloud.md#confluence-cannot-access: account without Confluence",
                Role::List,
                answer(403, &[], CANNOT_ACCESS),
                answer(403, &[], CANNOT_ACCESS),
                answer(403, &[], NOT_PERMITTED),
                SiteReading::Refused,
            ),
            (
                "public wiki, account sees more",
                Role::List,
                answer(200, &[], spaces_public),
                answer(200, &[], spaces_public),
                answer(200, &[], spaces_all),
                SiteReading::Accepted,
            ),
            (
                "public wiki, same answer",
                Role::List,
                answer(200, &[], spaces_public),
                answer(200, &[], spaces_public),
                answer(200, &[], spaces_public),
                SiteReading::Indistinct,
            ),
            (
                "docs/atlassian/cloud.md#empty-results: empty list as anonymous",
                Role::List,
                answer(200, &[], r#"{"values":[]}"#),
                answer(200, &[], r#"{"values":[]}"#),
                answer(200, &[], r#"{"values":[]}"#),
                SiteReading::Indistinct,
            ),
            (
                "anonymous identity on a public wiki",
                Role::Identity,
                answer(200, &[], r#"{"type":"anonymous"}"#),
                answer(200, &[], r#"{"type":"anonymous"}"#),
                answer(200, &[], r#"{"type":"anonymous"}"#),
                SiteReading::Ignored,
            ),
            (
                "seraph says the login failed",
                Role::List,
                answer(200, &[], "[]"),
                answer(200, &[], "[]"),
                answer(200, &[("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")], "[]"),
                SiteReading::Ignored,
            ),
            (
                "account header",
                Role::List,
                answer(200, &[], "[]"),
                answer(200, &[], "[]"),
                answer(200, &[("X-AACCOUNTID", "5b1")], "[]"),
                SiteReading::Accepted,
            ),
            (
                "private wiki opens for the account",
                Role::List,
                answer(403, &[], CANNOT_ACCESS),
                answer(403, &[], CANNOT_ACCESS),
                answer(200, &[], spaces_all),
                SiteReading::Accepted,
            ),
            (
                "an endpoint the server lacks",
                Role::Identity,
                answer(404, &[], "Not Found"),
                answer(404, &[], "Not Found"),
                answer(404, &[], "Not Found"),
                SiteReading::Unclear,
            ),
            (
                "a broken server",
                Role::List,
                answer(502, &[], ""),
                answer(502, &[], ""),
                answer(502, &[], ""),
                SiteReading::Unclear,
            ),
            (
                "docs/atlassian/cloud.md#issue-not-visible: Jira's anonymous 404 for an issue",
                Role::Target,
                answer(404, &[], ISSUE),
                answer(404, &[], ISSUE),
                answer(404, &[], ISSUE),
                SiteReading::Ignored,
            ),
        ];
        for (name, role, anonymous, bogus, user, expected) in cases {
            assert_eq!(read_site(role, &anonymous, &bogus, &user), expected, "{name}");
        }
    }

    #[test]
    fn an_unreachable_site_says_how() {
        let error = Err(NetError {
            kind: NetErrorKind::Timeout,
            detail: "no answer".into(),
            after: Duration::from_secs(5),
        });
        assert_eq!(
            read_site(Role::List, &error, &error, &error),
            SiteReading::Unreachable(NetErrorKind::Timeout)
        );
    }

    #[test]
    fn identity_decides_over_the_list() {
        let readings = [
            (Role::Target, SiteReading::Indistinct),
            (Role::Identity, SiteReading::Ignored),
            (Role::List, SiteReading::Accepted),
        ];
        assert_eq!(overall_reading(&readings), Some(SiteReading::Ignored));
        assert_eq!(
            overall_reading(&[(Role::List, SiteReading::Indistinct)]),
            Some(SiteReading::Indistinct)
        );
    }
}
