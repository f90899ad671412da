//! `fangkong burden`: the grassroots' load, by level or by unit.

use fangkong_store::Store;

use super::{date_or_today, day_arg, unit_or_root};
use crate::cli::BurdenArgs;
use crate::output::{Cell, Format, Table};

/// Runs `burden`.
pub async fn run(store: &Store, args: BurdenArgs) -> anyhow::Result<()> {
    let code = unit_or_root(store, args.code.as_deref()).await?;
    let to = date_or_today(store, args.to.as_deref()).await?;
    let from = match &args.from {
        Some(d) => day_arg("--from", d)?,
        None => to.plus_days(-13).unwrap_or(to),
    };
    if to < from {
        return Err(super::rejected_arg("--to", format!("{to} is before --from {from}")).into());
    }
    let b = store.burden(&code, from, to).await?;
    if args.format == Format::Json {
        crate::out!("{}", serde_json::to_string_pretty(&b)?);
        return Ok(());
    }
    let decimal = |x: Option<f64>| x.map_or(Cell::Empty, Cell::Decimal);
    let table = if args.units {
        let mut t = Table::new(&[
            "code",
            "name",
            "days",
            "forms",
            "corrections",
            "fields_changed",
        ]);
        for u in &b.heaviest {
            t.push(vec![
                u.code.to_string().into(),
                u.name.clone().into(),
                u.days.into(),
                u.forms.into(),
                (u.forms - u.days).into(),
                u.fields_changed.into(),
            ]);
        }
        t
    } else {
        let mut t = Table::new(&[
            "level",
            "units",
            "unit_days",
            "forms",
            "forms_per_unit_day",
            "days_with_corrections",
            "mean_fields_changed",
            "median_seconds_to_submit",
            "timed_forms",
        ]);
        for l in &b.levels {
            t.push(vec![
                l.level.into(),
                l.units.into(),
                l.unit_days.into(),
                l.forms.into(),
                Cell::Decimal(l.forms_per_unit_day),
                l.days_with_corrections.into(),
                decimal(l.mean_fields_changed),
                decimal(l.median_seconds_to_submit),
                l.timed_forms.into(),
            ]);
        }
        t
    };
    if args.format == Format::Table {
        crate::out!("{code} from {from} to {to}: one form per unit and day is the goal");
    }
    table.print(args.format)
}
