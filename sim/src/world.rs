//! The small world every server answers from: one site, its accounts and
//! their tokens, the site settings a scenario flips, and Bitbucket Cloud for
//! the same people. Keeping it in one place makes every probe (anonymous,
//! bogus, real credential, site or gateway) agree with every other.

use crate::bitbucket::Bitbucket;
use crate::secrets;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    Jira,
    Confluence,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deployment {
    /// An `*.atlassian.net` site with this cloudId.
    Cloud { cloud_id: String },
    /// A self-hosted host: Confluence, plus Jira when `jira` is set.
    DataCenter { basic_auth_disabled: bool, jira: bool },
    /// No site answers at this name (docs/atlassian/cloud.md#site-not-found, the edge "Page unavailable").
    NoSite,
}

#[derive(Debug, Clone)]
pub struct Account {
    pub display_name: &'static str,
    pub email: &'static str,
    /// The Data Center login; on Cloud it is only what users mistake for one.
    pub username: &'static str,
    pub account_id: String,
    pub password: &'static str,
    pub confluence_access: bool,
    /// Too many failed logins: the site wants a CAPTCHA first (docs/atlassian/data-center.md#captcha).
    pub captcha_locked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A Cloud API token without scopes: works on the site (docs/atlassian/cloud.md#classic-token).
    Classic,
    /// A Cloud API token with scopes: only the gateway takes it (docs/atlassian/cloud.md#scoped-token-on-site).
    Scoped {
        product: Product,
        scopes: &'static [&'static str],
    },
    /// An OAuth 2.0 access token, Bearer on the gateway (docs/atlassian/cloud.md#oauth-3lo).
    OAuth { scopes: &'static [&'static str] },
    /// A Data Center personal access token, Bearer on the DC host.
    Pat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Active,
    Expired,
    Revoked,
}

/// Names for the tokens of the world, so scenarios can hand one to the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKey {
    JaneClassic,
    JaneScopedConfluence,
    JaneScopedJira,
    JaneExpired,
    JaneRevoked,
    JaneOAuth,
    JanePat,
    OmarClassic,
}

#[derive(Debug, Clone)]
pub struct Token {
    pub key: TokenKey,
    pub secret: String,
    /// Index into `World::accounts`.
    pub owner: usize,
    pub kind: TokenKind,
    pub state: TokenState,
}

/// Index of the scenarios' user in `World::accounts`.
pub const JANE: usize = 0;
const OMAR: usize = 1;

/// Classic Confluence scopes only: enough for v1, never for v2 (docs/atlassian/cloud.md#scopes).
const CONFLUENCE_CLASSIC_SCOPES: &[&str] = &[
    "read:confluence-space.summary",
    "read:confluence-content.all",
    "read:confluence-content.summary",
    "read:confluence-user",
    "search:confluence",
];
const JIRA_SCOPES: &[&str] = &["read:jira-user", "read:jira-work"];
const OAUTH_SCOPES: &[&str] = &[
    "read:me",
    "read:jira-user",
    "read:jira-work",
    "read:confluence-space.summary",
    "read:confluence-content.all",
    "read:confluence-user",
    "read:space:confluence",
    "read:page:confluence",
];

#[derive(Debug, Clone)]
pub struct World {
    pub deployment: Deployment,
    /// The site's own base URL, known once its port is bound.
    pub site_url: String,
    /// Confluence "Anonymous access" (off by default, docs/atlassian/cloud.md#confluence-anonymous).
    pub public_wiki: bool,
    /// An IP allowlist the caller is outside of (docs/atlassian/cloud.md#ip-allowlist).
    pub ip_blocked: bool,
    /// The caller is over the burst rate limit (docs/atlassian/cloud.md#rate-limits).
    pub rate_limited: bool,
    /// On a public wiki, every space is open to anonymous callers, so an
    /// account and anonymous list the very same spaces.
    pub every_space_public: bool,
    /// Which documented shape each answer takes (variant scenarios).
    pub dialect: Dialect,
    pub accounts: Vec<Account>,
    pub tokens: Vec<Token>,
    /// Bitbucket Cloud: its API and git host answer from this alone.
    pub bitbucket: Bitbucket,
}

impl World {
    /// A private Cloud site with the standard accounts and tokens.
    pub fn cloud() -> World {
        World::new(Deployment::Cloud {
            cloud_id: secrets::uuid("acme cloud site"),
        })
    }

    pub fn data_center(basic_auth_disabled: bool) -> World {
        World::new(Deployment::DataCenter {
            basic_auth_disabled,
            jira: true,
        })
    }

    /// A Confluence Data Center host without Jira beside it.
    pub fn confluence_data_center() -> World {
        World::new(Deployment::DataCenter {
            basic_auth_disabled: false,
            jira: false,
        })
    }

    pub fn no_site() -> World {
        World::new(Deployment::NoSite)
    }

    fn new(deployment: Deployment) -> World {
        let accounts = vec![
            account("Jane Smith", "jsmith@example.com", "jsmith", "Summer2025!"),
            account("Omar Okafor", "ookafor@example.com", "ookafor", "Tr0mbone#88"),
        ];
        use TokenKey::*;
        use TokenKind::*;
        use TokenState::*;
        let confluence_scoped = Scoped {
            product: Product::Confluence,
            scopes: CONFLUENCE_CLASSIC_SCOPES,
        };
        let jira_scoped = Scoped {
            product: Product::Jira,
            scopes: JIRA_SCOPES,
        };
        let oauth = OAuth { scopes: OAUTH_SCOPES };
        let table = [
            (JaneClassic, JANE, Classic, Active),
            (JaneScopedConfluence, JANE, confluence_scoped, Active),
            (JaneScopedJira, JANE, jira_scoped, Active),
            (JaneExpired, JANE, Classic, Expired),
            (JaneRevoked, JANE, Classic, Revoked),
            (JaneOAuth, JANE, oauth, Active),
            (JanePat, JANE, Pat, Active),
            (OmarClassic, OMAR, Classic, Active),
        ];
        let tokens = table
            .into_iter()
            .map(|(key, owner, kind, state)| {
                let name = format!("{key:?}");
                let secret = match kind {
                    Classic | Scoped { .. } => secrets::cloud_api_token(&name),
                    OAuth { scopes } => secrets::oauth_jwt(&name, &accounts[owner].account_id, scopes),
                    Pat => secrets::data_center_pat(&name),
                };
                Token {
                    key,
                    secret,
                    owner,
                    kind,
                    state,
                }
            })
            .collect();
        World {
            deployment,
            site_url: String::new(),
            public_wiki: false,
            ip_blocked: false,
            rate_limited: false,
            every_space_public: false,
            dialect: Dialect::default(),
            bitbucket: Bitbucket::new(&accounts),
            accounts,
            tokens,
        }
    }

    pub fn cloud_id(&self) -> Option<&str> {
        match &self.deployment {
            Deployment::Cloud { cloud_id } => Some(cloud_id),
            _ => None,
        }
    }

    pub fn jane(&self) -> &Account {
        &self.accounts[JANE]
    }

    pub fn secret(&self, key: TokenKey) -> String {
        self.tokens
            .iter()
            .find(|t| t.key == key)
            .map(|t| t.secret.clone())
            .unwrap_or_default()
    }

    /// Cloud logins are the account email, in any case (docs/atlassian/cloud.md#jira-measured, PR #114).
    pub fn account_by_email(&self, login: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.email.eq_ignore_ascii_case(login))
    }

    /// Data Center logins are usernames, case-insensitive.
    pub fn account_by_username(&self, login: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.username.eq_ignore_ascii_case(login))
    }

    /// The active token with this secret, if any; expired and revoked tokens
    /// authenticate nothing anywhere (docs/atlassian/cloud.md#expired-token, docs/atlassian/cloud.md#revoked-token).
    pub fn active_token(&self, secret: &str) -> Option<&Token> {
        self.tokens
            .iter()
            .find(|t| t.secret == secret && t.state == TokenState::Active)
    }

    /// The active token with this secret, provided `account` owns it.
    pub fn token_of(&self, account: &Account, secret: &str) -> Option<&Token> {
        self.active_token(secret)
            .filter(|t| self.accounts[t.owner].account_id == account.account_id)
    }

    pub fn owner(&self, token: &Token) -> &Account {
        &self.accounts[token.owner]
    }
}

fn account(display_name: &'static str, email: &'static str, username: &'static str, password: &'static str) -> Account {
    Account {
        display_name,
        email,
        username,
        account_id: secrets::account_id(email),
        password,
        confluence_access: true,
        captcha_locked: false,
    }
}

/// How a world words its answers where docs/atlassian/README.md records more than one shape for
/// the same cause. The defaults are what the main scenarios play; a variant
/// scenario changes one field, and the handler that builds that answer reads
/// it. Nothing else about the world changes with the dialect.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dialect {
    pub scoped_on_wiki: ScopedOnWiki,
    pub jira_unauthenticated: JiraUnauthenticated,
    pub private_wiki_anonymous: PrivateWikiAnonymous,
    pub bearer_api_token: BearerApiToken,
    pub password: PasswordRefusal,
    pub captcha: CaptchaAnswer,
    pub ip_refusal: IpRefusal,
    pub scope_refusal: ScopeRefusal,
    pub header_case: HeaderCase,
}

/// A valid scoped token on the Confluence site URL (docs/atlassian/cloud.md#scoped-token-on-site, docs/atlassian/cloud.md#open-scoped-401-or-403).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScopedOnWiki {
    /// 401 with Tomcat's sentence (docs/atlassian/cloud.md#tomcat-401, qaq-p/3039044).
    #[default]
    Tomcat401,
    /// 403 (docs/atlassian/cloud.md#scoped-token-on-site "Confluence, 403 variant", qaq-p/3135241).
    Forbidden,
    /// Run as anonymous, as a bogus pair is (docs/atlassian/cloud.md#scoped-token-on-site, CLOUD-12744).
    Anonymous,
}

/// Jira's 401 for an anonymous caller where a user is needed (docs/atlassian/cloud.md#client-must-be-authenticated, docs/atlassian/cloud.md#jira-anonymous).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum JiraUnauthenticated {
    /// The measured sentence, its media type following `Accept`.
    #[default]
    FollowsAccept,
    /// `{"errorMessages":[…],"errors":{}}` whatever `Accept` says.
    ErrorMessages,
    /// The older Jira Cloud HTML page `Unauthorized (401)` (bugwarrior #689).
    OlderHtmlPage,
}

/// What anonymous callers get from a Confluence without anonymous access.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PrivateWikiAnonymous {
    /// 403 "Request rejected because caller cannot access Confluence" (docs/atlassian/cloud.md#confluence-cannot-access, measured).
    #[default]
    CallerCannotAccess,
    /// 403 "Current user not permitted to use Confluence" (docs/atlassian/cloud.md#confluence-cannot-access, docs/atlassian/cloud.md#confluence-anonymous).
    NotPermitted,
    /// 200 with empty lists, as older Cloud sites answered (docs/atlassian/cloud.md#confluence-older-behaviour, 2021).
    EmptyResults,
}

/// An API token (not a JWT) sent as `Authorization: Bearer` to the site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BearerApiToken {
    /// 403 "Failed to parse Connect Session Auth Token" (docs/atlassian/cloud.md#connect-session-token, since ~June 2023).
    #[default]
    ConnectSession403,
    /// Ignored: the request runs as anonymous (docs/atlassian/cloud.md#confluence-older-behaviour, 2021, atlassian-python-api #900).
    Anonymous,
}

/// The site's 401 for a password as the Basic secret (docs/atlassian/cloud.md#password-deprecated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PasswordRefusal {
    /// The text with the developer.atlassian.com link.
    #[default]
    Current,
    /// The text with the older confluence.atlassian.com link (docs/atlassian/cloud.md#password-deprecated).
    OlderLink,
}

/// The answer to a login by an account that must solve a CAPTCHA (docs/atlassian/data-center.md#captcha).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CaptchaAnswer {
    /// 403 Seraph page with both headers.
    #[default]
    Seraph403,
    /// The login is denied and the request runs as anonymous, marked only by
    /// `X-Seraph-LoginReason: AUTHENTICATION_DENIED` (docs/atlassian/data-center.md#captcha "and/or",
    /// docs/atlassian/cloud.md#x-seraph-loginreason: the header also comes with a 401 on `/myself`).
    AnonymousWithHeader,
}

/// The status of the IP allowlist refusal, which docs/atlassian/cloud.md#ip-allowlist does not state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IpRefusal {
    #[default]
    Forbidden,
    Unauthorized,
}

impl IpRefusal {
    pub fn status(self) -> u16 {
        match self {
            IpRefusal::Forbidden => 403,
            IpRefusal::Unauthorized => 401,
        }
    }
}

/// How the gateway says a scope is missing (docs/atlassian/cloud.md#gateway-scope-check, docs/atlassian/cloud.md#headers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ScopeRefusal {
    /// `X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK` and the "scope does not match" body.
    #[default]
    HeaderAndBody,
    /// The header, with the gateway's generic 401 body.
    HeaderOnly,
    /// The body, without `X-Failure-Category`.
    BodyOnly,
}

/// How header names are spelled on the wire; they are case-insensitive
/// (docs/atlassian/cloud.md#trace-headers shows `ATL-TraceId` and `atl-traceid`, `X-AREQUESTID` and `x-arequestid`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HeaderCase {
    #[default]
    AsWritten,
    /// Letters alternate lower and upper: `wWw-AuThEnTiCaTe`.
    Alternating,
}

impl HeaderCase {
    pub fn spell(self, name: &str) -> String {
        match self {
            HeaderCase::AsWritten => name.to_string(),
            HeaderCase::Alternating => {
                let mut upper = false;
                name.chars()
                    .map(|c| {
                        if !c.is_ascii_alphabetic() {
                            return c;
                        }
                        let spelled = if upper {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        };
                        upper = !upper;
                        spelled
                    })
                    .collect()
            }
        }
    }
}

/// Who a request runs as, once the front door has decided.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'w> {
    Anonymous,
    Account(&'w Account),
}
