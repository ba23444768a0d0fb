//! The scopes a scoped token needs for an endpoint, as far as Atlassian's
//! documentation and reports tell (docs/atlassian/cloud.md#scopes). Confluence v2 endpoints are
//! documented with granular scopes only; v1 endpoints take classic ones.
//! Where the exact list is not known, the advice says so.

use crate::input::Product;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScopeAdvice {
    pub classic: &'static [&'static str],
    pub granular: &'static [&'static str],
    /// Where the list comes from, and how sure it is.
    pub source: &'static str,
}

/// (product, path prefix, advice): the longest matching prefix wins.
const TABLE: &[(Product, &str, ScopeAdvice)] = &[
    (
        Product::Confluence,
        "/wiki/api/v2/spaces",
        ScopeAdvice {
            classic: &[],
            granular: &["read:space:confluence"],
            source: "documented: v2 takes granular scopes only",
        },
    ),
    (
        Product::Confluence,
        "/wiki/api/v2/pages",
        ScopeAdvice {
            classic: &[],
            granular: &["read:page:confluence"],
            source: "documented: v2 takes granular scopes only",
        },
    ),
    (
        Product::Confluence,
        "/wiki/api/v2/",
        ScopeAdvice {
            classic: &[],
            granular: &[],
            source: "v2 takes granular scopes only; the exact one for this endpoint is in its REST reference",
        },
    ),
    (
        Product::Confluence,
        "/wiki/rest/api/space",
        ScopeAdvice {
            classic: &["read:confluence-space.summary"],
            granular: &["read:space:confluence"],
            source: "classic scope as clients use it; the granular equivalent is not confirmed",
        },
    ),
    (
        Product::Confluence,
        "/wiki/rest/api/user/current",
        ScopeAdvice {
            classic: &["read:confluence-user"],
            granular: &["read:content-details:confluence"],
            source: "reported, not documented",
        },
    ),
    (
        Product::Confluence,
        "/wiki/rest/api/content",
        ScopeAdvice {
            classic: &["read:confluence-content.all"],
            granular: &["read:content:confluence", "read:content-details:confluence"],
            source: "reported, not confirmed per endpoint",
        },
    ),
    (
        Product::Confluence,
        "/wiki/rest/api/search",
        ScopeAdvice {
            classic: &["search:confluence"],
            granular: &[],
            source: "reported, not confirmed per endpoint",
        },
    ),
    (
        Product::Jira,
        "/rest/api/3/myself",
        ScopeAdvice {
            classic: &["read:jira-user"],
            granular: &["read:me"],
            source: "reported by CLI clients (jira-cli #850)",
        },
    ),
    (
        Product::Jira,
        "/rest/api/2/myself",
        ScopeAdvice {
            classic: &["read:jira-user"],
            granular: &["read:me"],
            source: "reported by CLI clients (jira-cli #850)",
        },
    ),
    (
        Product::Jira,
        "/rest/agile/",
        ScopeAdvice {
            classic: &[],
            granular: &["read:board-scope:jira-software", "read:project:jira"],
            source: "reported: Jira Software endpoints need *:jira-software scopes",
        },
    ),
    (
        Product::Jira,
        "/rest/api/",
        ScopeAdvice {
            classic: &["read:jira-work"],
            granular: &["read:issue:jira", "read:project:jira"],
            source: "classic scope as clients use it; granular ones not confirmed per endpoint",
        },
    ),
];

/// What is known of the scopes `path` needs (a site-relative path).
pub fn scopes_for(product: Product, path: &str) -> Option<ScopeAdvice> {
    let path = path.split('?').next().unwrap_or(path);
    TABLE
        .iter()
        .filter(|(p, prefix, _)| *p == product && path.starts_with(prefix))
        .max_by_key(|(_, prefix, _)| prefix.len())
        .map(|(_, _, advice)| *advice)
}

impl ScopeAdvice {
    /// One sentence for a report.
    pub fn describe(&self, path: &str) -> String {
        let list = |scopes: &[&str]| scopes.join(", ");
        let needs = match (self.classic.is_empty(), self.granular.is_empty()) {
            (false, false) => format!("classic {} or granular {}", list(self.classic), list(self.granular)),
            (false, true) => format!("classic {}", list(self.classic)),
            (true, false) => format!("granular {}", list(self.granular)),
            (true, true) => "granular scopes".into(),
        };
        format!("{path} needs {needs} ({})", self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_prefix_decides() {
        assert_eq!(
            scopes_for(Product::Confluence, "/wiki/api/v2/spaces?limit=1")
                .unwrap()
                .granular,
            ["read:space:confluence"]
        );
        assert!(
            scopes_for(Product::Confluence, "/wiki/api/v2/attachments")
                .unwrap()
                .classic
                .is_empty()
        );
        assert_eq!(
            scopes_for(Product::Jira, "/rest/api/3/myself").unwrap().classic,
            ["read:jira-user"]
        );
        assert_eq!(
            scopes_for(Product::Jira, "/rest/api/3/issue/ACME-1").unwrap().classic,
            ["read:jira-work"]
        );
        assert_eq!(scopes_for(Product::Confluence, "/rest/api/3/myself"), None);
    }

    #[test]
    fn advice_says_how_sure_it_is() {
        let text = scopes_for(Product::Confluence, "/wiki/rest/api/space")
            .unwrap()
            .describe("/wiki/rest/api/space");
        assert!(
            text.contains("read:confluence-space.summary") && text.contains("not confirmed"),
            "{text}"
        );
    }
}
