//! Shortcodes: callouts, figures, videos and pull quotes written in Markdown.
