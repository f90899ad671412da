//! The senders that take messages out of the outbox: a webhook (each message
//! POSTed as JSON) and email through SMTP. A message counts as sent once
//! every configured sender that can reach its person took it; one that fails
//! stays in the outbox, its error kept, to be tried again.

use std::time::Duration;

use fangkong_store::{OutboxMessage, Store, StoreError};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use jiff::Timestamp;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

/// How long a sender may take over one message.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Messages taken out of the outbox per round.
const BATCH: u32 = 200;

/// The configured senders.
#[derive(Debug, Clone, Default)]
pub struct Senders {
    /// POST each message as JSON here (`http://host:port/path`).
    pub webhook: Option<String>,
    /// Send email through this SMTP server (`host:port`).
    pub smtp: Option<String>,
    /// The emails' sender address.
    pub smtp_from: String,
}

impl Senders {
    /// Whether any sender is configured.
    pub fn any(&self) -> bool {
        self.webhook.is_some() || self.smtp.is_some()
    }
}

/// What a round of sending did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    /// Messages every sender took.
    pub sent: usize,
    /// Messages a sender failed on (tried again later).
    pub failed: usize,
    /// Messages no configured sender can reach (no email address, no webhook).
    pub unreachable: usize,
}

/// Sends every unsent message with `senders`, marking each sent at `now()`
/// or failed with the reason. Without a sender nothing is taken: the
/// messages wait in the outbox and on the people's phone page.
pub async fn deliver(
    store: &Store,
    senders: &Senders,
    now: impl Fn() -> Timestamp,
) -> Result<Delivered, StoreError> {
    let mut done = Delivered::default();
    if !senders.any() {
        return Ok(done);
    }
    for m in store.unsent(BATCH).await? {
        let mut took = Vec::new();
        let mut failed = Vec::new();
        if let Some(url) = &senders.webhook {
            match post(url, &m).await {
                Ok(()) => took.push("webhook"),
                Err(e) => failed.push(format!("webhook: {e}")),
            }
        }
        if let (Some(server), Some(to)) = (&senders.smtp, &m.email) {
            match mail(server, &senders.smtp_from, to, &m).await {
                Ok(()) => took.push("smtp"),
                Err(e) => failed.push(format!("smtp: {e}")),
            }
        }
        if !failed.is_empty() {
            tracing::warn!(message = m.id, error = %failed.join("; "), "a reminder was not sent");
            store.mark_failed(m.id, &failed.join("; ")).await?;
            done.failed += 1;
        } else if took.is_empty() {
            done.unreachable += 1;
        } else {
            store.mark_sent(m.id, &took.join("+"), now()).await?;
            done.sent += 1;
        }
    }
    Ok(done)
}

/// The JSON a webhook receives: the message, whom it is for, what about.
fn payload(m: &OutboxMessage) -> serde_json::Value {
    serde_json::json!({
        "id": m.id,
        "key": m.key,
        "kind": m.kind,
        "to": {
            "person_id": m.person_id,
            "name": m.name,
            "phone": m.phone,
            "email": m.email,
            "account": m.account,
        },
        "unit": m.unit.as_ref().map(|u| u.as_str()),
        "day": m.day.map(|d| d.to_string()),
        "subject": m.subject,
        "body": m.body,
    })
}

async fn post(url: &str, m: &OutboxMessage) -> Result<(), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    if uri.scheme_str() != Some("http") {
        return Err(format!(
            "{url}: only http:// is supported (put a TLS proxy in front)"
        ));
    }
    let body = serde_json::to_vec(&payload(m)).map_err(|e| e.to_string())?;
    let request = hyper::Request::post(uri)
        .header(
            hyper::header::CONTENT_TYPE,
            "application/json; charset=utf-8",
        )
        .header("Idempotency-Key", m.key.as_str())
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let response = tokio::time::timeout(TIMEOUT, client.request(request))
        .await
        .map_err(|_| "no answer in time".to_string())?
        .map_err(|e| e.to_string())?;
    let status = response.status();
    // Read the answer through, so that the connection closes cleanly.
    let _ = response.into_body().collect().await;
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("answered {status}"))
    }
}

async fn mail(server: &str, from: &str, to: &str, m: &OutboxMessage) -> Result<(), String> {
    let (host, port) = match server.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>()
                .map_err(|_| format!("{server}: the port is not a number"))?,
        ),
        None => (server, 25),
    };
    let from: Mailbox = from.parse().map_err(|e| format!("from {from}: {e}"))?;
    let to_box: Mailbox = match &m.name {
        Some(name) => format!("{name} <{to}>").parse(),
        None => to.parse(),
    }
    .map_err(|e| format!("to {to}: {e}"))?;
    let email = lettre::Message::builder()
        .from(from)
        .to(to_box)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| e.to_string())?;
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .timeout(Some(TIMEOUT))
        .build();
    transport
        .send(email)
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}
