//! Rt under the trend chart, as server-rendered SVG on the same days: each
//! window's posterior mean at its last day, its 95% interval as a band, and the
//! line R = 1. Windows resting on too few cases (the prior speaks more than the
//! data) are not drawn; windows with no estimate are gaps; a mean above the
//! scale is marked as clipped at its top. Every point has a `<title>` with its
//! figures, in the page's language.

use std::fmt::Write;

use fangkong_domain::Day;
use fangkong_domain::trend::outlook::Outlook;

use crate::chart::{LEFT, RIGHT, WIDTH, escape, week_ticks};
use crate::i18n::Lang;

const HEIGHT: f64 = 170.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 30.0;

/// The Rt chart over the days `first..=last` (the trend chart's).
pub fn rt_svg(
    first: Day,
    last: Day,
    windows: &[Outlook],
    selected: Option<Day>,
    lang: Lang,
) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="rt" aria-label="{name}"><title>{name}</title>"#,
        name = escape(&crate::i18n::catalogue::format(lang, "rt-chart-name", &[]))
    );
    let n = (last.offset_from(first) + 1).max(1) as f64;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x_of = |d: Day| LEFT + plot_w * (f64::from(d.offset_from(first)) + 0.5) / n;
    // The scale: at least 0–3, at most 0–10 (early windows can reach far higher;
    // their points are clipped and say so on hover).
    let top = windows
        .iter()
        .filter(|w| !w.rt.too_few_cases)
        .filter_map(|w| w.rt.posterior.map(|p| p.q975))
        .fold(3.0_f64, f64::max)
        .min(10.0)
        .ceil();
    let y_of = |r: f64| TOP + plot_h * (1.0 - r.clamp(0.0, top) / top);
    for r in 0..=(top as u32) {
        let y = y_of(f64::from(r));
        let (stroke, dash) = if r == 1 {
            ("#c0392b", "")
        } else {
            ("#ccc", r#" stroke-dasharray="2,3""#)
        };
        let _ = write!(
            svg,
            r##"<line class="{}" x1="{LEFT}" x2="{:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{stroke}"{dash}/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{}</text>"##,
            if r == 1 { "r-one" } else { "grid" },
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 3.0,
            if r == 1 {
                "R=1".to_string()
            } else {
                r.to_string()
            }
        );
    }
    // The interval as bands between consecutive well-founded windows.
    let solid: Vec<(Day, f64, f64, f64)> = windows
        .iter()
        .filter(|w| !w.rt.too_few_cases && w.rt.end >= first && w.rt.end <= last)
        .filter_map(|w| w.rt.posterior.map(|p| (w.rt.end, p.mean, p.q025, p.q975)))
        .collect();
    for pair in solid.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.0.offset_from(a.0) != 1 {
            continue;
        }
        let _ = write!(
            svg,
            r##"<path class="interval" d="M{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="#aed6f1" stroke="none"/><line class="mean" x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="#1a5276" stroke-width="1.5"/>"##,
            x_of(a.0),
            y_of(a.3),
            x_of(b.0),
            y_of(b.3),
            x_of(b.0),
            y_of(b.2),
            x_of(a.0),
            y_of(a.2),
            x_of(a.0),
            y_of(a.1),
            x_of(b.0),
            y_of(b.1)
        );
    }
    for w in windows
        .iter()
        .filter(|w| w.rt.end >= first && w.rt.end <= last && !w.rt.too_few_cases)
    {
        let Some(p) = w.rt.posterior else { continue };
        let clipped = p.mean > top;
        let shown = crate::i18n::catalogue::format(
            lang,
            if clipped {
                "rt-point-clipped"
            } else {
                "rt-point"
            },
            &[
                ("from", w.rt.start.to_string().into()),
                ("to", w.rt.end.to_string().into()),
                ("mean", format!("{:.2}", p.mean).into()),
                ("low", format!("{:.2}", p.q025).into()),
                ("high", format!("{:.2}", p.q975).into()),
                ("cases", w.rt.cases.into()),
            ],
        );
        let (x, y) = (x_of(w.rt.end), y_of(p.mean));
        if clipped {
            let _ = write!(
                svg,
                r##"<path class="point clipped" d="M{:.1},{:.1} L{:.1},{:.1} L{:.1},{:.1} Z" fill="#c0392b"><title>{}</title></path>"##,
                x,
                y - 1.0,
                x - 3.0,
                y + 4.0,
                x + 3.0,
                y + 4.0,
                escape(&shown)
            );
        } else {
            let _ = write!(
                svg,
                r##"<circle class="point" cx="{x:.1}" cy="{y:.1}" r="2.2" fill="#1a5276" stroke="#1a5276"><title>{}</title></circle>"##,
                escape(&shown)
            );
        }
    }
    if let Some(day) = selected.filter(|d| *d >= first && *d <= last) {
        let x = x_of(day);
        let _ = write!(
            svg,
            r##"<line class="selected" x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{:.1}" stroke="#1a5276" stroke-width="1"/>"##,
            TOP + plot_h
        );
    }
    week_ticks(&mut svg, first, last, x_of, TOP + plot_h);
    let _ = write!(
        svg,
        r#"<text class="axis-title" transform="rotate(-90)" x="{:.1}" y="11" font-size="11" text-anchor="middle">Rt</text></svg>"#,
        -(TOP + plot_h / 2.0)
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use fangkong_domain::trend::outlook::outlook;
    use fangkong_domain::trend::rt::{RtCache, RtSettings};

    #[test]
    fn rt_is_drawn_with_its_interval_and_the_line_r_equals_one() {
        let d0 = Day::parse("2020-01-20").expect("day");
        let series: Vec<(Day, Option<i64>)> = (0..40)
            .map(|i| {
                (
                    d0.plus_days(i).expect("day"),
                    Some(if i < 25 { 20 + 10 * i64::from(i) } else { 0 }),
                )
            })
            .collect();
        let windows =
            outlook(&series, &RtSettings::default(), &mut RtCache::default()).expect("outlook");
        let last = d0.plus_days(39).expect("day");
        let svg = rt_svg(d0, last, &windows, Some(last), Lang::Zh);
        assert_eq!(
            svg.matches(r#"class="r-one""#).count(),
            1,
            "R = 1 drawn once"
        );
        // See: issue 16. Only the windows resting on enough cases are drawn:
        // the last ones, with too few, would draw the prior.
        let founded = windows
            .iter()
            .filter(|w| w.rt.posterior.is_some() && !w.rt.too_few_cases)
            .count();
        assert!(windows.iter().any(|w| w.rt.too_few_cases));
        assert_eq!(
            svg.matches("<circle").count() + svg.matches(r#"class="point clipped""#).count(),
            founded
        );
        assert!(svg.contains(r#"class="interval""#));
        assert!(!svg.contains("prior"), "{svg}");
        assert!(svg.contains(" 例"), "titles in the page's language");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn an_estimate_above_the_scale_is_marked_clipped() {
        // A series exploding from a handful: its first windows are far above 10.
        let d0 = Day::parse("2020-01-20").expect("day");
        let series: Vec<(Day, Option<i64>)> = (0..20)
            .map(|i| {
                (
                    d0.plus_days(i).expect("day"),
                    Some(if i < 8 { 1 } else { 400 * i64::from(i) }),
                )
            })
            .collect();
        let windows =
            outlook(&series, &RtSettings::default(), &mut RtCache::default()).expect("outlook");
        let last = d0.plus_days(19).expect("day");
        let svg = rt_svg(d0, last, &windows, None, Lang::En);
        assert!(
            svg.contains(r#"class="point clipped""#) && svg.contains("above the scale"),
            "{svg}"
        );
    }

    #[test]
    fn the_rt_chart_has_a_name_and_a_date_axis() {
        let first = Day::parse("2020-02-01").expect("day");
        let last = Day::parse("2020-02-20").expect("day");
        let svg = rt_svg(first, last, &[], None, Lang::En);
        assert!(svg.contains(r#"class="rt" aria-label=""#), "{svg}");
        assert_eq!(
            svg.matches(r#"class="tick""#).count(),
            3,
            "02-01, 02-08, 02-15"
        );
        assert!(
            svg.contains(">02-01</text>")
                && svg.contains(">02-15</text>")
                && svg.contains(">2020</text>")
        );
    }
}
