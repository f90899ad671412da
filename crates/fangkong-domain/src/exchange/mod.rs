//! Exchange with other health information systems: the mapping between the one
//! daily report and their data models, apart from any file format.

pub mod dhis2;
pub mod dhis2_ids;
pub mod dhis2_strategy;
