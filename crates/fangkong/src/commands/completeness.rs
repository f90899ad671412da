//! `fangkong completeness`: expected, received and on-time reports of one day.

use fangkong_store::Store;

use super::{date_or_today, unit_or_root};
use crate::cli::{CompletenessArgs, CompletenessView};
use crate::derive::rules;
use crate::output::{Cell, Format, Table};

/// Runs `completeness`.
pub async fn run(
    store: &Store,
    args: CompletenessArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = rules::load(rules_path)?;
    let code = unit_or_root(store, args.code.as_deref()).await?;
    let day = date_or_today(store, args.date.as_deref()).await?;
    let now = crate::clock::clock_in(store).await?.now();
    let c = store
        .completeness(&rules.quality.deadline, &code, day, now)
        .await?;
    if args.format == Format::Json {
        crate::out!("{}", serde_json::to_string_pretty(&c)?);
        return Ok(());
    }
    let table = match args.show {
        CompletenessView::Levels => {
            let mut t = Table::new(&[
                "level",
                "expected",
                "received",
                "on_time",
                "missing",
                "received_share",
            ]);
            for l in &c.levels {
                t.push(vec![
                    l.level.into(),
                    l.expected.into(),
                    l.received.into(),
                    l.on_time.into(),
                    l.missing.into(),
                    Cell::Decimal(100.0 * f64::from(l.received) / f64::from(l.expected.max(1))),
                ]);
            }
            t
        }
        CompletenessView::Missing | CompletenessView::Late => {
            let rows = if args.show == CompletenessView::Missing {
                &c.missing
            } else {
                &c.late
            };
            let mut t = Table::new(&[
                "code",
                "name",
                "parent",
                "responsible",
                "responsible_name",
                "on_duty",
                "on_duty_phone",
                "recorded_at",
            ]);
            for m in rows {
                t.push(vec![
                    m.code.to_string().into(),
                    m.name.clone().into(),
                    m.parent.clone().into(),
                    m.responsible.clone().into(),
                    m.responsible_name.clone().into(),
                    // Who is on post that day in the unit's community or
                    // village (the kept rota): the people to call.
                    m.on_duty_names().into(),
                    m.on_duty_phones(fangkong_domain::registry::mask::phone)
                        .into(),
                    m.recorded_at.map(|t| t.to_string()).into(),
                ]);
            }
            t
        }
    };
    if args.format == Format::Table {
        crate::out!(
            "{code} on {day}: due {} (Asia/Shanghai deadline {} day(s) after, {}); {} reporting units missing, {} late",
            c.due.map(|d| d.to_string()).unwrap_or_default(),
            rules.quality.deadline.days_after,
            rules.quality.deadline.time,
            c.missing.len(),
            c.late.len()
        );
    }
    table.print(args.format)
}
