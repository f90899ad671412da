//! File formats for exchange with other systems.

pub mod dhis2_csv;
pub mod dhis2_json;
