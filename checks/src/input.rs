//! What the user gave, parsed and validated: the site, the product, the
//! request that fails (a site URL or a gateway URL), and the API gateway.
//! Every error names what to change.

use std::fmt;
use url::{Host, Url};

/// The Atlassian product a request is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Product {
    Confluence,
    Jira,
}

impl Product {
    pub fn as_str(self) -> &'static str {
        match self {
            Product::Confluence => "confluence",
            Product::Jira => "jira",
        }
    }

    pub fn parse(name: &str) -> Option<Product> {
        match name.to_ascii_lowercase().as_str() {
            "confluence" | "wiki" => Some(Product::Confluence),
            "jira" => Some(Product::Jira),
            _ => None,
        }
    }

    /// The other product: a site's account may reach one and not the other.
    pub fn other(self) -> Product {
        match self {
            Product::Confluence => Product::Jira,
            Product::Jira => Product::Confluence,
        }
    }

    /// The endpoint that answers "who am I": the one that tells an
    /// authenticated caller from an anonymous one (JRACLOUD-93811).
    pub fn identity_path(self) -> &'static str {
        match self {
            Product::Confluence => "/wiki/rest/api/user/current",
            Product::Jira => "/rest/api/3/myself",
        }
    }

    /// What holds the product's items, and has admins who grant access to them.
    pub fn container(self) -> &'static str {
        match self {
            Product::Confluence => "space",
            Product::Jira => "project",
        }
    }

    /// A harmless read that anonymous callers may also be allowed.
    pub fn list_path(self) -> &'static str {
        match self {
            Product::Confluence => "/wiki/rest/api/space?limit=1",
            Product::Jira => "/rest/api/3/project/search?maxResults=1",
        }
    }

    /// The product a REST path belongs to, if the path says.
    pub fn of_path(path: &str) -> Option<Product> {
        let path = path.to_ascii_lowercase();
        if path.starts_with("/wiki/") || path == "/wiki" {
            return Some(Product::Confluence);
        }
        // A Data Center context path (`/jira/rest/...`) comes before the REST path.
        let path = match path.find("/rest/") {
            Some(at) => &path[at..],
            None => &path,
        };
        const JIRA: [&str; 6] = [
            "/rest/api/2/",
            "/rest/api/3/",
            "/rest/api/latest/",
            "/rest/agile/",
            "/rest/servicedeskapi/",
            "/rest/auth/",
        ];
        if JIRA.iter().any(|p| path.starts_with(p)) {
            return Some(Product::Jira);
        }
        // Confluence's REST API without its `/wiki` prefix (docs/atlassian/cloud.md#null-for-uri).
        const CONFLUENCE_BARE: [&str; 4] = [
            "/rest/api/space",
            "/rest/api/content",
            "/rest/api/user",
            "/rest/api/search",
        ];
        CONFLUENCE_BARE
            .iter()
            .any(|p| path.starts_with(p))
            .then_some(Product::Confluence)
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Product::Confluence => "Confluence",
            Product::Jira => "Jira",
        })
    }
}

/// Bad input: the message says what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

fn input_error(message: impl Into<String>) -> InputError {
    InputError(message.into())
}

/// Longest URL or site name accepted: anything longer is a paste gone wrong.
const MAX_URL_LEN: usize = 8192;

/// Parses an absolute URL and refuses what confauth must not send credentials
/// over: anything but https, except plain http to a loopback host.
pub fn parse_url(input: &str, what: &str) -> Result<Url, InputError> {
    let input = input.trim();
    if input.len() > MAX_URL_LEN {
        return Err(input_error(format!(
            "{what} is {} bytes long; give a URL under {MAX_URL_LEN} bytes",
            input.len()
        )));
    }
    if input.chars().any(char::is_control) {
        return Err(input_error(format!(
            "{what} contains control characters; give it on one line"
        )));
    }
    let url = Url::parse(input).map_err(|e| {
        input_error(format!(
            "{what} `{}` is not a valid URL ({e}); give it as https://host/path",
            shown(input)
        ))
    })?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(input_error(format!(
            "{what} carries a user name or password (user@host); remove it and pass the email with --email and the token through ATLASSIAN_API_TOKEN"
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(input_error(format!(
                "{what} uses plain http to {}; confauth sends credentials only over https (plain http is allowed for loopback hosts only)",
                url.host_str().unwrap_or("?")
            )));
        }
        other => {
            return Err(input_error(format!("{what} has scheme `{other}`; use https://")));
        }
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(input_error(format!("{what} has no host; give it as https://host/path")));
    }
    Ok(url)
}

/// Shows at most 80 characters of user input in an error message.
fn shown(input: &str) -> String {
    let mut s: String = input.chars().take(80).collect();
    if input.chars().count() > 80 {
        s.push('…');
    }
    s
}

pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `acme`, `acme.atlassian.net`, `https://acme.atlassian.net/wiki` all name
/// the same site; the result is its origin, `https://acme.atlassian.net`.
pub fn parse_site(input: &str) -> Result<Url, InputError> {
    let input = input.trim();
    let input = if input.contains("://") {
        input
    } else {
        input.trim_end_matches('/').trim_end()
    };
    if input.is_empty() {
        return Err(input_error(
            "the site is empty; give it as acme, acme.atlassian.net or https://acme.atlassian.net",
        ));
    }
    let with_scheme = if input.contains("://") {
        input.to_string()
    } else if input.contains('.') || input.contains(':') || input.eq_ignore_ascii_case("localhost") {
        format!("https://{input}")
    } else if input.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        format!("https://{input}.atlassian.net")
    } else {
        return Err(input_error(format!(
            "the site `{}` is not a site name; give it as acme, acme.atlassian.net or https://acme.atlassian.net",
            shown(input)
        )));
    };
    let url = parse_url(&with_scheme, "the site")?;
    Ok(origin_of(&url))
}

/// Whether two URLs reach the same server: the same origin, where every
/// loopback name (`localhost`, `127.0.0.1`, `[::1]`) counts as one host.
pub fn same_origin(a: &Url, b: &Url) -> bool {
    a.origin() == b.origin()
        || (is_loopback(a)
            && is_loopback(b)
            && a.scheme() == b.scheme()
            && a.port_or_known_default() == b.port_or_known_default())
}

/// `scheme://host[:port]/` of a URL.
pub fn origin_of(url: &Url) -> Url {
    let mut origin = url.clone();
    origin.set_path("/");
    origin.set_query(None);
    origin.set_fragment(None);
    origin
}

/// A URL's origin without the trailing slash, for building paths onto.
pub fn base_string(url: &Url) -> String {
    origin_of(url).as_str().trim_end_matches('/').to_string()
}

/// Where a URL points: at a site, or at the API gateway.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// A site (Cloud or Data Center); `path` includes the query.
    Site { path: String },
    /// `https://api.atlassian.com/ex/<product>/<cloudId><path>`.
    Gateway(GatewayPath),
    /// On the gateway host, but not under `/ex/`.
    GatewayOther { path: String },
}

/// The parts of a gateway path, and what is wrong with its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayPath {
    pub product_segment: String,
    pub product: Option<Product>,
    pub cloud_id: String,
    /// The site-relative path after the cloudId, with the query.
    pub path: String,
}

impl GatewayPath {
    /// Shape problems: a product the path does not belong to, an empty
    /// segment, a `//`. Each names the fix.
    pub fn shape_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        match self.product {
            None => problems.push(format!(
                "`/ex/{}/` names no product; use /ex/jira/ or /ex/confluence/",
                self.product_segment
            )),
            Some(product) => {
                if let Some(other) = Product::of_path(&self.path).filter(|p| *p != product) {
                    problems.push(format!(
                        "the path is a {other} path but the gateway URL says /ex/{}/; use /ex/{}/",
                        product.as_str(),
                        other.as_str()
                    ));
                }
            }
        }
        if self.cloud_id.is_empty() {
            problems.push("the cloudId segment after /ex/<product>/ is empty".into());
        }
        problems.extend(path_defects(&self.path));
        problems
    }

    /// The same request with its known defects mended: the product its path
    /// belongs to, `//` folded, an API under the right root. `None` when
    /// nothing can be mended (or nothing needs to be).
    pub fn corrected(&self) -> Option<GatewayPath> {
        if self.cloud_id.is_empty() {
            return None;
        }
        let path = corrected_path(&self.path).unwrap_or_else(|| self.path.clone());
        let product = Product::of_path(&path).or(self.product)?;
        let corrected = GatewayPath {
            product_segment: product.as_str().to_string(),
            product: Some(product),
            cloud_id: self.cloud_id.clone(),
            path,
        };
        (corrected != *self).then_some(corrected)
    }
}

/// Roots that belong beside `/rest/api/`, not under it: a path such as
/// `/rest/api/3/agile/1.0/board` reaches no endpoint (Jira answers 404, the
/// gateway a scope check), while `/rest/agile/1.0/board` is the API.
const ROOTS_BESIDE_REST_API: [&str; 2] = ["agile", "servicedeskapi"];

/// What is wrong with a REST path's shape, each in words that name the fix.
pub fn path_defects(path: &str) -> Vec<String> {
    let (path, _) = path.split_once('?').unwrap_or((path, ""));
    let mut defects = Vec::new();
    if path.contains("//") {
        defects.push("the path contains `//`".into());
    }
    if let Some((version, root)) = misplaced_root(path) {
        defects.push(format!(
            "`/rest/{root}/` is its own API root, not a path under `/rest/api/{version}/`"
        ));
    }
    defects
}

/// `("3", "agile")` for `/rest/api/3/agile/...`.
fn misplaced_root(path: &str) -> Option<(&str, &'static str)> {
    let rest = &path[path.find("/rest/api/")? + "/rest/api/".len()..];
    let (version, tail) = rest.split_once('/')?;
    let root = ROOTS_BESIDE_REST_API.into_iter().find(|root| {
        tail.strip_prefix(root)
            .is_some_and(|t| t.is_empty() || t.starts_with('/'))
    })?;
    Some((version, root))
}

/// The path with its defects mended (`//` folded, a misplaced API root moved
/// beside `/rest/api/`), keeping the query; `None` when it has none.
pub fn corrected_path(path: &str) -> Option<String> {
    if path_defects(path).is_empty() {
        return None;
    }
    let (path, query) = match path.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (path, None),
    };
    let mut folded = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && folded.ends_with('/')) {
            folded.push(c);
        }
    }
    if let Some((version, root)) = misplaced_root(&folded) {
        let misplaced = format!("/rest/api/{version}/{root}");
        folded = folded.replacen(&misplaced, &format!("/rest/{root}"), 1);
    }
    Some(match query {
        Some(query) => format!("{folded}?{query}"),
        None => folded,
    })
}

/// Classifies `url` as a site or a gateway URL; `gateway` is the configured
/// gateway base (normally `https://api.atlassian.com`).
pub fn classify(url: &Url, gateway: &Url) -> Endpoint {
    let path_and_query = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let same_host =
        url.host_str() == gateway.host_str() && url.port_or_known_default() == gateway.port_or_known_default();
    let on_gateway = same_host
        || url
            .host_str()
            .is_some_and(|h| h.eq_ignore_ascii_case("api.atlassian.com"));
    if !on_gateway {
        return Endpoint::Site { path: path_and_query };
    }
    let Some(rest) = path_and_query.strip_prefix("/ex/") else {
        return Endpoint::GatewayOther { path: path_and_query };
    };
    let mut parts = rest.splitn(3, '/');
    let product_segment = parts.next().unwrap_or("").to_string();
    let cloud_id = parts.next().unwrap_or("").to_string();
    let path = format!("/{}", parts.next().unwrap_or(""));
    Endpoint::Gateway(GatewayPath {
        product: Product::parse(&product_segment),
        product_segment,
        cloud_id,
        path,
    })
}

/// A plausible email: something, `@`, a domain with a dot.
pub fn looks_like_email(login: &str) -> bool {
    match login.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_forms_name_the_same_origin() {
        for input in [
            "acme",
            "acme.atlassian.net",
            "https://acme.atlassian.net",
            "https://acme.atlassian.net/wiki/",
            " acme.atlassian.net/ ",
        ] {
            assert_eq!(
                parse_site(input).unwrap().as_str(),
                "https://acme.atlassian.net/",
                "{input}"
            );
        }
        assert_eq!(
            parse_site("http://127.0.0.1:8080").unwrap().as_str(),
            "http://127.0.0.1:8080/"
        );
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        let err = parse_site("http://acme.atlassian.net").unwrap_err();
        assert!(err.0.contains("only over https"), "{err}");
        assert!(parse_url("http://localhost:1/x", "the URL").is_ok());
        assert!(parse_url("http://[::1]:1/x", "the URL").is_ok());
        assert!(parse_url("ftp://x.y/", "the URL").is_err());
    }

    #[test]
    fn bad_input_gets_an_error_not_a_panic() {
        for input in [
            "",
            "a b",
            "https://",
            "https://u:p@acme.atlassian.net/",
            "https://acme\n.net",
            "\u{0}",
            &"a".repeat(10_000),
        ] {
            assert!(parse_site(input).is_err(), "{input:?}");
        }
    }

    #[test]
    fn gateway_urls_are_taken_apart() {
        let gw = Url::parse("https://api.atlassian.com").unwrap();
        let url = Url::parse("https://api.atlassian.com/ex/confluence/abc-123/wiki/rest/api/space?limit=1").unwrap();
        let Endpoint::Gateway(g) = classify(&url, &gw) else {
            panic!("not a gateway URL")
        };
        assert_eq!(
            (g.product, g.cloud_id.as_str(), g.path.as_str()),
            (Some(Product::Confluence), "abc-123", "/wiki/rest/api/space?limit=1")
        );
        assert!(g.shape_problems().is_empty());

        let url = Url::parse("https://api.atlassian.com/ex/jira/abc/wiki/rest/api/space").unwrap();
        let Endpoint::Gateway(g) = classify(&url, &gw) else {
            panic!("not a gateway URL")
        };
        assert_eq!(g.shape_problems().len(), 1);

        let site = Url::parse("https://acme.atlassian.net/wiki/rest/api/space").unwrap();
        assert_eq!(
            classify(&site, &gw),
            Endpoint::Site {
                path: "/wiki/rest/api/space".into()
            }
        );
    }

    #[test]
    fn path_defects_are_named_and_mended() {
        let cases = [
            ("/rest/api/3/myself", None),
            ("/rest/api/3//myself", Some("/rest/api/3/myself")),
            ("//wiki/rest/api/space?limit=1", Some("/wiki/rest/api/space?limit=1")),
            ("/rest/api/3/agile/1.0/board", Some("/rest/agile/1.0/board")),
            (
                "/rest/api/latest/servicedeskapi/request",
                Some("/rest/servicedeskapi/request"),
            ),
            ("/rest/api/3/agilely", None),
            ("/rest/agile/1.0/board?x=//", None),
        ];
        for (path, mended) in cases {
            assert_eq!(corrected_path(path).as_deref(), mended, "{path}");
            assert_eq!(path_defects(path).is_empty(), mended.is_none(), "{path}");
        }
    }

    #[test]
    fn a_gateway_url_is_mended_to_the_product_its_path_belongs_to() {
        let gw = Url::parse("https://api.atlassian.com").unwrap();
        let mended = |url: &str| match classify(&Url::parse(url).unwrap(), &gw) {
            Endpoint::Gateway(g) => g
                .corrected()
                .map(|c| format!("/ex/{}/{}{}", c.product_segment, c.cloud_id, c.path)),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            mended("https://api.atlassian.com/ex/jira/abc/wiki/rest/api/space").as_deref(),
            Some("/ex/confluence/abc/wiki/rest/api/space")
        );
        assert_eq!(
            mended("https://api.atlassian.com/ex/jira/abc/rest/api/3/agile/1.0/board").as_deref(),
            Some("/ex/jira/abc/rest/agile/1.0/board")
        );
        assert_eq!(mended("https://api.atlassian.com/ex/jira/abc/rest/api/3/myself"), None);
        assert_eq!(mended("https://api.atlassian.com/ex/jira//rest/api/3/myself"), None);
    }

    #[test]
    fn products_are_inferred_from_paths() {
        let cases = [
            ("/wiki/rest/api/space", Some(Product::Confluence)),
            ("/wiki/api/v2/pages/1", Some(Product::Confluence)),
            ("/rest/api/3/myself", Some(Product::Jira)),
            ("/rest/agile/1.0/board", Some(Product::Jira)),
            ("/jira/rest/api/2/myself", Some(Product::Jira)),
            ("/confluence/rest/api/space", Some(Product::Confluence)),
            ("/rest/api/space", Some(Product::Confluence)),
            ("/", None),
        ];
        for (path, product) in cases {
            assert_eq!(Product::of_path(path), product, "{path}");
        }
    }

    #[test]
    fn emails_are_checked() {
        assert!(looks_like_email("me@acme.org"));
        assert!(!looks_like_email("jsmith"));
        assert!(!looks_like_email("me@localhost"));
    }
}
