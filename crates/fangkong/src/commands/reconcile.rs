//! `fangkong reconcile`: reports summed over a subtree against the published series.

use fangkong_store::Store;
use fangkong_store::truth::reconciliation;

use super::{code_arg, day_arg};
use crate::cli::ReconcileArgs;
use crate::output::{Format, Table};

/// Runs `reconcile`.
pub async fn run(store: &Store, args: ReconcileArgs) -> anyhow::Result<()> {
    let code = code_arg("CODE", &args.code)?;
    let from = day_arg("--from", &args.from)?;
    let to = day_arg("--to", &args.to)?;
    if to < from {
        return Err(super::rejected_arg("--to", format!("{to} is before --from {from}")).into());
    }
    if !store.units().await?.ids.contains_key(&code) {
        return Err(super::rejected_arg("CODE", format!("no unit has the code {code}")).into());
    }
    let r = reconciliation(store, &code, from, to).await?;
    let days: Vec<_> = r
        .days
        .iter()
        .filter(|d| !args.differences || d.difference.is_some_and(|x| x != 0))
        .collect();
    if args.format == Format::Json {
        let doc = serde_json::json!({
            "unit": code.as_str(),
            "from": from,
            "to": to,
            "summary": r.summary,
            "days": days,
        });
        crate::out!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    let mut table = Table::new(&[
        "date",
        "reports",
        "published",
        "difference",
        "reporting_units",
        "registry",
        "registry_difference",
    ]);
    for d in &days {
        table.push(vec![
            d.date.to_string().into(),
            d.reports.into(),
            d.published.into(),
            d.difference.into(),
            d.reporting_units.into(),
            d.registry.into(),
            d.registry_difference.into(),
        ]);
    }
    if args.format == Format::Table {
        let s = &r.summary;
        crate::out!(
            "{code} from {from} to {to}: {} days compared, {} agree, {} differ (total |difference| {}{}); {} days without reports, {} without published figures",
            s.compared,
            s.agreeing,
            s.differing,
            s.total_absolute_difference,
            s.largest
                .map(|(d, x)| format!(", largest {x:+} on {d}"))
                .unwrap_or_default(),
            s.reports_missing,
            s.published_missing
        );
        if let (Some(n), Some(total)) = (s.registry_differing, s.registry_total_absolute_difference)
        {
            crate::out!(
                "reports against the registry: {n} days differ (total |difference| {total})"
            );
        }
    }
    table.print(args.format)
}
