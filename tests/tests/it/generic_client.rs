//! Runtime behaviour that the DigiCert spec cannot show (it has only GETs with integer path
//! parameters), through the client generated from `specs/operations.yaml` (its golden, compiled
//! here as a module): POST is not retried unless the user opts in, and string path parameters are
//! encoded into one segment or refused before anything is sent.

use crate::goldens::operations_client;

use operations_client::types::CreateNoteBody;
use operations_client::{Client, Error, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, policy: RetryPolicy) -> Client {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .token("token")
        .retry_policy(policy)
        .build()
        .expect("client builds")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_attempts(3)
        .initial_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(5))
}

fn note() -> CreateNoteBody {
    CreateNoteBody {
        text: "hello".to_owned(),
    }
}

#[tokio::test]
async fn a_post_is_not_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server, fast_retries())
        .create_note()
        .body(note())
        .send()
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.attempts(), 1);
    assert!(
        error.is_retryable(),
        "the status is retryable; only the method stopped the retry"
    );
}

#[tokio::test]
async fn a_post_is_retried_when_the_user_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/notes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "n-1"})))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server, fast_retries().retry_non_idempotent(true))
        .create_note()
        .body(note())
        .send()
        .await
        .expect("second attempt succeeds");
    assert_eq!(created.id.as_deref(), Some("n-1"));
}

#[tokio::test]
async fn a_put_is_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(502))
        .expect(3)
        .mount(&server)
        .await;
    let error = client(&server, fast_retries())
        .upload_file("a", "trace", b"data".to_vec())
        .send()
        .await
        .expect_err("502 every time");
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn dot_segments_and_empty_names_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::disabled());
    for name in ["", ".", ".."] {
        let error = client
            .upload_file(name, "trace", Vec::new())
            .send()
            .await
            .expect_err("refused");
        let Error::InvalidRequest(invalid) = &error else {
            panic!("expected InvalidRequest for {name:?}, got {error:?}")
        };
        assert_eq!(invalid.parameter, "name");
        assert_eq!(error.attempts(), 0);
    }
}

#[tokio::test]
async fn hostile_names_arrive_as_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server, RetryPolicy::disabled());
    let cases = [
        ("../admin", "/files/..%2Fadmin"),
        ("%2e%2e", "/files/%252e%252e"),
        ("a/b", "/files/a%2Fb"),
        ("a?b#c", "/files/a%3Fb%23c"),
        ("..\\x", "/files/..%5Cx"),
        ("é", "/files/%C3%A9"),
        ("...", "/files/..."),
    ];
    for (name, _) in &cases {
        client
            .upload_file(*name, "trace", Vec::new())
            .send()
            .await
            .unwrap_or_else(|e| panic!("{name:?} should be sent: {e}"));
    }
    let received: Vec<String> = server
        .received_requests()
        .await
        .expect("recording on")
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    let expected: Vec<&str> = cases.iter().map(|(_, wire)| *wire).collect();
    assert_eq!(received, expected);
}
