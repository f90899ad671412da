//! The trend chart as server-rendered SVG: one bar per day on a logarithmic scale
//! (the bands are orders of magnitude, so the scale shows them as equal steps),
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

fn band_colour(band: Band) -> &'static str {
    match band {
        Band::High => "#f8d0d0",
        Band::Middle => "#fbe3c4",
        Band::Low => "#fdf3c0",
        Band::Tail => "#e1f0d8",
        Band::Zero => "#d8ecf3",
    }
}

/// The chart of `phases`, with `selected` marked, its titles in `lang`. The
/// periods and milestones are drawn only where `with_phases` (a series large
/// enough to have them).
pub fn trend_svg(
    phases: &Phases,
    selected: Option<Day>,
    lang: crate::i18n::Lang,
    with_phases: bool,
) -> String {
    use crate::i18n::catalogue::{format as said, label};
    let band_label = |b: fangkong_domain::trend::Band| label(lang, "band", b.name());
    let days = &phases.series;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="trend">"#
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
    let max = days
        .iter()
        .filter_map(|d| d.trend_value)
        .max()
        .unwrap_or(0)
        .max(1);
    let top_log = ((max + 1) as f64).log10().max(4.0);
    let y_of = |v: i64| TOP + plot_h * (1.0 - ((v.max(0) + 1) as f64).log10() / top_log);

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
    for (label, v) in [
        ("1", 1),
        ("10", 10),
        ("100", 100),
        ("1000", 1000),
        ("10000", 10000),
    ] {
        if ((v + 1) as f64).log10() > top_log {
            continue;
        }
        let y = y_of(v);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="#bbb" stroke-dasharray="2,3"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{label}</text>"##,
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
    let _ = write!(
        svg,
        r#"<text x="{LEFT}" y="{:.1}" font-size="11">{}</text><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text></svg>"#,
        HEIGHT - 8.0,
        first.day,
        WIDTH - RIGHT,
        HEIGHT - 8.0,
        last.day
    );
    svg
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
        let svg = trend_svg(&sample(), None, crate::i18n::Lang::Zh, true);
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
}
