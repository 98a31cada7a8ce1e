//! Retries, backoff and body limits of the generated runtime, on loopback. Delays are asserted as
//! computed values, or recorded by a `Sleep` that does not wait: no test sleeps for real seconds.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use digicert_certcentral::{Client, Error, RetryPolicy, Sleep};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    tests::certcentral_client(&server.uri(), "k", policy)
}

/// A `Sleep` that returns at once and records each delay it was asked for.
#[derive(Clone, Default)]
struct RecordedSleeps(Arc<Mutex<Vec<Duration>>>);

impl Sleep for RecordedSleeps {
    fn sleep(
        &self,
        delay: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        self.0.lock().expect("not poisoned").push(delay);
        Box::pin(std::future::ready(()))
    }
}

impl RecordedSleeps {
    fn delays(&self) -> Vec<Duration> {
        self.0.lock().expect("not poisoned").clone()
    }
}

/// A client with the default policy (or `policy`) whose waits are recorded, not slept.
fn recording_client(server: &MockServer, policy: RetryPolicy) -> (Client, RecordedSleeps) {
    let sleeps = RecordedSleeps::default();
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .dev_key("k")
        .retry_policy(policy)
        .sleep_impl(sleeps.clone())
        .build()
        .expect("client builds");
    (client, sleeps)
}

fn fast() -> RetryPolicy {
    RetryPolicy::default()
        .initial_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

fn rate_limited() -> ResponseTemplate {
    ResponseTemplate::new(429).set_body_json(json!({"errors": [{"code": "request_limit_exceeded", "message": "Request limit exceeded."}]}))
}

#[tokio::test]
async fn a_rate_limit_then_success_succeeds_on_the_second_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited().insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server, fast())
        .list_duplicates(1)
        .send()
        .await
        .expect("second attempt succeeds");
    assert!(response.certificates.is_empty());
}

#[tokio::test]
async fn a_persistent_503_is_retried_then_surfaced_with_the_attempt_count() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_raw("<html>Service Unavailable</html>", "text/html"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let error = client(&server, fast())
        .list_reissues(1)
        .send()
        .await
        .expect_err("503");
    assert_eq!(error.attempts(), 3);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(error.to_string().contains("after 3 attempts"), "{error}");
    let Error::Api(api) = error else {
        panic!("API error expected")
    };
    assert!(api.raw.contains("Service Unavailable"));
}

#[tokio::test]
async fn a_404_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"errors": [{"code": "not_found", "message": "x"}]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server, fast())
        .subaccount_order_info(1)
        .send()
        .await
        .expect_err("404");
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn retry_after_in_seconds_is_the_delay_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited().insert_header("retry-after", "7"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let (client, sleeps) = recording_client(&server, RetryPolicy::default());
    client.list_duplicates(1).send().await.expect("succeeds");
    assert_eq!(sleeps.delays(), [Duration::from_secs(7)]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = MockServer::start().await;
    let at = chrono::DateTime::<chrono::Utc>::from(
        std::time::SystemTime::now() + Duration::from_secs(12),
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header(
            "retry-after",
            at.format("%a, %d %b %Y %H:%M:%S GMT").to_string().as_str(),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let (client, sleeps) = recording_client(&server, RetryPolicy::default());
    client.list_duplicates(1).send().await.expect("succeeds");
    let delays = sleeps.delays();
    assert_eq!(delays.len(), 1);
    assert!(
        (Duration::from_secs(10)..=Duration::from_secs(12)).contains(&delays[0]),
        "{delays:?}"
    );
}

#[tokio::test]
async fn without_retry_after_the_delays_are_jittered_below_doubling_ceilings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(4)
        .mount(&server)
        .await;
    let (client, sleeps) = recording_client(&server, RetryPolicy::default().max_attempts(4));
    let error = client.list_duplicates(1).send().await.expect_err("500");
    assert_eq!(error.attempts(), 4);
    let delays = sleeps.delays();
    let ceilings = [500, 1000, 2000].map(Duration::from_millis);
    assert_eq!(delays.len(), 3);
    for (delay, ceiling) in delays.iter().zip(ceilings) {
        assert!(delay <= &ceiling, "{delay:?} above {ceiling:?}");
    }
}

#[tokio::test]
async fn the_total_delay_budget_stops_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited().insert_header("retry-after", "10"))
        .expect(2)
        .mount(&server)
        .await;
    let policy = RetryPolicy::default()
        .max_attempts(5)
        .max_total_delay(Duration::from_secs(15));
    let (client, sleeps) = recording_client(&server, policy);
    let error = client.list_duplicates(1).send().await.expect_err("429");
    assert_eq!(sleeps.delays(), [Duration::from_secs(10)]);
    assert_eq!(error.attempts(), 2);
    assert_eq!(error.api_error_codes(), ["request_limit_exceeded"]);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_stops_retrying() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rate_limited().insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server, fast())
        .list_duplicates(1)
        .send()
        .await
        .expect_err("429");
    let Error::Api(api) = error else {
        panic!("API error expected")
    };
    assert_eq!(api.retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(api.attempts, 1);
    assert_eq!(
        api.body.map(|b| b.errors[0].code.clone()).as_deref(),
        Some("request_limit_exceeded")
    );
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let server = MockServer::start().await;
    let huge = format!(
        "{{\"certificates\": [], \"pad\": \"{}\"}}",
        "x".repeat(64 * 1024)
    );
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "application/json"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .max_response_bytes(16 * 1024)
        .dev_key("k")
        .build()
        .expect("builds");
    let error = client
        .list_duplicates(1)
        .send()
        .await
        .expect_err("too large");
    assert!(
        matches!(error, Error::BodyTooLarge { limit: 16384, .. }),
        "{error:?}"
    );
}

#[test]
fn backoff_ceilings_double_up_to_the_cap() {
    let policy = RetryPolicy::default();
    let ceilings: Vec<u128> = (1..=8)
        .map(|n| policy.backoff_ceiling(n).as_millis())
        .collect();
    assert_eq!(ceilings, [500, 1000, 2000, 4000, 8000, 16000, 20000, 20000]);
    assert_eq!(
        policy.backoff_ceiling(u32::MAX),
        Duration::from_secs(20),
        "no overflow"
    );
}

#[test]
fn full_jitter_stays_within_the_ceiling_and_retry_after_wins_within_the_cap() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.delay(3, None, 0.0), Some(Duration::ZERO));
    assert_eq!(policy.delay(3, None, 0.5), Some(Duration::from_secs(1)));
    assert!(
        policy
            .delay(3, None, 0.999_999)
            .is_some_and(|d| d < Duration::from_secs(2))
    );
    assert_eq!(
        policy.delay(1, Some(Duration::from_secs(7)), 0.1),
        Some(Duration::from_secs(7))
    );
    assert_eq!(policy.delay(1, Some(Duration::from_secs(21)), 0.1), None);
}
