//! Chart views: a chart's SVG with its data table, and the charts the
//! cohort and evaluation pages draw.

use serde::Serialize;

use crate::data::cohorts::ByGroup;
use crate::model::Site;
use crate::model::evaluation::EvaluationYear;
use crate::render::charts::{Chart, Unit};

/// A chart with its data table.
#[derive(Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    /// The `<svg>` element, already escaped.
    pub svg: String,
    /// The heading of the table's first column.
    pub category_axis: String,
    pub series: Vec<String>,
    pub rows: Vec<TableRow>,
    /// A sentence under the chart: how the figures were worked out.
    pub note: Option<String>,
}

/// One row of a figures table: a label and formatted cells.
#[derive(Serialize)]
pub struct TableRow {
    pub label: String,
    pub url: Option<String>,
    pub cells: Vec<String>,
}

impl ChartView {
    /// The chart's SVG and table from one source.
    pub fn new(chart: &Chart, note: Option<String>) -> Self {
        ChartView {
            id: chart.id.clone(),
            title: chart.title.clone(),
            svg: chart.svg(),
            category_axis: chart.category_axis.clone(),
            series: chart.series.clone(),
            rows: chart
                .categories
                .iter()
                .zip(&chart.values)
                .map(|(c, row)| TableRow {
                    label: c.clone(),
                    url: None,
                    cells: row
                        .iter()
                        .map(|v| v.map_or("no figure".into(), |v| chart.format(v)))
                        .collect(),
                })
                .collect(),
            note,
        }
    }
}

/// The outcome chart of cohort `i`, when it has outcomes.
pub(super) fn outcome_chart(site: &Site, i: usize) -> Option<ChartView> {
    let c = &site.data.cohorts[i];
    let f = &site.cohorts[i];
    if f.outcomes.is_empty() {
        return None;
    }
    let chart = Chart {
        id: format!("outcomes-{}", crate::slug::slugify(&c.id)),
        title: format!("Outcomes reported by {} respondents", c.cohort.name),
        categories: c.cohort.outcomes.iter().map(|o| o.label.clone()).collect(),
        series: vec!["Mentors".into(), "Mentees".into()],
        values: f
            .outcomes
            .iter()
            .map(|o| vec![Some(o.mentors), Some(o.mentees)])
            .collect(),
        unit: Unit::Percent,
        value_axis: "Percentage of survey respondents".into(),
        category_axis: "Outcome".into(),
    };
    let note = f.summative.as_ref().map(|s| {
        format!(
            "Percentages are of those who answered the summative survey: {} mentors and {} mentees.",
            s.responses.mentors, s.responses.mentees
        )
    });
    Some(ChartView::new(&chart, note))
}

/// The summative response rates of year `e`'s cohorts and of the year,
/// when any is known; `all_label` names the year's row.
pub(super) fn response_rates(
    site: &Site,
    e: &EvaluationYear,
    all_label: &str,
) -> Option<ChartView> {
    let year = e.year;
    let rows: Vec<(String, Option<ByGroup<f64>>)> = e
        .cohorts
        .iter()
        .map(|&i| {
            let f = &site.cohorts[i];
            let r = f
                .summative
                .as_ref()
                .zip(f.matched_pairs)
                .and_then(|(s, p)| s.rates(p));
            (site.data.cohorts[i].cohort.name.clone(), r)
        })
        .chain(std::iter::once((
            all_label.to_string(),
            e.totals.summative.and_then(|s| s.rates()),
        )))
        .collect();
    rows.iter().any(|(_, r)| r.is_some()).then(|| {
        let chart = Chart {
            id: format!("response-rates-{year}"),
            title: format!("Summative survey response rate by cohort, {year}"),
            categories: rows.iter().map(|(n, _)| n.clone()).collect(),
            series: vec!["Mentors".into(), "Mentees".into()],
            values: rows
                .iter()
                .map(|(_, r)| vec![r.map(|r| r.mentors), r.map(|r| r.mentees)])
                .collect(),
            unit: Unit::Percent,
            value_axis: "Responses as a percentage of matched pairs".into(),
            category_axis: "Cohort".into(),
        };
        ChartView::new(
            &chart,
            Some(format!(
                "Each rate is responses divided by matched pairs, worked out from the counts. The {all_label} row divides the total responses by the total matched pairs; it is not an average of the cohorts' percentages."
            )),
        )
    })
}

/// Charts of how the key figures changed from year to year.
pub(super) fn year_on_year(site: &Site) -> Vec<ChartView> {
    let years = &site.evaluations.years;
    let labels: Vec<String> = years.iter().map(|e| e.year.to_string()).collect();
    let count = |v: Option<u32>| v.map(f64::from);
    let mut charts = Vec::new();
    let intake = Chart {
        id: "year-on-year-intake".into(),
        title: "Applications and matched pairs by year".into(),
        categories: labels.clone(),
        series: vec![
            "Mentee applications".into(),
            "Mentor applications".into(),
            "Matched pairs".into(),
        ],
        values: years
            .iter()
            .map(|e| {
                let a = e.totals.applications.map(|a| a.value);
                vec![
                    count(a.map(|a| a.mentees)),
                    count(a.map(|a| a.mentors)),
                    count(e.totals.matched_pairs.map(|p| p.value)),
                ]
            })
            .collect(),
        unit: Unit::Count,
        value_axis: "Number".into(),
        category_axis: "Evaluation year".into(),
    };
    if has_figures(&intake) {
        charts.push(ChartView::new(
            &intake,
            Some("Totals across each year's cohorts.".into()),
        ));
    }
    let rates = Chart {
        id: "year-on-year-response".into(),
        title: "Summative survey response rate by year".into(),
        categories: labels.clone(),
        series: vec!["Mentors".into(), "Mentees".into()],
        values: years
            .iter()
            .map(|e| {
                let r = e.totals.summative.and_then(|s| s.rates());
                vec![r.map(|r| r.mentors), r.map(|r| r.mentees)]
            })
            .collect(),
        unit: Unit::Percent,
        value_axis: "Responses as a percentage of matched pairs".into(),
        category_axis: "Evaluation year".into(),
    };
    if has_figures(&rates) {
        charts.push(ChartView::new(
            &rates,
            Some("Total responses divided by total matched pairs across each year's cohorts, worked out from the counts.".into()),
        ));
    }
    if !site.cpd.years.is_empty() {
        let cpd = Chart {
            id: "year-on-year-cpd".into(),
            title: "CPD workshop attendances by calendar year".into(),
            categories: site.cpd.years.iter().map(|y| y.to_string()).collect(),
            series: vec!["Attendances".into()],
            values: site
                .cpd
                .years
                .iter()
                .map(|&y| vec![Some(f64::from(site.cpd.year_total(y).attendees))])
                .collect(),
            unit: Unit::Count,
            value_axis: "Attendances at catalogue workshops".into(),
            category_axis: "Calendar year".into(),
        };
        charts.push(ChartView::new(
            &cpd,
            Some(
                "From the sessions in the CPD catalogue, by the year each session was held.".into(),
            ),
        ));
    }
    charts
}

/// True when a chart has at least one figure to draw.
fn has_figures(chart: &Chart) -> bool {
    chart.values.iter().flatten().any(Option::is_some)
}
