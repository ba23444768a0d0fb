//! The catalog as data: each scenario is a world configuration plus the
//! request its user makes. The servers answer from the world alone, so the
//! same rules hold for every probe the doctor adds.

use crate::hostile::Hostile;
use crate::hosts::Role;
use crate::world::{
    BearerApiToken, CaptchaAnswer, Dialect, HeaderCase, IpRefusal, JANE, JiraUnauthenticated, PasswordRefusal,
    PrivateWikiAnonymous, Product, ScopeRefusal, ScopedOnWiki, TokenKey, World,
};
use crate::{Audience, Scenario, UserAuth};

/// Which server the user's request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Site,
    Gateway,
    Third,
    BitbucketApi,
    BitbucketGit,
}

/// A third address some stories need besides the site and the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Third {
    /// Another server playing this role (a renamed site, a custom domain).
    Host(Role),
    /// A loopback port with nothing listening.
    Unreachable,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub method: &'static str,
    pub target: Target,
    pub path: String,
    pub auth: UserAuth,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

pub struct Setup {
    pub world: World,
    pub third: Option<Third>,
    /// A misbehaving server in place of the site or the gateway.
    pub hostile: Option<(Hostile, Role)>,
    /// A server that echoes the credential and hostile text, in place of
    /// the site or the gateway.
    pub echo: Option<Role>,
    pub request: Plan,
    /// The git remote, in scenarios where the user runs git.
    pub git: Option<GitPlan>,
}

/// A git remote on the Bitbucket git host and what the credential helper
/// returns for it.
#[derive(Debug, Clone)]
pub struct GitPlan {
    /// The repository's path: `/acme/platform.git`.
    pub path: &'static str,
    pub username: String,
    pub secret: String,
    /// Whether the remote URL carries the username (`http://user@host/…`).
    pub username_in_url: bool,
}

pub struct Entry {
    pub scenario: Scenario,
    pub setup: fn() -> Setup,
}

/// Every entry: the site's, then Bitbucket's, then the failing tools'.
pub fn entries() -> impl Iterator<Item = &'static Entry> {
    ENTRIES
        .iter()
        .chain(crate::bitbucket::scenarios::ENTRIES)
        .chain(crate::tools::ENTRIES)
}

pub fn find(name: &str) -> Option<&'static Entry> {
    entries().find(|e| e.scenario.name == name)
}

impl Setup {
    /// `GET <target><path>` with `auth`, and nothing unusual around it.
    pub(crate) fn get(world: World, target: Target, path: impl Into<String>, auth: UserAuth) -> Setup {
        Setup {
            world,
            third: None,
            hostile: None,
            echo: None,
            git: None,
            request: Plan {
                method: "GET",
                target,
                path: path.into(),
                auth,
                headers: Vec::new(),
                body: None,
            },
        }
    }

    pub(crate) fn post(mut self, body: &str) -> Setup {
        self.request.method = "POST";
        self.request.body = Some(body.to_string());
        self.header("Content-Type", "application/json")
    }

    fn header(mut self, name: &str, value: &str) -> Setup {
        self.request.headers.push((name.into(), value.into()));
        self
    }

    fn third(mut self, third: Third) -> Setup {
        self.third = Some(third);
        self
    }

    fn echo(mut self, role: Role) -> Setup {
        self.echo = Some(role);
        self
    }

    fn hostile(mut self, kind: Hostile, role: Role) -> Setup {
        self.hostile = Some((kind, role));
        self
    }
}

const SPACES: &str = "/wiki/rest/api/space";
const MYSELF: &str = "/rest/api/3/myself";

/// Basic with Jane's email and one of her tokens, as `curl -u` sends it.
fn basic(world: &World, key: TokenKey) -> UserAuth {
    basic_as(world.jane().email, world.secret(key))
}

pub(crate) fn basic_as(login: &str, secret: impl Into<String>) -> UserAuth {
    UserAuth::Basic {
        login: login.into(),
        secret: secret.into(),
    }
}

fn bearer(world: &World, key: TokenKey) -> UserAuth {
    UserAuth::Bearer {
        secret: world.secret(key),
    }
}

fn public_wiki(mut world: World) -> World {
    world.public_wiki = true;
    world
}

/// The world, answering in another documented dialect (variant scenarios).
fn speaking(mut world: World, set: impl FnOnce(&mut Dialect)) -> World {
    set(&mut world.dialect);
    world
}

/// A private Cloud site speaking the dialect `set` makes.
fn cloud_speaking(set: impl FnOnce(&mut Dialect)) -> World {
    speaking(World::cloud(), set)
}

/// `/ex/{product}/{cloudId}<path>` for this world's site.
fn gateway_path(world: &World, product: Product, path: &str) -> String {
    let product = match product {
        Product::Jira => "jira",
        Product::Confluence => "confluence",
    };
    format!("/ex/{product}/{}{path}", world.cloud_id().unwrap_or_default())
}

/// GET `{site}{path}` with Basic Jane's email and the token `key`.
fn on_site(world: World, key: TokenKey, path: &str) -> Setup {
    let auth = basic(&world, key);
    Setup::get(world, Target::Site, path, auth)
}

/// GET `<target><path>` on a private Cloud site, with what `auth` picks.
fn cloud(target: Target, path: &str, auth: fn(&World) -> UserAuth) -> Setup {
    let world = World::cloud();
    let auth = auth(&world);
    Setup::get(world, target, path, auth)
}

fn classic_on_site(world: World, path: &str) -> Setup {
    on_site(world, TokenKey::JaneClassic, path)
}

/// The default story: a scoped token on a public wiki's site URL.
fn scoped_token_on_public_wiki() -> Setup {
    on_site(public_wiki(World::cloud()), TokenKey::JaneScopedConfluence, SPACES)
}

/// A scoped Confluence token at a gateway path of this site.
fn scoped_on_gateway(world: World, product: Product, path: &str) -> Setup {
    let auth = basic(&world, TokenKey::JaneScopedConfluence);
    let path = gateway_path(&world, product, path);
    Setup::get(world, Target::Gateway, path, auth)
}

/// A hostile site in the default story: the user calls the site URL.
fn hostile_site(kind: Hostile) -> Setup {
    scoped_token_on_public_wiki().hostile(kind, Role::Site)
}

fn data_center(basic_auth_disabled: bool, auth: fn(&World) -> UserAuth) -> Setup {
    let world = World::data_center(basic_auth_disabled);
    let auth = auth(&world);
    Setup::get(world, Target::Site, "/rest/api/2/myself", auth)
}

/// A story: a cause (or a healthy control) as a user meets it.
pub(crate) const fn scenario(name: &'static str, summary: &'static str) -> Scenario {
    Scenario {
        name,
        summary,
        audience: Audience::Story,
    }
}

/// A test fixture: a hostile server, or a story's cause in another shape.
pub(crate) const fn fixture(name: &'static str, summary: &'static str) -> Scenario {
    Scenario {
        name,
        summary,
        audience: Audience::Fixture,
    }
}

pub static ENTRIES: &[Entry] = &[
    Entry {
        scenario: scenario(
            "scoped-token-public-wiki",
            "A scoped API token sent to the site URL of a public Confluence: 401, while anonymous and bogus credentials get 200",
        ),
        setup: scoped_token_on_public_wiki,
    },
    Entry {
        scenario: scenario(
            "healthy-confluence",
            "A classic API token lists Confluence spaces on the site URL",
        ),
        setup: || classic_on_site(World::cloud(), SPACES),
    },
    Entry {
        scenario: scenario(
            "healthy-jira",
            "A classic API token reads /rest/api/3/myself on the site URL",
        ),
        setup: || classic_on_site(World::cloud(), MYSELF),
    },
    Entry {
        scenario: scenario(
            "healthy-scoped-gateway",
            "A scoped Confluence token lists spaces through api.atlassian.com",
        ),
        setup: || scoped_on_gateway(World::cloud(), Product::Confluence, SPACES),
    },
    Entry {
        scenario: scenario(
            "scoped-token-jira",
            "A scoped Jira token sent to the site URL: Jira runs it as anonymous and /myself says 401",
        ),
        setup: || on_site(World::cloud(), TokenKey::JaneScopedJira, MYSELF),
    },
    Entry {
        scenario: scenario(
            "scope-missing",
            "A token with classic Confluence scopes calls a v2 endpoint that needs granular ones",
        ),
        setup: || scoped_on_gateway(World::cloud(), Product::Confluence, "/wiki/api/v2/spaces"),
    },
    Entry {
        scenario: scenario(
            "expired-token",
            "An expired token on a public wiki: silently anonymous, 200 with only the public space",
        ),
        setup: || on_site(public_wiki(World::cloud()), TokenKey::JaneExpired, SPACES),
    },
    Entry {
        scenario: scenario(
            "revoked-token-private-wiki",
            "A revoked token on a private wiki: 403, the caller cannot access Confluence",
        ),
        setup: || on_site(World::cloud(), TokenKey::JaneRevoked, SPACES),
    },
    Entry {
        scenario: scenario(
            "token-mangled",
            "A valid token that lost its last 3 characters in copy-paste",
        ),
        setup: || {
            cloud(Target::Site, MYSELF, |w| {
                let mut token = w.secret(TokenKey::JaneClassic);
                token.truncate(token.len().saturating_sub(3));
                basic_as(w.jane().email, token)
            })
        },
    },
    Entry {
        scenario: scenario(
            "username-instead-of-email",
            "The login is the username `jsmith`, not the account email: the public wiki says Anonymous",
        ),
        setup: || {
            let world = public_wiki(World::cloud());
            let auth = basic_as(world.jane().username, world.secret(TokenKey::JaneClassic));
            Setup::get(world, Target::Site, "/wiki/rest/api/user/current", auth)
        },
    },
    Entry {
        scenario: scenario(
            "password-instead-of-token",
            "The account password where the API token belongs",
        ),
        setup: || cloud(Target::Site, MYSELF, |w| basic_as(w.jane().email, w.jane().password)),
    },
    Entry {
        scenario: scenario(
            "bearer-instead-of-basic",
            "A classic API token sent as Authorization: Bearer",
        ),
        setup: || cloud(Target::Site, MYSELF, |w| bearer(w, TokenKey::JaneClassic)),
    },
    Entry {
        scenario: scenario(
            "oauth-token-on-site-url",
            "An OAuth 2.0 access token sent to the site URL instead of api.atlassian.com",
        ),
        setup: || cloud(Target::Site, MYSELF, |w| bearer(w, TokenKey::JaneOAuth)),
    },
    Entry {
        scenario: scenario(
            "captcha-required",
            "Too many failed logins: the account must solve a CAPTCHA before Basic auth works again",
        ),
        setup: || {
            let mut world = World::cloud();
            world.accounts[JANE].captcha_locked = true;
            classic_on_site(world, MYSELF)
        },
    },
    Entry {
        scenario: scenario("no-product-access", "The account has Jira but not Confluence"),
        setup: || {
            let mut world = World::cloud();
            world.accounts[JANE].confluence_access = false;
            classic_on_site(world, SPACES)
        },
    },
    Entry {
        scenario: scenario(
            "ip-not-allowed",
            "The caller's IP address is outside the organization's allowlist",
        ),
        setup: || {
            let mut world = World::cloud();
            world.ip_blocked = true;
            classic_on_site(world, MYSELF)
        },
    },
    Entry {
        scenario: scenario(
            "rate-limited",
            "Not an auth failure: the caller is over the burst rate limit (429)",
        ),
        setup: || {
            let mut world = World::cloud();
            world.rate_limited = true;
            classic_on_site(world, MYSELF)
        },
    },
    Entry {
        scenario: scenario(
            "missing-wiki-prefix",
            "A Confluence REST path without /wiki: 404 null for uri",
        ),
        setup: || classic_on_site(World::cloud(), "/rest/api/space"),
    },
    Entry {
        scenario: scenario(
            "removed-api",
            "Not an auth failure: the old Jira search API is gone (410)",
        ),
        setup: || classic_on_site(World::cloud(), "/rest/api/3/search?jql=project%3DACME"),
    },
    Entry {
        scenario: scenario(
            "redirect-drops-credentials",
            "The URL is the site's old name, which redirects (301); clients drop Authorization on the hop",
        ),
        setup: || {
            cloud(Target::Third, MYSELF, |w| basic(w, TokenKey::JaneClassic)).third(Third::Host(Role::RenamedSite))
        },
    },
    Entry {
        scenario: scenario("wrong-cloud-id", "A gateway URL with a cloudId that is not this site's"),
        setup: || {
            let other = crate::secrets::uuid("someone else's site");
            let path = format!("/ex/confluence/{other}{SPACES}");
            cloud(Target::Gateway, &path, |w| basic(w, TokenKey::JaneScopedConfluence))
        },
    },
    Entry {
        scenario: scenario(
            "gateway-path-malformed",
            "A Confluence path under /ex/jira/ on the gateway",
        ),
        setup: || scoped_on_gateway(World::cloud(), Product::Jira, SPACES),
    },
    Entry {
        scenario: scenario(
            "site-not-found",
            "No Atlassian site at that name: every path, tenant_info included, is the edge's Page unavailable",
        ),
        setup: || classic_on_site(World::no_site(), MYSELF),
    },
    Entry {
        scenario: scenario("network-error", "Nothing listens at the URL: the connection is refused"),
        setup: || cloud(Target::Third, MYSELF, |w| basic(w, TokenKey::JaneClassic)).third(Third::Unreachable),
    },
    Entry {
        scenario: scenario(
            "malformed-basic-header",
            "A hand-built Basic header whose base64 was made with `echo` (a trailing newline in the token)",
        ),
        setup: || {
            cloud(Target::Site, MYSELF, |w| {
                // `echo "$EMAIL:$TOKEN" | base64 -w0`: the newline is encoded too.
                let with_newline = basic_as(w.jane().email, w.secret(TokenKey::JaneClassic) + "\n");
                UserAuth::Header {
                    value: with_newline.header_value().unwrap_or_default(),
                }
            })
        },
    },
    Entry {
        scenario: scenario("empty-credentials", "The email is set but the token variable is empty"),
        setup: || cloud(Target::Site, MYSELF, |w| basic_as(w.jane().email, "")),
    },
    Entry {
        scenario: scenario(
            "session-endpoint-removed",
            "A cookie login through /rest/auth/1/session, which Jira Cloud no longer has",
        ),
        setup: || {
            let world = World::cloud();
            let body = serde_json::json!({
                "username": world.jane().email,
                "password": world.jane().password,
            })
            .to_string();
            Setup::get(world, Target::Site, "/rest/auth/1/session", UserAuth::None).post(&body)
        },
    },
    Entry {
        scenario: scenario(
            "xsrf-check-failed",
            "Not an auth failure: a write with a browser User-Agent trips Jira's XSRF check",
        ),
        setup: || {
            classic_on_site(World::cloud(), "/rest/api/3/issue")
                .post(
                    r#"{"fields":{"project":{"key":"ACME"},"summary":"Printer on fire","issuetype":{"name":"Task"}}}"#,
                )
                .header(
                    "User-Agent",
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                )
        },
    },
    Entry {
        scenario: scenario(
            "custom-domain-unsupported",
            "REST with an API token through the site's custom domain, which only supports browser sessions",
        ),
        setup: || {
            cloud(Target::Third, SPACES, |w| basic(w, TokenKey::JaneClassic)).third(Third::Host(Role::CustomDomain))
        },
    },
    Entry {
        scenario: scenario(
            "healthy-data-center",
            "A Data Center personal access token as Bearer reads Jira's /rest/api/2/myself",
        ),
        setup: || data_center(false, |w| bearer(w, TokenKey::JanePat)),
    },
    Entry {
        scenario: scenario(
            "pat-sent-as-basic",
            "A Data Center personal access token sent as the Basic password",
        ),
        setup: || data_center(false, |w| basic_as(w.jane().username, w.secret(TokenKey::JanePat))),
    },
    Entry {
        scenario: scenario(
            "basic-auth-disabled",
            "Username and password on a Data Center instance whose admin disabled Basic auth",
        ),
        setup: || data_center(true, |w| basic_as(w.jane().username, w.jane().password)),
    },
    Entry {
        scenario: scenario(
            "cloud-credentials-on-data-center",
            "A Cloud email + API token sent to a Data Center host",
        ),
        setup: || data_center(false, |w| basic(w, TokenKey::JaneClassic)),
    },
    Entry {
        scenario: scenario(
            "bearer-pat-on-cloud",
            "A Data Center style personal access token sent as Bearer to a Cloud site",
        ),
        setup: || cloud(Target::Site, MYSELF, |w| bearer(w, TokenKey::JanePat)),
    },
    Entry {
        scenario: scenario(
            "scoped-token-jira-issue",
            "A scoped Jira token on the site URL reads an issue: 404, as if it did not exist",
        ),
        setup: || on_site(World::cloud(), TokenKey::JaneScopedJira, "/rest/api/3/issue/ACME-1"),
    },
    Entry {
        scenario: scenario(
            "permission-denied",
            "Not an auth failure: a working token reads Jira's audit log, which needs an admin: 403",
        ),
        setup: || classic_on_site(World::cloud(), "/rest/api/3/auditing/record"),
    },
    Entry {
        scenario: scenario(
            "not-found-or-hidden",
            "Not an auth failure: a working token reads an issue that does not exist or is hidden: 404",
        ),
        setup: || classic_on_site(World::cloud(), "/rest/api/3/issue/SEC-7"),
    },
    Entry {
        scenario: scenario(
            "legacy-attachment-download",
            "Not an auth failure: a working token downloads through the removed /wiki/download/attachments/ path: 401",
        ),
        setup: || classic_on_site(World::cloud(), "/wiki/download/attachments/65601/roadmap.pdf"),
    },
    Entry {
        scenario: fixture(
            "gateway-black-hole",
            "Hostile: the gateway accepts the connection and never answers",
        ),
        setup: || {
            scoped_on_gateway(World::cloud(), Product::Confluence, SPACES).hostile(Hostile::BlackHole, Role::Gateway)
        },
    },
    Entry {
        scenario: fixture(
            "site-slow-drip",
            "Hostile: the site sends a status line, then one byte a second, forever",
        ),
        setup: || hostile_site(Hostile::SlowDrip),
    },
    Entry {
        scenario: fixture("site-garbage", "Hostile: the site answers bytes that are not HTTP"),
        setup: || hostile_site(Hostile::Garbage),
    },
    Entry {
        scenario: fixture(
            "site-reset",
            "Hostile: the site hangs up right after reading the request",
        ),
        setup: || hostile_site(Hostile::Reset),
    },
    Entry {
        scenario: fixture("site-huge-body", "Hostile: the site answers 200 with a 50 MB body"),
        setup: || hostile_site(Hostile::HugeBody),
    },
    Entry {
        scenario: fixture(
            "site-huge-gzip",
            "Hostile: the site answers 200 with a gzip body that inflates to 50 MB",
        ),
        setup: || hostile_site(Hostile::HugeGzip),
    },
    Entry {
        scenario: fixture(
            "site-non-utf8",
            "Hostile: the site answers 401 with a Latin-1 and binary body",
        ),
        setup: || hostile_site(Hostile::NonUtf8),
    },
    Entry {
        scenario: fixture(
            "site-huge-headers",
            "Hostile: the site answers 200 with 500 headers of 1 KB each",
        ),
        setup: || hostile_site(Hostile::HugeHeaders),
    },
    Entry {
        scenario: fixture(
            "site-echo",
            "Hostile: a Data Center-looking site echoes the credential and text made to hijack a report into every answer",
        ),
        setup: || data_center(false, |w| basic(w, TokenKey::JaneClassic)).echo(Role::Site),
    },
    Entry {
        scenario: fixture(
            "gateway-echo",
            "Hostile: the gateway echoes the credential and text made to hijack a report into every answer",
        ),
        setup: || scoped_on_gateway(World::cloud(), Product::Confluence, SPACES).echo(Role::Gateway),
    },
    // Variants: a cause of the scenarios above, answered in another shape
    // that docs/atlassian/README.md documents or lists as reported (the world's `Dialect`).
    Entry {
        scenario: fixture(
            "variant-scoped-token-site-403",
            "variant: as scoped-token-public-wiki, but the site refuses the scoped token with 403, not 401",
        ),
        setup: || {
            let world = speaking(public_wiki(World::cloud()), |d| {
                d.scoped_on_wiki = ScopedOnWiki::Forbidden
            });
            on_site(world, TokenKey::JaneScopedConfluence, SPACES)
        },
    },
    Entry {
        scenario: fixture(
            "variant-scoped-token-site-anonymous",
            "variant: as scoped-token-public-wiki, but the site runs the scoped token as anonymous: 200 with the public space only",
        ),
        setup: || {
            let world = speaking(public_wiki(World::cloud()), |d| {
                d.scoped_on_wiki = ScopedOnWiki::Anonymous
            });
            on_site(world, TokenKey::JaneScopedConfluence, SPACES)
        },
    },
    Entry {
        scenario: fixture(
            "variant-expired-token-jira-json",
            "variant: an expired token on Jira /myself; the 401 body is {\"errorMessages\":[…]} JSON and header names come in odd case",
        ),
        setup: || {
            let world = cloud_speaking(|d| {
                d.jira_unauthenticated = JiraUnauthenticated::ErrorMessages;
                d.header_case = HeaderCase::Alternating;
            });
            on_site(world, TokenKey::JaneExpired, MYSELF)
        },
    },
    Entry {
        scenario: fixture(
            "variant-expired-token-jira-html",
            "variant: an expired token on Jira /myself; the 401 is the older Jira Cloud HTML page Unauthorized (401)",
        ),
        setup: || {
            let world = cloud_speaking(|d| d.jira_unauthenticated = JiraUnauthenticated::OlderHtmlPage);
            on_site(world, TokenKey::JaneExpired, MYSELF)
        },
    },
    Entry {
        scenario: fixture(
            "variant-password-old-link",
            "variant: the account password on Confluence; the deprecation text links the older confluence.atlassian.com page",
        ),
        setup: || {
            let world = cloud_speaking(|d| d.password = PasswordRefusal::OlderLink);
            let auth = basic_as(world.jane().email, world.jane().password);
            Setup::get(world, Target::Site, SPACES, auth)
        },
    },
    Entry {
        scenario: fixture(
            "variant-bearer-empty-list",
            "variant: an API token as Bearer on an older-style Confluence site that ignores it: 200 with an empty list, as anonymous gets",
        ),
        setup: || {
            let world = cloud_speaking(|d| {
                d.bearer_api_token = BearerApiToken::Anonymous;
                d.private_wiki_anonymous = PrivateWikiAnonymous::EmptyResults;
            });
            let auth = bearer(&world, TokenKey::JaneClassic);
            Setup::get(world, Target::Site, SPACES, auth)
        },
    },
    Entry {
        scenario: fixture(
            "variant-scope-missing-header-only",
            "variant: as scope-missing, but only X-Failure-Category says so; the body is the generic Unauthorized",
        ),
        setup: || {
            let world = cloud_speaking(|d| d.scope_refusal = ScopeRefusal::HeaderOnly);
            scoped_on_gateway(world, Product::Confluence, "/wiki/api/v2/spaces")
        },
    },
    Entry {
        scenario: fixture(
            "variant-scope-missing-body-only",
            "variant: as scope-missing, but only the body says scope does not match; no X-Failure-Category",
        ),
        setup: || {
            let world = cloud_speaking(|d| d.scope_refusal = ScopeRefusal::BodyOnly);
            scoped_on_gateway(world, Product::Confluence, "/wiki/api/v2/spaces")
        },
    },
    Entry {
        scenario: fixture(
            "variant-healthy-jira-v2",
            "variant: as healthy-jira, through /rest/api/2/myself",
        ),
        setup: || classic_on_site(World::cloud(), "/rest/api/2/myself"),
    },
    Entry {
        scenario: fixture(
            "variant-healthy-confluence-v2",
            "variant: as healthy-confluence, through the v2 API /wiki/api/v2/spaces?limit=5",
        ),
        setup: || classic_on_site(World::cloud(), "/wiki/api/v2/spaces?limit=5"),
    },
    Entry {
        scenario: fixture(
            "variant-healthy-public-wiki-same-data",
            "variant: a healthy classic token on a public wiki whose every space is public: the account's space list equals anonymous's",
        ),
        setup: || {
            let mut world = public_wiki(World::cloud());
            world.every_space_public = true;
            classic_on_site(world, SPACES)
        },
    },
    Entry {
        scenario: fixture(
            "variant-captcha-header-only",
            "variant: as captcha-required, but Jira answers 401 as for anonymous, with only X-Seraph-LoginReason: AUTHENTICATION_DENIED",
        ),
        setup: || {
            let mut world = cloud_speaking(|d| d.captcha = CaptchaAnswer::AnonymousWithHeader);
            world.accounts[JANE].captcha_locked = true;
            classic_on_site(world, MYSELF)
        },
    },
    Entry {
        scenario: fixture(
            "variant-no-product-access-anonymous-same",
            "variant: as no-product-access, on a site whose anonymous callers get the same 403 Current user not permitted",
        ),
        setup: || {
            let mut world = cloud_speaking(|d| d.private_wiki_anonymous = PrivateWikiAnonymous::NotPermitted);
            world.accounts[JANE].confluence_access = false;
            classic_on_site(world, SPACES)
        },
    },
    Entry {
        scenario: fixture(
            "variant-ip-not-allowed-401",
            "variant: as ip-not-allowed, with status 401 instead of 403",
        ),
        setup: || {
            let mut world = cloud_speaking(|d| d.ip_refusal = IpRefusal::Unauthorized);
            world.ip_blocked = true;
            classic_on_site(world, MYSELF)
        },
    },
    Entry {
        scenario: fixture(
            "variant-revoked-token-gateway-url",
            "variant: a revoked token used on a gateway URL: 401 FAILURE_CLIENT_AUTH_MISMATCH",
        ),
        setup: || {
            let world = World::cloud();
            let auth = basic(&world, TokenKey::JaneRevoked);
            let path = gateway_path(&world, Product::Confluence, SPACES);
            Setup::get(world, Target::Gateway, path, auth)
        },
    },
    Entry {
        scenario: fixture(
            "variant-data-center-confluence-pat-as-basic",
            "variant: as pat-sent-as-basic, on a Confluence Data Center without Jira (no serverInfo), at /rest/api/space",
        ),
        setup: || {
            let world = World::confluence_data_center();
            let auth = basic_as(world.jane().username, world.secret(TokenKey::JanePat));
            Setup::get(world, Target::Site, "/rest/api/space", auth)
        },
    },
    Entry {
        scenario: fixture(
            "variant-agile-path-under-rest-api",
            "variant: a scoped Jira token calls the agile API under /rest/api/3/ on the gateway: a scope check for a path that is no endpoint",
        ),
        setup: || scoped_jira_on_gateway("/rest/api/3/agile/1.0/board"),
    },
    Entry {
        scenario: fixture(
            "variant-rate-limited-data-center",
            "variant: as rate-limited, on Data Center: Tomcat's 429 page with the token-bucket headers",
        ),
        setup: || {
            let mut setup = data_center(false, |w| bearer(w, TokenKey::JanePat));
            setup.world.rate_limited = true;
            setup
        },
    },
    Entry {
        scenario: fixture(
            "variant-pat-as-basic-empty-login",
            "variant: as pat-sent-as-basic, with an empty username (-u \":PAT\")",
        ),
        setup: || data_center(false, |w| basic_as("", w.secret(TokenKey::JanePat))),
    },
    Entry {
        scenario: fixture(
            "variant-token-quoted-data-center",
            "variant: as token-mangled, on Data Center: the personal access token is sent as Bearer in quotes",
        ),
        setup: || {
            data_center(false, |w| UserAuth::Bearer {
                secret: format!("\"{}\"", w.secret(TokenKey::JanePat)),
            })
        },
    },
];

/// A scoped Jira token at `/ex/jira/<cloudId><path>`.
fn scoped_jira_on_gateway(path: &str) -> Setup {
    let world = World::cloud();
    let auth = basic(&world, TokenKey::JaneScopedJira);
    let path = gateway_path(&world, Product::Jira, path);
    Setup::get(world, Target::Gateway, path, auth)
}
