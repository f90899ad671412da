//! What whoever keeps fangkong running needs to see: one log line per request
//! (no personal data: the route's template, never its path or query),
//! Prometheus metrics at `/metrics`, and `/healthz` and `/readyz` for load
//! balancers.

pub mod health;
pub mod metrics;
pub mod requests;

pub use metrics::Metrics;
