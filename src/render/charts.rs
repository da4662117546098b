//! Charts as SVG written at build time: horizontal grouped bars, one row per
//! series in each category, every bar labelled with its series and value.
//!
//! Accessibility is built in rather than left to themes: the SVG has
//! `role="img"`, named by its `<title>` and described by a short `<desc>`
//! that points to the data table every chart template puts after it, and
//! its drawn labels are hidden from screen readers (`aria-hidden`);
//! each series has its own colour (each at least 3:1 against the white
//! panel) and its own fill pattern, and every bar carries its series name
//! beside it, so colour is never the only cue. Output is deterministic:
//! fixed layout arithmetic and fixed number formatting.

use crate::data::number::show;
use crate::html::escape;

/// What the values measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// 0 to 100, shown with `%`; the axis always runs to 100.
    Percent,
    /// Whole numbers; the axis runs to a round number above the largest.
    Count,
}

/// A grouped bar chart's content.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Unique within the page: it prefixes the SVG's ids.
    pub id: String,
    pub title: String,
    pub categories: Vec<String>,
    /// At most three, each drawn in its own style.
    pub series: Vec<String>,
    /// `values[category][series]`; `None` where there is no figure.
    pub values: Vec<Vec<Option<f64>>>,
    pub unit: Unit,
    /// The label of the value (horizontal) axis.
    pub value_axis: String,
    /// The label of the category (vertical) axis.
    pub category_axis: String,
}

/// A series' look: fill colour, pattern, and whether the pattern is hatched.
struct Style {
    colour: &'static str,
    pattern: Pattern,
}

enum Pattern {
    Solid,
    Hatch,
    Dots,
}

/// Teal 7.1:1, orange 5.5:1, slate 8.6:1 against white. Teal and orange are
/// told apart by people with the common colour-vision deficiencies; the
/// patterns and labels carry the difference for everyone else.
const STYLES: [Style; 3] = [
    Style {
        colour: "#00626b",
        pattern: Pattern::Solid,
    },
    Style {
        colour: "#b34700",
        pattern: Pattern::Hatch,
    },
    Style {
        colour: "#3d4f53",
        pattern: Pattern::Dots,
    },
];

/// Narrow enough that the smallest text (13 units) stays at least 12 px
/// when a 375 px phone shows the chart 343 px wide.
const WIDTH: f64 = 360.0;
const PAD: f64 = 12.0;
const TITLE_SIZE: f64 = 17.0;
const LABEL_SIZE: f64 = 16.0;
const SMALL_SIZE: f64 = 14.0;
const BAR: f64 = 19.0;
const BAR_GAP: f64 = 4.0;
const GROUP_GAP: f64 = 14.0;
const TEXT: &str = "#1c2628";
const MUTED: &str = "#4f5d60";
const GRID: &str = "#d3dddf";
/// Room to the right of the longest bar for its value label.
const VALUE_ROOM: f64 = 50.0;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', Arial, sans-serif";

impl Chart {
    /// A value as readers see it: `35%`, `35.5%`, `59`.
    pub fn format(&self, v: f64) -> String {
        match self.unit {
            Unit::Percent => format!("{}%", show(v)),
            Unit::Count => show(v),
        }
    }

    /// The description beside the title, which is the chart's name: what
    /// kind of chart it is and where its figures are. The figures themselves
    /// are in the data table that follows every chart, where a screen reader
    /// can move through them, rather than read out in one long string.
    pub fn description(&self) -> String {
        let series = match self.series.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        };
        format!(
            "Bar chart of {series} for each {}. The same figures are in the table that follows.",
            self.category_axis.to_lowercase()
        )
    }

    /// The axis maximum and the tick step.
    fn scale(&self) -> (f64, f64) {
        if self.unit == Unit::Percent {
            return (100.0, 25.0);
        }
        let max = self
            .values
            .iter()
            .flatten()
            .flatten()
            .fold(0.0_f64, |a, &b| a.max(b));
        nice_scale(max)
    }

    /// The chart as a standalone `<svg>` element.
    pub fn svg(&self) -> String {
        let id = escape(&self.id);
        let (max, step) = self.scale();
        let series_w = self
            .series
            .iter()
            .map(|s| text_width(s, SMALL_SIZE))
            .fold(0.0_f64, f64::max);
        let axis_x = PAD + 6.0; // the rotated category-axis label's centre line
        let label_x = PAD + 22.0;
        let x0 = (label_x + series_w + 8.0).round();
        let plot_w = WIDTH - x0 - VALUE_ROOM - PAD;
        let wrap_at = ((WIDTH - label_x - PAD) / (LABEL_SIZE * 0.52)) as usize;

        // The title, then the bars over their grid, then the axis labels.
        let mut body = String::new();
        let mut y = PAD;
        for line in wrap(
            &self.title,
            ((WIDTH - 2.0 * PAD) / (TITLE_SIZE * 0.56)) as usize,
        ) {
            y += TITLE_SIZE * 1.25;
            body.push_str(&format!(
                "<text x=\"{PAD}\" y=\"{}\" font-size=\"{TITLE_SIZE}\" font-weight=\"700\">{}</text>\n",
                n(y),
                escape(&line)
            ));
        }
        y += 14.0;
        let plot_top = y;
        let mut bars = String::new();
        for (c, row) in self.categories.iter().zip(&self.values) {
            for line in wrap(c, wrap_at) {
                y += LABEL_SIZE * 1.25;
                // A white halo keeps the label readable where grid lines cross it.
                bars.push_str(&format!(
                    "<text x=\"{label_x}\" y=\"{}\" font-size=\"{LABEL_SIZE}\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>\n",
                    n(y - 3.0),
                    escape(&line)
                ));
            }
            y += 3.0;
            for (k, (s, v)) in self.series.iter().zip(row).enumerate() {
                let style = &STYLES[k % STYLES.len()];
                let mid = y + BAR / 2.0 + SMALL_SIZE * 0.35;
                bars.push_str(&format!(
                    "<text x=\"{label_x}\" y=\"{}\" font-size=\"{SMALL_SIZE}\" fill=\"{MUTED}\">{}</text>\n",
                    n(mid),
                    escape(s)
                ));
                let (w, label) = match v {
                    Some(v) => ((v.max(0.0) / max * plot_w).min(plot_w), self.format(*v)),
                    None => (0.0, "no figure".to_string()),
                };
                if w > 0.0 {
                    bars.push_str(&format!(
                        "<rect x=\"{x0}\" y=\"{}\" width=\"{}\" height=\"{BAR}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
                        n(y),
                        n(w),
                        fill(&id, k, style),
                        style.colour
                    ));
                }
                bars.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL_SIZE}\" font-weight=\"700\">{}</text>\n",
                    n(x0 + w + 5.0),
                    n(mid),
                    escape(&label)
                ));
                y += BAR + BAR_GAP;
            }
            y += GROUP_GAP - BAR_GAP;
        }
        let plot_bottom = y - GROUP_GAP + 6.0;

        // Grid and ticks behind the bars.
        let mut grid = String::new();
        let mut t = 0.0;
        while t <= max + 1e-9 {
            let x = x0 + t / max * plot_w;
            grid.push_str(&format!(
                "<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\n<text x=\"{0}\" y=\"{3}\" font-size=\"13\" fill=\"{MUTED}\" text-anchor=\"middle\">{4}</text>\n",
                n(x),
                n(plot_top),
                n(plot_bottom),
                n(plot_bottom + 16.0),
                escape(&self.format(t))
            ));
            t += step;
        }
        grid.push_str(&format!(
            "<line x1=\"{x0}\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"{MUTED}\" stroke-width=\"1\"/>\n",
            n(plot_bottom),
            n(x0 + plot_w)
        ));
        let height = plot_bottom + 16.0 + 22.0 + PAD;
        let axes = format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"{SMALL_SIZE}\" fill=\"{MUTED}\" text-anchor=\"middle\">{}</text>\n<text x=\"{axis_x}\" y=\"{}\" font-size=\"{SMALL_SIZE}\" fill=\"{MUTED}\" text-anchor=\"middle\" transform=\"rotate(-90 {axis_x} {})\">{}</text>\n",
            n(x0 + plot_w / 2.0),
            n(plot_bottom + 36.0),
            escape(&self.value_axis),
            n((plot_top + plot_bottom) / 2.0),
            n((plot_top + plot_bottom) / 2.0),
            escape(&self.category_axis),
        );

        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            escape(&self.title),
            escape(&self.description()),
            w = n(WIDTH),
            h = n(height),
        );
        out.push_str(&defs(&id, self.series.len()));
        out.push_str(&format!(
            "<rect width=\"{}\" height=\"{}\" rx=\"6\" fill=\"#ffffff\"/>\n<g font-family=\"{FONT}\" fill=\"{TEXT}\" aria-hidden=\"true\">\n",
            n(WIDTH),
            n(height)
        ));
        out.push_str(&body);
        out.push_str(&grid);
        out.push_str(&bars);
        out.push_str(&axes);
        out.push_str("</g>\n</svg>");
        out
    }
}

/// The `fill` of series `k`: its colour, or its pattern.
fn fill(id: &str, k: usize, style: &Style) -> String {
    match style.pattern {
        Pattern::Solid => style.colour.to_string(),
        _ => format!("url(#{id}-pattern-{k})"),
    }
}

/// Patterns for the series that need them, named after the chart's id so
/// that several charts on one page do not share ids.
fn defs(id: &str, series: usize) -> String {
    let mut d = String::from("<defs>\n");
    for (k, style) in STYLES.iter().enumerate().take(series) {
        let marks = match style.pattern {
            Pattern::Solid => continue,
            Pattern::Hatch => format!(
                "<path d=\"M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2\" stroke=\"{}\" stroke-width=\"2\"/>",
                style.colour
            ),
            Pattern::Dots => format!(
                "<circle cx=\"3\" cy=\"3\" r=\"1.6\" fill=\"{}\"/>",
                style.colour
            ),
        };
        d.push_str(&format!(
            "<pattern id=\"{id}-pattern-{k}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>{marks}</pattern>\n"
        ));
    }
    d.push_str("</defs>\n");
    d
}

/// A round axis maximum at or above `max`, with a step giving 3 to 6 ticks.
pub fn nice_scale(max: f64) -> (f64, f64) {
    if max <= 0.0 {
        return (1.0, 1.0);
    }
    let raw = max / 4.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let step = if step < 1.0 { 1.0 } else { step };
    ((max / step).ceil() * step, step)
}

/// An estimate of a text's width in a sans-serif face.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// Splits text into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A coordinate with at most one decimal place, so output is stable.
fn n(v: f64) -> String {
    show(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Chart {
        Chart {
            id: "c1".into(),
            title: "Outcomes <2021>".into(),
            categories: vec!["Satisfied & happy".into(), "Trust".into()],
            series: vec!["Mentors".into(), "Mentees".into()],
            values: vec![vec![Some(100.0), Some(91.0)], vec![Some(64.0), None]],
            unit: Unit::Percent,
            value_axis: "Percentage of respondents".into(),
            category_axis: "Outcome".into(),
        }
    }

    #[test]
    fn the_text_alternative_is_concise_and_points_to_the_table() {
        assert_eq!(
            chart().description(),
            "Bar chart of Mentors and Mentees for each outcome. The same figures are in the table that follows."
        );
        let mut three = chart();
        three.series.push("Pairs".into());
        assert!(
            three
                .description()
                .starts_with("Bar chart of Mentors, Mentees and Pairs for each")
        );
    }

    #[test]
    fn svg_escapes_text_and_labels_every_bar() {
        let svg = chart().svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(
            svg.contains("role=\"img\" aria-labelledby=\"c1-title\" aria-describedby=\"c1-desc\"")
        );
        assert!(svg.contains("<title id=\"c1-title\">Outcomes &lt;2021&gt;</title>"));
        // The labels are for the eye: screen readers get the name and the table.
        assert!(svg.contains("<g font-family=") && svg.contains("aria-hidden=\"true\">\n<text"));
        assert!(svg.contains(">Satisfied &amp; happy</text>"));
        assert_eq!(svg.matches(">Mentees</text>").count(), 2);
        assert!(svg.contains(">91%</text>") && svg.contains(">no figure</text>"));
        assert!(svg.contains("url(#c1-pattern-1)"));
        assert_eq!(svg, chart().svg(), "output is deterministic");
    }

    #[test]
    fn count_scales_are_round() {
        assert_eq!(nice_scale(59.0), (60.0, 20.0));
        assert_eq!(nice_scale(339.0), (400.0, 100.0));
        assert_eq!(nice_scale(3.0), (3.0, 1.0));
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
    }

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("", 7), vec![""]);
    }
}
