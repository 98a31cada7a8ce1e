//! Authentication on the wire: the `security` golden (every scheme kind; alternatives, pairs,
//! overrides, `security: []`, `{}`) against wiremock servers on loopback that play both the API
//! and its OAuth 2.0 token endpoint.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use wiremock::matchers::{body_string_contains, header, header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::goldens::security::{
    AccessToken, AuthScheme, BuildError, Client, ClientAuth, ClientBuilder, ClientCredentials,
    Error, RefreshToken, RetryPolicy, SecurityScheme, TokenError, TokenSource,
};

const OK: &str = r#"{"ok": true}"#;

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(OK, "application/json")
}

fn token(access_token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": expires_in,
    }))
}

/// A builder for the server with plain HTTP allowed and no retries.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::disabled())
}

fn grant(server: &MockServer) -> ClientCredentials {
    ClientCredentials::new("client-id", "client-secret")
        .token_url(format!("{}/token", server.uri()))
}

async fn requests_to(server: &MockServer, to: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("recorded")
        .into_iter()
        .filter(|r| r.url.path() == to)
        .collect()
}

fn body(request: &Request) -> String {
    String::from_utf8_lossy(&request.body).into_owned()
}

#[tokio::test]
async fn client_credentials_authenticate_with_basic_and_request_the_specs_scopes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        // base64("client-id:client-secret")
        .and(header(
            "authorization",
            "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=",
        ))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(token("tok-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ok())
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(grant(&server))
        .build()
        .expect("builds");
    client.list_pets().await.expect("first call");
    client.list_pets().await.expect("the cached token");
    let token_requests = requests_to(&server, "/token").await;
    let form = body(&token_requests[0]);
    assert!(form.contains("grant_type=client_credentials"), "{form}");
    assert!(form.contains("scope=read+write"), "{form}");
    assert!(!form.contains("client_secret"), "{form}");
}

#[tokio::test]
async fn client_credentials_can_go_in_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("client_id=client-id"))
        .and(body_string_contains("client_secret=client-secret"))
        .and(body_string_contains("scope=write"))
        .respond_with(token("tok-post", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(header("authorization", "Bearer tok-post"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(
            grant(&server)
                .client_auth(ClientAuth::RequestBody)
                .scopes(["write"]),
        )
        .build()
        .expect("builds");
    client.add_pet().await.expect("authorised");
    let token_request = &requests_to(&server, "/token").await[0];
    assert!(!token_request.headers.contains_key("authorization"));
}

#[tokio::test]
async fn fifty_concurrent_calls_fetch_one_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token("shared", 3600).set_delay(Duration::from_millis(200)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(header("authorization", "Bearer shared"))
        .respond_with(ok())
        .expect(50)
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(grant(&server))
        .build()
        .expect("builds");
    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.list_pets().await })
    });
    let calls: Vec<_> = calls.collect();
    for call in calls {
        call.await.expect("joins").expect("authorised");
    }
}

#[tokio::test]
async fn a_token_is_renewed_shortly_before_it_expires() {
    let server = MockServer::start().await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(move |_: &Request| {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            // Two seconds: renewed after one (half the lifetime, as it is under a minute).
            token(&format!("tok-{n}"), 2)
        })
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(grant(&server))
        .build()
        .expect("builds");
    client.list_pets().await.expect("first");
    client.list_pets().await.expect("still fresh");
    assert_eq!(issued.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client.list_pets().await.expect("renewed");
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let calls = requests_to(&server, "/pets").await;
    let bearer = |r: &Request| {
        r.headers["authorization"]
            .to_str()
            .expect("ascii")
            .to_owned()
    };
    assert_eq!(bearer(&calls[1]), "Bearer tok-1");
    assert_eq!(bearer(&calls[2]), "Bearer tok-2");
}

#[tokio::test]
async fn a_401_renews_the_token_once_and_retries_once_then_fails() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(token("rejected", 3600))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", r#"Bearer error="invalid_token""#),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(grant(&server))
        .build()
        .expect("builds");
    let error = client.list_pets().await.expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn a_fixed_token_rejected_with_401_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).oauth("fixed").build().expect("builds");
    let error = client.list_pets().await.expect_err("401");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
}

#[tokio::test]
async fn a_refused_grant_is_a_typed_error_and_nothing_reaches_the_api() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_client",
            "error_description": "Unknown client.",
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .oauth(grant(&server))
        .build()
        .expect("builds");
    let error = client.list_pets().await.expect_err("refused");
    match &error {
        Error::Token {
            scheme: "oauth",
            source:
                TokenError::Rejected {
                    status,
                    error,
                    description,
                    ..
                },
        } => {
            assert_eq!(status.as_u16(), 400);
            assert_eq!(error, "invalid_client");
            assert_eq!(description.as_deref(), Some("Unknown client."));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.attempts(), 0);
    let text = error.to_string();
    assert!(text.contains("invalid_client: Unknown client."), "{text}");
    assert!(!text.contains("client-secret") && !format!("{error:?}").contains("client-secret"));
    assert!(requests_to(&server, "/pets").await.is_empty());
}

#[test]
fn a_token_url_over_plain_http_is_refused() {
    let built = Client::builder()
        .oauth(ClientCredentials::new("id", "secret").token_url("http://auth.example.com/token"))
        .build();
    assert!(
        matches!(&built, Err(BuildError::InvalidTokenUrl { scheme: "oauth", reason }) if reason.contains("not https")),
        "{built:?}"
    );
    // The spec's own token URL is https.
    let built = Client::builder()
        .oauth(ClientCredentials::new("id", "secret"))
        .build();
    assert!(built.is_ok(), "{built:?}");
}

#[tokio::test]
async fn a_pair_of_keys_goes_together_and_one_alone_is_not_enough() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pair"))
        .and(header("x-app-key", "key"))
        .and(header("x-app-token", "token"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let both = builder(&server)
        .app_key("key")
        .app_token("token")
        .build()
        .expect("builds");
    both.pair().await.expect("both keys sent");
    let one = builder(&server).app_key("key").build().expect("builds");
    let error = one.pair().await.expect_err("one key is not enough");
    assert!(
        matches!(&error, Error::MissingCredential { operation: "pair", accepts } if accepts.contains("`app_key`") && accepts.contains("`app_token`") && accepts.contains("together")),
        "{error}"
    );
    assert_eq!(requests_to(&server, "/pair").await.len(), 1);
}

#[tokio::test]
async fn of_two_alternatives_the_configured_one_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let keyed = builder(&server).api_key("the-key").build().expect("builds");
    keyed.list_pets().await.expect("the key suffices");
    let tokened = builder(&server).oauth("the-token").build().expect("builds");
    tokened.list_pets().await.expect("the token suffices");
    let calls = requests_to(&server, "/pets").await;
    assert_eq!(calls[0].headers["x-api-key"], "the-key");
    assert!(!calls[0].headers.contains_key("authorization"));
    assert_eq!(calls[1].headers["authorization"], "Bearer the-token");
    assert!(!calls[1].headers.contains_key("x-api-key"));
    // With both, the first alternative the spec lists.
    let both = builder(&server)
        .api_key("the-key")
        .oauth("the-token")
        .build()
        .expect("builds");
    both.list_pets().await.expect("authorised");
    let calls = requests_to(&server, "/pets").await;
    assert_eq!(calls[2].headers["authorization"], "Bearer the-token");
    assert!(!calls[2].headers.contains_key("x-api-key"));
}

/// A client holding every credential of the spec.
fn everything(server: &MockServer) -> Client {
    builder(server)
        .oauth("token")
        .api_key("api-key")
        .app_key("app-key")
        .app_token("app-token")
        .session("session-key")
        .query_key("query-key")
        .basic("user", "password")
        .negotiate("ticket")
        .oidc("oidc-token")
        .user_login("user-token")
        .build()
        .expect("builds")
}

#[tokio::test]
async fn an_operation_with_empty_security_sends_no_credential() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    everything(&server)
        .health()
        .await
        .expect("no credential needed");
    let call = &requests_to(&server, "/health").await[0];
    for name in [
        "authorization",
        "x-api-key",
        "x-app-key",
        "x-app-token",
        "cookie",
    ] {
        assert!(!call.headers.contains_key(name), "{name} sent");
    }
    assert_eq!(call.url.query(), None);
}

#[tokio::test]
async fn an_optional_requirement_sends_the_key_when_there_is_one() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/feed"))
        .respond_with(ok())
        .expect(2)
        .mount(&server)
        .await;
    builder(&server)
        .build()
        .expect("builds")
        .feed()
        .await
        .expect("anonymous is fine");
    builder(&server)
        .api_key("k")
        .build()
        .expect("builds")
        .feed()
        .await
        .expect("keyed");
    let calls = requests_to(&server, "/feed").await;
    assert!(!calls[0].headers.contains_key("x-api-key"));
    assert_eq!(calls[1].headers["x-api-key"], "k");
}

#[tokio::test]
async fn a_missing_credential_fails_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = builder(&server).build().expect("builds");
    let error = client.list_pets().await.expect_err("no credential");
    assert!(
        matches!(error, Error::MissingCredential { .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 0);
    assert_eq!(
        error.to_string(),
        "`listPets` needs one of: `oauth` (OAuth 2.0), `api_key` (an API key in the `X-API-Key` header); no such credential is set on the client (nothing was sent)"
    );
    assert!(
        server
            .received_requests()
            .await
            .expect("recorded")
            .is_empty()
    );
}

#[tokio::test]
async fn keys_go_where_their_schemes_say() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/session"))
        .and(header("cookie", "session=session-key"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/search"))
        .and(query_param("key", "query-key"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/account"))
        // base64("user:password")
        .and(header("authorization", "Basic dXNlcjpwYXNzd29yZA=="))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/intranet"))
        .and(header("authorization", "Negotiate ticket"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = everything(&server);
    client.session().await.expect("cookie");
    client.search().await.expect("query");
    client.account().await.expect("basic");
    client.intranet().await.expect("negotiate");
}

#[tokio::test]
async fn openid_connect_finds_the_token_endpoint_by_discovery() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/.well-known/openid-configuration"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "issuer": server.uri(),
            "token_endpoint": format!("{}/oidc/token", server.uri()),
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oidc/token"))
        .and(body_string_contains("grant_type=client_credentials"))
        .respond_with(token("from-discovery", 1))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/profile"))
        .and(header("authorization", "Bearer from-discovery"))
        .respond_with(ok())
        .expect(2)
        .mount(&server)
        .await;
    // The spec's discovery document is on another host: the same scheme, pointed at this server.
    let discovery: &'static str =
        Box::leak(format!("{}/.well-known/openid-configuration", server.uri()).into_boxed_str());
    let schemes: &'static [SecurityScheme] = Box::leak(Box::new([SecurityScheme {
        name: "oidc",
        kind: AuthScheme::OpenIdConnect(discovery),
    }]));
    let client = ClientBuilder::with_defaults(Some(&server.uri()), schemes)
        .allow_insecure_http(true)
        .oidc(ClientCredentials::new("id", "secret"))
        .build()
        .expect("builds");
    client.profile().await.expect("authorised");
    // The token lives a second: the next call renews it, reading the discovery document no more.
    tokio::time::sleep(Duration::from_millis(600)).await;
    client.profile().await.expect("renewed");
}

#[tokio::test]
async fn a_refresh_token_buys_access_tokens_and_rotates() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=first-refresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "access_token": "access-1",
            "token_type": "bearer",
            "expires_in": "1",
            "refresh_token": "second-refresh",
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("refresh_token=second-refresh"))
        .respond_with(token("access-2", 3600))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/library"))
        .and(header_exists("authorization"))
        .respond_with(ok())
        .expect(2)
        .mount(&server)
        .await;
    let client = builder(&server)
        .user_login(
            RefreshToken::new("app", "first-refresh").token_url(format!("{}/token", server.uri())),
        )
        .build()
        .expect("builds");
    client.library().await.expect("first token");
    tokio::time::sleep(Duration::from_millis(600)).await;
    client
        .library()
        .await
        .expect("renewed with the rotated refresh token");
    let calls = requests_to(&server, "/library").await;
    assert_eq!(calls[0].headers["authorization"], "Bearer access-1");
    assert_eq!(calls[1].headers["authorization"], "Bearer access-2");
    let form = body(&requests_to(&server, "/token").await[0]);
    assert!(
        form.contains("client_id=app"),
        "a public client names itself: {form}"
    );
}

#[tokio::test]
async fn a_users_own_provider_supplies_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(header("authorization", "Bearer from-vault"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let provider = TokenSource::provider(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { Ok(AccessToken::new("from-vault").expires_in(Duration::from_secs(600))) }
    });
    let client = builder(&server).oauth(provider).build().expect("builds");
    client.list_pets().await.expect("authorised");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let failing = TokenSource::provider(|| async {
        Err::<AccessToken, _>(TokenError::provider("the vault is sealed"))
    });
    let client = builder(&server).oauth(failing).build().expect("builds");
    let error = client.list_pets().await.expect_err("no token");
    assert!(error.to_string().contains("the vault is sealed"), "{error}");
}

#[tokio::test]
async fn no_secret_shows_in_debug_output_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("{}", "application/json"))
        .mount(&server)
        .await;
    let secrets = [
        "s3cret-token",
        "s3cret-key",
        "s3cret-pass",
        "s3cret-client",
        "s3cret-refresh",
        "s3cret-proxy",
    ];
    let builder = builder(&server)
        .oauth(ClientCredentials::new("id", "s3cret-client").token_url("/token"))
        .user_login(RefreshToken::new("id", "s3cret-refresh").client_secret("s3cret-client"))
        .api_key("s3cret-key")
        .basic("user", "s3cret-pass")
        .negotiate("s3cret-token")
        .query_key("s3cret-key")
        .proxy("http://user:s3cret-proxy@127.0.0.1:9")
        .no_proxy();
    let shown = format!("{builder:?}");
    let client = builder.build().expect("builds");
    let shown = format!("{shown} {client:?}");
    let error = client.search().await.expect_err("500");
    let shown = format!("{shown} {error:?} {error}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn the_mock_holds_every_credential_and_answers_token_requests() {
    use crate::goldens::security::mock::MockApi;
    let mock = MockApi::start().await;
    mock.pair().respond(&Default::default()).await;
    mock.list_pets().respond(&Default::default()).await;
    let client = mock.client();
    client.pair().await.expect("both keys configured");
    let calls = requests_to(mock.server(), "/pair").await;
    assert_eq!(calls[0].headers["x-app-key"], "mock-app_key");
    assert_eq!(calls[0].headers["x-app-token"], "mock-app_token");
    // Code that fetches tokens, tested offline.
    let token_url = mock.mount_token_endpoint("offline-token").await;
    let client = mock
        .client_builder()
        .oauth(ClientCredentials::new("id", "secret").token_url(token_url))
        .build()
        .expect("builds");
    client.list_pets().await.expect("authorised");
    let calls = requests_to(mock.server(), "/pets").await;
    assert_eq!(calls[0].headers["authorization"], "Bearer offline-token");
}

/// Stoplight Prism, serving the same spec, judges the client's credentials independently: a
/// request without what the operation's requirement asks for is refused with 401; what the
/// client sends with either alternative, a pair, a cookie, a query key, Basic, another HTTP
/// scheme or an OAuth 2.0 token is accepted.
#[tokio::test]
async fn prism_accepts_the_credentials_the_client_sends_and_refuses_a_call_without() {
    let Some(url) = crate::conformance::prism_url("PRISM_SECURITY_URL") else {
        return;
    };
    let anonymous = Client::builder()
        .base_url(&url)
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::disabled())
        .send_without_credential(true)
        .build()
        .expect("builds");
    let refused = anonymous.list_pets().await.expect_err("Prism refuses");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(401), "{refused}");
    let half = Client::builder()
        .base_url(&url)
        .allow_insecure_http(true)
        .retry_policy(RetryPolicy::disabled())
        .send_without_credential(true)
        .app_key("only-one")
        .build()
        .expect("builds");
    let refused = half.pair().await.expect_err("Prism wants both keys");
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(401), "{refused}");
    anonymous.health().await.expect("needs nothing");
    anonymous.feed().await.expect("anonymous is an alternative");

    let with = |configure: fn(ClientBuilder) -> ClientBuilder| {
        configure(
            Client::builder()
                .base_url(&url)
                .allow_insecure_http(true)
                .retry_policy(RetryPolicy::disabled()),
        )
        .build()
        .expect("builds")
    };
    with(|b| b.api_key("key"))
        .list_pets()
        .await
        .expect("the key");
    with(|b| b.oauth("token"))
        .list_pets()
        .await
        .expect("the token");
    with(|b| b.oauth("token"))
        .add_pet()
        .await
        .expect("the token");
    with(|b| b.app_key("a").app_token("b"))
        .pair()
        .await
        .expect("both keys");
    with(|b| b.session("s"))
        .session()
        .await
        .expect("the cookie");
    with(|b| b.query_key("q"))
        .search()
        .await
        .expect("the query key");
    with(|b| b.basic("user", "password"))
        .account()
        .await
        .expect("Basic");
    with(|b| b.negotiate("ticket"))
        .intranet()
        .await
        .expect("Negotiate");
    with(|b| b.oidc("token"))
        .profile()
        .await
        .expect("OpenID Connect");
    with(|b| b.user_login("token"))
        .library()
        .await
        .expect("OAuth 2.0");
}
