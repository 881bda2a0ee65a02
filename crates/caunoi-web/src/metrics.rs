//! Request counters and a latency histogram per route, rendered in Prometheus text format.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((method.to_owned(), route.to_owned(), status))
                .or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let h = l.entry(route.to_owned()).or_default();
            for (i, b) in BUCKETS.iter().enumerate() {
                if seconds <= *b {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += seconds;
        }
    }

    /// The text `/metrics` serves; `extra` holds gauges gathered by the caller (jobs, database).
    pub fn render(&self, extra: &str) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP caunoi_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE caunoi_http_requests_total counter\n");
        if let Ok(r) = self.requests.lock() {
            for ((m, route, s), n) in r.iter() {
                let _ = writeln!(
                    out,
                    "caunoi_http_requests_total{{method=\"{m}\",route=\"{}\",status=\"{s}\"}} {n}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP caunoi_http_request_duration_seconds Time to answer, by route.\n");
        out.push_str("# TYPE caunoi_http_request_duration_seconds histogram\n");
        if let Ok(l) = self.latency.lock() {
            for (route, h) in l.iter() {
                let route = escape(route);
                for (i, b) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "caunoi_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{b}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "caunoi_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "caunoi_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "caunoi_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
                    h.count
                );
            }
        }
        out.push_str(extra);
        out
    }
}

/// The standard methods by name; any other (`curl -X FOO1`) counts as "other", so a client
/// cannot add label values at will.
fn method_label(m: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *m {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware: times each request and counts it under its route pattern (never the raw path,
/// which would let anyone grow the label set).
pub async fn track(
    State(metrics): State<std::sync::Arc<Metrics>>,
    req: Request,
    next: Next,
) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = method_label(req.method());
    let start = Instant::now();
    let resp = next.run(req).await;
    metrics.observe(
        method,
        &route,
        resp.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let m = Metrics::default();
        m.observe("GET", "/", 200, 0.002);
        m.observe("GET", "/", 200, 0.2);
        let text = m.render("");
        assert!(
            text.contains(
                "caunoi_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"} 2"
            )
        );
        assert!(
            text.contains(
                "caunoi_http_request_duration_seconds_bucket{route=\"/\",le=\"0.0025\"} 1"
            )
        );
        assert!(
            text.contains("caunoi_http_request_duration_seconds_bucket{route=\"/\",le=\"0.25\"} 2")
        );
        assert!(text.contains("caunoi_http_request_duration_seconds_count{route=\"/\"} 2"));
    }

    #[test]
    fn unknown_methods_share_one_label() {
        let m = |s: &str| axum::http::Method::from_bytes(s.as_bytes()).unwrap();
        assert_eq!(method_label(&m("FOO1")), "other");
        assert_eq!(method_label(&m("get")), "other");
        assert_eq!(method_label(&m("DELETE")), "DELETE");
    }
}
