//! Filing reports one at a time from interactive clients (the form, the API), in
//! groups: many clients' reports share one transaction and one disk sync, and
//! each is decided, written and audited exactly as if it were alone.

use fangkong_domain::report::{RevisionError, Submission, next_revision};
use fangkong_domain::{DailyReport, Measure};
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::Backend;
use crate::audit::{self, AuditEntry, Outcome};
use crate::codec::{decode_count, encode_timestamp};
use crate::reports::{REVISION_COLUMNS, decode_revision};
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
        let recorded_at = encode_timestamp(at);
        let mut out = Vec::with_capacity(filings.len());
        for f in filings {
            out.push(file_one(&mut tx, f, at, &recorded_at).await?);
        }
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
        let recorded_at = encode_timestamp(at);
        let mut each = Vec::with_capacity(filings.len());
        for f in filings {
            each.push(file_one(&mut tx, f, at, &recorded_at).await?);
        }
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

async fn file_one(
    conn: &mut AnyConnection,
    f: &Filing,
    at: Timestamp,
    recorded_at: &str,
) -> Result<Filed, StoreError> {
    if let Some(id) = &f.submission_id {
        let seen: Option<i64> =
            sqlx::query_scalar("SELECT revision FROM report_revisions WHERE submission_id = $1")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(revision) = seen {
            return Ok(Filed::Repeated {
                revision: decode_count(revision, "revision")?,
            });
        }
    }
    let mut q = Sql::new(format!(
        "SELECT {REVISION_COLUMNS} FROM report_revisions r JOIN units u ON u.id = r.unit_id \
         WHERE r.unit_id = "
    ));
    q.push_bind(f.unit_id)
        .push(" AND r.day = ")
        .push_bind(f.report.day.to_string())
        .push(" ORDER BY r.revision DESC LIMIT 1");
    let latest = match q
        .build(Backend::of(conn))
        .fetch_optional(&mut *conn)
        .await?
    {
        Some(row) => Some(decode_revision(&row)?),
        None => None,
    };
    let revision = match next_revision(
        latest.as_ref().map(|l| (l.revision, &l.report)),
        &f.report,
        &f.submission,
    ) {
        Ok(n) => n,
        Err(e) => return Ok(Filed::Refused(e)),
    };
    let reason = match &f.submission {
        Submission::New => None,
        Submission::Correction { reason } => Some(reason.trim().to_string()),
    };
    let r = &f.report;
    let mut insert = Sql::new(
        "INSERT INTO report_revisions (unit_id, day, revision, new_confirmed, new_suspected, \
         new_close_contacts, new_fever, closed_management, screening, disinfection, supplies, \
         stability, publicity, reporter, remark, recorded_at, reason, submission_id, channel, \
         opened_at, fields_changed, backlog) ",
    );
    insert.push_values([()], |mut b, ()| {
        b.push_bind(f.unit_id)
            .push_bind(r.day.to_string())
            .push_bind(i64::from(revision));
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
                    .map_or_else(|| recorded_at.to_string(), encode_timestamp),
            )
            .push_bind(reason.clone())
            .push_bind(f.submission_id.clone())
            .push_bind(f.provenance.channel.name())
            .push_bind(f.provenance.opened_at.map(encode_timestamp))
            .push_bind(f.provenance.fields_changed.map(i64::from))
            .push_bind(i64::from(r.backlog.get()));
    });
    insert.build(Backend::of(conn)).execute(&mut *conn).await?;
    audit::append(
        conn,
        &revision_entry(
            at,
            &f.actor,
            latest.as_ref().map(|l| &l.report),
            r,
            revision,
            reason,
        ),
    )
    .await?;
    Ok(Filed::Recorded { revision })
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
