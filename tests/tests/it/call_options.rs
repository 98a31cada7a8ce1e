//! One call's metadata and settings, on loopback: the status and headers beside the decoded
//! body, headers on API errors (secrets kept out of `Debug`), and per-call options (time limit,
//! retry policy, extra headers, idempotency key) that leave the client as it is.

use std::time::{Duration, Instant};

use digicert_certcentral::{Error, RequestOptions, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::goldens::bodies;

fn client(server: &MockServer) -> digicert_certcentral::Client {
    tests::certcentral_client(&server.uri(), "k", RetryPolicy::disabled())
}

#[tokio::test]
async fn send_with_response_gives_the_status_and_headers_beside_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-42")
                .insert_header("set-cookie", "session=s3cr3t")
                .set_body_json(json!({"certificates": []})),
        )
        .mount(&server)
        .await;
    let answer = client(&server)
        .list_duplicates(1)
        .send_with_response()
        .await
        .expect("answer");
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("x-request-id"), Some("req-42"));
    assert!(answer.body.certificates.is_empty());
    let shown = format!("{answer:?}");
    assert!(
        shown.contains("req-42") && !shown.contains("s3cr3t"),
        "{shown}"
    );
}

#[tokio::test]
async fn api_errors_carry_the_answers_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-7")
                .insert_header("x-ratelimit-remaining", "99")
                .set_body_json(json!({"errors": [{"code": "not_found|order", "message": "no"}]})),
        )
        .mount(&server)
        .await;
    let error = client(&server).list_duplicates(1).await.expect_err("404");
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.headers.text("x-request-id"), Some("req-7"));
    assert_eq!(api.headers.text("x-ratelimit-remaining"), Some("99"));
}

#[tokio::test]
async fn a_calls_own_time_limit_and_headers_apply_to_it_alone() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(header("x-trace", "t-1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    let client = client(&server);
    let started = Instant::now();
    let options = RequestOptions::new()
        .timeout(Duration::from_millis(200))
        .header("x-trace", "t-1");
    let error = client
        .list_duplicates(1)
        .options(options)
        .await
        .expect_err("the server takes 5 s");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    // The next call, without options, has neither the header nor the limit.
    client
        .list_duplicates(1)
        .await
        .expect("the client is unchanged");

    let bad = RequestOptions::new().header("x-bad", "line\nbreak");
    let error = client
        .list_duplicates(1)
        .options(bad)
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
}

/// A POST is not retried, unless the call has an idempotency key: then every attempt carries
/// the same key and a 503 is retried.
#[tokio::test]
async fn an_idempotency_key_makes_a_post_retryable_with_one_key_on_every_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "t"})))
        .mount(&server)
        .await;
    let client = bodies::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(
            bodies::RetryPolicy::default()
                .initial_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(2)),
        )
        .build()
        .expect("client");
    let body = || bodies::types::LoginBody {
        user: "ada".into(),
        password: "pw".into(),
        scopes: Vec::new(),
        remember: None,
        ids: Vec::new(),
        filter: None,
    };
    let error = client
        .login(body())
        .await
        .expect_err("a POST is not retried");
    assert!(
        matches!(error, bodies::Error::Api(ref api) if api.status == 503),
        "{error:?}"
    );
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"token": "t"})))
        .mount(&server)
        .await;
    client
        .login(body())
        .options(bodies::RequestOptions::new().idempotency_key("k-123"))
        .await
        .expect("retried after the 503");
    let keys: Vec<String> = server
        .received_requests()
        .await
        .expect("recorded")
        .iter()
        .map(|r| {
            r.headers
                .get("idempotency-key")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_owned()
        })
        .collect();
    assert_eq!(keys, ["k-123", "k-123"]);
}

/// The headers a spec declares for an answer are read typed: an integer rate limit, a request
/// id, a flag; one that does not parse is `None`, its text still there.
#[tokio::test]
async fn declared_response_headers_are_read_typed() {
    use crate::goldens::responses as api;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/3"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-RateLimit-Remaining", "41")
                .insert_header("x-request-id", "r-9")
                .insert_header("x-beta", "not-a-bool")
                .set_body_json(json!({"id": 3, "name": "three"})),
        )
        .mount(&server)
        .await;
    let client = api::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .expect("client");
    let answer = client
        .get_item(3)
        .send_with_response()
        .await
        .expect("answer");
    let headers: api::types::GetItemHeaders = answer.declared();
    assert_eq!(headers.x_rate_limit_remaining, Some(41));
    assert_eq!(headers.x_request_id.as_deref(), Some("r-9"));
    assert_eq!(headers.e_tag, None, "not sent");
    assert_eq!(headers.x_beta, None, "does not parse");
    assert_eq!(answer.header("x-beta"), Some("not-a-bool"));
    assert_eq!(answer.body.name.as_deref(), Some("three"));
}
