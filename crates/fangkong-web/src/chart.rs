//! The trend chart as server-rendered SVG: one bar per day, on a logarithmic
//! scale for a city's thousands (the bands are orders of magnitude, so the
//! scale shows them as equal steps) and a linear one for a compound's few, a
//! switch between them under the chart,
//! phase periods as coloured backgrounds, milestones and annotations as markers,
//! and a `<title>` on every bar so hovering shows the day's figure. No JavaScript.

use std::fmt::Write;

use fangkong_domain::Day;
use fangkong_domain::trend::{Band, Phases};

pub(crate) const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 280.0;
pub(crate) const LEFT: f64 = 48.0;
pub(crate) const RIGHT: f64 = 12.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 28.0;

/// Escapes text for SVG content and attributes.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart's vertical scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Orders of magnitude as equal steps: a city's thousands.
    Log,
    /// Counts as they are: a compound's or a community's few.
    Linear,
}

impl Scale {
    /// The scale asked for by name (`log`, `linear`); `None` for anything else.
    pub fn parse(name: &str) -> Option<Scale> {
        match name.trim() {
            "log" => Some(Scale::Log),
            "linear" => Some(Scale::Linear),
            _ => None,
        }
    }

    /// Its name in a query string.
    pub fn name(self) -> &'static str {
        match self {
            Scale::Log => "log",
            Scale::Linear => "linear",
        }
    }

    /// The scale that reads best for a series whose tallest day is `max`:
    /// logarithmic from a hundred up, where a linear scale would flatten the
    /// tail into the axis.
    pub fn fitting(max: i64) -> Scale {
        if max >= 100 {
            Scale::Log
        } else {
            Scale::Linear
        }
    }
}

/// The top of a linear scale and its tick step: the smallest 1, 2 or 5 × 10ⁿ
/// step that covers `max` in at most five steps.
fn linear_axis(max: i64) -> (i64, i64) {
    let max = max.max(1);
    let mut magnitude = 1_i64;
    loop {
        for step in [magnitude, 2 * magnitude, 5 * magnitude] {
            if step * 5 >= max {
                let top = (max + step - 1) / step * step;
                return (top, step);
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

fn band_colour(band: Band) -> &'static str {
    match band {
        Band::High => "#f8d0d0",
        Band::Middle => "#fbe3c4",
        Band::Low => "#fdf3c0",
        Band::Tail => "#e1f0d8",
        Band::Zero => "#d8ecf3",
    }
}

/// The tallest trend value of `phases` (0 for none).
pub fn tallest(phases: &Phases) -> i64 {
    phases
        .series
        .iter()
        .filter_map(|d| d.trend_value)
        .max()
        .unwrap_or(0)
}

/// The chart of `phases` on `scale`, with `selected` marked, its titles in
/// `lang`. The periods and milestones are drawn only where `with_phases` (a
/// series large enough to have them).
pub fn trend_svg(
    phases: &Phases,
    selected: Option<Day>,
    lang: crate::i18n::Lang,
    with_phases: bool,
    scale: Scale,
) -> String {
    use crate::i18n::catalogue::{format as said, label};
    let band_label = |b: fangkong_domain::trend::Band| label(lang, "band", b.name());
    let days = &phases.series;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="trend" aria-label="{name}"><title>{name}</title>"#,
        name = escape(&said(lang, "chart-name", &[]))
    );
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        svg.push_str("</svg>");
        return svg;
    };
    let n = (last.day.offset_from(first.day) + 1).max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x_of = |d: Day| LEFT + plot_w * f64::from(d.offset_from(first.day)) / n;
    let bar_w = (plot_w / n).max(1.0);
    let max = tallest(phases).max(1);
    // The scale ends at the tallest bar: a compound's 0-2 cases are not drawn
    // against a city's ten thousand. A log scale ends at 10 at least.
    let top_log = ((max + 1) as f64).log10().max(11f64.log10());
    let (top_linear, step) = linear_axis(max);
    let y_of = |v: i64| match scale {
        Scale::Log => TOP + plot_h * (1.0 - ((v.max(0) + 1) as f64).log10() / top_log),
        Scale::Linear => TOP + plot_h * (1.0 - v.max(0) as f64 / top_linear as f64),
    };
    let gridlines: Vec<i64> = match scale {
        Scale::Log => [1, 10, 100, 1000, 10000, 100_000]
            .into_iter()
            .filter(|&v| ((v + 1) as f64).log10() <= top_log)
            .collect(),
        Scale::Linear => (1..=top_linear / step).map(|k| k * step).collect(),
    };

    for p in phases.periods.iter().filter(|_| with_phases) {
        let x0 = x_of(p.start);
        let x1 = x_of(p.end) + bar_w;
        let _ = write!(
            svg,
            r#"<rect class="band band-{}" x="{x0:.1}" y="{TOP}" width="{:.1}" height="{plot_h}" fill="{}"><title>{} {} – {} ({})</title></rect>"#,
            p.band,
            x1 - x0,
            band_colour(p.band),
            band_label(p.band),
            p.start,
            p.end,
            said(lang, "chart-days", &[("n", p.days.into())])
        );
    }
    for v in gridlines {
        let y = y_of(v);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#bbb" stroke-dasharray="2,3"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{v}</text>"##,
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 3.0
        );
    }
    for d in days {
        let Some(v) = d.trend_value else { continue };
        let x = x_of(d.day);
        let y = y_of(v);
        let shown = match d.value {
            Some(raw) if raw != v => said(
                lang,
                "chart-bar-adjusted",
                &[
                    ("day", d.day.to_string().into()),
                    ("raw", raw.into()),
                    ("trend", v.into()),
                ],
            ),
            _ => said(
                lang,
                "chart-bar",
                &[("day", d.day.to_string().into()), ("value", v.into())],
            ),
        };
        let _ = write!(
            svg,
            r##"<rect class="bar" x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="#c0392b"><title>{}</title></rect>"##,
            (bar_w - 0.5).max(0.5),
            (TOP + plot_h - y).max(0.0),
            escape(&shown)
        );
    }
    for m in phases.milestones.iter().filter(|_| with_phases) {
        let x = x_of(m.day);
        let _ = write!(
            svg,
            r##"<line class="milestone" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="#2c3e50" stroke-dasharray="4,2"><title>{} {}: {}</title></line>"##,
            TOP + plot_h,
            m.day,
            band_label(m.band),
            m.value
        );
    }
    for p in &phases.periods {
        for a in &p.annotations {
            let x = x_of(a.day) + bar_w / 2.0;
            let _ = write!(
                svg,
                r##"<path class="annotation" d="M{:.1},{:.1} l-5,-9 h10 z" fill="#8e44ad"><title>{} {}: {}</title></path>"##,
                x,
                TOP - 2.0,
                a.day,
                label(lang, "annotation", a.kind.name()),
                escape(&annotation_note(a, lang))
            );
        }
    }
    if let Some(day) = selected.filter(|d| *d >= first.day && *d <= last.day) {
        let x = x_of(day) + bar_w / 2.0;
        let _ = write!(
            svg,
            r##"<line class="selected" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="#1a5276" stroke-width="2"/>"##,
            TOP + plot_h
        );
    }
    // A dated tick every week, and the axes' titles.
    week_ticks(
        &mut svg,
        first.day,
        last.day,
        |d| x_of(d) + bar_w / 2.0,
        TOP + plot_h,
    );
    let _ = write!(
        svg,
        r#"<text class="axis-title" x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{}</text><text class="axis-title" transform="rotate(-90)" x="{:.1}" y="11" font-size="10" text-anchor="middle">{}</text></svg>"#,
        WIDTH - RIGHT,
        HEIGHT - 2.0,
        escape(&said(lang, "chart-x-title", &[])),
        -(TOP + plot_h / 2.0),
        escape(&said(
            lang,
            match scale {
                Scale::Log => "chart-y-title-log",
                Scale::Linear => "chart-y-title",
            },
            &[]
        ))
    );
    svg
}

/// A dated tick every week from `first` to `last` under an axis at height
/// `axis`, at `centre` of each day, each labelled by its month and day, the
/// year once under the first (a full date there would run into the next).
pub(crate) fn week_ticks(
    svg: &mut String,
    first: Day,
    last: Day,
    centre: impl Fn(Day) -> f64,
    axis: f64,
) {
    let mut week = 0;
    while let Some(day) = first.plus_days(week * 7).filter(|d| *d <= last) {
        let x = centre(day);
        let text = day.to_string();
        let _ = write!(
            svg,
            r##"<line class="tick" x1="{x:.1}" x2="{x:.1}" y1="{axis:.1}" y2="{:.1}" stroke="#777"/><text class="week{}" x="{x:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"##,
            axis + 4.0,
            // Every other label gives way on a phone, where the text is larger.
            if week % 2 == 1 { " odd" } else { "" },
            axis + 14.0,
            text.get(5..).unwrap_or_default()
        );
        if week == 0 {
            let _ = write!(
                svg,
                r#"<text class="year" x="{x:.1}" y="{:.1}" font-size="10" text-anchor="middle">{}</text>"#,
                axis + 25.0,
                text.get(..4).unwrap_or_default()
            );
        }
        week += 1;
    }
}

/// The chart of [`trend_svg`] as a figure: the chart on `scale` (or the one
/// [`Scale::fitting`] its figures), its legend (a swatch for every colour and
/// mark it draws), the switch between the scales (links to `here`, the page's
/// address with its query, plus `&scale=`), and its figures as a table a
/// keyboard and a screen reader reach, under a disclosure.
pub fn trend_figure(
    phases: &Phases,
    selected: Option<Day>,
    lang: crate::i18n::Lang,
    with_phases: bool,
    scale: Option<Scale>,
    here: &str,
) -> String {
    use crate::i18n::catalogue::{format as said, label};
    let scale = scale.unwrap_or_else(|| Scale::fitting(tallest(phases)));
    let mut out = String::from(r#"<figure class="chart" id="trend">"#);
    out.push_str(&trend_svg(phases, selected, lang, with_phases, scale));
    let _ = write!(
        out,
        r#"<p class="scale-switch">{}"#,
        escape(&said(lang, "chart-scale", &[]))
    );
    for (i, s) in [Scale::Linear, Scale::Log].into_iter().enumerate() {
        let name = escape(&said(lang, &format!("chart-scale-{}", s.name()), &[]));
        let sep = if i == 0 { " " } else { " · " };
        if s == scale {
            let _ = write!(out, r#"{sep}<strong aria-current="true">{name}</strong>"#);
        } else {
            let _ = write!(
                out,
                r##"{sep}<a href="{}&amp;scale={}#trend">{name}</a>"##,
                escape(here),
                s.name()
            );
        }
    }
    out.push_str("</p>");
    out.push_str(r#"<figcaption><ul class="legend">"#);
    let swatch = |fill: &str, text: &str| {
        format!(
            r##"<li><svg width="14" height="14" aria-hidden="true"><rect width="14" height="14" fill="{fill}" stroke="#888"/></svg> {}</li>"##,
            escape(text)
        )
    };
    out.push_str(&swatch("#c0392b", &said(lang, "chart-legend-bars", &[])));
    if with_phases {
        let mut bands: Vec<Band> = Vec::new();
        for p in &phases.periods {
            if !bands.contains(&p.band) {
                bands.push(p.band);
            }
        }
        for b in bands {
            out.push_str(&swatch(band_colour(b), label(lang, "band", b.name())));
        }
        if !phases.milestones.is_empty() {
            let _ = write!(
                out,
                r##"<li><svg width="14" height="14" aria-hidden="true"><line x1="7" x2="7" y1="0" y2="14" stroke="#2c3e50" stroke-dasharray="4,2"/></svg> {}</li>"##,
                escape(&said(lang, "chart-legend-milestone", &[]))
            );
        }
    }
    if phases.periods.iter().any(|p| !p.annotations.is_empty()) {
        let _ = write!(
            out,
            r##"<li><svg width="14" height="14" aria-hidden="true"><path d="M2,3 h10 l-5,9 z" fill="#8e44ad"/></svg> {}</li>"##,
            escape(&said(lang, "chart-legend-annotation", &[]))
        );
    }
    if selected.is_some() {
        let _ = write!(
            out,
            r##"<li><svg width="14" height="14" aria-hidden="true"><line x1="7" x2="7" y1="0" y2="14" stroke="#1a5276" stroke-width="2"/></svg> {}</li>"##,
            escape(&said(lang, "chart-legend-selected", &[]))
        );
    }
    let _ = write!(
        out,
        r#"</ul></figcaption><details class="chart-data"><summary>{}</summary><table><tr><th>{}</th><th class="num">{}</th><th class="num">{}</th></tr>"#,
        escape(&said(lang, "chart-data", &[])),
        escape(&said(lang, "chart-col-day", &[])),
        escape(&said(lang, "chart-col-value", &[])),
        escape(&said(lang, "chart-col-trend", &[]))
    );
    let shown = |v: Option<i64>| v.map_or_else(|| "—".to_string(), |v| v.to_string());
    for d in &phases.series {
        let _ = write!(
            out,
            r#"<tr><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            d.day,
            shown(d.value),
            shown(d.trend_value)
        );
    }
    out.push_str("</table></details></figure>");
    out
}

/// An annotation's note: as published, or, for the backlog the reports mark
/// (which carries no published note), said in the page's language.
fn annotation_note(a: &fangkong_domain::trend::PeriodNote, lang: crate::i18n::Lang) -> String {
    match (a.note.is_empty(), a.excluded_from_trend) {
        (true, Some(n)) => {
            crate::i18n::catalogue::format(lang, "chart-backlog", &[("n", n.into())])
        }
        _ => a.note.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::trend::{PhaseRules, phases};

    fn sample() -> Phases {
        let start = Day::parse("2020-02-01").expect("day");
        let values = [
            Some(1500),
            Some(1200),
            Some(800),
            Some(500),
            Some(300),
            None,
            Some(50),
            Some(20),
            Some(15),
        ];
        let series: Vec<(Day, Option<i64>)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (start.plus_days(i as i32).expect("day"), *v))
            .collect();
        phases(&series, &[], &PhaseRules::default())
    }

    #[test]
    fn every_known_day_is_a_bar_with_its_value_on_hover_and_missing_days_are_not() {
        let svg = trend_svg(&sample(), None, crate::i18n::Lang::Zh, true, Scale::Log);
        assert_eq!(
            svg.matches(r#"class="bar""#).count(),
            8,
            "the missing day has no bar"
        );
        assert!(svg.contains("<title>2020-02-01：1500</title>"));
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn periods_are_bands_and_milestones_are_marked() {
        let p = sample();
        let svg = trend_svg(
            &p,
            Day::parse("2020-02-04").ok(),
            crate::i18n::Lang::Zh,
            true,
            Scale::Log,
        );
        assert_eq!(
            svg.matches(r#"<rect class="band "#).count(),
            p.periods.len()
        );
        assert_eq!(
            svg.matches(r#"class="milestone""#).count(),
            p.milestones.len()
        );
        assert!(svg.contains(r#"class="selected""#));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }

    #[test]
    fn the_chart_has_a_name_weekly_dates_and_axis_titles() {
        let svg = trend_svg(&sample(), None, crate::i18n::Lang::Zh, true, Scale::Log);
        assert!(svg.contains(r#"role="img" class="trend" aria-label=""#));
        assert_eq!(
            svg.matches(r#"class="tick""#).count(),
            2,
            "02-01 and 02-08 of nine days"
        );
        assert!(
            svg.contains(">02-01</text>") && svg.contains(">02-08</text>"),
            "{svg}"
        );
        assert_eq!(svg.matches(">2020</text>").count(), 1, "the year once");
        assert_eq!(svg.matches(r#"class="axis-title""#).count(), 2);
    }

    #[test]
    fn the_figure_has_a_legend_for_every_colour_and_the_figures_as_a_table() {
        let p = sample();
        let en = trend_figure(
            &p,
            Day::parse("2020-02-04").ok(),
            crate::i18n::Lang::En,
            true,
            None,
            "/dashboard?date=2020-02-04",
        );
        let legend = en
            .split(r#"<ul class="legend">"#)
            .nth(1)
            .and_then(|l| l.split("</ul>").next())
            .expect("legend");
        let bands: std::collections::HashSet<_> = p.periods.iter().map(|x| x.band).collect();
        // The bars, each band drawn, the milestones, the selected day.
        assert_eq!(
            legend.matches("<li>").count(),
            1 + bands.len() + usize::from(!p.milestones.is_empty()) + 1,
            "{legend}"
        );
        assert!(
            en.contains(
                "<tr><td>2020-02-06</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>"
            ),
            "missing, not zero: {en}"
        );
        assert!(en.contains("<tr><td>2020-02-01</td><td class=\"num\">1500</td>"));
        let bare = trend_figure(&p, None, crate::i18n::Lang::Zh, false, None, "/d?");
        let legend = bare.split("</ul>").next().unwrap_or("");
        assert_eq!(legend.matches("<li>").count(), 1, "bars only: {legend}");
    }

    /// A compound's ten days of 0, 1 or 2 cases.
    fn small() -> Phases {
        let start = Day::parse("2020-03-01").expect("day");
        let series: Vec<(Day, Option<i64>)> = (0..10)
            .map(|i| (start.plus_days(i).expect("day"), Some(i64::from(i % 3))))
            .collect();
        phases(&series, &[], &PhaseRules::default())
    }

    /// The values of the y-axis gridlines' labels, bottom up.
    fn y_labels(svg: &str) -> Vec<String> {
        svg.split(r#"text-anchor="end">"#)
            .skip(1)
            .filter_map(|t| t.split("</text>").next())
            .filter(|t| t.parse::<i64>().is_ok())
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_scale_fits_a_small_units_counts() {
        let log = trend_svg(&small(), None, crate::i18n::Lang::Zh, false, Scale::Log);
        assert_eq!(y_labels(&log), ["1", "10"], "{log}");
        let city = trend_svg(&sample(), None, crate::i18n::Lang::Zh, true, Scale::Log);
        assert_eq!(y_labels(&city), ["1", "10", "100", "1000"]);
        // Linear: steps of 1, 2 or 5 × 10ⁿ, at most five, up to the tallest.
        let linear = trend_svg(&small(), None, crate::i18n::Lang::Zh, false, Scale::Linear);
        assert_eq!(y_labels(&linear), ["1", "2"], "{linear}");
        let city = trend_svg(&sample(), None, crate::i18n::Lang::Zh, true, Scale::Linear);
        assert_eq!(y_labels(&city), ["500", "1000", "1500"]);
    }

    #[test]
    fn a_linear_axis_ends_on_a_round_step_above_the_tallest() {
        assert_eq!(linear_axis(0), (1, 1));
        assert_eq!(linear_axis(2), (2, 1));
        assert_eq!(linear_axis(5), (5, 1));
        assert_eq!(linear_axis(6), (6, 2));
        assert_eq!(linear_axis(13), (15, 5));
        assert_eq!(linear_axis(1500), (1500, 500));
        assert_eq!(linear_axis(13_436), (15_000, 5000));
        for max in 1..3000 {
            let (top, step) = linear_axis(max);
            assert!(top >= max && top - max < step && top / step <= 5, "{max}");
        }
    }

    #[test]
    fn the_default_scale_is_linear_for_few_cases_and_the_switch_offers_the_other() {
        assert_eq!(Scale::fitting(2), Scale::Linear);
        assert_eq!(Scale::fitting(99), Scale::Linear);
        assert_eq!(Scale::fitting(13_436), Scale::Log);
        let compound = trend_figure(
            &small(),
            None,
            crate::i18n::Lang::Zh,
            false,
            None,
            "/units/K1?date=2020-03-05",
        );
        assert!(
            compound.contains(r#"<strong aria-current="true">线性</strong>"#),
            "{compound}"
        );
        assert!(
            compound
                .contains(r##"<a href="/units/K1?date=2020-03-05&amp;scale=log#trend">对数</a>"##)
        );
        let asked = trend_figure(
            &small(),
            None,
            crate::i18n::Lang::En,
            false,
            Some(Scale::Log),
            "/u?",
        );
        assert!(
            asked.contains(r#"<strong aria-current="true">log</strong>"#),
            "{asked}"
        );
        assert!(
            asked.contains("(log scale)"),
            "the axis says which: {asked}"
        );
        assert_eq!(Scale::parse("linear"), Some(Scale::Linear));
        assert_eq!(Scale::parse("loga"), None);
    }
}
