//! Filing reports one at a time from interactive clients (the form, the API), in
//! groups: many clients' reports share one transaction and one disk sync, and
//! each is decided, written and audited exactly as if it were alone.

use std::collections::HashMap;

use fangkong_domain::report::{ReportRevision, RevisionError, Submission, next_revision};
use fangkong_domain::{DailyReport, Day, Measure};
use jiff::Timestamp;
use sqlx::{AnyConnection, Row};

use crate::Backend;
use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_count, encode_timestamp};

use crate::sql::Sql;
use crate::{Store, StoreError};

/// One report to file.
#[derive(Debug, Clone)]
pub struct Filing {
    /// The unit's database key.
    pub unit_id: i64,
    /// The report, already checked against the unit tree.
    pub report: DailyReport,
    /// New, or a correction with its reason.
    pub submission: Submission,
    /// The client's key for this submission: sent twice, recorded once.
    pub submission_id: Option<String>,
    /// The account filing it.
    pub actor: String,
    /// How it came in (the form's timing, the channel).
    pub provenance: crate::Provenance,
}

/// What became of a filing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filed {
    /// Recorded as this revision.
    Recorded {
        /// The revision number.
        revision: u32,
    },
    /// This submission id was recorded before, as this revision: nothing new.
    Repeated {
        /// The revision it became the first time.
        revision: u32,
    },
    /// Refused by the revision rules (a duplicate, nothing to correct, …).
    Refused(RevisionError),
}

impl Store {
    /// Files `filings` in order inside one transaction, each with its audit line,
    /// and commits once. A later filing sees the earlier ones (two corrections of
    /// one report in the same group become revisions n+1 and n+2).
    pub async fn file_reports(
        &self,
        filings: &[Filing],
        at: Timestamp,
    ) -> Result<Vec<Filed>, StoreError> {
        let mut tx = self.begin_write().await?;
        let out = file_group(&mut tx, filings, at).await?;
        tx.commit().await?;
        Ok(out)
    }
}

impl Store {
    /// Files `filings` all or none: in one transaction, committed only if every
    /// one is recorded (a refusal by the revision rules, such as a report filed
    /// meanwhile by someone else, rolls all of them back). A bulk exchange
    /// (DHIS2's data value sets) is then never half-imported.
    pub async fn file_reports_together(
        &self,
        filings: &[Filing],
        at: Timestamp,
    ) -> Result<Together, StoreError> {
        let mut tx = self.begin_write().await?;
        let each = file_group(&mut tx, filings, at).await?;
        let committed = each.iter().all(|f| matches!(f, Filed::Recorded { .. }));
        if committed {
            tx.commit().await?;
        }
        // Otherwise `tx` drops here: rollback.
        Ok(Together { committed, each })
    }
}

/// What became of filings filed all or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Together {
    /// Whether they were written (every one recorded).
    pub committed: bool,
    /// What became of each, in order (as decided before a rollback).
    pub each: Vec<Filed>,
}

/// Rows per multi-row INSERT of a group: 22 values a row stays under SQLite's
/// 32,766 bound values.
const ROWS_PER_INSERT: usize = 1_000;

/// Keys per lookup of a group's submission ids and latest revisions.
const KEYS_PER_LOOKUP: usize = 500;

/// Files a group in a handful of statements whatever its size: the submission
/// ids already stored and the latest revision of every key are read at once,
/// each filing is decided in order in memory (a later one sees the earlier
/// ones, as if each were alone), then the recorded revisions and their audit
/// lines are written in one statement each.
async fn file_group(
    conn: &mut AnyConnection,
    filings: &[Filing],
    at: Timestamp,
) -> Result<Vec<Filed>, StoreError> {
    let backend = Backend::of(conn);
    let recorded_at = encode_timestamp(at);
    let mut seen = stored_submissions(conn, filings).await?;
    let mut latest = latest_of(conn, filings).await?;
    let mut out = Vec::with_capacity(filings.len());
    let mut rows = Vec::with_capacity(filings.len());
    let mut entries = Vec::with_capacity(filings.len());
    for f in filings {
        if let Some(revision) = f.submission_id.as_ref().and_then(|id| seen.get(id)) {
            out.push(Filed::Repeated {
                revision: *revision,
            });
            continue;
        }
        let key = (f.unit_id, f.report.day);
        let before = latest.get(&key);
        let revision = match next_revision(
            before.map(|l| (l.revision, &l.report)),
            &f.report,
            &f.submission,
        ) {
            Ok(n) => n,
            Err(e) => {
                out.push(Filed::Refused(e));
                continue;
            }
        };
        let reason = match &f.submission {
            Submission::New => None,
            Submission::Correction { reason } => Some(reason.trim().to_string()),
        };
        entries.push(revision_entry(
            at,
            &f.actor,
            before.map(|l| &l.report),
            &f.report,
            revision,
            reason.clone(),
        ));
        if let Some(id) = &f.submission_id {
            seen.insert(id.clone(), revision);
        }
        latest.insert(
            key,
            ReportRevision {
                revision,
                report: f.report.clone(),
                recorded_at: f.provenance.recorded_at.unwrap_or(at),
                reason: reason.clone(),
            },
        );
        rows.push((f, revision, reason));
        out.push(Filed::Recorded { revision });
    }
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut insert = Sql::new(
            "INSERT INTO report_revisions (unit_id, day, revision, new_confirmed, new_suspected, \
             new_close_contacts, new_fever, closed_management, screening, disinfection, supplies, \
             stability, publicity, reporter, remark, recorded_at, reason, submission_id, channel, \
             opened_at, fields_changed, backlog) ",
        );
        insert.push_values(chunk, |mut b, (f, revision, reason)| {
            let r = &f.report;
            b.push_bind(f.unit_id)
                .push_bind(r.day.to_string())
                .push_bind(i64::from(*revision));
            for c in r.counts() {
                b.push_bind(i64::from(c.get()));
            }
            for m in Measure::ALL {
                b.push_bind(i64::from(r.measures.get(m)));
            }
            b.push_bind(r.reporter.clone())
                .push_bind(r.remark.clone())
                // A time the sender gives (DHIS2's completeDate) stands for when the
                // report was complete; otherwise the moment of writing.
                .push_bind(
                    f.provenance
                        .recorded_at
                        .map_or_else(|| recorded_at.clone(), encode_timestamp),
                )
                .push_bind(reason.clone())
                .push_bind(f.submission_id.clone())
                .push_bind(f.provenance.channel.name())
                .push_bind(f.provenance.opened_at.map(encode_timestamp))
                .push_bind(f.provenance.fields_changed.map(i64::from))
                .push_bind(i64::from(r.backlog.get()));
        });
        insert.build(backend).execute(&mut *conn).await?;
    }
    audit::append_all(conn, &entries).await?;
    Ok(out)
}

/// The revision each of the group's submission ids was stored as, if any.
async fn stored_submissions(
    conn: &mut AnyConnection,
    filings: &[Filing],
) -> Result<HashMap<String, u32>, StoreError> {
    let ids: Vec<&str> = filings
        .iter()
        .filter_map(|f| f.submission_id.as_deref())
        .collect();
    let mut seen = HashMap::new();
    for chunk in ids.chunks(KEYS_PER_LOOKUP) {
        let mut q = Sql::new(
            "SELECT submission_id, revision FROM report_revisions WHERE submission_id IN (",
        );
        let mut list = q.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        q.push(")");
        for row in q.build(Backend::of(conn)).fetch_all(&mut *conn).await? {
            let revision = decode_count(row.get("revision"), "revision")?;
            seen.insert(row.get("submission_id"), revision);
        }
    }
    Ok(seen)
}

/// The latest stored revision of each unit and day the group files.
async fn latest_of(
    conn: &mut AnyConnection,
    filings: &[Filing],
) -> Result<HashMap<(i64, Day), ReportRevision>, StoreError> {
    let mut keys: Vec<(i64, Day)> = filings.iter().map(|f| (f.unit_id, f.report.day)).collect();
    keys.sort_unstable();
    keys.dedup();
    crate::reports::latest_revisions(conn, &keys).await
}

/// The audit entry for a new revision: the whole report for a first one, the
/// changed fields (old and new) with the reason for a correction.
pub fn revision_entry(
    at: Timestamp,
    actor: &str,
    before: Option<&DailyReport>,
    r: &DailyReport,
    revision: u32,
    reason: Option<String>,
) -> AuditEntry {
    let (action, old_value, new_value) = match before {
        None => ("report.file", None, summary(r)),
        Some(old) => {
            let changes = r.changes_from(old);
            let side = |new: bool| {
                changes
                    .iter()
                    .map(|c| format!("{}={}", c.field, if new { &c.new } else { &c.old }))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            ("report.correct", Some(side(false)), side(true))
        }
    };
    AuditEntry::new(at, Some(actor), action, Outcome::Done)
        .on(format!("{} {} r{revision}", r.unit, r.day))
        .values(old_value, Some(new_value))
        .because(reason)
}

/// A report's figures in one line, for the audit log.
fn summary(r: &DailyReport) -> String {
    let measures: Vec<&str> = Measure::ALL
        .into_iter()
        .filter(|m| r.measures.get(*m))
        .map(|m| m.field())
        .collect();
    let backlog = if r.backlog.get() > 0 {
        format!(" backlog={}", r.backlog.get())
    } else {
        String::new()
    };
    format!(
        "new_confirmed={} new_suspected={} new_close_contacts={} new_fever={} in_place={}{backlog}",
        r.new_confirmed.get(),
        r.new_suspected.get(),
        r.new_close_contacts.get(),
        r.new_fever.get(),
        if measures.is_empty() {
            "none".to_string()
        } else {
            measures.join(",")
        }
    )
}
