//! The generated test double at work, through the public API only: a small program built on the
//! client (it lists the issued duplicates of an order) tested against `mock::MockApi` on
//! loopback: a success, an API error, and a retry after 429.

use std::time::Duration;

use digicert_certcentral::mock::MockApi;
use digicert_certcentral::types::{DuplicateStatus, ErrorResponse, ListDuplicatesResponse};
use digicert_certcentral::{Client, Error, RetryPolicy};
use serde_json::json;

/// The program under test: the common names of an order's issued duplicates.
async fn issued_duplicates(
    client: &Client,
    order_id: i64,
) -> Result<Vec<String>, Error<ErrorResponse>> {
    let answer = client.list_duplicates(order_id).await?;
    Ok(answer
        .certificates
        .into_iter()
        .filter(|c| c.status == DuplicateStatus::Issued)
        .map(|c| c.common_name)
        .collect())
}

fn duplicates() -> ListDuplicatesResponse {
    let certificate = |id: i64, name: &str, status: &str| {
        json!({
            "id": id, "common_name": name, "dns_names": [name], "status": status,
            "date_created": "2024-01-02T03:04:05+00:00", "csr": "-----BEGIN…",
            "server_platform": {"id": -1, "name": "OTHER", "install_url": "", "csr_url": ""},
            "signature_hash": "sha256", "key_size": 2048, "ca_cert_id": "1F", "sub_id": "001",
            "public_id": "p", "archived": "0", "user_id": 7, "firstname": "A", "lastname": "B"
        })
    };
    serde_json::from_value(json!({"certificates": [
        certificate(1, "a.example.com", "issued"),
        certificate(2, "b.example.com", "pending"),
    ]}))
    .expect("a valid answer")
}

#[tokio::test]
async fn the_program_reads_a_success() {
    let mock = MockApi::start().await;
    mock.list_duplicates(42).respond(&duplicates()).await;
    let names = issued_duplicates(&mock.client(), 42)
        .await
        .expect("succeeds");
    assert_eq!(names, ["a.example.com"]);
    // The mock matched the path parameter: another order is not answered.
    let other = issued_duplicates(&mock.client(), 43)
        .await
        .expect_err("no mock");
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn the_program_sees_an_api_error() {
    let mock = MockApi::start().await;
    let not_found: ErrorResponse = serde_json::from_value(json!({
        "errors": [{"code": "not_found|order", "message": "Order not found."}]
    }))
    .expect("a valid error");
    mock.list_duplicates(42)
        .respond_error(404, &not_found)
        .await;
    let error = issued_duplicates(&mock.client(), 42)
        .await
        .expect_err("fails");
    assert_eq!(error.api_error_codes(), ["not_found|order"]);
    assert_eq!(error.api_body(), Some(&not_found));
    assert_eq!(error.attempts(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn the_program_gets_its_answer_after_a_429() {
    let mock = MockApi::start().await;
    mock.list_duplicates(42).times(1).respond_status(429).await;
    mock.list_duplicates(42).respond(&duplicates()).await;
    let client = mock
        .client_builder()
        .retry_policy(
            RetryPolicy::default()
                .initial_delay(Duration::from_millis(1))
                .max_delay(Duration::from_millis(5)),
        )
        .build()
        .expect("builds");
    let names = issued_duplicates(&client, 42)
        .await
        .expect("succeeds on retry");
    assert_eq!(names, ["a.example.com"]);
    let requests = mock.server().received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2, "one 429, then the answer");
    assert!(
        requests[0].headers.contains_key("x-dc-devkey"),
        "the credential is sent"
    );
}

#[tokio::test]
async fn a_delayed_answer_meets_the_client_timeout() {
    let mock = MockApi::start().await;
    mock.list_duplicates(42)
        .delay(Duration::from_millis(300))
        .respond(&duplicates())
        .await;
    let client = mock
        .client_builder()
        .attempt_timeout(Some(Duration::from_millis(50)))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .expect("builds");
    let error = issued_duplicates(&client, 42).await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

/// Response types are `#[non_exhaustive]`; with the `mock` feature a test makes one with `new`
/// (the required fields) and sets the rest on the value, or answers with JSON as written.
#[tokio::test]
async fn answers_are_built_with_new_or_written_as_json() {
    use digicert_certcentral::types::DuplicateCertificate;
    let mock = MockApi::start().await;
    let date = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+00:00").expect("a date");
    let mut issued =
        DuplicateCertificate::new(1, "a.example.com".into(), DuplicateStatus::Issued, date);
    issued.dns_names = vec!["a.example.com".into()];
    let mut answer = ListDuplicatesResponse::default();
    answer.certificates = vec![issued];
    mock.list_duplicates(42).times(1).respond(&answer).await;
    mock.list_duplicates(42)
        .respond_json(json!({"certificates": [{
            "id": 2, "common_name": "b.example.com", "status": "issued",
            "date_created": "2024-01-02T03:04:05+00:00"
        }]}))
        .await;
    let client = mock.client();
    assert_eq!(
        issued_duplicates(&client, 42).await.expect("typed answer"),
        ["a.example.com"]
    );
    assert_eq!(
        issued_duplicates(&client, 42).await.expect("JSON answer"),
        ["b.example.com"]
    );
}

#[tokio::test]
async fn the_mock_answers_with_headers_the_client_reads() {
    let mock = MockApi::start().await;
    mock.list_duplicates(42)
        .header("x-request-id", "mock-1")
        .header("x-ratelimit-remaining", "7")
        .respond(&duplicates())
        .await;
    let answer = mock
        .client()
        .list_duplicates(42)
        .send_with_response()
        .await
        .expect("answers");
    assert_eq!(answer.header("x-request-id"), Some("mock-1"));
    assert_eq!(answer.header("x-ratelimit-remaining"), Some("7"));
    assert_eq!(answer.body, duplicates());
}
