//! One delivery over HTTP: a signed `POST`, a 2xx within the timeout is success, no
//! redirect followed, at most 64 KB of the answer read (and its first bytes kept for the
//! log).

use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

use url::Url;

use crate::webhooks::secrets::{SigningSecret, signature_header};
use crate::webhooks::targets::{self, CheckingResolver, TargetRules};

/// The most of an answer's body that is read; the rest is never read.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;
/// The most of an answer's body kept in the delivery log.
pub const EXCERPT_BYTES: usize = 1024;

/// A message to send: its `webhook-id`, body and the secrets that sign it.
pub struct Message<'a> {
    pub id: &'a str,
    pub url: &'a str,
    pub body: &'a [u8],
    pub secrets: &'a [SigningSecret],
}

/// How an attempt went.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// The answer's status, if one came.
    pub status: Option<u16>,
    pub latency: Duration,
    /// Why it failed, when it did (no answer, a refused target, a non-2xx).
    pub error: Option<String>,
    pub excerpt: Option<String>,
}

impl Attempt {
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }

    fn failed(started: Instant, error: String) -> Self {
        Attempt {
            status: None,
            latency: started.elapsed(),
            error: Some(error),
            excerpt: None,
        }
    }
}

/// Sends deliveries; one per process, shared (it pools connections).
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    rules: TargetRules,
    timeout: Duration,
}

fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    // reqwest is built without a provider of its own (see Cargo.toml): ring is ours.
    // (Deprecated for lacking post-quantum key exchange, which only aws-lc-rs offers, at
    // the price of a C build with cmake; deliveries carry no long-lived secrets.)
    #[allow(deprecated)]
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

impl Sender {
    pub fn new(rules: TargetRules, timeout: Duration) -> Result<Self, String> {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(Arc::new(CheckingResolver(rules)))
            .timeout(timeout)
            .connect_timeout(timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .user_agent(concat!("ssc-api-webhooks/", env!("CARGO_PKG_VERSION")))
            .no_proxy()
            .build()
            .map_err(|e| format!("cannot build the webhook HTTP client: {e}"))?;
        Ok(Sender {
            client,
            rules,
            timeout,
        })
    }

    /// Send `message` once, signed now.
    pub async fn send(&self, message: Message<'_>) -> Attempt {
        let started = Instant::now();
        let url = match targets::check_url(message.url, self.rules) {
            Ok(url) => url,
            Err(e) => return Attempt::failed(started, format!("target URL {e}")),
        };
        // An address in the URL is not resolved (reqwest would connect to it as is).
        if url.domain().is_none()
            && let Err(e) = targets::resolve_checked(&url, self.rules).await
        {
            // Kept in English, as the delivery log is.
            return Attempt::failed(started, e.to_string());
        }
        let timestamp = chrono::Utc::now().timestamp();
        let signature = match signature_header(message.secrets, message.id, timestamp, message.body)
        {
            Ok(signature) => signature,
            Err(e) => return Attempt::failed(started, e.detail.into()),
        };
        let request = self
            .client
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", message.id)
            .header("webhook-timestamp", timestamp.to_string())
            .header("webhook-signature", signature)
            .body(message.body.to_vec());
        match tokio::time::timeout(self.timeout, exchange(request)).await {
            Ok(Ok((status, excerpt))) => {
                let ok = (200..300).contains(&status);
                Attempt {
                    status: Some(status),
                    latency: started.elapsed(),
                    error: (!ok).then(|| format!("answered {status}")),
                    excerpt,
                }
            }
            Ok(Err(e)) if !e.is_timeout() => Attempt::failed(started, describe(&e)),
            _ => Attempt::failed(
                started,
                format!("no answer within {} s", self.timeout.as_secs_f64()),
            ),
        }
    }
}

/// The request's status and the first bytes of its answer, reading at most
/// [`MAX_RESPONSE_BYTES`].
async fn exchange(
    request: reqwest::RequestBuilder,
) -> Result<(u16, Option<String>), reqwest::Error> {
    let mut response = request.send().await?;
    let status = response.status().as_u16();
    let mut body = Vec::new();
    while body.len() < MAX_RESPONSE_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => break,
            // The status came: a body cut off does not change it.
            Err(_) => break,
        }
    }
    body.truncate(EXCERPT_BYTES);
    let excerpt = (!body.is_empty()).then(|| String::from_utf8_lossy(&body).into_owned());
    Ok((status, excerpt))
}

/// A transport error in words, with its causes (reqwest's own message names only the
/// outermost, "error sending request").
fn describe(error: &reqwest::Error) -> String {
    let mut text = if error.is_connect() {
        "could not connect".to_owned()
    } else {
        error.to_string()
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text.chars().take(500).collect()
}

/// The target's URL with the secret-free form used in logs: scheme, host and path.
pub fn loggable(url: &str) -> String {
    Url::parse(url)
        .map(|u| {
            format!(
                "{}://{}{}",
                u.scheme(),
                u.host_str().unwrap_or(""),
                u.path()
            )
        })
        .unwrap_or_else(|_| "(unparsable URL)".to_owned())
}
