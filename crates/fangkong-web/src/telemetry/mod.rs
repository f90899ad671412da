//! What whoever keeps fangkong running needs to count: request latencies by
//! route, reports filed, appeals taken in, engine load, queue depth and the
//! database pool, in one registry the application state holds. The doors that
//! show them are [`crate::ops`].

pub mod metrics;

pub use metrics::Metrics;
