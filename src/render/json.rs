//! `--format json`, schema 1 of README.md#output. Keys may be added; none is
//! removed or renamed without raising `schema`.

use super::{Field, Report, outcome_line, printable};
use confauth_checks::input::{base_string, mask_email};
use serde_json::{Value, json};

pub fn render_json(report: &Report) -> String {
    let diagnosis = report.diagnosis;
    let inputs = report.inputs;
    let checks: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let evidence: Vec<Value> = finding
                .exchanges
                .iter()
                .map(|exchange| {
                    let (outcome, detail) = outcome_line(exchange);
                    let response = exchange.response();
                    json!({
                        "request": exchange.probe.request_line(),
                        "caller": exchange.probe.caller.label(),
                        "status": response.map(|r| r.status),
                        "error": exchange.outcome.as_ref().err().map(|e| e.kind.as_str()),
                        "outcome": outcome,
                        "detail": detail,
                        "trace_id": response.and_then(|r| r.trace_id()).map(|t| printable(t, 64)),
                        "failure_category": response.and_then(|r| r.header("x-failure-category")).map(|t| printable(t, 64)),
                    })
                })
                .collect();
            let notes: Vec<Value> = finding
                .notes
                .iter()
                .map(|n| json!({ "level": n.level.as_str(), "text": n.text }))
                .collect();
            json!({
                "id": finding.check.as_str(),
                "title": finding.title(),
                "status": finding.status.as_str(),
                "summary": finding.summary,
                "notes": notes,
                "elapsed_ms": finding.elapsed.as_millis() as u64,
                "evidence": evidence,
            })
        })
        .collect();
    let value = json!({
        "schema": 1,
        "confauth_version": env!("CARGO_PKG_VERSION"),
        "simulated": report.simulated,
        "verdict": diagnosis.verdict.as_str(),
        "cause": diagnosis.cause().map(|c| c.id()),
        "causes": diagnosis.causes.iter().map(|c| c.id()).collect::<Vec<_>>(),
        "rule": diagnosis.rule,
        "because": diagnosis.because,
        "fix": diagnosis.fix,
        "fix_command": diagnosis.fix_command,
        "next_step": diagnosis.next_step,
        "target": {
            "site": inputs.site.as_ref().map(base_string),
            "product": inputs.product.as_str(),
            "deployment": report.deployment(),
            "cloud_id": report.cloud_id(),
            "url": inputs.target.as_ref().map(|t| t.url.as_str()),
            "gateway": inputs.gateway_base(),
        },
        "inputs": {
            "email": inputs.login.as_deref().map(mask_email),
            "email_source": report.source_of(Field::Login),
            "token": inputs.secret.as_ref().map(|s| s.masked()),
            "token_shape": report.token_shape(),
            "token_source": report.source_of(Field::Secret),
            "site_source": report.source_of(Field::Site),
            "product_source": report.source_of(Field::Product),
            "warnings": inputs.sources.warnings,
        },
        "checks": checks,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
