//! Retries, backoff and body limits of the generated runtime, on loopback. Delays are asserted as
//! computed values or kept at milliseconds: no test sleeps for real seconds.

use std::time::Duration;

use digicert_certcentral::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .api_key("k")
        .retry_policy(policy)
        .build()
        .expect("client builds")
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
