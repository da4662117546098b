//! Shortcodes: each one's HTML, escaping, themes overriding templates,
//! and the messages for mistakes, with file, line and a suggestion.

mod common;

use common::Site;

fn page(site: &Site, body: &str) {
    site.write(
        "content/about.md",
        &format!("---\ntitle: About us\n---\nIntro.\n\n{body}"),
    );
}

fn body_of(html: &str) -> &str {
    let start = html.find("<main").unwrap_or(0);
    &html[start..]
}

#[test]
fn callout_is_an_aside_with_markdown_inside() {
    let site = Site::fixture("basic");
    page(
        &site,
        "Before.\n{{< callout kind=\"warning\" >}}\nCheck **your** dates.\n{{< /callout >}}\nAfter.\n",
    );
    site.build().ok();
    let html = site.out("about/index.html");
    let body = body_of(&html);
    assert!(
        body.contains("<aside class=\"callout callout-warning\" role=\"note\">"),
        "{body}"
    );
    assert!(
        body.contains("<p class=\"callout-label\">Warning</p>"),
        "{body}"
    );
    assert!(
        body.contains("<p>Check <strong>your</strong> dates.</p>"),
        "{body}"
    );
    assert!(body.contains("</aside>"), "{body}");
    assert!(
        body.contains("<p>Before.</p>") && body.contains("<p>After.</p>"),
        "{body}"
    );
}

#[test]
fn pull_quote_and_video_and_figure() {
    let site = Site::fixture("basic");
    page(
        &site,
        "{{< pullquote by=\"Mentee, 2025 cohort\" >}}\nIt changed how I plan.\n{{< /pullquote >}}\n\n\
         {{< video youtube=\"abc_DEF-123\" title=\"How mentoring works\" transcript=\"/guidance/\" >}}\n\n\
         {{< figure src=\"https://example.org/a.png\" alt=\"A chart\" caption=\"Outcomes\" credit=\"Photo: Org\" >}}\n",
    );
    site.build().ok();
    let html = site.out("about/index.html");
    let body = body_of(&html);
    assert!(
        body.contains("<figure class=\"pull-quote shortcode-quote\">"),
        "{body}"
    );
    assert!(body.contains("<p>It changed how I plan.</p>"), "{body}");
    assert!(
        body.contains("<figcaption>Mentee, 2025 cohort</figcaption>"),
        "{body}"
    );
    assert!(
        body.contains("href=\"https://www.youtube-nocookie.com/embed/abc_DEF-123?autoplay=1\""),
        "{body}"
    );
    assert!(
        !body.contains("<iframe"),
        "nothing loads from the host before a click: {body}"
    );
    assert!(
        body.contains("href=\"/mentoring/guidance/\">Read the transcript"),
        "{body}"
    );
    assert!(
        body.contains("<img src=\"https://example.org/a.png\" alt=\"A chart\">"),
        "{body}"
    );
    assert!(
        body.contains("Outcomes <span class=\"figure-credit\">Photo: Org</span>"),
        "{body}"
    );
}

#[test]
fn parameters_are_escaped() {
    let site = Site::fixture("basic");
    page(
        &site,
        "{{< callout kind=\"note\" title=\"<script>alert(1)</script> & \\\"q\\\"\" >}}\nText.\n{{< /callout >}}\n",
    );
    site.build().ok();
    let html = site.out("about/index.html");
    assert!(!html.contains("<script>alert(1)"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt; &amp; &quot;q&quot;")
            || html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"),
        "{html}"
    );
}

#[test]
fn a_theme_overrides_a_shortcode_template() {
    let site = Site::fixture("basic");
    site.write(
        "themes/default/templates/shortcodes/pullquote.html",
        "<div class=\"my-quote\">{{ body | safe }}<p>{{ by }}</p></div>",
    );
    page(
        &site,
        "{{< pullquote by=\"A mentee\" >}}\nGreat.\n{{< /pullquote >}}\n",
    );
    site.build().ok();
    let html = site.out("about/index.html");
    assert!(html.contains("<div class=\"my-quote\">"), "{html}");
    assert!(html.contains("<p>A mentee</p></div>"), "{html}");
}

#[test]
fn shortcodes_in_code_blocks_are_left_alone() {
    let site = Site::fixture("basic");
    page(&site, "```\n{{< calout >}}\n```\n");
    site.build().ok();
    assert!(
        site.out("about/index.html")
            .contains("{{&lt; calout &gt;}}")
    );
}

#[test]
fn misspelt_names_and_settings_say_what_was_meant() {
    let site = Site::fixture("basic");
    page(
        &site,
        "{{< calout kind=\"note\" >}}\n\n{{< callout knd=\"note\" >}}\n\n{{< callout kind=\"warnng\" >}}\nx\n{{< /callout >}}\n",
    );
    let run = site.build().failed();
    let all = run.all();
    assert!(all.contains("content/about.md"), "{all}");
    assert!(
        all.contains("6: error: there is no shortcode `calout`"),
        "{all}"
    );
    assert!(all.contains("did you mean `callout`?"), "{all}");
    assert!(
        all.contains("8: error: `callout` has no setting `knd`"),
        "{all}"
    );
    assert!(all.contains("did you mean `kind`?"), "{all}");
    assert!(
        all.contains("10: error: a callout cannot be of kind `warnng`"),
        "{all}"
    );
    assert!(all.contains("did you mean `warning`?"), "{all}");
}

#[test]
fn a_video_needs_a_transcript_and_an_unclosed_callout_is_an_error() {
    let site = Site::fixture("basic");
    page(
        &site,
        "{{< video youtube=\"abc\" title=\"T\" >}}\n\n{{< callout >}}\nNever closed.\n",
    );
    let all = site.build().failed().all();
    assert!(
        all.contains("6: error: `video` needs `transcript`"),
        "{all}"
    );
    assert!(
        all.contains("8: error: the `callout` opened here is never closed"),
        "{all}"
    );
}

#[test]
fn a_figure_without_caption_or_alt_is_reported_at_its_line() {
    let site = Site::fixture("basic");
    page(
        &site,
        "Text.\n\n{{< figure src=\"https://example.org/a.png\" >}}\n",
    );
    let all = site.build().ok().all();
    assert!(
        all.contains("8: warning: the figure has no description (alt text)"),
        "{all}"
    );
    assert!(
        all.contains("8: warning: the figure has no caption"),
        "{all}"
    );
}

#[test]
fn lines_after_a_shortcode_keep_their_numbers() {
    let site = Site::fixture("basic");
    page(
        &site,
        "{{< callout >}}\nA note.\n{{< /callout >}}\n\n![](https://example.org/x.png)\n",
    );
    let all = site.build().ok().all();
    assert!(
        all.contains("10: warning: the image `https://example.org/x.png` has no description"),
        "{all}"
    );
}
