//! confauth-checks: everything that decides. What the user gave
//! ([`input`], [`context`], [`paste`]), what can be known of the credential
//! offline ([`credential`]), the requests to make ([`probe`]), Atlassian's
//! recognisable answers ([`signatures`]), the checks of the pipeline
//! ([`checks`]), and the verdict ([`diagnosis`]). Bitbucket Cloud has a run
//! of its own, inputs to rules ([`bitbucket`]).
//!
//! Nothing here prints and nothing here speaks HTTP: the binary renders
//! and implements [`probe::Transport`].

// A dependency nothing uses is a warning (CI denies warnings); tests have their own.
#![cfg_attr(not(test), warn(unused_crate_dependencies))]

pub mod bitbucket;
pub mod causes;
pub mod checks;
pub mod context;
pub mod credential;
pub mod diagnosis;
pub mod environment;
pub mod finding;
pub mod headers;
pub mod input;
pub mod paste;
pub mod probe;
pub mod record;
pub mod redact;
pub mod scopes;
pub mod secret;
pub mod server_text;
pub mod shell;
pub mod signatures;
