//! `fangkong published` and `fangkong annotations`: the official series as stored.

use fangkong_store::Store;

use super::code_arg;
use crate::cli::{AnnotationsArgs, PublishedArgs};
use crate::output::Table;

/// Prints a unit's published series.
pub async fn series(store: &Store, args: PublishedArgs) -> anyhow::Result<()> {
    let code = code_arg("CODE", &args.code)?;
    let mut table = Table::new(&[
        "date",
        "new_confirmed",
        "new_suspected",
        "new_dead",
        "new_cured",
    ]);
    for d in store.published_series(&code).await? {
        table.push(vec![
            d.day.to_string().into(),
            d.new_confirmed.into(),
            d.new_suspected.into(),
            d.new_dead.into(),
            d.new_cured.into(),
        ]);
    }
    table.print(args.format)
}

/// Prints annotations.
pub async fn annotations(store: &Store, args: AnnotationsArgs) -> anyhow::Result<()> {
    let unit = args.unit.map(|u| code_arg("--unit", &u)).transpose()?;
    let mut table = Table::new(&["date", "unit_code", "kind", "excluded_from_trend", "note"]);
    for a in store.annotations(unit.as_ref()).await? {
        table.push(vec![
            a.day.to_string().into(),
            a.unit.as_str().into(),
            a.kind.name().into(),
            a.excluded_from_trend.into(),
            a.note.into(),
        ]);
    }
    table.print(args.format)
}
