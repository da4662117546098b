//! `share_image`: the picture a link preview (LinkedIn, e-mail, chat)
//! shows for a page, from `site.yaml` or a page's front matter.

/// How a share image may be written, for messages.
pub const IMAGE_HINT: &str = "write a path from the site's static folder, such as /images/share.png, or a full address starting with https://";

/// Why `raw` cannot be a share image's address, if it cannot.
pub fn image_problem(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some("`share_image` is empty".into());
    }
    let ok = raw.starts_with('/') && !raw.starts_with("//")
        || raw.starts_with("https://")
        || raw.starts_with("http://");
    if !ok || raw.contains(char::is_whitespace) {
        return Some(format!(
            "`share_image: {raw}` is neither a path starting with / nor a full web address"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::image_problem;

    #[test]
    fn paths_and_web_addresses_are_share_images() {
        assert_eq!(image_problem("/images/share.png"), None);
        assert_eq!(image_problem("https://cdn.example.org/a.png"), None);
        assert!(image_problem("images/share.png").is_some());
        assert!(image_problem("//cdn.example.org/a.png").is_some());
        assert!(image_problem("/my image.png").is_some());
        assert!(image_problem(" ").is_some());
    }
}
