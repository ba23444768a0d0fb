//! confauth-checks: everything that decides. What the user gave
//! ([`input`], [`context`]), the requests to make ([`probe`]), Atlassian's
//! recognisable answers ([`signatures`]), the checks of the pipeline
//! ([`checks`]), and the verdict ([`diagnosis`]).
//!
//! Nothing here prints and nothing here speaks HTTP: the binary renders
//! and implements [`probe::Transport`].

pub mod causes;
pub mod checks;
pub mod context;
pub mod curl;
pub mod diagnosis;
pub mod finding;
pub mod input;
pub mod probe;
pub mod redact;
pub mod scopes;
pub mod secret;
pub mod server_text;
pub mod shell;
pub mod signatures;
