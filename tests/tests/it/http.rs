//! The generated client against a real HTTP server on loopback (wiremock): method, path, query
//! and API key on the wire; success bodies decode; DigiCert error envelopes become typed errors.

use std::time::Duration;

use digicert_certcentral::types::{DuplicateStatus, OrderStatus};
use digicert_certcentral::{Client, Error, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "test-key-0123456789";

fn client(server: &MockServer) -> Client {
    tests::certcentral_client(&server.uri(), KEY, RetryPolicy::disabled())
}

fn not_found() -> ResponseTemplate {
    ResponseTemplate::new(404).set_body_json(
        json!({"errors": [{"code": "not_found|order", "message": "Order not found."}]}),
    )
}

#[tokio::test]
async fn list_duplicates_sends_the_documented_request_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/order/certificate/12345/duplicate"))
        .and(header("X-DC-DEVKEY", KEY))
        .and(query_param("show_archived", "true"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(tests::certcentral_example(
                "/order/certificate/{order_id}/duplicate",
            )),
        )
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .list_duplicates(12345)
        .show_archived(true)
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(response.certificates.len(), 3);
    assert_eq!(response.certificates[1].status, DuplicateStatus::Rejected);
}

#[tokio::test]
async fn list_reissues_sends_no_query_when_unset_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/order/certificate/777/reissue"))
        .and(header("X-DC-DEVKEY", KEY))
        .and(query_param_is_missing("show_archived"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(tests::certcentral_example(
                "/order/certificate/{order_id}/reissue",
            )),
        )
        .expect(1)
        .mount(&server)
        .await;
    // The builder is awaited directly (IntoFuture).
    let response = client(&server)
        .list_reissues(777)
        .await
        .expect("200 decodes");
    assert_eq!(
        response.certificates[0].purchased_dns_names.as_deref(),
        Some("2")
    );
}

#[tokio::test]
async fn subaccount_order_info_sends_the_documented_request_and_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/account/subaccount/order/123456"))
        .and(header("X-DC-DEVKEY", KEY))
        .and(query_param("include_validation_status", "false"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(tests::certcentral_example(
                "/account/subaccount/order/{order_id}",
            )),
        )
        .expect(1)
        .mount(&server)
        .await;
    let order = client(&server)
        .subaccount_order_info(123456)
        .include_validation_status(false)
        .send()
        .await
        .expect("200 decodes");
    assert_eq!(order.status, OrderStatus::Pending);
}

#[tokio::test]
async fn a_not_found_envelope_is_a_typed_api_error_for_every_operation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(not_found())
        .expect(3)
        .mount(&server)
        .await;
    let client = client(&server);
    let errors = [
        client.list_duplicates(1).send().await.expect_err("404"),
        client.list_reissues(1).send().await.expect_err("404"),
        client
            .subaccount_order_info(1)
            .send()
            .await
            .expect_err("404"),
    ];
    for error in errors {
        let Error::Api(api) = &error else {
            panic!("expected an API error, got {error:?}")
        };
        assert_eq!(api.status.as_u16(), 404);
        assert_eq!(api.attempts, 1);
        let body = api.body.as_ref().expect("the envelope decodes");
        assert_eq!(body.errors[0].code, "not_found|order");
        assert_eq!(body.errors[0].message, "Order not found.");
        assert_eq!(error.api_error_codes(), ["not_found|order"]);
        assert_eq!(api.messages, ["Order not found."]);
        assert_eq!(
            error.to_string(),
            "API error 404 Not Found: Order not found. (not_found|order)"
        );
        assert!(!error.is_retryable());
    }
}

#[tokio::test]
async fn an_html_error_page_keeps_status_and_excerpt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_raw("<html><body>Maintenance</body></html>", "text/html"),
        )
        .mount(&server)
        .await;
    let error = client(&server)
        .list_duplicates(1)
        .send()
        .await
        .expect_err("503");
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status.as_u16(), 503);
    assert_eq!(api.body, None);
    assert!(error.api_error_codes().is_empty());
    assert!(api.raw.contains("Maintenance"), "{}", api.raw);
    assert_eq!(
        error.to_string(),
        "API error 503 Service Unavailable: <html><body>Maintenance</body></html>"
    );
    assert!(error.is_retryable());
}

/// An error with an empty body, or an OAuth-style `{"error", "error_description"}` body, reads
/// as what it is, not as the `Debug` form of a decoded value.
#[tokio::test]
async fn api_errors_display_what_the_api_said() {
    let server = MockServer::start().await;
    Mock::given(path("/order/certificate/1/duplicate"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    Mock::given(path("/order/certificate/2/duplicate"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_grant", "error_description": "The code has expired."}),
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let empty = client.list_duplicates(1).await.expect_err("401");
    assert_eq!(empty.to_string(), "API error 401 Unauthorized (empty body)");
    let oauth = client.list_duplicates(2).await.expect_err("400");
    assert_eq!(
        oauth.to_string(),
        "API error 400 Bad Request: The code has expired. (invalid_grant)"
    );
    assert_eq!(oauth.api_error_codes(), ["invalid_grant"]);
}

#[tokio::test]
async fn a_success_body_that_does_not_decode_names_the_failing_field() {
    let server = MockServer::start().await;
    let mut body = tests::certcentral_example("/order/certificate/{order_id}/duplicate");
    let first = body["certificates"][0].clone();
    let mut broken = first.clone();
    broken["date_created"] = json!("yesterday");
    body["certificates"] = json!([first.clone(), first, broken]);
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let error = client(&server)
        .list_duplicates(1)
        .send()
        .await
        .expect_err("bad body");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(decode.path.as_deref(), Some("certificates[2].date_created"));
    assert!(decode.excerpt.contains("yesterday") || decode.excerpt.ends_with('…'));
    assert!(
        error
            .to_string()
            .contains("at `certificates[2].date_created`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_decode_error_without_a_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>ok</html>", "text/html"))
        .mount(&server)
        .await;
    let error = client(&server)
        .list_duplicates(1)
        .send()
        .await
        .expect_err("not JSON");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.path, None);
    assert_eq!(decode.excerpt, "<html>ok</html>");
}

#[tokio::test]
async fn the_api_key_never_shows_in_debug_output() {
    let server = MockServer::start().await;
    let builder = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .dev_key(KEY);
    assert!(
        !format!("{builder:?}").contains(KEY),
        "builder Debug leaks the key"
    );
    let client = builder.build().expect("builds");
    assert!(
        !format!("{client:?}").contains(KEY),
        "client Debug leaks the key"
    );
    let request = client.list_duplicates(1);
    assert!(
        !format!("{request:?}").contains(KEY),
        "request Debug leaks the key"
    );
    Mock::given(method("GET"))
        .respond_with(not_found())
        .mount(&server)
        .await;
    let error = request.send().await.expect_err("404");
    assert!(
        !format!("{error:?} {error}").contains(KEY),
        "error output leaks the key"
    );
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed() {
    let error = Client::builder()
        .base_url("http://127.0.0.1:9")
        .dev_key(KEY)
        .build()
        .expect_err("http refused");
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    assert!(Client::new(KEY).is_ok(), "the default server is https");
    assert_eq!(
        Client::new(KEY).expect("builds").base_url(),
        digicert_certcentral::servers::US
    );
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/steal", elsewhere.uri())),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let error = client(&server)
        .list_duplicates(1)
        .send()
        .await
        .expect_err("302");
    assert!(
        matches!(&error, Error::Redirect { status, .. } if status.as_u16() == 302),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_slow_server_hits_the_attempt_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .dev_key("k")
        .retry_policy(RetryPolicy::disabled())
        .attempt_timeout(Some(Duration::from_millis(200)))
        .build()
        .expect("builds");
    let error = client
        .list_duplicates(1)
        .send()
        .await
        .expect_err("times out");
    assert!(matches!(error, Error::Timeout { attempts: 1 }), "{error:?}");
}

#[tokio::test]
async fn the_overall_deadline_ends_a_call_across_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_delay(Duration::from_millis(150)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(10)
                .initial_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(2)),
        )
        .total_timeout(Some(Duration::from_millis(400)))
        .dev_key("k")
        .build()
        .expect("builds");
    let error = client
        .list_duplicates(1)
        .send()
        .await
        .expect_err("deadline");
    let Error::Timeout { attempts } = error else {
        panic!("expected a timeout, got {error:?}")
    };
    assert!(
        (2..10).contains(&attempts),
        "retried until the deadline: {attempts}"
    );
}

/// A client without the API key fails a call that needs it before anything is sent, naming
/// the operation and what it needs; `send_without_credential` sends it anyway.
#[tokio::test]
async fn a_missing_credential_fails_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let keyless = |send_anyway: bool| {
        Client::builder()
            .base_url(server.uri())
            .allow_insecure_http(true)
            .retry_policy(RetryPolicy::disabled())
            .send_without_credential(send_anyway)
            .build()
            .expect("builds")
    };
    let error = keyless(false).list_duplicates(1).await.expect_err("no key");
    assert!(
        matches!(
            error,
            Error::MissingCredential {
                operation: "list_duplicates",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 0);
    assert_eq!(
        error.to_string(),
        "`list_duplicates` needs `DevKey` (an API key in the `X-DC-DEVKEY` header); no such credential is set on the client (nothing was sent)"
    );
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
    let sent = keyless(true).list_duplicates(1).await.expect_err("401");
    assert_eq!(sent.status().map(|s| s.as_u16()), Some(401));
}

/// Adds a signature header to each request and keeps each response's request id.
#[derive(Clone, Default)]
struct Signer(std::sync::Arc<std::sync::Mutex<Vec<(u32, String)>>>);

impl digicert_certcentral::Interceptor for Signer {
    fn before_send(&self, info: digicert_certcentral::AttemptInfo, request: &mut reqwest::Request) {
        let signature = format!("{}:{}", info.operation_id, request.url().path());
        let value = reqwest::header::HeaderValue::from_str(&signature).expect("a header value");
        request.headers_mut().insert("x-signature", value);
    }

    fn after_response(
        &self,
        info: digicert_certcentral::AttemptInfo,
        _status: reqwest::StatusCode,
        headers: &reqwest::header::HeaderMap,
    ) {
        let id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        self.0
            .lock()
            .expect("not poisoned")
            .push((info.attempt, id));
    }
}

#[tokio::test]
async fn an_interceptor_signs_each_attempt_and_sees_each_response_head() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/order/certificate/7/reissue"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-request-id", "first"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/order/certificate/7/reissue"))
        .and(header(
            "x-signature",
            "list_reissues:/order/certificate/7/reissue",
        ))
        .and(header("X-DC-DEVKEY", KEY))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "second")
                .set_body_json(tests::certcentral_example(
                    "/order/certificate/{order_id}/reissue",
                )),
        )
        .mount(&server)
        .await;
    let signer = Signer::default();
    let client = Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .dev_key(KEY)
        .retry_policy(RetryPolicy::default().initial_delay(Duration::from_millis(1)))
        .interceptor(signer.clone())
        .build()
        .expect("builds");
    client
        .list_reissues(7)
        .await
        .expect("the retry is signed too");
    let seen = signer.0.lock().expect("not poisoned").clone();
    assert_eq!(
        seen,
        vec![(1, "first".to_owned()), (2, "second".to_owned())]
    );
    // The key stays out of the builder's and client's `Debug`, interceptor or not.
    assert!(!format!("{client:?}").contains(KEY));
}
