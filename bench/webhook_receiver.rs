//! The webhook receiver of `bench/webhooks.sh`: takes deliveries on a loopback port
//! (HTTP/1.1, keep-alive, a thread per connection) and answers 200, keeping for each
//! `webhook-id` how often it came and when it was first taken, and the latency from the
//! change (the event's `data.at`) to that receipt. Control, on the next port (PORT + 1,
//! which stays up): `GET /stats` (JSON figures), `POST /down?seconds=N` (close the
//! delivery port for N seconds: connections are refused, those open are dropped
//! unanswered), `POST /reset`.
//!
//! Usage: webhook_receiver PORT

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Stats {
    requests: u64,
    /// Per webhook-id: times received, and whether a 2xx was already answered.
    seen: HashMap<String, (u32, bool)>,
    /// Requests for an event already answered 2xx.
    after_success: u64,
    latencies_ms: Vec<f64>,
    first: Option<Instant>,
    last: Option<Instant>,
    /// Unix milliseconds of the last receipt.
    last_unix_ms: f64,
}

struct Shared {
    stats: Mutex<Stats>,
    down: AtomicBool,
}

fn main() {
    let port: u16 = std::env::args()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .expect("usage: webhook_receiver PORT");
    let shared = Arc::new(Shared {
        stats: Mutex::new(Stats::default()),
        down: AtomicBool::new(false),
    });
    let control = TcpListener::bind(("127.0.0.1", port + 1)).expect("bind the control port");
    let controlled = shared.clone();
    std::thread::spawn(move || {
        for stream in control.incoming().flatten() {
            let shared = controlled.clone();
            std::thread::spawn(move || serve(stream, shared));
        }
    });
    loop {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind");
        listener.set_nonblocking(true).unwrap();
        while !shared.down.load(Ordering::SeqCst) {
            match listener.accept() {
                Ok((stream, _)) => {
                    stream.set_nonblocking(false).unwrap();
                    let shared = shared.clone();
                    std::thread::spawn(move || serve(stream, shared));
                }
                Err(_) => std::thread::sleep(Duration::from_millis(1)),
            }
        }
        drop(listener);
        while shared.down.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

fn now_unix_ms() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1000.0
}

/// `data.at` of a delivery's body, in Unix milliseconds.
fn event_time_ms(body: &[u8]) -> Option<f64> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let at = value["data"]["at"].as_str()?;
    let parsed = chrono::DateTime::parse_from_rfc3339(at).ok()?;
    Some(parsed.timestamp_micros() as f64 / 1000.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn stats_json(stats: &Stats) -> String {
    let mut latencies = stats.latencies_ms.clone();
    latencies.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let taken = stats.seen.values().filter(|(_, ok)| *ok).count();
    let span = match (stats.first, stats.last) {
        (Some(first), Some(last)) => (last - first).as_secs_f64(),
        _ => 0.0,
    };
    serde_json::json!({
        "requests": stats.requests,
        "events": stats.seen.len(),
        "taken": taken,
        "after_success": stats.after_success,
        "max_per_event": stats.seen.values().map(|(n, _)| *n).max().unwrap_or(0),
        "span_s": span,
        "last_unix_ms": stats.last_unix_ms,
        "per_second": if span > 0.0 { taken as f64 / span } else { 0.0 },
        "latency_ms": {
            "p50": percentile(&latencies, 0.50),
            "p90": percentile(&latencies, 0.90),
            "p99": percentile(&latencies, 0.99),
            "max": latencies.last().copied().unwrap_or(0.0),
        },
    })
    .to_string()
}

fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut length = 0usize;
        let mut id = String::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                match name.trim().to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "webhook-id" => id = value.trim().to_owned(),
                    _ => {}
                }
            }
        }
        let mut body = vec![0u8; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let answer = if line.starts_with("GET /stats") {
            stats_json(&shared.stats.lock().unwrap())
        } else if line.starts_with("POST /reset") {
            *shared.stats.lock().unwrap() = Stats::default();
            "{}".to_owned()
        } else if let Some(rest) = line.strip_prefix("POST /down?seconds=") {
            let seconds: u64 = rest
                .split_whitespace()
                .next()
                .unwrap_or("0")
                .parse()
                .unwrap_or(0);
            shared.down.store(true, Ordering::SeqCst);
            let up_again = shared.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(seconds));
                up_again.down.store(false, Ordering::SeqCst);
            });
            "{}".to_owned()
        } else {
            if shared.down.load(Ordering::SeqCst) {
                // Down: the connection breaks off unanswered.
                return;
            }
            let received = now_unix_ms();
            let mut stats = shared.stats.lock().unwrap();
            stats.requests += 1;
            let instant = Instant::now();
            stats.first.get_or_insert(instant);
            stats.last = Some(instant);
            stats.last_unix_ms = received;
            let entry = stats.seen.entry(id).or_insert((0, false));
            entry.0 += 1;
            let already = entry.1;
            entry.1 = true;
            if already {
                stats.after_success += 1;
            } else if let Some(at) = event_time_ms(&body) {
                stats.latencies_ms.push(received - at);
            }
            "{}".to_owned()
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{answer}",
            answer.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            return;
        }
    }
}
