//! Where requests go: the `servers` golden, whose document server is only a path, a path item
//! names an absolute upload host and operations name relative servers, against wiremock servers
//! on loopback.

use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::goldens::servers::{BuildError, Client, ClientBuilder, Error, RetryPolicy, servers};

fn json(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_owned(), "application/json")
}

/// A builder with the API on `api` (its path from the spec) and plain HTTP allowed.
fn builder(api: &MockServer) -> ClientBuilder {
    Client::builder()
        .host(api.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::disabled())
        .key("k")
}

#[tokio::test]
async fn each_operation_goes_to_its_own_server() {
    let (api, uploads) = (MockServer::start().await, MockServer::start().await);
    async fn at(server: &MockServer, verb: &str, to: &str, answer: ResponseTemplate) {
        Mock::given(method(verb))
            .and(path(to.to_owned()))
            .and(header("X-Key", "k"))
            .respond_with(answer)
            .expect(1)
            .mount(server)
            .await;
    }
    // The document's server is a path under the host.
    at(&api, "GET", "/api/v3/pets", json(r#"["rex"]"#)).await;
    // An operation naming the document's server again: the base URL.
    at(&api, "POST", "/api/v3/pets", ResponseTemplate::new(204)).await;
    // The path item's absolute server, replaced by `server_url`.
    at(&uploads, "GET", "/files/a", json(r#""a.txt""#)).await;
    // `/upload-api` replaces the base URL's path; `reports/v2` goes under it.
    at(
        &api,
        "PUT",
        "/upload-api/files/a",
        ResponseTemplate::new(204),
    )
    .await;
    at(&api, "GET", "/api/v3/reports/v2/reports", json("[]")).await;

    let client = builder(&api)
        .server_url(servers::UPLOADS, uploads.uri())
        .build()
        .expect("builds");
    assert_eq!(client.base_url(), format!("{}/api/v3", api.uri()));
    assert_eq!(client.list_pets().await.expect("lists"), vec!["rex"]);
    client.add_pet("rex").await.expect("adds");
    assert_eq!(client.get_file("a").await.expect("gets"), "a.txt");
    client.put_file("a", "text").await.expect("puts");
    assert!(client.get_reports().await.expect("reports").is_empty());
}

#[test]
fn a_path_alone_needs_a_host() {
    let error = Client::builder().key("k").build().expect_err("no host");
    assert!(
        matches!(&error, BuildError::MissingHost { path } if path == "/api/v3"),
        "{error:?}"
    );
    assert!(error.to_string().contains("`host`"), "{error}");
    // `Client::new` asks for it.
    let client = Client::new("https://api.example.com", "k").expect("builds");
    assert_eq!(client.base_url(), "https://api.example.com/api/v3");
    // A host is only a host.
    let error = Client::new("https://api.example.com/v9", "k").expect_err("a path");
    assert!(matches!(error, BuildError::InvalidBaseUrl(_)), "{error:?}");
}

#[test]
fn a_host_keeps_an_absolute_base_urls_path_and_unknown_servers_are_refused() {
    let client = Client::builder()
        .base_url("https://api.example.com/v2")
        .host("https://staging.example.com:8443")
        .build()
        .expect("builds");
    assert_eq!(client.base_url(), "https://staging.example.com:8443/v2");
    let error = Client::builder()
        .host("https://api.example.com")
        .server_url("https://elsewhere.example.com", "https://x.example.com")
        .build()
        .expect_err("no operation uses that server");
    assert!(matches!(error, BuildError::UnknownServer(_)), "{error:?}");
}

#[tokio::test]
async fn an_operation_server_on_plain_http_is_refused_without_sending() {
    let uploads = MockServer::start().await;
    let client = Client::builder()
        .host("https://api.example.com")
        .server_url(servers::UPLOADS, uploads.uri())
        .key("k")
        .build()
        .expect("the base URL is https: the client builds");
    let error = client.get_file("a").await.expect_err("plain http");
    assert!(
        matches!(&error, Error::Server { operation, .. } if *operation == "getFile"),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 0);
    assert!(error.to_string().contains("allow_insecure_http"), "{error}");
    assert!(
        uploads
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

#[tokio::test]
async fn the_mock_serves_operations_of_every_server() {
    use crate::goldens::servers::mock::MockApi;
    let mock = MockApi::start().await;
    mock.get_file("a")
        .respond_json(serde_json::json!("a.txt"))
        .await;
    mock.get_reports()
        .respond_json(serde_json::json!(["r"]))
        .await;
    let client = mock.client();
    assert_eq!(client.get_file("a").await.expect("gets"), "a.txt");
    assert_eq!(client.get_reports().await.expect("reports"), vec!["r"]);
}
