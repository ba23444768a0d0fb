//! Canned error pages that several hosts share, word for word.

use crate::http::{HTML, Response, XML};

/// Tomcat's description of a 401 (docs/atlassian/cloud.md#tomcat-401, docs/atlassian/cloud.md#scoped-token-on-site).
pub const UNAUTHORIZED: &str = "The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.";
pub const FORBIDDEN: &str = "The server understood the request but refuses to authorize it.";
pub const NOT_FOUND: &str = "The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.";

/// Which Tomcat is talking: Data Center prints its version in the footer;
/// Cloud hides it (docs/atlassian/data-center.md#tomcat-pages: the footer points to DC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tomcat {
    Cloud,
    DataCenter,
}

/// A Tomcat "HTTP Status" report page.
pub fn tomcat(flavour: Tomcat, status: u16, reason: &str, message: Option<&str>, description: &str) -> Response {
    let title = format!("HTTP Status {status} \u{2013} {reason}");
    let message = message
        .map(|m| format!("<p><b>Message</b> {m}</p>"))
        .unwrap_or_default();
    let footer = match flavour {
        Tomcat::Cloud => "",
        Tomcat::DataCenter => "<hr class=\"line\" /><h3>Apache Tomcat/9.0.82</h3>",
    };
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title><style type=\"text/css\">body {{font-family:Tahoma,Arial,sans-serif;}} h1, h2, h3, b {{color:white;background-color:#525D76;}} h1 {{font-size:22px;}} h2 {{font-size:16px;}} h3 {{font-size:14px;}} p {{font-size:12px;}} a {{color:black;}} .line {{height:1px;background-color:#525D76;border:none;}}</style></head><body><h1>{title}</h1><hr class=\"line\" /><p><b>Type</b> Status Report</p>{message}<p><b>Description</b> {description}</p>{footer}</body></html>"
    );
    Response::new(status, HTML, body)
}

pub fn tomcat_401(flavour: Tomcat, message: Option<&str>) -> Response {
    tomcat(flavour, 401, "Unauthorized", message, UNAUTHORIZED)
}

/// Seraph refusing a login before checking the password (docs/atlassian/data-center.md#captcha).
pub fn captcha_denied(flavour: Tomcat, site_url: &str) -> Response {
    tomcat(
        flavour,
        403,
        "Forbidden",
        Some("Basic Authentication Failure - Reason : AUTHENTICATION_DENIED"),
        FORBIDDEN,
    )
    .with_header("X-Seraph-LoginReason", "AUTHENTICATION_DENIED")
    .with_header(
        "X-Authentication-Denied-Reason",
        format!("CAPTCHA_CHALLENGE; login-url={site_url}/login.jsp"),
    )
}

/// Jersey's answer for a REST path nothing matches (docs/atlassian/cloud.md#null-for-uri, docs/atlassian/cloud.md#url-mistakes).
pub fn null_for_uri(url: &str) -> Response {
    Response::new(
        404,
        XML,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><status><status-code>404</status-code><message>null for uri: {url}</message></status>"
        ),
    )
}

/// The edge page for a name with no site behind it (docs/atlassian/cloud.md#site-not-found).
pub fn edge_page_unavailable() -> Response {
    Response::new(
        404,
        HTML,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Atlassian Cloud Notifications - Page Unavailable</title><link rel=\"stylesheet\" href=\"/_edge/resources/aui-prototyping.css\"></head><body><section class=\"aui-page-panel\"><h1>Page unavailable</h1></section></body></html>",
    )
}

/// Jira's HTML 404 for paths outside its REST API.
pub fn jira_dead_link() -> Response {
    Response::new(
        404,
        HTML,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Oops, you&#39;ve found a dead link. - JIRA</title></head><body class=\"error-page error404\"><div id=\"error-state\"><h1>Oops, you&#39;ve found a dead link.</h1><ul><li>Go back to the <a href=\"javascript:window.history.back()\">previous page</a></li><li>Go to the <a href=\"/secure/MyJiraHome.jspa\">Home Page</a></li></ul></div></body></html>",
    )
}

/// The older Jira Cloud 401 page (docs/atlassian/cloud.md#jira-old-401-page, bugwarrior #689).
pub fn cloud_unauthorized_page() -> Response {
    Response::new(
        401,
        HTML,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unauthorized (401)</title></head><body id=\"jira\" class=\"aui-layout aui-style-default page-type-message\" data-version=\"1001.0.0-SNAPSHOT\"><section class=\"aui-page-panel\"><div class=\"aui-message aui-message-warning\"><p>Encountered a &quot;401 - Unauthorized&quot; error while loading this page.</p></div></section></body></html>",
    )
    .with_header("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")
}
