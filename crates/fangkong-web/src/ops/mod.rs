//! The operators' doors: one log line per request (no personal data: the
//! route's template, never its path or query), Prometheus metrics at
//! `/metrics`, and `/healthz` and `/readyz` for load balancers. The counters
//! themselves live in [`crate::telemetry`], below the application state.

pub mod health;
pub mod metrics;
pub mod requests;
