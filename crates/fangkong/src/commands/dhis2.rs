//! `fangkong dhis2 export|import`: daily reports as DHIS2 data value sets.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use fangkong_domain::DailyReport;
use fangkong_domain::exchange::dhis2::{self, Assembler, DataValue, ValueProblem, ValueSink};
use fangkong_domain::exchange::dhis2_ids::{Directory, IdScheme, Resolving, Schemes};
use fangkong_domain::report::Submission;
use fangkong_exchange::dhis2::{Format, csv as dhis2_csv, json as dhis2_json, xml as dhis2_xml};
use fangkong_store::{Channel, Store};

use super::{day_arg, unit_or_root};
use crate::cli::Dhis2Command;
use crate::import::Rejected;
use crate::import::intake::ReportIntake;

/// Runs one DHIS2 command.
pub async fn run(
    store: &Store,
    cmd: Dhis2Command,
    rules_path: Option<&Path>,
) -> anyhow::Result<()> {
    match cmd {
        Dhis2Command::Export {
            code,
            from,
            to,
            format,
            id_scheme,
            output,
        } => {
            let scheme =
                IdScheme::parse(&id_scheme).map_err(|m| super::rejected_arg("--id-scheme", m))?;
            let from = day_arg("--from", &from)?;
            let to = day_arg("--to", &to)?;
            let code = unit_or_root(store, code.as_deref()).await?;
            let out: Box<dyn Write> = match &output {
                Some(p) => Box::new(BufWriter::new(
                    File::create(p).with_context(|| format!("creating {}", p.display()))?,
                )),
                None => Box::new(BufWriter::new(std::io::stdout().lock())),
            };
            let (values, reports) = export(store, &code, from, to, &format, scheme, out).await?;
            eprintln!(
                "exported {reports} reports of the units under {code} from {from} to {to} as {values} DHIS2 data values"
            );
            Ok(())
        }
        Dhis2Command::Import {
            file,
            format,
            id_scheme,
        } => {
            let label = file.display().to_string();
            let named = format
                .as_deref()
                .or_else(|| file.extension().and_then(|e| e.to_str()));
            let Some(format) = named.and_then(Format::of_extension) else {
                return Err(super::rejected_arg(
                    "--format",
                    format!("cannot tell the format of {label}: pass --format json, xml or csv"),
                )
                .into());
            };
            let schemes = match id_scheme {
                None => Schemes::default(),
                Some(text) => Schemes::all(
                    IdScheme::parse(&text).map_err(|m| super::rejected_arg("--id-scheme", m))?,
                ),
            };
            let rules = crate::derive::rules::load(rules_path)?;
            let written = import(store, &label, &file, format, schemes, &rules).await?;
            crate::out!("imported {written} daily reports from {label}");
            Ok(())
        }
    }
}

/// Writes the reports under `code` from `from` to `to`, day by day in unit order
/// (one day's reports in memory at a time). Returns (values, reports) written.
pub async fn export(
    store: &Store,
    code: &fangkong_domain::UnitCode,
    from: fangkong_domain::Day,
    to: fangkong_domain::Day,
    format: &str,
    scheme: IdScheme,
    out: Box<dyn Write>,
) -> anyhow::Result<(usize, usize)> {
    let units = store.units().await?;
    let directory = Directory::new(&units.history);
    let schemes = Schemes::all(scheme);
    let envelope = [
        ("dataSet", directory.data_set_id(scheme)),
        ("dataSetIdScheme", scheme.name().to_string()),
        ("dataElementIdScheme", scheme.name().to_string()),
        ("orgUnitIdScheme", scheme.name().to_string()),
    ];
    let mut json = None;
    let mut csv = None;
    let mut xml = None;
    match format {
        "csv" => csv = Some(dhis2_csv::Writer::new(out)?),
        "xml" => xml = Some(dhis2_xml::Writer::new(out, &envelope)?),
        _ => json = Some(dhis2_json::Writer::new(out, &envelope)?),
    }
    let mut reports = 0;
    let mut day = from;
    while day <= to {
        let tree = units
            .history
            .tree_on(day)
            .map_err(|e| anyhow::anyhow!("the stored tree of {day} is invalid: {}", e[0]))?;
        let root = tree.index_of(code);
        let mut todays: Vec<_> = store
            .latest_reports(day, day)
            .await?
            .into_values()
            .map(|r| r.report)
            .filter(|r| {
                matches!((root, tree.index_of(&r.unit)), (Some(root), Some(i)) if tree.is_within(i, root))
            })
            .collect();
        todays.sort_by(|a, b| a.unit.cmp(&b.unit));
        for r in &todays {
            for v in dhis2::to_values(r) {
                let v = directory.write(schemes, v);
                match (&mut json, &mut csv, &mut xml) {
                    (Some(w), _, _) => w.push(&v)?,
                    (_, Some(w), _) => w.push(&v)?,
                    (_, _, Some(w)) => w.push(&v)?,
                    _ => {}
                }
            }
        }
        reports += todays.len();
        let Some(next) = day.next() else { break };
        day = next;
    }
    let values = match (json, csv, xml) {
        (Some(w), _, _) => w.finish()?,
        (_, Some(w), _) => w.finish()?,
        (_, _, Some(w)) => w.finish()?,
        _ => 0,
    };
    Ok((values, reports))
}

/// Reads a data value set and files its reports in one transaction. The file is
/// parsed on a blocking thread and streamed to the writer report by report, so a
/// season (9 million values) is read in the memory of a few reports.
pub async fn import(
    store: &Store,
    label: &str,
    path: &Path,
    format: Format,
    schemes: Schemes,
    rules: &fangkong_domain::config::RulesConfig,
) -> anyhow::Result<usize> {
    let file = File::open(path).with_context(|| format!("reading {label}"))?;
    let (tx, mut rx) = tokio::sync::mpsc::channel::<(String, DailyReport)>(1_024);
    let units = store.units().await?;
    let directory = Directory::new(&units.history);
    let parser = tokio::task::spawn_blocking(move || {
        let feed = Feed {
            assembler: Assembler::new("DHIS2"),
            tx,
            reader_problems: Vec::new(),
            first_places: std::collections::HashMap::new(),
        };
        let mut resolving = Resolving::new(&directory, schemes, feed);
        let input = std::io::BufReader::with_capacity(1 << 20, file);
        fangkong_exchange::dhis2::read(format, input, &mut resolving);
        let (feed, _, _) = resolving.finish();
        let mut problems = feed.reader_problems;
        problems.extend(feed.assembler.finish());
        problems
    });
    let mut intake = ReportIntake::begin(
        store,
        &units,
        crate::clock::today(),
        Submission::New,
        label,
        Channel::Import,
        &crate::actor::cli_actor(),
    )
    .await?
    .with_rules(rules);
    let mut places = Vec::new();
    while let Some((place, report)) = rx.recv().await {
        places.push(format!(
            "{place} ({} {})",
            report.unit,
            dhis2::period_of(report.day)
        ));
        intake.offer(Some(places.len() as u64), report).await?;
    }
    let problems = parser.await?;
    if !problems.is_empty() {
        // `intake` drops here: its transaction rolls back.
        let mut rejected = Rejected::new(label);
        let named: Vec<String> = problems.iter().map(|p| p.place.clone()).collect();
        for (i, p) in problems.iter().enumerate() {
            rejected.add(Some(i as u64 + 1), Some(p.field), p.message.clone());
        }
        rejected.name_places(named);
        return Err(rejected.into());
    }
    intake.rejected().name_places(places);
    let [confirmed, suspected, contacts, fever] = dhis2::COUNT_ELEMENTS;
    intake.rejected().rename_fields(&[
        ("unit_code", "orgUnit"),
        ("date", "period"),
        ("new_confirmed", confirmed),
        ("new_suspected", suspected),
        ("new_close_contacts", contacts),
        ("new_fever", fever),
    ]);
    intake.finish().await
}

/// The parser thread's end: values go to the assembler, finished reports to the
/// writer.
struct Feed {
    assembler: Assembler,
    tx: tokio::sync::mpsc::Sender<(String, DailyReport)>,
    reader_problems: Vec<ValueProblem>,
    /// Where each report (org unit and period) begins: its problems are named
    /// at its first value, where its org unit is first given.
    first_places: std::collections::HashMap<(String, String), String>,
}

impl ValueSink for Feed {
    fn value(&mut self, place: String, value: DataValue) {
        let key = (value.org_unit.clone(), value.period.clone());
        let first = self
            .first_places
            .entry(key.clone())
            .or_insert_with(|| place.clone())
            .clone();
        if let Some(report) = self.assembler.push(place, value) {
            self.first_places.remove(&key);
            // The writer stopped only on an error it reports itself.
            let _ = self.tx.blocking_send((first, report));
        }
    }
    fn problem(&mut self, problem: ValueProblem) {
        self.reader_problems.push(problem);
    }
}
