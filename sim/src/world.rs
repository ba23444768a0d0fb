//! The small world every server answers from: one site, its accounts and
//! their tokens, and the site settings a scenario flips. Keeping it in one
//! place makes every probe (anonymous, bogus, real credential, site or
//! gateway) agree with every other.

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
    /// A self-hosted Jira + Confluence host.
    DataCenter { basic_auth_disabled: bool },
    /// No site answers at this name (FACTS §2, the edge "Page unavailable").
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
    /// Too many failed logins: the site wants a CAPTCHA first (FACTS row N).
    pub captcha_locked: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A Cloud API token without scopes: works on the site (FACTS §1.1).
    Classic,
    /// A Cloud API token with scopes: only the gateway takes it (FACTS §1.6).
    Scoped {
        product: Product,
        scopes: &'static [&'static str],
    },
    /// An OAuth 2.0 access token, Bearer on the gateway (FACTS §1.1).
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

/// Classic Confluence scopes only: enough for v1, never for v2 (FACTS §1.8).
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
    /// Confluence "Anonymous access" (off by default, FACTS §3.2).
    pub public_wiki: bool,
    /// An IP allowlist the caller is outside of (FACTS row P).
    pub ip_blocked: bool,
    /// The caller is over the burst rate limit (FACTS row M).
    pub rate_limited: bool,
    pub accounts: Vec<Account>,
    pub tokens: Vec<Token>,
}

impl World {
    /// A private Cloud site with the standard accounts and tokens.
    pub fn cloud() -> World {
        World::new(Deployment::Cloud {
            cloud_id: secrets::uuid("acme cloud site"),
        })
    }

    pub fn data_center(basic_auth_disabled: bool) -> World {
        World::new(Deployment::DataCenter { basic_auth_disabled })
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

    /// Cloud logins are the account email, in any case (FACTS §3.1, PR #114).
    pub fn account_by_email(&self, login: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.email.eq_ignore_ascii_case(login))
    }

    /// Data Center logins are usernames, case-insensitive.
    pub fn account_by_username(&self, login: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.username.eq_ignore_ascii_case(login))
    }

    /// The active token with this secret, if any; expired and revoked tokens
    /// authenticate nothing anywhere (FACTS §4.3, §4.4).
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

/// Who a request runs as, once the front door has decided.
#[derive(Debug, Clone, Copy)]
pub enum Caller<'w> {
    Anonymous,
    Account(&'w Account),
}
