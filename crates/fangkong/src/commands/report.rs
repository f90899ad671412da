//! `fangkong report`: one daily report (or correction) from flags, through the
//! same checks as the CSV import.

use fangkong_store::Store;

use crate::cli::ReportArgs;
use crate::clock;
use crate::import::Rejected;
use crate::import::intake::ReportIntake;
use crate::import::reports::{MeasuresText, ReportText, parse_report};

/// Files the report and says which revision it became.
pub async fn run(
    store: &Store,
    args: ReportArgs,
    rules_path: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let rules = crate::derive::rules::load(rules_path)?;
    let quality = &rules.quality;
    let text = ReportText {
        date: &args.date,
        unit_code: &args.unit,
        counts: [
            &args.confirmed,
            &args.suspected,
            &args.close_contacts,
            &args.fever,
        ],
        measures: MeasuresText::List(&args.in_place),
        reporter: &args.reporter,
        remark: args.remark.as_deref().unwrap_or(""),
        backlog: args.backlog.as_deref().unwrap_or(""),
    };
    let submission = super::submission(args.correct, args.reason, &rules.limits)?;
    let units = store.units().await?;
    let mut intake = ReportIntake::begin(
        store,
        &units,
        clock::today(),
        submission,
        "report",
        fangkong_store::Channel::Cli,
        &crate::actor::cli_actor(),
    )
    .await?
    .with_rules(&rules);
    let Some(report) = parse_report(&text, None, intake.rejected()) else {
        let mut r = Rejected::new("report");
        std::mem::swap(&mut r, intake.rejected());
        return Err(r.into());
    };
    let (unit, day) = (report.unit.clone(), report.day);
    let population = units.history.latest(&unit).and_then(|v| v.population);
    let warnings = quality.on_filing(&report, population);
    intake.offer(None, report).await?;
    intake.finish().await?;
    let history = store.report_history(&unit, day).await?;
    let revision = history.last().map(|r| r.revision).unwrap_or(1);
    if revision == 1 {
        crate::out!("recorded the report of {unit} for {day}");
    } else {
        crate::out!(
            "recorded revision {revision} of the report of {unit} for {day}; earlier revisions stay readable with `fangkong history {unit} {day}`"
        );
    }
    for w in warnings {
        crate::out!("warning ({}): {}", w.rule, w.message);
    }
    Ok(())
}
