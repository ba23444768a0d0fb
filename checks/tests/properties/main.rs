//! Property tests of confauth-checks, in one test binary: the parsers (no input makes them panic,
//! each keeps its documented promise) and the safety primitives (shell quoting, server text,
//! redaction).
//!
//! Pure properties run 256 cases, those that start shells an eighth of that (each case runs every
//! shell present once, on a batch of words), so that the binary stays within the CI budget.
//! `PROPTEST_CASES` sets the first count, and so the second; to search longer:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p confauth-checks --test properties --release
//! PROPTEST_CASES=20000 cargo test -p confauth-checks --test properties --release safety
//! ```

use proptest::prelude::ProptestConfig;

/// curl and the other pastes, URLs and sites, tokens, signatures, emails, the record, where a
/// credential may go.
mod parsers;
/// Shell words, server text, redaction.
mod safety;

/// 256 cases, unless `PROPTEST_CASES` asks for another count.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        ..ProptestConfig::default()
    }
}

/// For properties that start processes: an eighth of the cases.
fn spawning_config() -> ProptestConfig {
    ProptestConfig {
        cases: (cases() / 8).max(1),
        ..ProptestConfig::default()
    }
}
