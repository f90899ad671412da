//! The server's counters in the Prometheus text format, at `/metrics`:
//! request latencies by route, reports filed, appeals taken in, the engine's
//! load time, the filing queue's depth and the database pool.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// One route's requests: method, the route's template and the status.
#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct RouteLabels {
    /// The HTTP method.
    pub method: String,
    /// The route's template (`/api/v1/units/{code}`), never a real path.
    pub route: String,
    /// The status code.
    pub status: u16,
}

/// Every metric of the process.
pub struct Metrics {
    registry: Registry,
    /// Request latencies in seconds.
    pub requests: Family<RouteLabels, Histogram>,
    /// Report revisions filed through the web.
    pub reports_filed: Counter,
    /// Appeals taken in through the web.
    pub appeals_taken_in: Counter,
    /// How long the engine took to load at start, in seconds.
    pub engine_load_seconds: Gauge<f64, AtomicU64>,
    /// Reports waiting for the filer.
    pub filing_queue: Gauge,
    /// Connections open in the database pool.
    pub pool_connections: Gauge,
    /// Idle connections in the database pool.
    pub pool_idle: Gauge,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::with_prefix("fangkong");
        let requests = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            // 1 ms to 10 s.
            Histogram::new([
                0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ])
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request, by method, route template and status",
            requests.clone(),
        );
        let reports_filed = Counter::default();
        registry.register(
            "reports_filed",
            "Report revisions filed through the web (form, API, DHIS2)",
            reports_filed.clone(),
        );
        let appeals_taken_in = Counter::default();
        registry.register(
            "appeals_taken_in",
            "Appeals taken in through the web (pages, API, Open311)",
            appeals_taken_in.clone(),
        );
        let engine_load_seconds = Gauge::<f64, AtomicU64>::default();
        registry.register(
            "engine_load_seconds",
            "How long the certification engine took to load at start",
            engine_load_seconds.clone(),
        );
        let filing_queue = Gauge::default();
        registry.register(
            "filing_queue_depth",
            "Reports waiting for the filer",
            filing_queue.clone(),
        );
        let pool_connections = Gauge::default();
        registry.register(
            "db_pool_connections",
            "Connections open in the database pool",
            pool_connections.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "db_pool_idle_connections",
            "Idle connections in the database pool",
            pool_idle.clone(),
        );
        Metrics {
            registry,
            requests,
            reports_filed,
            appeals_taken_in,
            engine_load_seconds,
            filing_queue,
            pool_connections,
            pool_idle,
        }
    }
}

impl Metrics {
    /// Everything in the Prometheus text format.
    pub fn text(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        encode(&mut out, &self.registry)?;
        Ok(out)
    }
}
