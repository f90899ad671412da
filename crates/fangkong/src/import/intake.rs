//! `ReportIntake`: checks reports and writes them as revisions inside one
//! transaction, on two cores at once.
//!
//! The caller parses and checks each report against the tree of its day (this
//! thread); a writer task decides revision numbers against what is stored and
//! writes in 1,000-row statements (the other core, with SQLite's own thread). The
//! writer never commits: it hands the open transaction back, and it is committed
//! only if neither side found a problem. Dropped, it rolls back.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use fangkong_domain::config::RulesConfig;
use fangkong_domain::limits::Limits;
use fangkong_domain::quality::{QualityRules, Severity};
use fangkong_domain::report::{ReportingStatus, Submission, next_revision};
use fangkong_domain::unit::TreeCalendar;
use fangkong_domain::{DailyReport, Day};
use fangkong_store::{
    AuditEntry, Channel, NewRevision, Outcome, Provenance, ReportBatch, ReportKey, Store,
    StoredUnits, revision_entry,
};
use jiff::Timestamp;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use super::Rejected;
use super::fast_hash::FxHashMap;

/// Rows checked against stored revisions in one query, and written in one statement.
const CHUNK: usize = 1_000;

/// A checked report waiting for its revision number: its line, unit key, report
/// and provenance.
type Pending = (Option<u64>, i64, DailyReport, Provenance);

/// What each known code is on one tree epoch: its database key and reporting status.
type UnitFacts = FxHashMap<String, (Option<i64>, ReportingStatus)>;

/// What the writer hands back: the open transaction, the revision problems it
/// found, and how many revisions it wrote.
type WriterOutcome = (ReportBatch, Rejected, usize);

/// Checks reports and writes them as revisions inside one transaction.
pub struct ReportIntake<'a> {
    units: &'a StoredUnits,
    calendar: TreeCalendar<'a>,
    /// What each code is on each tree epoch, with its database key: one lookup per
    /// report instead of three.
    facts: FxHashMap<Option<Day>, UnitFacts>,
    today: Day,
    limits: Limits,
    quality: QualityRules,
    first_line: FxHashMap<ReportKey, Option<u64>>,
    pending: Vec<Pending>,
    rejected: Rejected,
    failed: Arc<AtomicBool>,
    channel: Channel,
    source: String,
    actor: String,
    /// When the reports are recorded, on the database's clock.
    now: Timestamp,
    to_writer: mpsc::Sender<Vec<Pending>>,
    writer: JoinHandle<anyhow::Result<WriterOutcome>>,
}

impl<'a> ReportIntake<'a> {
    /// Opens the transaction. `source` names the input in messages and in the
    /// audit log; `actor` is who is writing; `channel` how the reports came.
    pub async fn begin(
        store: &Store,
        units: &'a StoredUnits,
        today: Day,
        submission: Submission,
        source: &str,
        channel: Channel,
        actor: &str,
    ) -> anyhow::Result<ReportIntake<'a>> {
        let stored_span = store.report_span().await?;
        // A row can collide only with a stored report of its unit and day.
        let stored_units = match stored_span {
            Some(_) => store.units_with_reports().await?,
            None => HashSet::new(),
        };
        // Recorded on the database's one clock (the replayed day on the demo).
        let now = crate::clock::now_in(store).await?;
        let batch = store.begin_reports(now).await?;
        let failed = Arc::new(AtomicBool::new(false));
        // Two chunks in flight: the parser stays one chunk ahead of the writer.
        let (to_writer, from_parser) = mpsc::channel(2);
        let writer = tokio::spawn(write(
            batch,
            from_parser,
            submission,
            Stored {
                span: stored_span,
                units: stored_units,
            },
            Arc::clone(&failed),
            Rejected::new(source),
            Auditing {
                at: now,
                actor: actor.to_string(),
                itemized: channel == Channel::Cli,
            },
        ));
        Ok(ReportIntake {
            units,
            calendar: TreeCalendar::new(&units.history),
            facts: FxHashMap::default(),
            today,
            limits: Limits::default(),
            quality: QualityRules::default(),
            first_line: FxHashMap::default(),
            pending: Vec::with_capacity(CHUNK),
            rejected: Rejected::new(source),
            failed,
            channel,
            source: source.to_string(),
            actor: actor.to_string(),
            now,
            to_writer,
            writer,
        })
    }

    /// Checks every report against these rules' validation rules (their errors
    /// refuse the line; warnings are left to the data-quality page) and limits.
    pub fn with_rules(mut self, rules: &RulesConfig) -> Self {
        self.quality = rules.quality.clone();
        self.limits = rules.limits;
        self
    }

    /// The problems found so far, to add parse errors to.
    pub fn rejected(&mut self) -> &mut Rejected {
        &mut self.rejected
    }

    /// Checks one parsed report against the rules and queues it for writing.
    pub async fn offer(&mut self, line: Option<u64>, report: DailyReport) -> anyhow::Result<()> {
        let provenance = Provenance::from(self.channel);
        self.offer_with(line, report, provenance).await
    }

    /// As [`ReportIntake::offer`], with how this report came in (a replayed
    /// season's submission times, for instance).
    pub async fn offer_with(
        &mut self,
        line: Option<u64>,
        report: DailyReport,
        provenance: Provenance,
    ) -> anyhow::Result<()> {
        let epoch = self.calendar.epoch_of(report.day);
        if !self.facts.contains_key(&epoch) {
            let facts = self.facts_on(report.day)?;
            self.facts.insert(epoch, facts);
        }
        let (unit_id, status) = self
            .facts
            .get(&epoch)
            .and_then(|f| f.get(report.unit.as_str()))
            .cloned()
            .unwrap_or((None, ReportingStatus::Unknown));
        for e in report.check(self.today, &status, &self.limits) {
            self.rejected.add(line, Some(e.field()), e.to_string());
        }
        if let ReportingStatus::Reporting { population } = status {
            for f in self.quality.on_filing(&report, population) {
                if f.severity == Severity::Error {
                    let field = self.quality.field_of(&f.rule).unwrap_or("unit_code");
                    self.rejected
                        .add(line, Some(field), format!("{}: {}", f.rule, f.message));
                }
            }
        }
        let unit_id = match unit_id {
            Some(id) if self.rejected.is_empty() || !self.rejected.is_line(line) => id,
            _ => return Ok(()),
        };
        if let Some(first) = self.first_line.insert((unit_id, report.day), line) {
            let at = first
                .map(|l| format!(" (first on line {l})"))
                .unwrap_or_default();
            self.rejected.add(
                line,
                Some("unit_code"),
                format!("unit {} appears twice for {}{at}", report.unit, report.day),
            );
            return Ok(());
        }
        self.pending.push((line, unit_id, report, provenance));
        if self.pending.len() >= CHUNK {
            self.send().await?;
        }
        Ok(())
    }

    /// What every known code is on `day`'s tree.
    fn facts_on(&mut self, day: Day) -> anyhow::Result<UnitFacts> {
        let tree = self.calendar.tree_on(day).map_err(|errors| {
            anyhow::anyhow!(
                "the stored unit tree of {day} is invalid: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        })?;
        Ok(self
            .units
            .history
            .codes()
            .map(|code| {
                let status = ReportingStatus::of(tree, code, true);
                (
                    code.as_str().to_string(),
                    (self.units.ids.get(code).copied(), status),
                )
            })
            .collect())
    }

    async fn send(&mut self) -> anyhow::Result<()> {
        if !self.rejected.is_empty() {
            self.failed.store(true, Ordering::Relaxed);
        }
        let chunk = std::mem::replace(&mut self.pending, Vec::with_capacity(CHUNK));
        if self.to_writer.send(chunk).await.is_err() {
            // The writer stopped early: its own error is reported by `finish`.
            self.failed.store(true, Ordering::Relaxed);
        }
        Ok(())
    }

    /// Commits everything if no problem was found; otherwise rolls everything back
    /// and returns the rejection. Returns how many revisions were written.
    pub async fn finish(mut self) -> anyhow::Result<usize> {
        self.send().await?;
        drop(self.to_writer);
        let (mut batch, revision_problems, written) = self.writer.await??;
        self.rejected.merge(revision_problems);
        if !self.rejected.is_empty() {
            return Err(self.rejected.into()); // `batch` drops here: rollback
        }
        if written > 0 {
            batch
                .audit(&[AuditEntry::new(
                    self.now,
                    Some(&self.actor),
                    "reports.import",
                    Outcome::Done,
                )
                .on(self.source.clone())
                .values(None, Some(format!("{written} revisions")))])
                .await?;
        }
        batch.commit().await?;
        Ok(written)
    }
}

/// Who the writer's audit entries name, and whether every new report gets its
/// own entry (a report filed by hand) or only corrections do (a bulk import).
struct Auditing {
    at: Timestamp,
    actor: String,
    itemized: bool,
}

/// The writer task: decides revisions against stored reports (inside the same
/// transaction, so decision and write see the same data) and writes while all is
/// well.
/// What was stored before the import began: the span of days with reports
/// and the units that have any.
struct Stored {
    span: Option<(Day, Day)>,
    units: HashSet<i64>,
}

impl Stored {
    /// Whether a stored report of `unit` on `day` may exist.
    fn may_hold(&self, unit: i64, day: Day) -> bool {
        self.span.is_some_and(|(a, b)| a <= day && day <= b) && self.units.contains(&unit)
    }
}

async fn write(
    mut batch: ReportBatch,
    mut from_parser: mpsc::Receiver<Vec<Pending>>,
    submission: Submission,
    stored: Stored,
    failed: Arc<AtomicBool>,
    mut rejected: Rejected,
    auditing: Auditing,
) -> anyhow::Result<WriterOutcome> {
    let Auditing {
        at,
        actor,
        itemized,
    } = auditing;
    let reason = match &submission {
        Submission::New => None,
        Submission::Correction { reason } => Some(reason.trim().to_string()),
    };
    let mut written = 0;
    while let Some(pending) = from_parser.recv().await {
        // Only a unit with stored reports, on a day inside their span, can
        // collide with a stored report (rows of this file cannot: a key twice
        // in it is refused above).
        let keys: Vec<ReportKey> = pending
            .iter()
            .filter(|(_, id, r, _)| stored.may_hold(*id, r.day))
            .map(|(_, id, r, _)| (*id, r.day))
            .collect();
        let latest = if keys.is_empty() {
            HashMap::new()
        } else {
            batch.latest_for(&keys).await?
        };
        let mut rows = Vec::with_capacity(pending.len());
        let mut corrections = Vec::new();
        for (line, unit_id, report, provenance) in pending {
            let before = latest
                .get(&(unit_id, report.day))
                .map(|r| (r.revision, &r.report));
            match next_revision(before, &report, &submission) {
                Ok(revision) => {
                    // Each correction is audited with its old and new values; new
                    // reports of a bulk import are counted in the import's one entry,
                    // a report filed by hand (`fangkong report`) gets its own.
                    if before.is_some() || itemized {
                        corrections.push(revision_entry(
                            at,
                            &actor,
                            before.map(|(_, old)| old),
                            &report,
                            revision,
                            reason.clone(),
                        ));
                    }
                    rows.push(NewRevision {
                        unit_id,
                        revision,
                        reason: reason.clone(),
                        report,
                        provenance,
                    })
                }
                Err(e) => rejected.add(line, Some("unit_code"), e.to_string()),
            }
        }
        if rejected.is_empty() && !failed.load(Ordering::Relaxed) {
            let n = rows.len();
            batch.insert(rows).await?;
            batch.audit(&corrections).await?;
            written += n;
        }
    }
    Ok((batch, rejected, written))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).expect("day")
    }

    #[test]
    fn only_a_unit_with_reports_on_a_day_in_their_span_is_checked() {
        let stored = Stored {
            span: Some((day("2020-02-01"), day("2020-02-10"))),
            units: HashSet::from([7]),
        };
        assert!(stored.may_hold(7, day("2020-02-05")));
        assert!(
            !stored.may_hold(8, day("2020-02-05")),
            "a unit without reports"
        );
        assert!(
            !stored.may_hold(7, day("2020-02-11")),
            "a day after the span"
        );
        let empty = Stored {
            span: None,
            units: HashSet::new(),
        };
        assert!(!empty.may_hold(7, day("2020-02-05")));
    }
}
