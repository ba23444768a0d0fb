//! The evidence of one run, summarised from the findings' signals: the site's
//! and the gateway's readings, the cloudId, what the user's request sent.
//! The rules in `diagnosis.rs` ask it questions rather than walk signals.

use crate::context::{Corrected, Inputs};
use crate::credential::{LoginShape, Scheme, SecretKind};
use crate::finding::{Finding, GatewayReading, Signal, Signals, SiteReading};
use crate::input::{Endpoint, Product};
use crate::probe::{Caller, Role};
use crate::signatures::Signature;

/// The evidence, summarised from the signals. It owns a copy of the run, so
/// the rules can be one static table of plain functions.
pub struct Evidence {
    pub(super) inputs: Inputs,
    pub(super) findings: Vec<Finding>,
    pub(super) site: Option<SiteReading>,
    pub(super) site_target: Option<SiteReading>,
    pub(super) gateway: Option<GatewayReading>,
    pub(super) gateway_target: Option<GatewayReading>,
    /// The user's site request with its URL mended, when it had a defect.
    pub(super) corrected: Option<SiteReading>,
    /// The user's gateway request with its URL mended, when it had a defect.
    pub(super) gateway_corrected: Option<GatewayReading>,
    pub(super) cloud_id: Option<String>,
}

impl Evidence {
    pub(super) fn has(&self, signal: &Signal) -> bool {
        self.findings.as_slice().has(signal)
    }

    pub(super) fn seen(&self, signature: Signature) -> bool {
        self.findings
            .as_slice()
            .signals()
            .any(|s| matches!(s, Signal::Seen(_, sig) if *sig == signature))
    }

    pub(super) fn seen_on(&self, role: Role, signature: Signature) -> bool {
        self.has(&Signal::Seen(role, signature))
    }

    pub(super) fn secret_kind(&self) -> Option<SecretKind> {
        self.inputs.credential.secret_kind()
    }

    pub(super) fn token_damaged(&self) -> bool {
        self.inputs.credential.damaged()
    }

    /// How the user's own request authenticated, when its headers are known.
    pub(super) fn sent(&self) -> Option<Scheme> {
        self.inputs.credential.sent_scheme()
    }

    pub(super) fn as_sent(&self) -> Option<SiteReading> {
        self.findings.as_slice().signals().find_map(|s| match s {
            Signal::AsSent(reading) => Some(*reading),
            _ => None,
        })
    }

    pub(super) fn has_header_problem(&self) -> bool {
        self.inputs.credential.header_broken()
    }

    /// The email or the secret was given, and is empty.
    pub(super) fn empty_credential(&self) -> bool {
        let facts = &self.inputs.credential;
        facts.secret.as_ref().is_some_and(|s| s.empty) || facts.login_shape() == Some(LoginShape::Empty)
    }

    pub(super) fn login_not_email(&self) -> bool {
        matches!(
            self.inputs.credential.login_shape(),
            Some(LoginShape::Username | LoginShape::LooksLikeSecret)
        )
    }

    pub(super) fn login_is_email(&self) -> bool {
        self.inputs.credential.login_shape() == Some(LoginShape::Email)
    }

    pub(super) fn no_secret(&self) -> bool {
        self.inputs.credential.secret.is_none()
    }

    /// A Confluence REST path without its `/wiki` prefix (docs/atlassian/cloud.md#null-for-uri).
    pub(super) fn missing_wiki(&self) -> bool {
        match self.inputs.target.as_ref().map(|t| &t.endpoint) {
            // Confluence's own paths without `/wiki` (Jira's /rest/api/2|3 are not).
            Some(Endpoint::Site { path }) => {
                path.starts_with("/rest/api/") && Product::of_path(path) == Some(Product::Confluence)
            }
            _ => false,
        }
    }

    /// A 5xx that every caller got on the user's site request (or, with no
    /// request, on the identity endpoint): the server is failing, whoever asks.
    pub(super) fn server_error_for_everyone(&self) -> Option<u16> {
        self.findings.as_slice().signals().find_map(|s| match s {
            Signal::ServerErrorForAll(status) => Some(*status),
            _ => None,
        })
    }

    /// The status the doctor's Basic credential got on the user's request.
    pub(super) fn target_status(&self) -> Option<u16> {
        self.answered(Role::Target, Caller::User)
    }

    /// The status the user's request got as they sent it (their own header),
    /// else with the doctor's Basic credential.
    pub(super) fn own_request_status(&self) -> Option<u16> {
        self.answered(Role::Target, Caller::AsGiven)
            .or_else(|| self.target_status())
    }

    fn answered(&self, role: Role, caller: Caller) -> Option<u16> {
        self.findings.as_slice().signals().find_map(|s| match s {
            Signal::Answered {
                role: r,
                caller: c,
                status,
            } if *r == role && *c == caller => Some(*status),
            _ => None,
        })
    }

    pub(super) fn gateway_authenticates(&self) -> bool {
        matches!(
            self.gateway,
            Some(GatewayReading::Accepted | GatewayReading::ScopeMissing)
        )
    }

    pub(super) fn target_on_gateway(&self) -> bool {
        self.inputs.target_is_gateway()
    }

    pub(super) fn gateway_target_path(&self) -> Option<&crate::input::GatewayPath> {
        match self.inputs.target.as_ref().map(|t| &t.endpoint) {
            Some(Endpoint::Gateway(g)) => Some(g),
            _ => None,
        }
    }

    /// The site-relative path the fix should show: the user's own, or a list.
    pub(super) fn path_for_fix(&self) -> String {
        let with_query = |url: &url::Url| {
            format!(
                "{}{}",
                url.path(),
                url.query().map(|q| format!("?{q}")).unwrap_or_default()
            )
        };
        // A URL with a known defect is shown mended.
        match self.inputs.corrected_request() {
            Some(Corrected::Site(path)) => return path,
            Some(Corrected::Gateway(mended)) => return mended.path,
            None => {}
        }
        match self.inputs.target.as_ref().map(|t| (&t.endpoint, t)) {
            Some((Endpoint::Site { .. }, target)) => with_query(&target.url),
            Some((Endpoint::Gateway(g), _)) if g.shape_problems().is_empty() => g.path.clone(),
            _ => self
                .inputs
                .product
                .list_path()
                .split('?')
                .next()
                .unwrap_or("/")
                .to_string(),
        }
    }

    pub(super) fn gateway_fix_url(&self) -> String {
        let cloud_id = self.cloud_id.as_deref().unwrap_or("<cloudId>");
        // The token works for the other product only: the fix is that product's.
        let other_works = self.has(&Signal::GatewayOtherProduct(GatewayReading::Accepted))
            && self.gateway != Some(GatewayReading::Accepted);
        let mended = match self.inputs.corrected_request() {
            Some(Corrected::Gateway(mended)) => mended.product,
            _ => None,
        };
        let product = if other_works {
            self.inputs.product.other()
        } else {
            mended.unwrap_or(self.inputs.product)
        };
        self.inputs.gateway_url_for(product, cloud_id, &self.path_for_fix())
    }

    pub(super) fn site_url_for_fix(&self) -> String {
        match self.inputs.site_base() {
            Some(site) => format!("{site}{}", self.inputs.product.identity_path()),
            None => format!("https://<site>.atlassian.net{}", self.inputs.product.identity_path()),
        }
    }
}

impl Evidence {
    pub(super) fn new(inputs: &Inputs, findings: &[Finding]) -> Evidence {
        let site_readings: Vec<(Role, SiteReading)> = findings
            .signals()
            .filter_map(|s| match s {
                Signal::Site(role, reading) => Some((*role, *reading)),
                _ => None,
            })
            .collect();
        let gateway_all: Vec<(Role, GatewayReading)> = findings
            .signals()
            .filter_map(|s| match s {
                Signal::Gateway(role, reading) => Some((*role, *reading)),
                _ => None,
            })
            .collect();
        // The user's own gateway request, and its mended copy, are judged
        // apart from the doctor's probes.
        let gateway_readings: Vec<GatewayReading> = gateway_all
            .iter()
            .filter(|(role, _)| !matches!(role, Role::Target | Role::Corrected))
            .map(|(_, r)| *r)
            .collect();
        Evidence {
            inputs: inputs.clone(),
            findings: findings.to_vec(),
            site: crate::checks::overall_site_reading(&site_readings),
            site_target: site_readings
                .iter()
                .find(|(role, _)| *role == Role::Target)
                .map(|(_, r)| *r),
            corrected: site_readings
                .iter()
                .find(|(role, _)| *role == Role::Corrected)
                .map(|(_, r)| *r),
            gateway_corrected: gateway_all
                .iter()
                .find(|(role, _)| *role == Role::Corrected)
                .map(|(_, r)| *r),
            gateway: (!gateway_readings.is_empty()).then(|| crate::checks::overall_gateway(&gateway_readings)),
            gateway_target: gateway_all
                .iter()
                .find(|(role, _)| *role == Role::Target)
                .map(|(_, r)| *r),
            cloud_id: findings.cloud_id().map(str::to_string).or_else(|| {
                match inputs.target.as_ref().map(|t| &t.endpoint) {
                    Some(Endpoint::Gateway(g)) if !g.cloud_id.is_empty() => Some(g.cloud_id.clone()),
                    _ => None,
                }
            }),
        }
    }
}
