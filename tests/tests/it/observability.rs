//! What a call shows to the outside: one `tracing` span per call with operation, method, URL
//! template, attempt and status; a `User-Agent` naming the crate; and never the API key, in any
//! span or event recorded at any level.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use digicert_certcentral::{Client, RetryPolicy, USER_AGENT};
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "observability-secret-key-42";

/// Records every span (name and fields) and event, at every level, as lines of text.
#[derive(Clone, Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<Mutex<u64>>,
}

struct FieldText(String);

impl tracing::field::Visit for FieldText {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        let _ = write!(self.0, " {}={}", field.name(), value);
    }
}

impl Recorder {
    fn push(&self, line: String) {
        self.lines.lock().expect("not poisoned").push(line);
    }
    fn text(&self) -> String {
        self.lines.lock().expect("not poisoned").join("\n")
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut text = FieldText(format!("span {}:", span.metadata().name()));
        span.record(&mut text);
        self.push(text.0);
        let mut id = self.next_id.lock().expect("not poisoned");
        *id += 1;
        tracing::span::Id::from_u64(*id)
    }
    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut text = FieldText(format!("record {}:", span.into_u64()));
        values.record(&mut text);
        self.push(text.0);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut text = FieldText(format!("event {}:", event.metadata().target()));
        event.record(&mut text);
        self.push(text.0);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn one_span_per_call_with_its_fields_and_never_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("user-agent", USER_AGENT))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "0")
                .set_body_json(
                    json!({"errors": [{"code": "request_limit_exceeded", "message": "slow down"}]}),
                ),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("user-agent", USER_AGENT))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"certificates": []})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .dev_key(KEY)
        .retry_policy(RetryPolicy::default())
        .build()
        .expect("builds");

    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    client
        .list_duplicates(42)
        .send()
        .await
        .expect("second attempt succeeds");
    drop(guard);

    let text = recorder.text();
    let spans: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("span api_call:"))
        .collect();
    assert_eq!(
        spans,
        [
            "span api_call: operation=list_duplicates method=GET url_template=/order/certificate/{order_id}/duplicate"
        ],
        "{text}"
    );
    assert!(text.contains(" attempt=1"), "{text}");
    assert!(text.contains(" attempt=2"), "{text}");
    assert!(text.contains(" status=200"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(!text.contains(KEY), "a trace shows the key:\n{text}");
    assert!(
        USER_AGENT.starts_with("digicert-certcentral/"),
        "{USER_AGENT}"
    );
}
