//! A webhook receiver for the tests: a real HTTP server on a loopback port that verifies
//! every delivery's signature with Standard Webhooks' own library (`standardwebhooks`,
//! not our code) against the secrets the test gives it, keeps what it received, and
//! answers as the test scripts it (a status, after a delay; a large body).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// One request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub id: String,
    pub timestamp: String,
    pub signature: String,
    pub body: Value,
    /// For each secret the receiver knows (in order), whether it verified the request.
    pub verified: Vec<bool>,
    /// The status answered (0: the connection was dropped before answering).
    pub answered: u16,
}

impl Received {
    pub fn seq(&self) -> i64 {
        self.body["data"]["seq"].as_i64().unwrap_or(-1)
    }
}

/// How to answer one request: its status, after a delay, with a body of some length.
#[derive(Debug, Clone, Copy)]
pub struct Answer {
    pub status: u16,
    pub delay: Duration,
    pub body_bytes: usize,
}

impl Answer {
    pub fn status(status: u16) -> Self {
        Answer {
            status,
            delay: Duration::ZERO,
            body_bytes: 2,
        }
    }
}

type Script = Box<dyn FnMut(&Received, usize) -> Answer + Send>;

struct State {
    secrets: Vec<String>,
    received: Vec<Received>,
    /// How many times each webhook-id came.
    times: HashMap<String, usize>,
    script: Script,
}

#[derive(Clone)]
pub struct Receiver {
    pub address: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl Receiver {
    /// Start a receiver answering 200 to everything.
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            secrets: Vec::new(),
            received: Vec::new(),
            times: HashMap::new(),
            script: Box::new(|_, _| Answer::status(200)),
        }));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, state));
            }
        });
        Receiver { address, state }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// The secrets to verify with, in order (`Received::verified` follows it).
    pub fn set_secrets(&self, secrets: &[&str]) {
        self.state.lock().unwrap().secrets = secrets.iter().map(|s| s.to_string()).collect();
    }

    /// Answer each request as `script` says, given the request and how many times its
    /// webhook-id came (1 the first time).
    pub fn script(&self, script: impl FnMut(&Received, usize) -> Answer + Send + 'static) {
        self.state.lock().unwrap().script = Box::new(script);
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Wait until `done` holds of what was received (at most `within`); returns it.
    pub fn wait_until(
        &self,
        within: Duration,
        what: &str,
        done: impl Fn(&[Received]) -> bool,
    ) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "waited {within:?} for {what}; received {:?}",
                received
                    .iter()
                    .map(|r| (r.body["type"].clone(), r.seq(), r.answered))
                    .collect::<Vec<_>>()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// [`Receiver::wait_until`] from async tests (the runtime keeps running).
    pub async fn wait_for(
        &self,
        within: Duration,
        what: &str,
        done: impl Fn(&[Received]) -> bool + Send + 'static,
    ) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                Instant::now() < deadline,
                "waited {within:?} for {what}; received {:?}",
                received
                    .iter()
                    .map(|r| (r.body["type"].clone(), r.seq(), r.answered))
                    .collect::<Vec<_>>()
            );
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Verify with Standard Webhooks' library.
fn verify(secret: &str, raw: &[u8], id: &str, timestamp: &str, signature: &str) -> bool {
    let mut headers = http::HeaderMap::new();
    for (name, value) in [
        ("webhook-id", id),
        ("webhook-timestamp", timestamp),
        ("webhook-signature", signature),
    ] {
        match http::HeaderValue::from_str(value) {
            Ok(value) => {
                headers.insert(name, value);
            }
            Err(_) => return false,
        }
    }
    standardwebhooks::Webhook::new(secret)
        .and_then(|hook| hook.verify(raw, &headers))
        .is_ok()
}

fn serve(stream: TcpStream, state: Arc<Mutex<State>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    // Requests on one connection, until the client closes it.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut headers = HashMap::new();
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
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let length: usize = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut raw = vec![0u8; length];
        if reader.read_exact(&mut raw).is_err() {
            return;
        }
        let header = |name: &str| headers.get(name).cloned().unwrap_or_default();
        let (id, timestamp, signature) = (
            header("webhook-id"),
            header("webhook-timestamp"),
            header("webhook-signature"),
        );
        let mut received = Received {
            verified: Vec::new(),
            body: serde_json::from_slice(&raw).unwrap_or(Value::Null),
            id,
            timestamp,
            signature,
            answered: 0,
        };
        let answer = {
            let mut state = state.lock().unwrap();
            received.verified = state
                .secrets
                .iter()
                .map(|s| {
                    verify(
                        s,
                        &raw,
                        &received.id,
                        &received.timestamp,
                        &received.signature,
                    )
                })
                .collect();
            let times = {
                let n = state.times.entry(received.id.clone()).or_insert(0);
                *n += 1;
                *n
            };
            let answer = (state.script)(&received, times);
            received.answered = answer.status;
            let index = state.received.len();
            state.received.push(received);
            (answer, index)
        };
        let (answer, index) = answer;
        if !answer.delay.is_zero() {
            std::thread::sleep(answer.delay);
        }
        // A 204 has no body.
        let body = "x".repeat(if answer.status == 204 {
            0
        } else {
            answer.body_bytes
        });
        let response = format!(
            "HTTP/1.1 {} Scripted\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
            answer.status,
            body.len()
        );
        if stream.write_all(response.as_bytes()).is_err() {
            // The sender gave up (a timeout): nothing was taken.
            state.lock().unwrap().received[index].answered = 0;
            return;
        }
    }
}
