//! DHIS2's own paths, so that a DHIS2 instance or any DHIS2 client exchanges
//! daily reports with fangkong as it would with DHIS2: `POST` and `GET
//! /api/dataValueSets` in JSON, XML and CSV, signed in with HTTP Basic or a
//! token, answered with DHIS2's web messages. The mapping is in docs/dhis2.md.

mod export;
mod import;
pub mod message;

pub use export::get_data_value_sets;
pub use import::post_data_value_sets;
