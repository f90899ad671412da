//! fangkong's pure domain core.
//!
//! Everything here is a rule about the epidemic command centre's data: the tree of
//! administrative units ([`unit`]), the civil [`Day`], the one daily report
//! ([`report`]), and the published series with their annotations ([`published`]).
//! It performs no I/O, knows nothing of SQL, HTTP or files, and never panics on input:
//! every parser returns an error that names the field at fault.
#![forbid(unsafe_code)]

pub mod access;
pub mod address;
pub mod alerts;
pub mod appeals;
pub mod certify;
pub mod config;
pub mod day;
pub mod disputes;
pub mod exchange;
pub mod geo;
pub mod inspections;
pub mod limits;
pub mod movement;
pub mod pass;
pub mod published;
pub mod quality;
pub mod registry;
pub mod report;
pub mod rota;
pub mod trend;
pub mod unit;
pub mod zones;

pub use day::{Day, DayError};
pub use published::{Annotation, AnnotationKind, PublishedDay};
pub use report::{Count, DailyReport, Measure, MeasuresInPlace};
pub use unit::{UnitCode, UnitKind, UnitRecord, UnitTree};
