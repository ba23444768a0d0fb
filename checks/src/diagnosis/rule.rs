//! The shape of a diagnosis rule: what the evidence must show, in words,
//! the causes it can name, and the function that decides. Rules are tried
//! in order and the first that decides gives the verdict; the docs list the
//! same rules from the same table, so a rule is stated once.

use super::Verdict;
use crate::causes::Cause;

/// What a rule concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub verdict: Verdict,
    /// Most likely first; empty when the verdict is `ok`.
    pub causes: Vec<Cause>,
    /// Why: the evidence in sentences.
    pub because: Vec<String>,
}

impl Decision {
    pub fn ok(because: impl Into<String>) -> Decision {
        Decision {
            verdict: Verdict::Ok,
            causes: Vec::new(),
            because: vec![because.into()],
        }
    }

    pub fn problem(cause: Cause, because: impl Into<String>) -> Decision {
        Decision {
            verdict: Verdict::Problem,
            causes: vec![cause],
            because: vec![because.into()],
        }
    }

    /// Several causes fit, the most likely first.
    pub fn inconclusive(causes: Vec<Cause>, because: impl Into<String>) -> Decision {
        Decision {
            verdict: Verdict::Inconclusive,
            causes,
            because: vec![because.into()],
        }
    }

    /// Adds a cause after the ones named, less likely or to be fixed second.
    pub fn also(mut self, cause: Cause) -> Decision {
        self.causes.push(cause);
        self
    }

    /// Adds a sentence of evidence.
    pub fn and(mut self, because: impl Into<String>) -> Decision {
        self.because.push(because.into());
        self
    }
}

/// One rule over the evidence `E` of a kind of run.
pub struct Rule<E> {
    /// A stable, short name (kebab-case), for the docs and the tests.
    pub name: &'static str,
    /// The evidence that makes the rule decide, in words, as the docs show it.
    pub when: &'static str,
    /// Every cause the rule can name.
    pub names: &'static [Cause],
    pub decide: fn(&E) -> Option<Decision>,
}

/// The first rule that decides, in order.
pub fn first<'r, E>(rules: &'r [Rule<E>], evidence: &E) -> Option<(&'r Rule<E>, Decision)> {
    rules
        .iter()
        .find_map(|rule| (rule.decide)(evidence).map(|decision| (rule, decision)))
}
