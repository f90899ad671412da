//! The one daily report (SPEC §2): its counts, the six measures, the rules that
//! reject impossible reports, and revisions that correct without overwriting.

pub mod count;
pub mod daily;
pub mod measures;
pub mod revision;
pub mod text;

pub use count::{Count, CountError};
pub use daily::{DailyReport, ReportError, ReportingStatus};
pub use measures::{AnswerError, Measure, MeasuresInPlace, parse_answer};
pub use revision::{FieldChange, ReportRevision, RevisionError, Submission, next_revision};
