//! Unit tests of the runtime where it is written. The HTTP behaviour (retries, timeouts,
//! redirects, tracing) is tested on loopback through a generated client in `tests/`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::time::Duration;

use super::runtime;
use super::runtime::*;

#[test]
fn backoff_ceilings_double_up_to_the_cap() {
    let policy = RetryPolicy::default()
        .initial_delay(Duration::from_millis(500))
        .max_delay(Duration::from_secs(3));
    let ceilings: Vec<u128> = (1..=5)
        .map(|n| policy.backoff_ceiling(n).as_millis())
        .collect();
    assert_eq!(ceilings, [500, 1000, 2000, 3000, 3000]);
    assert_eq!(policy.backoff_ceiling(u32::MAX), Duration::from_secs(3));
}

#[test]
fn retry_after_wins_within_the_cap_and_stops_retries_beyond_it() {
    let policy = RetryPolicy::default().max_delay(Duration::from_secs(10));
    let wait = Some(Duration::from_secs(7));
    assert_eq!(policy.delay(1, wait, 0.5), wait);
    assert_eq!(policy.delay(1, Some(Duration::from_secs(11)), 0.5), None);
    assert_eq!(policy.delay(2, None, 0.5), Some(Duration::from_millis(500)));
    assert_eq!(policy.delay(2, None, 7.0), Some(Duration::from_secs(1)));
    assert_eq!(RetryPolicy::disabled().attempts(), 1);
    assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
}

#[test]
fn path_segments_are_encoded_and_dot_segments_refused() {
    let mut path = String::from("/a/");
    push_path_param(&mut path, "id", "../x y/%2e").expect("encodable");
    assert_eq!(path, "/a/..%2Fx%20y%2F%252e");
    for bad in ["", ".", ".."] {
        let error = push_path_param(&mut String::new(), "id", bad).expect_err("refused");
        assert_eq!(error.parameter, "id");
    }
}

#[test]
fn a_path_is_filled_between_its_literal_pieces() {
    let path = fill_path(&["/a/", "/b/", ""], &[("x", "1 2"), ("y", "z")]).expect("encodable");
    assert_eq!(path, "/a/1%202/b/z");
    assert_eq!(fill_path(&["/plain"], &[]).as_deref(), Ok("/plain"));
    let error = fill_path(&["/a/", "/b/", ""], &[("x", "1"), ("y", "..")]).expect_err("refused");
    assert_eq!(error.parameter, "y");
}

#[test]
fn styled_path_parameters_follow_the_style() {
    let list = vec!["a b", "c"];
    let object = BTreeMap::from([("k", "v/w")]);
    let styled = |style, explode, value: &dyn erased::Value| {
        let mut path = String::new();
        value.push(&mut path, style, explode).map(|()| path)
    };
    assert_eq!(
        styled(PathStyle::Simple, false, &list).as_deref(),
        Ok("a%20b,c")
    );
    assert_eq!(
        styled(PathStyle::Label, true, &list).as_deref(),
        Ok(".a%20b.c")
    );
    assert_eq!(
        styled(PathStyle::Matrix, true, &list).as_deref(),
        Ok(";p=a%20b;p=c")
    );
    assert_eq!(
        styled(PathStyle::Matrix, false, &object).as_deref(),
        Ok(";p=k,v%2Fw")
    );
    assert!(styled(PathStyle::Simple, false, &Vec::<String>::new()).is_err());
}

/// Lets the style test take lists and objects alike.
mod erased {
    use super::*;

    pub trait Value {
        fn push(
            &self,
            path: &mut String,
            style: PathStyle,
            explode: bool,
        ) -> Result<(), InvalidRequest>;
    }

    impl<T: serde::Serialize> Value for T {
        fn push(
            &self,
            path: &mut String,
            style: PathStyle,
            explode: bool,
        ) -> Result<(), InvalidRequest> {
            push_styled_path_param(path, "p", self, style, explode)
        }
    }
}

#[test]
fn structured_query_parameters_follow_the_style() {
    let object = BTreeMap::from([("a", 1), ("b", 2)]);
    let pairs = |explode, deep| {
        let mut query = Vec::new();
        push_structured_query(&mut query, "f", &object, explode, deep).expect("encodable");
        query
            .into_iter()
            .map(|(k, v): (Cow<'static, str>, String)| format!("{k}={v}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(true, true), ["f[a]=1", "f[b]=2"]);
    assert_eq!(pairs(true, false), ["a=1", "b=2"]);
    assert_eq!(pairs(false, false), ["f=a,1,b,2"]);
    assert_eq!(
        structured_text("h", &object, true).as_deref(),
        Ok("a=1,b=2")
    );
    assert_eq!(
        structured_text("h", &vec![Some("x"), None], false).as_deref(),
        Ok("x,")
    );
}

#[test]
fn form_and_multipart_bodies() {
    #[derive(serde::Serialize)]
    struct Upload {
        name: &'static str,
        tags: Vec<&'static str>,
        note: Option<&'static str>,
        #[serde(skip)]
        file: FilePart,
        #[serde(skip)]
        photo: Option<FilePart>,
    }
    let upload = Upload {
        name: "a b&c",
        tags: vec!["x", "y"],
        note: None,
        file: FilePart::new(*b"bytes"),
        photo: Some(
            FilePart::new(vec![0xff, 0])
                .file_name("me.png")
                .content_type("image/png"),
        ),
    };
    let form = form_body(&upload, &[]).expect("encodable");
    assert_eq!(
        String::from_utf8(form).expect("ascii"),
        "name=a%20b%26c&tags=x&tags=y"
    );
    let files = [
        ("file", Some("text/plain"), file_parts(&upload.file)),
        ("photo", None, file_parts(&upload.photo)),
    ];
    let (content_type, body) = multipart_body(&upload, &files, &[]).expect("encodable");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect("boundary");
    let body = String::from_utf8_lossy(&body).into_owned();
    assert!(body.ends_with(&format!("--{boundary}--\r\n")));
    assert!(
        body.contains(
            "name=\"file\"; filename=\"file\"\r\nContent-Type: text/plain\r\n\r\nbytes\r\n"
        )
    );
    assert!(
        body.contains("name=\"photo\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n")
    );
    assert_eq!(body.matches("name=\"tags\"").count(), 2);
    assert!(!body.contains("name=\"note\""));
    assert!(
        form_body(&[1, 2], &[]).is_err(),
        "a form body must be an object"
    );
}

#[test]
fn form_fields_in_their_encoding_style() {
    let body = serde_json::json!({
        "ids": [1, 2],
        "pipes": ["a", "b"],
        "point": {"x": 1, "y": "two words"},
        "filter": {"size": "L", "color": "red"},
        "plain": {"k": "v"},
        "list": ["p", "q"],
        "star": "a*b+c,d",
    });
    let styled = |property, style| FieldEncoding { property, style };
    let encodings = [
        styled("ids", FieldStyle::Form { explode: false }),
        styled("pipes", FieldStyle::Delimited('|')),
        styled("point", FieldStyle::Form { explode: true }),
        styled("filter", FieldStyle::DeepObject),
        styled("list", FieldStyle::Form { explode: true }),
    ];
    let form = String::from_utf8(form_body(&body, &encodings).expect("encodable")).expect("ascii");
    let fields: Vec<&str> = form.split('&').collect();
    assert_eq!(
        fields,
        [
            "ids=1%2C2",
            "pipes=a%7Cb",
            "x=1",
            "y=two%20words",
            "filter%5Bsize%5D=L",
            "filter%5Bcolor%5D=red",
            // Without an Encoding Object style: an object is JSON, a list repeats its name.
            "plain=%7B%22k%22%3A%22v%22%7D",
            "list=p",
            "list=q",
            // No reserved character is left literal.
            "star=a%2Ab%2Bc%2Cd",
        ]
    );
}

#[test]
fn decode_failures_name_the_field() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only decoded")]
    struct Item {
        id: u32,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "only decoded")]
    struct Page {
        items: Vec<Item>,
    }
    let page = decode_json::<Page>(200, br#"{"items":[{"id":1},{"id":"x"}]}"#);
    let failure = page.expect_err("the second id is a string");
    assert_eq!(failure.path.as_deref(), Some("items[1].id"));
    assert!(
        failure.message.contains("invalid type"),
        "{}",
        failure.message
    );
    let failure = decode_json::<Page>(200, b"<html>").expect_err("not JSON");
    assert_eq!(failure.path, None);
    assert_eq!(decode_error_text(500, b"oops").as_deref(), Some("oops"));
    assert!(decode_error_json::<Page>(500, b"{}").is_none());
}

#[test]
fn open_enums_keep_unknown_values() {
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }
    impl Color {
        fn as_str(&self) -> &str {
            match self {
                Color::Red => "red",
                Color::Unknown(value) => value,
            }
        }
    }
    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "red" => Color::Red,
                other => Color::Unknown(other.to_owned()),
            }
        }
    }
    // Here as in a generated `types` module, `super::runtime` names the runtime.
    runtime::open_enum_impls!(Color);
    runtime::open_enum_serialize!(Color);
    runtime::open_enum_deserialize!(Color);
    let decoded: Vec<Color> = serde_json::from_str(r#"["red","teal"]"#).expect("decodes");
    assert_eq!(decoded, [Color::Red, Color::Unknown("teal".into())]);
    assert_eq!(
        serde_json::to_string(&decoded).expect("encodes"),
        r#"["red","teal"]"#
    );
    assert_eq!("red".parse::<Color>(), Ok(Color::Red));
    assert_eq!(Color::Unknown("x y".into()).to_string(), "x y");
}

#[test]
fn null_lists_decode_as_empty() {
    #[derive(serde::Deserialize)]
    struct Holder {
        #[serde(default, deserialize_with = "null_as_default")]
        items: Vec<u8>,
    }
    let holder: Holder = serde_json::from_str(r#"{"items":null}"#).expect("decodes");
    assert!(holder.items.is_empty());
}

#[test]
fn secrets_never_show_in_debug_output() {
    const SCHEMES: &[SecurityScheme] = &[
        SecurityScheme {
            name: "token",
            kind: AuthScheme::Bearer,
        },
        SecurityScheme {
            name: "key",
            kind: AuthScheme::Cookie("session"),
        },
        SecurityScheme {
            name: "oauth",
            kind: AuthScheme::OAuth2(OAuthEndpoints {
                client_credentials_url: Some("https://auth.example/token"),
                token_url: None,
                refresh_url: None,
                scopes: &["read"],
            }),
        },
        SecurityScheme {
            name: "refresh",
            kind: AuthScheme::OpenIdConnect(
                "https://auth.example/.well-known/openid-configuration",
            ),
        },
    ];
    let builder = ClientBuilder::with_defaults(Some("https://api.example"), SCHEMES)
        .secret("token", "s3cret-token".to_owned())
        .secret("key", "s3cret-key".to_owned())
        .token_source(
            "oauth",
            ClientCredentials::new("client-id", "s3cret-client").into(),
        )
        .token_source(
            "refresh",
            RefreshToken::new("client-id", "s3cret-refresh")
                .client_secret("s3cret-client")
                .into(),
        )
        .proxy("http://user:s3cret-proxy@proxy.example:3128");
    assert!(!format!("{builder:?}").contains("s3cret"), "{builder:?}");
    let client = builder.build().expect("builds");
    assert!(!format!("{client:?}").contains("s3cret"), "{client:?}");
    assert_eq!(client.base_url(), "https://api.example");
    assert_eq!(
        client.configured_schemes(),
        ["token", "key", "oauth", "refresh"]
    );
    let token = TokenSource::access_token("s3cret-access");
    assert!(!format!("{token:?}").contains("s3cret"));
    let token = AccessToken::new("s3cret-access");
    assert!(!format!("{token:?}").contains("s3cret"));
}

#[test]
fn builder_refuses_bad_base_urls() {
    let build = |url: &str| ClientBuilder::with_defaults(Some(url), &[]).build();
    assert!(matches!(
        build("http://x"),
        Err(BuildError::InsecureBaseUrl)
    ));
    assert!(matches!(
        build("ftp://x"),
        Err(BuildError::InvalidBaseUrl(_))
    ));
    assert!(matches!(
        build("https://x/?q=1"),
        Err(BuildError::InvalidBaseUrl(_))
    ));
    assert!(matches!(
        ClientBuilder::with_defaults(None, &[]).build(),
        Err(BuildError::MissingBaseUrl)
    ));
}

#[test]
fn token_urls_must_be_https_and_known() {
    const SCHEMES: &[SecurityScheme] = &[SecurityScheme {
        name: "oauth",
        kind: AuthScheme::OAuth2(OAuthEndpoints {
            client_credentials_url: Some("http://auth.example/token"),
            token_url: None,
            refresh_url: None,
            scopes: &[],
        }),
    }];
    let grant = || ClientCredentials::new("id", "secret");
    let build = |source: TokenSource| {
        ClientBuilder::with_defaults(Some("https://api.example"), SCHEMES)
            .token_source("oauth", source)
            .build()
    };
    let refused = build(grant().into());
    assert!(
        matches!(&refused, Err(BuildError::InvalidTokenUrl { scheme: "oauth", reason }) if reason.contains("not https")),
        "{refused:?}"
    );
    assert!(build(grant().token_url("https://auth.example/token").into()).is_ok());
    // A relative token URL is the API server's.
    assert!(build(grant().token_url("/oauth/token").into()).is_ok());
    // A fixed token needs no endpoint.
    assert!(build("token".into()).is_ok());
    const NO_URL: &[SecurityScheme] = &[SecurityScheme {
        name: "implicit",
        kind: AuthScheme::OAuth2(OAuthEndpoints {
            client_credentials_url: None,
            token_url: None,
            refresh_url: None,
            scopes: &[],
        }),
    }];
    let missing = ClientBuilder::with_defaults(Some("https://api.example"), NO_URL)
        .token_source("implicit", grant().into())
        .build();
    assert!(
        matches!(&missing, Err(BuildError::InvalidTokenUrl { reason, .. }) if reason.contains("names no token URL")),
        "{missing:?}"
    );
}

#[test]
fn bad_certificates_and_proxies_are_build_errors() {
    let builder = || ClientBuilder::with_defaults(Some("https://api.example"), &[]);
    assert!(matches!(
        builder().add_root_certificate_pem("not pem").build(),
        Err(BuildError::InvalidCertificate(_))
    ));
    assert!(matches!(
        builder().client_certificate_pem("not pem").build(),
        Err(BuildError::InvalidCertificate(_))
    ));
    assert!(matches!(
        builder().proxy("not a url").build(),
        Err(BuildError::InvalidProxy)
    ));
    assert!(builder().proxy("http://proxy.example:3128").build().is_ok());
}

#[test]
fn basic_credentials_are_base64_of_user_and_password() {
    // RFC 7617's example, and every padding length.
    assert_eq!(
        base64(b"Aladdin:open sesame"),
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
}
