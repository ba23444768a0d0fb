//! The places people paste a report into, as `--for` names them: the format that reads well in
//! each, and how long a post there may be.

use crate::cli::Format;
use clap::ValueEnum;

/// Where a report is going to be pasted.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// community.atlassian.com: a rich-text editor that reads no Markdown; paste into its code box
    Community,
    /// A GitHub issue or discussion
    Github,
    /// A GitLab issue
    Gitlab,
    /// community.developer.atlassian.com, and other Discourse forums
    #[value(alias = "developer-community")]
    Discourse,
    /// A Jira Cloud comment or description (its editor converts Markdown, not HTML)
    JiraCloud,
    /// A Confluence Cloud page or comment
    ConfluenceCloud,
    /// An Atlassian support ticket
    Support,
    /// A Stack Overflow question
    #[value(name = "stackoverflow", alias = "stack-overflow")]
    StackOverflow,
    /// A Jira Data Center or Server comment (wiki markup)
    #[value(alias = "jira-server")]
    JiraDc,
    /// A Confluence Data Center or Server page (wiki markup)
    #[value(alias = "confluence-server")]
    ConfluenceDc,
    /// A Slack message
    Slack,
    /// A Microsoft Teams message
    Teams,
}

impl Place {
    /// The format family that reads well there. Chat takes the summary: a full report is longer
    /// than a Slack message comfortably is, and it belongs in a thread of its own.
    pub fn format(self) -> Format {
        match self {
            Place::Community => Format::Plain,
            Place::Github | Place::Gitlab | Place::Discourse => Format::Markdown,
            Place::JiraCloud | Place::ConfluenceCloud | Place::Support | Place::StackOverflow => Format::MarkdownNoHtml,
            Place::JiraDc | Place::ConfluenceDc => Format::JiraWiki,
            Place::Slack | Place::Teams => Format::Summary,
        }
    }

    /// The place, as a sentence names it: "the report for {name}".
    pub fn name(self) -> &'static str {
        match self {
            Place::Community => "the Atlassian Community",
            Place::Github => "GitHub",
            Place::Gitlab => "GitLab",
            Place::Discourse => "the developer community (Discourse)",
            Place::JiraCloud => "a Jira Cloud comment",
            Place::ConfluenceCloud => "Confluence Cloud",
            Place::Support => "an Atlassian support ticket",
            Place::StackOverflow => "Stack Overflow",
            Place::JiraDc => "Jira Data Center",
            Place::ConfluenceDc => "Confluence Data Center",
            Place::Slack => "Slack",
            Place::Teams => "Microsoft Teams",
        }
    }

    /// The most characters a post there takes, where it is tighter than its format's own limit.
    /// Discourse's `max_post_length` defaults to 32,000
    /// (<https://github.com/discourse/discourse/blob/main/config/site_settings.yml>).
    pub fn limit(self) -> usize {
        match self {
            Place::Discourse => 32_000,
            other => limit_of(other.format()),
        }
    }
}

/// The most characters a report in `format` may have, by the tightest place it is made for.
pub fn limit_of(format: Format) -> usize {
    match format {
        // GitHub refuses a comment over 65,536 characters ("Body is too long (maximum is 65536
        // characters)", https://docs.github.com/rest/issues/comments#create-an-issue-comment).
        Format::Markdown => 65_536,
        // Stack Overflow's editor takes a body of up to 30,000 characters; Jira's and
        // Confluence's editors take more.
        Format::MarkdownNoHtml | Format::JiraWiki => 30_000,
        // A Microsoft Teams message holds about 28 KB.
        Format::Plain => 28_000,
        // Slack shows about 4,000 characters of a message comfortably, and cuts longer ones.
        Format::Summary => 4_000,
        Format::Text | Format::Json => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_has_a_format_and_a_limit_no_larger_than_its_formats() {
        for place in Place::value_variants() {
            assert!(place.limit() <= limit_of(place.format()), "{place:?}");
            assert!(place.limit() < usize::MAX, "{place:?} is unbounded");
            assert!(!place.name().is_empty());
        }
        assert_eq!(Place::Community.format(), Format::Plain);
        assert_eq!(Place::Discourse.limit(), 32_000);
        assert_eq!(Place::Github.limit(), 65_536);
        assert_eq!(Place::Slack.limit(), 4_000);
    }
}
